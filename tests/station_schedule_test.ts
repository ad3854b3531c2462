/**
 * A schedule from the optimizer applied to a running station through the
 * command path (plants/station_epanet.json on virtual time): validated by
 * the kind's zod schema and by the simulator, switched to manual mode, and
 * executed on each hour by the station's own control.
 */
import assert from "node:assert/strict";
import { PLANT_SECTIONS } from "../app/plant_sections.ts";
import { type StartedPlant, startPlant } from "../app/start_plant.ts";
import { parsePlant } from "../plant/plant_file.ts";
import { loadKinds } from "../twins/registry.ts";

const kinds = await loadKinds();
const plantFile = new URL("../plants/station_epanet.json", import.meta.url);

async function station(): Promise<StartedPlant> {
  const text = await Deno.readTextFile(plantFile);
  return startPlant(parsePlant(text, kinds, PLANT_SECTIONS, "station_epanet.json"), kinds, {
    virtual: true,
  });
}

/** Submit a command and wait for it to settle. */
async function command(plant: StartedPlant, type: string, args: unknown) {
  const r = plant.runtime.commands.submit("ps1", { type, args }, "test");
  return (await plant.runtime.commands.settled(r.id, 1000)) ?? r;
}

const pumpModes = (plant: StartedPlant) =>
  ["ps1-p1", "ps1-p2"].map((id) => plant.runtime.twins.get(id)!.mode);

Deno.test("apply_schedule runs the pumps hour by hour in manual mode", async () => {
  const plant = await station();
  try {
    plant.runtime.runFor(60_000);
    // p1 in even hours, p2 in hours 1 and 2 only.
    const schedule = Array.from(
      { length: 24 },
      (_, h) => [h % 2 === 0 ? 1 : 0, h === 1 || h === 2 ? 1 : 0],
    );
    const r = await command(plant, "apply_schedule", { schedule });
    assert.equal(r.status, "executed", r.reason ?? "");
    plant.runtime.runFor(60_000);
    assert.equal(plant.runtime.twins.get("ps1")!.mode, "manual");
    assert.deepEqual(pumpModes(plant), ["running", "stopped"]);
    plant.runtime.runFor(3_600_000); // into hour 1 (the run started at hour 0)
    assert.deepEqual(pumpModes(plant), ["stopped", "running"]);
    plant.runtime.runFor(3_600_000); // hour 2
    assert.deepEqual(pumpModes(plant), ["running", "running"]);
    plant.runtime.runFor(3_600_000); // hour 3
    assert.deepEqual(pumpModes(plant), ["stopped", "stopped"]);
    // Clearing the schedule leaves the pumps as they are, in manual mode.
    assert.equal((await command(plant, "clear_schedule", {})).status, "executed");
    plant.runtime.runFor(3_600_000); // hour 4: the schedule would have started p1
    assert.deepEqual(pumpModes(plant), ["stopped", "stopped"]);
    assert.equal(plant.runtime.twins.get("ps1")!.mode, "manual");
  } finally {
    await plant.stop();
  }
});

Deno.test("apply_schedule refuses malformed schedules with the place named", async () => {
  const plant = await station();
  try {
    // The kind's zod schema refuses a wrong shape before the command is recorded.
    await assert.rejects(
      () => command(plant, "apply_schedule", { schedule: [[1, 0]] }),
      /args\.schedule: Too small: expected array to have exactly 24 items/,
    );
    const rows = Array.from({ length: 24 }, () => [1, 0]);
    rows[5] = [1];
    const narrow = await command(plant, "apply_schedule", { schedule: rows });
    assert.equal(narrow.status, "failed");
    assert.match(narrow.reason!, /schedule\[5\] must give a speed for each of the 2 pumps/);
    rows[5] = [0.7, 0];
    const fixed = await command(plant, "apply_schedule", { schedule: rows });
    assert.equal(fixed.status, "failed");
    assert.match(fixed.reason!, /schedule\[5\]\[0\]: pump ps1-p1 has no variable-frequency drive/);
    assert.equal(
      plant.runtime.twins.get("ps1")!.mode,
      "auto",
      "a refused schedule changes nothing",
    );
  } finally {
    await plant.stop();
  }
});
