/**
 * The pump anomaly detector inside a started plant: its points on the pump
 * twin feed a diagnostic-priority alarm declared in the plant file, on
 * virtual time.
 */
import assert from "node:assert/strict";
import { PLANT_SECTIONS } from "../app/plant_sections.ts";
import { startPlant } from "../app/start_plant.ts";
import { parsePlant } from "../plant/plant_file.ts";
import { loadKinds } from "../twins/registry.ts";

const kinds = await loadKinds();

const PLANT = {
  name: "pump anomaly alarm",
  seed: 3,
  twins: [{
    id: "p1",
    kind: "pump",
    params: { initial_status: "running", anomaly_train_samples: 200 },
  }],
  alarms: {
    definitions: [{
      name: "anomaly",
      kind: "pump",
      priority: "diagnostic",
      description: "Pump departs from its curves or vibrates more than in its training window",
      condition: { type: "state", point: "anomaly", in: [true] },
      on_delay_s: 5,
    }],
  },
};

Deno.test("pump anomaly: a diagnostic alarm follows the detector, not the training or normal running", async () => {
  const plant = startPlant(
    parsePlant(JSON.stringify(PLANT), kinds, PLANT_SECTIONS, "anomaly.json"),
    kinds,
    { virtual: true },
  );
  const run = async (s: number) => {
    for (let i = 0; i < s; i++) {
      plant.runtime.runFor(1000);
      await Promise.resolve();
    }
  };
  try {
    const alarm = () => plant.alarms.engine.get("p1/anomaly")!;
    assert.equal(alarm().priority, "diagnostic");
    await run(500);
    assert.equal(plant.runtime.twins.get("p1")!.values.anomaly_status, "watching");
    assert.equal(alarm().state, "normal");
    const r = plant.runtime.commands.submit(
      "p1",
      { type: "inject_fault", args: { fault: "bearing_wear", severity: 0.5 } },
      "test",
    );
    assert.notEqual(r.status, "failed", r.reason ?? "");
    await run(40);
    assert.equal(alarm().state, "unacknowledged");
    assert.match(plant.prometheus(), /fieldtwin_anomaly_pumps_in_alarm 1\n/);
  } finally {
    plant.stop();
  }
});
