import assert from "node:assert/strict";
import { createActor } from "xstate";
import { VirtualClock } from "../../runtime/clock.ts";
import { type AlarmInput, alarmMachine } from "./alarm_machine.ts";

const by = { user: "op1", comment: "seen" };

function start(input: Partial<AlarmInput> = {}) {
  const clock = new VirtualClock(0);
  const actor = createActor(alarmMachine, {
    clock,
    input: { id: "t/a", latching: false, realarmMs: 0, maxShelveMs: 3_600_000, ...input },
  }).start();
  const state = () => actor.getSnapshot().value as string;
  return { clock, actor, state };
}

Deno.test("lifecycle: normal -> unack -> ack -> normal, and rtn-unack -> normal on ack", () => {
  const { actor, state } = start();
  assert.equal(state(), "normal");
  assert.equal(actor.getSnapshot().can({ type: "ack", ...by }), false, "nothing to acknowledge");
  actor.send({ type: "activate" });
  assert.equal(state(), "unacknowledged");
  actor.send({ type: "ack", ...by });
  assert.equal(state(), "acknowledged");
  assert.deepEqual(actor.getSnapshot().context.cause, { action: "ack", ...by });
  actor.send({ type: "clear" });
  assert.equal(state(), "normal");

  actor.send({ type: "activate" });
  actor.send({ type: "clear" });
  assert.equal(state(), "returned_unacknowledged");
  actor.send({ type: "activate" });
  assert.equal(state(), "unacknowledged", "a return before ack annunciates again");
  actor.send({ type: "clear" });
  actor.send({ type: "ack", ...by });
  assert.equal(state(), "normal");
});

Deno.test("lifecycle: a latching alarm stays active after the condition clears until reset", () => {
  const { actor, state } = start({ latching: true });
  actor.send({ type: "activate" });
  actor.send({ type: "clear" });
  assert.equal(state(), "unacknowledged", "latched");
  assert.equal(actor.getSnapshot().context.active, false);
  actor.send({ type: "ack", ...by });
  assert.equal(state(), "acknowledged");
  actor.send({ type: "activate" });
  assert.equal(
    actor.getSnapshot().can({ type: "reset", ...by }),
    false,
    "condition holds: no reset",
  );
  actor.send({ type: "clear" });
  actor.send({ type: "reset", ...by });
  assert.equal(state(), "normal");
  // Reset before ack leaves it returned-unacknowledged.
  actor.send({ type: "activate" });
  actor.send({ type: "clear" });
  actor.send({ type: "reset", ...by });
  assert.equal(state(), "returned_unacknowledged");
});

Deno.test("lifecycle: shelving expires after the shelve time and re-annunciates a standing alarm", () => {
  const { actor, state, clock } = start({ maxShelveMs: 600_000 });
  actor.send({ type: "activate" });
  actor.send({ type: "shelve", ...by, durationMs: 10_000_000 });
  assert.equal(state(), "shelved");
  assert.equal(actor.getSnapshot().context.shelveMs, 600_000, "capped at the maximum");
  clock.advanceBy(599_999);
  assert.equal(state(), "shelved");
  clock.advanceBy(1);
  assert.equal(state(), "unacknowledged", "still active when the shelve ended");
  assert.equal(actor.getSnapshot().context.cause.action, "shelve_expired");

  actor.send({ type: "shelve", ...by, durationMs: 60_000 });
  actor.send({ type: "clear" });
  assert.equal(state(), "shelved", "condition changes while shelved are tracked, not shown");
  actor.send({ type: "unshelve", ...by });
  assert.equal(state(), "normal");
});

Deno.test("lifecycle: re-alarm turns a standing acknowledged alarm unacknowledged again", () => {
  const { actor, state, clock } = start({ realarmMs: 30_000 });
  actor.send({ type: "activate" });
  actor.send({ type: "ack", ...by });
  clock.advanceBy(29_999);
  assert.equal(state(), "acknowledged");
  clock.advanceBy(1);
  assert.equal(state(), "unacknowledged");
  assert.equal(actor.getSnapshot().context.cause.action, "realarm");
  actor.send({ type: "ack", ...by });
  actor.send({ type: "clear" });
  clock.advanceBy(60_000);
  assert.equal(state(), "normal", "no re-alarm once it cleared");
});

Deno.test("lifecycle: suppression by design hides the alarm and re-annunciates it if still active", () => {
  const { actor, state } = start();
  actor.send({ type: "suppress" });
  assert.equal(state(), "suppressed");
  actor.send({ type: "activate" });
  assert.equal(state(), "suppressed");
  actor.send({ type: "unsuppress" });
  assert.equal(state(), "unacknowledged");
  actor.send({ type: "ack", ...by });
  actor.send({ type: "suppress" });
  actor.send({ type: "clear" });
  actor.send({ type: "unsuppress" });
  assert.equal(state(), "normal");
});

Deno.test("lifecycle: out of service overrides shelving and suppression, and returns by them", () => {
  const { actor, state, clock } = start();
  actor.send({ type: "shelve", ...by, durationMs: 1_000 });
  actor.send({ type: "remove_from_service", ...by });
  assert.equal(state(), "out_of_service");
  clock.advanceBy(5_000);
  assert.equal(state(), "out_of_service", "the shelve timer died with the shelve");
  assert.equal(actor.getSnapshot().can({ type: "remove_from_service", ...by }), false);
  actor.send({ type: "suppress" });
  actor.send({ type: "activate" });
  actor.send({ type: "return_to_service", ...by });
  assert.equal(state(), "suppressed", "still suppressed by design");
  actor.send({ type: "unsuppress" });
  assert.equal(state(), "unacknowledged");
  assert.equal(actor.getSnapshot().can({ type: "unshelve", ...by }), false);
  assert.equal(actor.getSnapshot().can({ type: "return_to_service", ...by }), false);
});
