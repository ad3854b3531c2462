import assert from "node:assert/strict";
import { createActor } from "xstate";
import { VirtualClock } from "../../runtime/clock.ts";
import { Random } from "../../simulators/random.ts";
import {
  delayOf,
  INITIAL,
  type Lifecycle,
  type LifecycleSettings,
  transition,
} from "./alarm_lifecycle.ts";
import { type AlarmEvent, alarmMachine } from "./alarm_machine.ts";

const by = { user: "op", comment: "why" };

/** A random event of the machine, or a step of time (undefined). */
function randomEvent(rnd: Random): AlarmEvent | number {
  const r = rnd.next();
  if (r < 0.15) return Math.floor(rnd.uniform(1, 40)) * 1000;
  const events: AlarmEvent[] = [
    { type: "activate" },
    { type: "clear" },
    { type: "suppress" },
    { type: "unsuppress" },
    { type: "ack", ...by },
    { type: "shelve", ...by, durationMs: Math.floor(rnd.uniform(1, 60)) * 1000 },
    { type: "unshelve", ...by },
    { type: "remove_from_service", ...by },
    { type: "return_to_service", ...by },
    { type: "reset", ...by },
  ];
  return events[Math.floor(rnd.next() * events.length)];
}

Deno.test("lifecycle function: the same states, context and refusals as the machine", () => {
  const rnd = new Random(11, "lifecycle");
  let events = 0;
  const seen = new Set<string>();
  for (let run = 0; run < 300; run++) {
    const settings: LifecycleSettings = {
      latching: rnd.next() < 0.4,
      realarmMs: rnd.next() < 0.5 ? 0 : Math.floor(rnd.uniform(5, 50)) * 1000,
      maxShelveMs: Math.floor(rnd.uniform(10, 90)) * 1000,
    };
    const clock = new VirtualClock(0);
    const actor = createActor(alarmMachine, {
      clock,
      input: { id: "a", ...settings },
    }).start();
    let l: Lifecycle = INITIAL;
    // The function's delay: which event falls due when.
    let due: { at: number; type: "shelve_expiry" | "realarm_due" } | undefined;
    const arm = (before: Lifecycle) => {
      if (before.state === l.state) return;
      const type = delayOf(l, settings);
      due = type && {
        type,
        at: clock.now() + (type === "shelve_expiry" ? l.shelveMs : settings.realarmMs),
      } as typeof due;
    };
    for (let k = 0; k < 60; k++) {
      const e = randomEvent(rnd);
      if (typeof e === "number") {
        const end = clock.now() + e;
        while (due && due.at <= end) {
          const fire = due;
          due = undefined;
          clock.advanceTo(fire.at);
          const before = l;
          l = transition(l, settings, { type: fire.type }) ?? l;
          arm(before);
        }
        clock.advanceTo(end);
      } else {
        const snap = actor.getSnapshot();
        const next = transition(l, settings, e);
        assert.equal(next !== undefined, snap.can(e), `can ${e.type} in ${l.state} (run ${run})`);
        actor.send(e);
        if (next) {
          const before = l;
          l = next;
          arm(before);
        }
        events++;
      }
      const snap = actor.getSnapshot();
      const ctx = snap.context;
      seen.add(l.state);
      assert.deepEqual(
        {
          state: l.state,
          active: l.active,
          suppressed: l.suppressed,
          shelveMs: l.shelveMs,
          cause: { ...l.cause },
        },
        {
          state: snap.value,
          active: ctx.active,
          suppressed: ctx.suppressed,
          shelveMs: ctx.shelveMs,
          cause: { ...ctx.cause },
        },
        `run ${run}, event ${k} (${typeof e === "number" ? `${e} ms` : e.type})`,
      );
    }
    actor.stop();
  }
  assert.ok(events > 10_000);
  assert.equal(seen.size, 7, `every state was visited: ${[...seen].join(", ")}`);
});
