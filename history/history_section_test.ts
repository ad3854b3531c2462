import assert from "node:assert/strict";
import { PLANT_SECTIONS } from "../app/plant_sections.ts";
import { parsePlant, PlantError } from "../plant/plant_file.ts";
import { loadKinds } from "../twins/registry.ts";
import type { HistoryConfig } from "./recording_policy.ts";

const kinds = await loadKinds();

function text(history: unknown): string {
  return JSON.stringify(
    {
      name: "p",
      twins: [{ id: "site-1", kind: "cooling_site" }, { id: "well-1", kind: "well" }],
      calculated: [{
        kind: "cooling_site",
        point: "dt",
        expr: "return_temp - supply_temp",
        unit: "K",
      }],
      history,
    },
    null,
    2,
  );
}

function problems(history: unknown) {
  try {
    parsePlant(text(history), kinds, PLANT_SECTIONS, "plant.json");
  } catch (e) {
    assert.ok(e instanceof PlantError, String(e));
    return e.problems.map((p) => `${p.path}: ${p.message}`);
  }
  assert.fail("expected the plant to be rejected");
}

Deno.test("a history section loads with defaults filled in", () => {
  const plant = parsePlant(
    text({
      retention_days: 30,
      defaults: { deadband_pct: 1 },
      kinds: { well: { max_interval_s: 60 } },
      points: [
        { twin: "site-1", point: ["supply_temp", "dt"], deadband: 0.05 },
        { kind: "well", point: "rod_position", max_interval_s: 0 },
      ],
    }),
    kinds,
    PLANT_SECTIONS,
    "plant.json",
  );
  const h = plant.sections.history as HistoryConfig;
  assert.equal(h.retention_days, 30);
  assert.deepEqual(h.defaults, { deadband_pct: 1 });
  assert.equal(h.points.length, 2);
  const empty = parsePlant(text({}), kinds, PLANT_SECTIONS, "plant.json");
  assert.deepEqual(empty.sections.history, { defaults: {}, kinds: {}, points: [] });
});

Deno.test("problems name the JSON path: unknown kinds, twins and points, bad numbers", () => {
  assert.deepEqual(
    problems({
      defaults: { deadband: -1, typo: 1 },
      kinds: { wel: {} },
      points: [
        { twin: "site-9", point: "supply_temp" },
        { kind: "well", point: ["fillage", "nope"] },
        { twin: "site-1", kind: "well", point: "x" },
        { twin: "site-1", point: "supply_temp", min_interval_s: 60, max_interval_s: 10 },
      ],
    }).sort(),
    [
      'history.defaults: Unrecognized key: "typo"',
      "history.defaults.deadband: a deadband is not negative",
      'history.points[2]: name either "twin" or "kind"',
      "history.points[3].min_interval_s: min_interval_s is above max_interval_s: the heartbeat could never be stored",
    ].sort(),
  );
  const second = problems({
    kinds: { wel: {} },
    points: [
      { twin: "site-9", point: "supply_temp" },
      { kind: "well", point: ["fillage", "nope"] },
      { twin: "site-1", point: "dt" },
    ],
  });
  assert.equal(second.length, 3);
  assert.match(second[0], /^history\.kinds\.wel: unknown kind "wel"; known kinds: .*well/);
  assert.equal(second[1], 'history.points[0].twin: unknown twin "site-9"');
  assert.match(
    second[2],
    /^history\.points\[1\]\.point\[1\]: kind "well" has no point "nope"; its points: /,
  );
});
