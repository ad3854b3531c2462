import assert from "node:assert/strict";
import { createActor } from "xstate";
import { alarmMachine } from "../../actors/alarms/alarm_machine.ts";
import { VirtualClock } from "../../runtime/clock.ts";
import {
  actionPath,
  type AlarmAction,
  allowedActions,
  durationText,
  shelveChoices,
} from "./alarm_actions.ts";

/** URL action -> the machine's event type. */
const EVENT: Record<AlarmAction, string> = {
  ack: "ack",
  shelve: "shelve",
  unshelve: "unshelve",
  "out-of-service": "remove_from_service",
  "in-service": "return_to_service",
  reset: "reset",
};

const by = { user: "op", comment: "c" };

/** The real lifecycle machine driven to a state by a list of events. */
function machineAfter(latching: boolean, events: { type: string }[]) {
  const actor = createActor(alarmMachine, {
    clock: new VirtualClock(0),
    input: { id: "t/a", latching, realarmMs: 0, maxShelveMs: 3_600_000 },
  }).start();
  for (const e of events) actor.send({ ...by, durationMs: 60_000, ...e } as never);
  const snap = actor.getSnapshot();
  const c = snap.context;
  return {
    snap,
    view: {
      state: snap.value as string,
      latched: c.latching && !c.active && snap.value !== "normal",
    },
  };
}

const ev = (...types: string[]) => types.map((type) => ({ type }));

Deno.test("the buttons offered are exactly the actions the lifecycle machine takes", () => {
  const cases: [string, boolean, { type: string }[]][] = [
    ["normal", false, []],
    ["unacknowledged", false, ev("activate")],
    ["acknowledged", false, ev("activate", "ack")],
    ["returned_unacknowledged", false, ev("activate", "clear")],
    ["shelved", false, ev("activate", "shelve")],
    ["suppressed", false, ev("suppress")],
    ["out_of_service", false, ev("activate", "remove_from_service")],
    ["unacknowledged", true, ev("activate", "clear")],
    ["acknowledged", true, ev("activate", "ack", "clear")],
    ["acknowledged", true, ev("activate", "ack")],
  ];
  for (const [state, latching, events] of cases) {
    const { snap, view } = machineAfter(latching, events);
    assert.equal(view.state, state);
    const offered = allowedActions(view as never);
    const taken = (Object.keys(EVENT) as AlarmAction[]).filter((a) =>
      snap.can({ type: EVENT[a], ...by, durationMs: 60_000 } as never)
    );
    // Out of service again is a no-op the machine tolerates; the page does not offer it.
    const expected = state === "out_of_service"
      ? taken.filter((a) => a !== "out-of-service")
      : taken;
    assert.deepEqual(
      [...offered].sort(),
      expected.sort(),
      `${state}${latching ? " (latching)" : ""}`,
    );
  }
});

Deno.test("an unacknowledged alarm offers ack first; a latched one also reset", () => {
  assert.deepEqual(allowedActions({ state: "unacknowledged", latched: false }), [
    "ack",
    "shelve",
    "out-of-service",
  ]);
  assert.deepEqual(allowedActions({ state: "unacknowledged", latched: true }), [
    "ack",
    "reset",
    "shelve",
    "out-of-service",
  ]);
});

Deno.test("shelve choices stop at the alarm's maximum; durations read as minutes or hours", () => {
  assert.deepEqual(shelveChoices(3600), [900, 1800, 3600]);
  assert.equal(shelveChoices(undefined).at(-1), 28_800);
  assert.deepEqual([900, 3600, 5400, 30].map(durationText), ["15 min", "1 h", "1.5 h", "30 s"]);
});

Deno.test("action paths encode twin and name as two segments", () => {
  assert.equal(
    actionPath({ twin: "station-1.pump 2", name: "trip" }, "out-of-service"),
    "/api/alarms/station-1.pump%202/trip/out-of-service",
  );
});
