/**
 * The fluid-load check names no healthy demo well a tubing leak or a
 * flowing well: every demo well runs without faults, and those pumping
 * a full barrel read REGULAR_WORK.
 */
import assert from "node:assert/strict";
import { loadPlantFile } from "../plant/plant_file.ts";
import { PLANT_SECTIONS } from "../app/plant_sections.ts";
import { startPlant } from "../app/start_plant.ts";
import { loadKinds } from "../twins/registry.ts";

const kinds = await loadKinds();
const demo = new URL("../plants/demo.json", import.meta.url).pathname;

Deno.test("no healthy demo well is diagnosed a tubing leak or a flowing well", async () => {
  const plant = await loadPlantFile(demo, kinds, PLANT_SECTIONS);
  const { runtime: rt, stop } = startPlant(plant, kinds, { virtual: true });
  try {
    rt.runFor(600_000);
    const wells = [...rt.twins.values()].filter((t) => t.def.kind === "well");
    assert.equal(wells.length, 20);
    let full = 0;
    for (const w of wells) {
      const v = w.values;
      assert.equal(v.fault, "none", w.id);
      assert.ok(
        v.diagnosis !== "OIL_ROD_LEAKAGE" && v.diagnosis !== "WORK_WITH_FLOAT",
        `${w.id}: ${v.diagnosis}`,
      );
      if ((v.fillage as number) > 99) {
        full++;
        assert.equal(v.diagnosis, "REGULAR_WORK", w.id);
      }
    }
    // The demo's 15 wells with enough inflow pump a full barrel (its 5 weak-inflow wells are pumped off).
    assert.equal(full, 15);
  } finally {
    stop();
  }
});
