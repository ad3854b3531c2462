import assert from "node:assert/strict";
import { PLANT_SECTIONS } from "../app/plant_sections.ts";
import { startPlant } from "../app/start_plant.ts";
import { validatePlant } from "../plant/plant_file.ts";
import { loadKinds } from "../twins/registry.ts";
import { takeSnapshot } from "./plant_snapshot.ts";
import { parseSnapshotJson, SnapshotFileError, snapshotToJson } from "./snapshot_file.ts";

const kinds = await loadKinds();
const json = {
  name: "snapshot-file",
  step_s: 5,
  twins: [
    { id: "site", kind: "cooling_site" },
    { id: "ps", kind: "pump_station" },
    { id: "pump", kind: "pump", params: { initial_status: "running" } },
    { id: "well", kind: "well" },
    { id: "rtu", kind: "rtu", params: { assets: ["site", "ps", "well"] } },
  ],
};
const plant = validatePlant(json, kinds, PLANT_SECTIONS, "<snapshot file test>");

function snapshot() {
  const running = startPlant(plant, kinds, { virtual: true, log: () => {} });
  try {
    running.runtime.runFor(2400_000);
    return takeSnapshot(running);
  } finally {
    running.stop();
  }
}

Deno.test("snapshot file: every value comes back exactly, NaN, -0 and typed arrays included", () => {
  const s = snapshot();
  // Values JSON cannot say, wherever a state may hold them.
  s.simulators.pump.extra = {
    nan: NaN,
    inf: -Infinity,
    negZero: -0,
    f64: new Float64Array([1.5, NaN]),
    u16: new Uint16Array([7]),
    gone: undefined,
    list: [1, undefined],
  };
  const text = snapshotToJson(s);
  const back = parseSnapshotJson(text, plant);
  assert.deepStrictEqual(back, structuredClone(s));
  assert.ok(Object.is((back.simulators.pump.extra as { negZero: number }).negZero, -0));
  assert.ok(Object.keys(back.learners).length === 3, "learners travel");
});

Deno.test("snapshot file: a file that does not fit the plant is refused naming the twin or path", () => {
  const s = JSON.parse(snapshotToJson(snapshot()));
  const refused = (doc: unknown, message: RegExp) =>
    assert.throws(
      () => parseSnapshotJson(typeof doc === "string" ? doc : JSON.stringify(doc), plant),
      (e) => e instanceof SnapshotFileError && message.test(e.message),
    );
  refused("{ nope", /^not JSON: /);
  refused(
    { ...s, version: 7 },
    /^version: this fieldtwin reads plant snapshots of version 1, got 7/,
  );
  refused({ ...s, version: undefined }, /^version: .* got none/);
  refused(
    { ...s, twins: { ...s.twins, ghost: { ...s.twins.pump } } },
    /^twins\["ghost"\]: unknown twin "ghost": the plant file "snapshot-file" has none/,
  );
  refused(
    { ...s, twins: { ...s.twins, pump: { ...s.twins.pump, kind: "well" } } },
    /^twins\["pump"\]\.kind: "pump" is a well in the snapshot, a pump in the plant file/,
  );
  refused(
    { ...s, twins: { ...s.twins, "ps-p1": { ...s.twins["ps-p1"], parent: "ps9" } } },
    /^twins\["ps-p1"\]\.parent: unknown twin "ps9"/,
  );
  refused({ ...s, atMs: "soon" }, /^atMs: expected a number/);
  refused(
    { ...s, timers: [{ twin: "x", id: "t", event: { type: "e" }, remainingMs: 1 }] },
    /^timers\[0\]\.twin: no twin "x"/,
  );
  refused(
    { ...s, twins: { ...s.twins, pump: { ...s.twins.pump, ts: { $number: "soon" } } } },
    /^twins\["pump"\]\.ts: bad number "soon"/,
  );
});
