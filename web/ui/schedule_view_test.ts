import assert from "node:assert/strict";
import { costText, planRows, speedText } from "./schedule_view.ts";

Deno.test("schedule view: speeds read as off or a whole percentage", () => {
  assert.equal(speedText(0), "off");
  assert.equal(speedText(1), "100%");
  assert.equal(speedText(0.856), "86%");
  assert.equal(speedText(undefined), "–");
});

Deno.test("schedule view: the proposal beside the applied schedule, hour by hour", () => {
  const proposed = [[1, 0], [0, 0.8], [0, 0]];
  const applied = { hour: 1, rows: [[1, 0], [1, 0], [0, 0]] };
  const rows = planRows(proposed, applied);
  assert.deepEqual(rows.map((r) => r.proposed), [["100%", "off"], ["off", "80%"], ["off", "off"]]);
  assert.deepEqual(rows[1].applied, ["100%", "off"]);
  assert.deepEqual(rows.map((r) => r.now), [false, true, false]);
  assert.deepEqual(rows.map((r) => r.differs), [false, true, false]);
});

Deno.test("schedule view: with nothing applied the current side is empty", () => {
  const rows = planRows([[1, 0]], null);
  assert.deepEqual(rows[0].applied, []);
  assert.equal(rows[0].now, false);
  assert.equal(rows[0].differs, false);
});

Deno.test("schedule view: cost against the lead/lag rule with the saving", () => {
  const r = {
    pumps: ["p1"],
    schedule: [[1]],
    cost: 41.2,
    energy_kwh: 300,
    starts: 3,
    feasible: true,
    broken: [],
    baseline: { cost: 52.9 },
    saving_pct: 22.117,
  };
  assert.equal(costText(r), "cost 41.20 (lead/lag 52.90), saving 22.1%");
});
