/**
 * Card diagnosis inside a started plant: a well twin's `diagnosis` point
 * follows its cards, a diagnostic-priority alarm declared in the plant file
 * (as in plants/demo.json) raises when the class is not regular work, and
 * the twin's detail carries the diagnosis and the Gibbs downhole card.
 */
import assert from "node:assert/strict";
import { PLANT_SECTIONS } from "../app/plant_sections.ts";
import { startPlant } from "../app/start_plant.ts";
import { parsePlant } from "../plant/plant_file.ts";
import { loadKinds } from "../twins/registry.ts";

const kinds = await loadKinds();

const PLANT = {
  name: "card diagnosis alarm",
  seed: 5,
  twins: [{ id: "w1", kind: "well", params: { initial_fluid_level_m: 800 } }],
  alarms: {
    definitions: [{
      name: "card_diagnosis",
      kind: "well",
      priority: "diagnostic",
      condition: {
        type: "expression",
        expr: 'diagnosis != "REGULAR_WORK" and diagnosis != "NOT_PUMPING"',
      },
      on_delay_s: 60,
      suppress_when: { modes: ["shut_in", "maintenance"] },
    }],
  },
};

Deno.test("card diagnosis: the point, the detail and a diagnostic alarm follow an injected fault", async () => {
  const plant = startPlant(
    parsePlant(JSON.stringify(PLANT), kinds, PLANT_SECTIONS, "cards.json"),
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
    const alarm = () => plant.alarms.engine.get("w1/card_diagnosis")!;
    const values = () => plant.runtime.twins.get("w1")!.values;
    assert.equal(alarm().priority, "diagnostic");
    await run(120);
    assert.equal(values().diagnosis, "REGULAR_WORK");
    assert.equal(alarm().state, "normal");
    const r = plant.runtime.commands.submit(
      "w1",
      { type: "inject_fault", args: { fault: "pump_hitting_up", severity: 0.8 } },
      "test",
    );
    assert.notEqual(r.status, "failed", r.reason ?? "");
    await run(30);
    assert.equal(values().diagnosis, "PUMP_UP_BANG");
    assert.ok((values().diagnosis_confidence as number) > 50);
    assert.equal(alarm().state, "normal", "the on-delay has not run out yet");
    await run(40);
    assert.equal(alarm().state, "unacknowledged");
    const detail = plant.runtime.inspect("w1")!;
    assert.equal((detail.diagnosis as { class: string }).class, "PUMP_UP_BANG");
    const gibbs = detail.gibbsDownholeCard as { position: number[]; load: number[] };
    assert.equal(gibbs.position.length, 200);
    // The Gibbs card's top-of-stroke spike: the barrel top pulls well beyond the fluid load.
    assert.ok(Math.max(...gibbs.load) > 1.2 * (detail.fluidLoadKn as number));
    plant.runtime.commands.submit("w1", { type: "clear_fault", args: {} }, "test");
    await run(30);
    assert.equal(values().diagnosis, "REGULAR_WORK");
  } finally {
    plant.stop();
  }
});
