import assert from "node:assert/strict";
import { PLANT_SECTIONS } from "../app/plant_sections.ts";
import { startPlant } from "../app/start_plant.ts";
import { validatePlant } from "../plant/plant_file.ts";
import { carryTimers, pendingTimers } from "./machine_timers.ts";
import { loadKinds } from "./registry.ts";

const kinds = await loadKinds();
const plant = validatePlant(
  {
    name: "timers",
    step_s: 1,
    twins: [{ id: "p", kind: "pump", params: { start_timeout_s: 60 } }],
  },
  kinds,
  PLANT_SECTIONS,
  "<timers test>",
);

Deno.test("machine timers: time left on the plant clock, carried to a fork's machine in the same state", () => {
  const a = startPlant(plant, kinds, { virtual: true, log: () => {} });
  const b = startPlant(plant, kinds, { virtual: true, log: () => {} });
  try {
    a.runtime.runFor(5_000);
    assert.deepEqual(pendingTimers(a.runtime.twins, a.runtime.clock.now()).timers, []);
    a.runtime.commands.submit("p", { type: "start" }, "test");
    assert.equal(a.runtime.twins.get("p")!.mode, "starting");
    a.runtime.runFor(2_000);
    const { timers, skipped } = pendingTimers(a.runtime.twins, a.runtime.clock.now());
    assert.deepEqual(skipped, []);
    assert.deepEqual(timers, [{
      twin: "p",
      id: "xstate.after.startTimeout.pump.starting",
      event: { type: "xstate.after.startTimeout.pump.starting" },
      remainingMs: 58_000,
    }]);
    const viaJson = JSON.parse(JSON.stringify(timers));

    // A fork whose machine is stopped cannot take it.
    assert.deepEqual(carryTimers(b.runtime.twins, viaJson), [
      'p: its machine is in "stopped" in the fork, not in the state of its timer ' +
      '"xstate.after.startTimeout.pump.starting" (58 s left); the timer is dropped',
    ]);
    b.runtime.runFor(30_000);
    b.runtime.commands.submit("p", { type: "start" }, "test");
    assert.equal(
      pendingTimers(b.runtime.twins, b.runtime.clock.now()).timers[0].remainingMs,
      60_000,
    );
    assert.deepEqual(carryTimers(b.runtime.twins, viaJson), []);
    assert.deepEqual(pendingTimers(b.runtime.twins, b.runtime.clock.now()).timers, timers);
    assert.deepEqual(
      carryTimers(b.runtime.twins, [{ ...viaJson[0], twin: "ghost" }]),
      ['ghost: not running in the fork; its machine\'s timer "xstate.after.startTimeout.pump.starting" is dropped'],
    );
  } finally {
    a.stop();
    b.stop();
  }
});

Deno.test("machine timers: a machine resumed from the running plant's gets its timers armed anew", () => {
  const a = startPlant(plant, kinds, { virtual: true, log: () => {} });
  const b = startPlant(plant, kinds, { virtual: true, log: () => {} });
  try {
    a.runtime.runFor(5_000);
    // The start is never confirmed (the simulator is told nothing), so the timeout trips it.
    a.runtime.twins.get("p")!.actor!.send({ type: "start" });
    a.runtime.runFor(20_000);
    const { timers } = pendingTimers(a.runtime.twins, a.runtime.clock.now());
    assert.equal(timers[0].remainingMs, 40_000);
    const persisted = structuredClone(a.runtime.twins.get("p")!.actor!.getPersistedSnapshot());

    b.runtime.runFor(25_000);
    assert.throws(
      () => b.runtime.resumeActor("p", { ...persisted, value: "flying" }),
      /flying/,
    );
    assert.equal(
      b.runtime.twins.get("p")!.mode,
      "stopped",
      "a state that does not fit changes nothing",
    );
    b.runtime.resumeActor("p", persisted);
    assert.equal(b.runtime.twins.get("p")!.mode, "starting");
    assert.deepEqual(pendingTimers(b.runtime.twins, b.runtime.clock.now()).timers, []);
    assert.deepEqual(carryTimers(b.runtime.twins, timers, new Set(["p"])), []);
    assert.deepEqual(pendingTimers(b.runtime.twins, b.runtime.clock.now()).timers, timers);
    for (const p of [a, b]) {
      p.runtime.runFor(39_000);
      assert.equal(p.runtime.twins.get("p")!.mode, "starting");
      p.runtime.runFor(1_000);
      assert.equal(p.runtime.twins.get("p")!.mode, "tripped");
    }
  } finally {
    a.stop();
    b.stop();
  }
});
