import assert from "node:assert/strict";
import { createActor } from "xstate";
import { VirtualClock } from "../../runtime/clock.ts";
import { coolingSiteMachine } from "./machine.ts";
import { coolingSiteParams } from "./params.ts";

// overheat_after_s 300 and start_timeout_s 60 by default.
const params = coolingSiteParams.parse({});

function site() {
  const clock = new VirtualClock(0);
  const actor = createActor(coolingSiteMachine, { input: { id: "site-1", params }, clock }).start();
  const saw = (state: string) => actor.send({ type: "observed", state });
  const snap = () => actor.getSnapshot();
  return { clock, actor, saw, snap };
}

Deno.test("starts running and follows samples between running, degraded and stopped", () => {
  const { saw, snap } = site();
  assert.deepEqual(snap().value, { running: "normal" });
  saw("degraded");
  assert.ok(snap().matches({ degraded: "warning" }));
  saw("running");
  assert.ok(snap().matches("running"));
  saw("stopped"); // lost power without a stop command
  assert.ok(snap().matches("stopped"));
  saw("running"); // and came back by itself
  assert.ok(snap().matches("running"));
  saw("degraded");
  saw("stopped");
  assert.ok(snap().matches("stopped"));
  saw("degraded");
  assert.ok(snap().matches("degraded"));
  assert.equal(snap().context.observed, "degraded");
});

Deno.test("hot for overheat_after_s -> overheated; cooling down before then cancels it", () => {
  const { clock, saw, snap } = site();
  saw("hot");
  assert.ok(snap().matches({ degraded: "hot" }));
  clock.advanceBy(299_000);
  assert.ok(snap().matches("degraded"));
  saw("degraded");
  clock.advanceBy(10_000);
  assert.ok(snap().matches({ degraded: "warning" }), "timer cancelled");
  saw("hot");
  clock.advanceBy(299_999);
  assert.ok(snap().matches("degraded"));
  clock.advanceBy(1);
  assert.ok(snap().matches("overheated"));
});

Deno.test("from stopped, a hot sample also starts the overheat timer", () => {
  const { clock, actor, saw, snap } = site();
  actor.send({ type: "stop" });
  saw("stopped");
  saw("hot");
  assert.ok(snap().matches({ degraded: "hot" }));
  clock.advanceBy(300_000);
  assert.ok(snap().matches("overheated"));
});

Deno.test("overheated is latched: reset only once the samples are no longer hot", () => {
  const { clock, actor, saw, snap } = site();
  saw("hot");
  clock.advanceBy(300_000);
  assert.ok(snap().matches("overheated"));
  assert.equal(snap().can({ type: "reset" }), false, "still hot");
  saw("degraded");
  assert.ok(snap().matches("overheated"), "samples alone do not clear it");
  assert.equal(snap().can({ type: "reset" }), true);
  actor.send({ type: "reset" });
  assert.ok(snap().matches({ degraded: "warning" }));

  saw("hot");
  clock.advanceBy(300_000);
  saw("running");
  actor.send({ type: "reset" });
  assert.ok(snap().matches({ running: "normal" }));
});

Deno.test("reset is refused outside overheated", () => {
  const { actor, saw, snap } = site();
  assert.equal(snap().can({ type: "reset" }), false);
  saw("degraded");
  assert.equal(snap().can({ type: "reset" }), false);
  actor.send({ type: "stop" });
  assert.equal(snap().can({ type: "reset" }), false);
});

Deno.test("stop from running, degraded and overheated; refused when already stopped", () => {
  for (const reach of ["running", "degraded", "overheated"] as const) {
    const { clock, actor, saw, snap } = site();
    if (reach !== "running") saw(reach === "degraded" ? "degraded" : "hot");
    clock.advanceBy(300_000);
    assert.ok(snap().matches(reach), reach);
    assert.equal(snap().can({ type: "start" }), false, `start refused in ${reach}`);
    actor.send({ type: "stop" });
    assert.ok(snap().matches("stopped"));
    assert.equal(snap().can({ type: "stop" }), false);
  }
});

Deno.test("start waits for a running sample; none within start_timeout_s falls back to stopped", () => {
  const { clock, actor, saw, snap } = site();
  actor.send({ type: "stop" });
  saw("stopped");
  actor.send({ type: "start" });
  assert.ok(snap().matches({ running: "starting" }));
  saw("stopped"); // a stale sample does not count as failure on its own
  clock.advanceBy(59_999);
  assert.ok(snap().matches({ running: "starting" }));
  clock.advanceBy(1);
  assert.ok(snap().matches("stopped"), "start not confirmed");

  actor.send({ type: "start" });
  clock.advanceBy(1_000);
  saw("running");
  assert.ok(snap().matches({ running: "normal" }));
  clock.advanceBy(120_000);
  assert.ok(snap().matches({ running: "normal" }), "confirmed start is not undone");

  actor.send({ type: "stop" });
  actor.send({ type: "start" });
  saw("degraded"); // started with a fault present
  clock.advanceBy(120_000);
  assert.ok(snap().matches("degraded"));
});

Deno.test("maintenance: only from stopped, ignores samples and start, exits to stopped", () => {
  const { actor, saw, snap } = site();
  assert.equal(snap().can({ type: "enter_maintenance" }), false, "not while running");
  actor.send({ type: "stop" });
  actor.send({ type: "enter_maintenance" });
  assert.ok(snap().matches("maintenance"));
  saw("running");
  saw("hot");
  assert.ok(snap().matches("maintenance"));
  assert.equal(snap().context.observed, "hot", "samples still recorded");
  assert.equal(snap().can({ type: "start" }), false);
  assert.equal(snap().can({ type: "exit_maintenance" }), true);
  actor.send({ type: "exit_maintenance" });
  assert.ok(snap().matches("stopped"));
  assert.equal(snap().can({ type: "exit_maintenance" }), false);
});

Deno.test("setpoints and mode are accepted in every mode and kept in context", () => {
  const { clock, actor, saw, snap } = site();
  const setAll = (pctFan: number) => {
    for (
      const e of [
        { type: "set_fan_setpoint" as const, pct: pctFan },
        { type: "set_pump_setpoint" as const, pct: 90 },
        { type: "set_supply_setpoint" as const, degC: 38 },
        { type: "set_control_mode" as const, mode: "manual" as const },
      ]
    ) {
      assert.equal(snap().can(e), true, `${e.type} in ${JSON.stringify(snap().value)}`);
      actor.send(e);
    }
  };
  setAll(55);
  saw("hot");
  clock.advanceBy(300_000);
  setAll(65);
  actor.send({ type: "stop" });
  actor.send({ type: "enter_maintenance" });
  setAll(75);
  const c = snap().context;
  assert.deepEqual(
    [c.fanSetpointPct, c.pumpSetpointPct, c.supplySetpointC, c.controlMode],
    [75, 90, 38, "manual"],
  );
  assert.ok(snap().matches("maintenance"));
});
