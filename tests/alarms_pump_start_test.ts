/**
 * Pump starts on the demo plant (plants/demo.json) on virtual time: a start
 * must not annunciate the low flow of the moment before the pump ran (the
 * flow and the mode change on the same sample), while a pump that really
 * delivers nothing once running still raises its low-flow alarm, after its
 * on-delay.
 */
import assert from "node:assert/strict";
import { PLANT_SECTIONS } from "../app/plant_sections.ts";
import { type StartedPlant, startPlant } from "../app/start_plant.ts";
import type { AlarmEventPayload } from "../actors/alarms/alarm_engine.ts";
import { parsePlant } from "../plant/plant_file.ts";
import { loadKinds } from "../twins/registry.ts";

const kinds = await loadKinds();
const demoFile = new URL("../plants/demo.json", import.meta.url);

async function demo(): Promise<{ plant: StartedPlant; events: AlarmEventPayload[] }> {
  const text = await Deno.readTextFile(demoFile);
  const plant = startPlant(parsePlant(text, kinds, PLANT_SECTIONS, "demo.json"), kinds, {
    virtual: true,
  });
  const events: AlarmEventPayload[] = [];
  plant.alarms.engine.onEvent((e) => {
    if (e.alarm.twin.startsWith("station")) events.push(e);
  });
  return { plant, events };
}

/** Submit a command and require it to be accepted. */
function command(plant: StartedPlant, twin: string, type: string, args = {}): void {
  const record = plant.runtime.commands.submit(twin, { type, args }, "test");
  assert.notEqual(record.status, "failed", `${twin} ${type}: ${record.reason}`);
}

/** Run `s` seconds of virtual time a second at a time, letting microtasks (command results) run. */
async function run(plant: StartedPlant, s: number): Promise<void> {
  for (let i = 0; i < s; i++) {
    plant.runtime.runFor(1000);
    await Promise.resolve();
  }
}

const PUMPS = ["station-p1", "station-p2", "station-p3", "station-p4"];

Deno.test("demo station: starting every pump one after another raises no alarm", async () => {
  const { plant, events } = await demo();
  try {
    await run(plant, 60);
    command(plant, "station", "set_mode", { mode: "manual" });
    command(plant, "station-p1", "stop");
    // p4 is a VFD pump set to 90 %: started last, against three running
    // pumps, the header is above its shutoff head (48.6 m), it delivers
    // nothing and its low-flow alarm is true (see the next test). At full
    // speed it is a pump like the others.
    command(plant, "station-p4", "set_speed", { pct: 100 });
    await run(plant, 60);
    for (const id of PUMPS) {
      assert.equal(plant.runtime.twins.get(id)!.mode, "stopped");
      assert.equal(plant.alarms.engine.get(`${id}/low_flow_l`)!.state, "suppressed");
    }
    events.length = 0;
    for (const id of PUMPS) {
      command(plant, id, "start");
      await run(plant, 90);
      const pump = plant.runtime.twins.get(id)!;
      assert.equal(pump.mode, "running", id);
      assert.ok((pump.values.flow as number) > 50, `${id} delivers ${pump.values.flow} m3/h`);
      assert.equal(plant.alarms.engine.get(`${id}/low_flow_l`)!.state, "normal", id);
    }
    const annunciated = events.filter((e) => e.entry.state === "unacknowledged");
    assert.deepEqual(
      annunciated.map((e) => `${e.entry.alarm}: ${e.entry.message}`),
      [],
      "no pump start annunciates an alarm",
    );
    // The starts were seen: each pump's alarms left suppression.
    for (const id of PUMPS) {
      assert.ok(
        events.some((e) =>
          e.entry.alarm === `${id}/low_flow_l` && e.entry.previous === "suppressed"
        ),
        `${id}/low_flow_l left suppression`,
      );
    }
  } finally {
    plant.stop();
  }
});

Deno.test("demo station: a started pump that delivers nothing raises low flow after its on-delay", async () => {
  const { plant, events } = await demo();
  try {
    await run(plant, 30);
    command(plant, "station", "set_mode", { mode: "manual" });
    // At 30 % speed p4's shutoff head (5.4 m) is far below the header: it
    // runs and delivers nothing.
    command(plant, "station-p4", "set_speed", { pct: 30 });
    command(plant, "station-p4", "start");
    let runningAt = 0;
    for (let i = 0; i < 60 && runningAt === 0; i++) {
      await run(plant, 1);
      if (plant.runtime.twins.get("station-p4")!.mode === "running") {
        runningAt = plant.runtime.clock.now();
      }
    }
    assert.ok(runningAt > 0, "p4 reached running");
    assert.equal(plant.runtime.twins.get("station-p4")!.values.flow, 0);
    await run(plant, 60);
    const raised = events.filter((e) =>
      e.entry.alarm === "station-p4/low_flow_l" && e.entry.state === "unacknowledged"
    );
    assert.equal(raised.length, 1);
    // The on-delay (30 s) counts from the start, not from before it.
    assert.equal(raised[0].entry.time - runningAt, 30_000);
    assert.match(raised[0].entry.message, /station-p4 flow 0 m3\/h below L limit 20 m3\/h/);
  } finally {
    plant.stop();
  }
});
