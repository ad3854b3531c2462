import assert from "node:assert/strict";
import type { AlarmView, KeyPoint, TwinView } from "./api_types.ts";
import { abnormalFirst, alarmsByTwin, NORMAL_RANK, twinConcern } from "./twin_concern.ts";

function twin(id: string, mode: string, points: TwinView["points"] = {}): TwinView {
  return { id, name: id, kind: "well", mode, running: true, source: "sim", points, version: 1 };
}
const pt = (value: number | string, quality: "good" | "uncertain" | "bad" = "good") => ({
  value,
  unit: "",
  quality,
  ts: 0,
});
function alarm(twin: string, priority: AlarmView["priority"], state: AlarmView["state"]) {
  return { id: `${twin}/a`, twin, priority, state, point: "fillage" } as AlarmView;
}
const keys: KeyPoint[] = [{ name: "fillage", spec: { unit: "%", description: "" } }];

Deno.test("concern: alarms lead (critical unacknowledged first), then modes, diagnosis, quality", () => {
  const normal = twinConcern(twin("a", "producing", { diagnosis: pt("REGULAR_WORK") }), [], keys);
  assert.equal(normal.rank, NORMAL_RANK);
  assert.equal(normal.tone, "none");
  const crit = twinConcern(twin("b", "producing"), [alarm("b", "critical", "unacknowledged")]);
  const critAcked = twinConcern(twin("b", "producing"), [alarm("b", "critical", "acknowledged")]);
  const high = twinConcern(twin("c", "producing"), [alarm("c", "high", "unacknowledged")]);
  assert.ok(crit.rank < critAcked.rank && critAcked.rank < high.rank);
  assert.deepEqual([...crit.alarmPoints], ["fillage"]);
  assert.equal(crit.tone, "alarm");
  const fault = twinConcern(twin("d", "fault"), []);
  const stale = twinConcern(twin("e", "stale"), []);
  const diag = twinConcern(twin("f", "producing", { diagnosis: pt("GAS_EFFECTIVE") }), []);
  const poor = twinConcern(twin("g", "producing", { fillage: pt(50, "uncertain") }), [], keys);
  assert.ok(high.rank < fault.rank && fault.rank < stale.rank && stale.rank < diag.rank);
  assert.ok(diag.rank < poor.rank && poor.rank < NORMAL_RANK);
  assert.deepEqual(fault.reasons, ["fault"]);
  assert.deepEqual(diag.reasons, ["gas interference"]);
  assert.deepEqual(poor.reasons, ["stale values"]);
  assert.equal(stale.tone, "warn");
});

Deno.test("concern: abnormal first keeps the plant order among equals", () => {
  const items = ["n1", "bad", "n2", "alarm", "n3"].map((id) => ({
    id,
    concern: twinConcern(
      twin(id, id === "bad" ? "offline" : "online"),
      id === "alarm" ? [alarm(id, "high", "unacknowledged")] : [],
    ),
  }));
  assert.deepEqual(abnormalFirst(items).map((i) => i.id), ["alarm", "bad", "n1", "n2", "n3"]);
  const by = alarmsByTwin([alarm("x", "high", "acknowledged"), alarm("x", "low", "acknowledged")]);
  assert.equal(by.get("x")!.length, 2);
});
