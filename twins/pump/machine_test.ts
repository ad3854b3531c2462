import assert from "node:assert/strict";
import { createActor } from "xstate";
import { VirtualClock } from "../../runtime/clock.ts";
import { pumpMachine } from "./machine.ts";
import { pumpParams } from "./params.ts";

function pump(params: Record<string, unknown> = {}) {
  const clock = new VirtualClock(0);
  const actor = createActor(pumpMachine, {
    input: { id: "pump1", params: pumpParams.parse(params) },
    clock,
  });
  actor.start();
  return { actor, clock, state: () => actor.getSnapshot().value };
}

Deno.test("a start not confirmed within start_timeout_s trips the pump", () => {
  const { actor, clock, state } = pump({ start_timeout_s: 20 });
  actor.send({ type: "start" });
  assert.equal(state(), "starting");
  clock.advanceBy(19_999);
  assert.equal(state(), "starting");
  clock.advanceBy(1);
  assert.equal(state(), "tripped");
  assert.equal(actor.getSnapshot().can({ type: "start" }), false);
  actor.send({ type: "reset" });
  assert.equal(state(), "stopped");
});

Deno.test("a confirmed start cancels the timeout; stop goes through stopping", () => {
  const { actor, clock, state } = pump();
  actor.send({ type: "start" });
  clock.advanceBy(4_000);
  actor.send({ type: "observed", state: "running" });
  assert.equal(state(), "running");
  clock.advanceBy(60_000);
  assert.equal(state(), "running");
  actor.send({ type: "stop" });
  assert.equal(state(), "stopping");
  actor.send({ type: "observed", state: "stopped" });
  assert.equal(state(), "stopped");
  assert.equal(actor.getSnapshot().can({ type: "stop" }), false);
});

Deno.test("the twin follows a start and stop the station made on its own", () => {
  const { actor, state } = pump();
  actor.send({ type: "observed", state: "starting" });
  assert.equal(state(), "starting");
  actor.send({ type: "observed", state: "running" });
  assert.equal(state(), "running");
  actor.send({ type: "observed", state: "stopped" });
  assert.equal(state(), "stopped");
  // Big steps can skip the ramps.
  actor.send({ type: "observed", state: "running" });
  assert.equal(state(), "running");
  actor.send({ type: "observed", state: "tripped" });
  assert.equal(state(), "tripped");
  actor.send({ type: "observed", state: "running" });
  assert.equal(state(), "tripped", "a trip needs a reset");
});

Deno.test("maintenance only from stopped or tripped, and it ignores the equipment", () => {
  const { actor, state } = pump();
  actor.send({ type: "observed", state: "running" });
  assert.equal(actor.getSnapshot().can({ type: "enter_maintenance" }), false);
  actor.send({ type: "observed", state: "tripped" });
  actor.send({ type: "enter_maintenance" });
  assert.equal(state(), "maintenance");
  actor.send({ type: "observed", state: "running" });
  assert.equal(state(), "maintenance");
  assert.equal(actor.getSnapshot().can({ type: "start" }), false);
  actor.send({ type: "exit_maintenance" });
  assert.equal(state(), "stopped");
});

Deno.test("set_speed is for VFD pumps only and remembers the setpoint", () => {
  const fixed = pump();
  assert.equal(fixed.actor.getSnapshot().can({ type: "set_speed", pct: 80 }), false);
  const vfd = pump({ vfd: true, speed_pct: 90 });
  assert.equal(vfd.actor.getSnapshot().context.speedPct, 90);
  assert.equal(vfd.actor.getSnapshot().can({ type: "set_speed", pct: 80 }), true);
  vfd.actor.send({ type: "set_speed", pct: 80 });
  assert.equal(vfd.actor.getSnapshot().context.speedPct, 80);
  assert.equal(vfd.state(), "stopped");
});

Deno.test("a pump the plant file starts running starts in running", () => {
  const { state } = pump({ initial_status: "running" });
  assert.equal(state(), "running");
});
