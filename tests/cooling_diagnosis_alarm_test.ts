/**
 * The cooling diagnosis inside a started plant on virtual time: each fault
 * injected into its own site is named on that site's `watch_diagnosis`
 * within a bounded delay and raises the diagnostic alarm declared in the
 * plant file; a healthy site beside them raises nothing.
 */
import assert from "node:assert/strict";
import { PLANT_SECTIONS } from "../app/plant_sections.ts";
import { startPlant } from "../app/start_plant.ts";
import { parsePlant } from "../plant/plant_file.ts";
import { loadKinds } from "../twins/registry.ts";

const kinds = await loadKinds();

// Fault, severity, extra params and the delay within which it must be named, s.
const FAULTS = [
  { id: "site-fan", fault: "fan_failure", severity: 0.1, within: 300 },
  { id: "site-pump", fault: "pump_failure", severity: 0.5, params: { pumps: 2 }, within: 300 },
  { id: "site-foul", fault: "exchanger_fouling", severity: 0.5, within: 1800 },
  { id: "site-drift", fault: "sensor_drift", severity: 0.5, within: 1800 },
] as const;

const PLANT = {
  name: "cooling diagnosis alarm",
  seed: 9,
  twins: [
    ...FAULTS.map((f) => ({
      id: f.id,
      kind: "cooling_site",
      params: { watch_train_s: 600, ...("params" in f ? f.params : {}) },
    })),
    { id: "site-ok", kind: "cooling_site", params: { watch_train_s: 600 } },
  ],
  alarms: {
    definitions: [{
      name: "cooling_diagnosis",
      kind: "cooling_site",
      priority: "diagnostic",
      description: "The cooling diagnosis names a fault",
      condition: {
        type: "state",
        point: "watch_diagnosis",
        in: ["fan_failure", "pump_failure", "exchanger_fouling", "sensor_drift"],
      },
    }],
  },
};

Deno.test("cooling diagnosis: each injected fault is named within its bound and alarms; the healthy site stays normal", async () => {
  const plant = startPlant(
    parsePlant(JSON.stringify(PLANT), kinds, PLANT_SECTIONS, "cooling.json"),
    kinds,
    { virtual: true },
  );
  const ids = [...FAULTS.map((f) => f.id), "site-ok"];
  // Every diagnosis each site shows, in order, with the virtual second it appeared.
  const seen = new Map<string, [number, string][]>(ids.map((id) => [id, []]));
  let t = 0;
  const run = async (s: number) => {
    for (let i = 0; i < s; i++) {
      plant.runtime.runFor(1000);
      t++;
      for (const id of ids) {
        const d = plant.runtime.twins.get(id)!.values.watch_diagnosis as string;
        const list = seen.get(id)!;
        if (list.at(-1)?.[1] !== d) list.push([t, d]);
      }
      await Promise.resolve();
    }
  };
  const alarm = (id: string) => plant.alarms.engine.get(`${id}/cooling_diagnosis`)!;
  try {
    assert.equal(alarm("site-ok").priority, "diagnostic");
    await run(900);
    for (const id of ids) {
      const v = plant.runtime.twins.get(id)!.values;
      assert.equal(v.watch_status, "watching", id);
      assert.equal(v.watch_diagnosis, "normal", id);
      assert.equal(alarm(id).state, "normal", id);
    }
    const onset = t;
    for (const f of FAULTS) {
      const r = plant.runtime.commands.submit(
        f.id,
        { type: "inject_fault", args: { fault: f.fault, severity: f.severity } },
        "test",
      );
      assert.notEqual(r.status, "failed", r.reason ?? "");
    }
    await run(Math.max(...FAULTS.map((f) => f.within)));
    for (const f of FAULTS) {
      const raised = seen.get(f.id)!.filter(([at, d]) => at > onset && d !== "normal");
      assert.equal(raised[0]?.[1], f.fault, `${f.id}: ${JSON.stringify(seen.get(f.id))}`);
      assert.ok(raised[0][0] - onset <= f.within, `${f.id} named after ${raised[0][0] - onset} s`);
      assert.equal(alarm(f.id).state, "unacknowledged", f.id);
      // As the API and SSE serve it: declared points with value, unit and quality.
      const points = plant.runtime.twins.get(f.id)!.view().points;
      assert.equal(points.watch_diagnosis.value, f.fault);
      assert.equal(points.watch_confidence.unit, "%");
      assert.equal(points.watch_confidence.quality, "good");
      assert.ok((points.watch_confidence.value as number) >= 50, `${f.id} confidence`);
    }
    assert.deepEqual(seen.get("site-ok")!.map(([, d]) => d), ["unknown", "normal"]);
    assert.equal(alarm("site-ok").state, "normal");
    const fan = plant.runtime.twins.get("site-fan")!.values.watch_fan_power_pct as number;
    assert.ok(Math.abs(fan - 90) < 2, `one fan of ten lost: fan power ${fan} %`);
    assert.match(plant.prometheus(), /fieldtwin_cooling_sites_diagnosed_faulty 4\n/);
  } finally {
    plant.stop();
  }
});
