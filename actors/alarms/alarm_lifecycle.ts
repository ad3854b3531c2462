/**
 * The alarm lifecycle as a plain transition function: the same states,
 * events, guards and causes as the XState machine in `alarm_machine.ts`,
 * which stays its executable specification (a property test drives both
 * with random event sequences and requires the same state and context after
 * every event). The engine runs this function because an alarm changes on
 * samples: an XState actor allocates about 10 KB per event and 2 KB per
 * alarm, which at an alarm flood or half a million alarms is what makes
 * the garbage collector stall the alarm path. Its two delays (shelve
 * expiry, re-alarm) are timers the engine runs on the runtime clock and
 * feeds back as `shelve_expiry` and `realarm_due` events.
 *
 * @module
 */
import type { AlarmCause, AlarmEvent, AlarmState } from "./alarm_machine.ts";

/** Where an alarm is in its lifecycle (the machine's state value and context). */
export interface Lifecycle {
  /** Lifecycle state. */
  readonly state: AlarmState;
  /** The condition (after on/off delays) holds. */
  readonly active: boolean;
  /** Suppressed by design now. */
  readonly suppressed: boolean;
  /** Length of the current shelve, ms. */
  readonly shelveMs: number;
  /** Latest cause. */
  readonly cause: AlarmCause;
}

/** What of an alarm's definition the lifecycle needs (the machine's input). */
export interface LifecycleSettings {
  /** Stays active after the condition clears, until reset. */
  readonly latching: boolean;
  /** Re-alarm time for standing acknowledged alarms, ms (0 = never). */
  readonly realarmMs: number;
  /** Longest shelve, ms. */
  readonly maxShelveMs: number;
}

/** The events of the lifecycle: the machine's, and its two delays falling due. */
export type LifecycleEvent = AlarmEvent | { type: "shelve_expiry" } | { type: "realarm_due" };

/** A new alarm: normal, inactive, not suppressed. */
export const INITIAL: Lifecycle = Object.freeze({
  state: "normal",
  active: false,
  suppressed: false,
  shelveMs: 0,
  cause: Object.freeze({ action: "start", user: null, comment: null }),
});

const SYSTEM: Record<string, AlarmCause> = Object.fromEntries(
  ["activate", "clear", "suppress", "unsuppress", "shelve_expired", "realarm"].map((a) => [
    a,
    Object.freeze({ action: a, user: null, comment: null }),
  ]),
);

// What the machine's system actions assign, made once.
const activated: Partial<Lifecycle> = { active: true, cause: SYSTEM.activate };
const cleared: Partial<Lifecycle> = { active: false, cause: SYSTEM.clear };
const suppressOn: Partial<Lifecycle> = { suppressed: true, active: false, cause: SYSTEM.suppress };

/** The delay a state runs: the shelve's expiry, or the re-alarm of an acknowledged alarm. */
export function delayOf(
  l: Lifecycle,
  s: LifecycleSettings,
): "shelve_expiry" | "realarm_due" | undefined {
  if (l.state === "shelved") return "shelve_expiry";
  if (l.state === "acknowledged" && s.realarmMs > 0) return "realarm_due";
  return undefined;
}

/**
 * The lifecycle after `event`, or undefined when the state does not take
 * it (the machine's `can` is false: an operator action is refused). The
 * result is a new object; `l` is not changed.
 */
export function transition(
  l: Lifecycle,
  s: LifecycleSettings,
  event: LifecycleEvent,
): Lifecycle | undefined {
  const operator = (): AlarmCause => {
    const e = event as { type: string; user?: string; comment?: string };
    return { action: e.type, user: e.user ?? null, comment: e.comment ?? null };
  };
  const to = (state: AlarmState, change: Partial<Lifecycle>): Lifecycle => ({
    ...l,
    ...change,
    state,
  });
  const shelve = () => ({
    cause: operator(),
    shelveMs: Math.min(s.maxShelveMs, (event as { durationMs?: number }).durationMs ?? Infinity),
  });
  const resettable = s.latching && !l.active;

  // The state's own transitions first, as the machine selects them.
  switch (l.state) {
    case "normal":
      if (event.type === "activate") return to("unacknowledged", activated);
      if (event.type === "suppress") return to("suppressed", suppressOn);
      if (event.type === "shelve") return to("shelved", shelve());
      break;
    case "unacknowledged":
      if (event.type === "ack") return to("acknowledged", { cause: operator() });
      if (event.type === "clear") {
        return to(s.latching ? l.state : "returned_unacknowledged", cleared);
      }
      if (event.type === "reset" && resettable) {
        return to("returned_unacknowledged", { cause: operator() });
      }
      if (event.type === "suppress") return to("suppressed", suppressOn);
      if (event.type === "shelve") return to("shelved", shelve());
      break;
    case "acknowledged":
      if (event.type === "realarm_due") {
        return s.realarmMs > 0 && l.active
          ? to("unacknowledged", { cause: SYSTEM.realarm })
          : undefined;
      }
      if (event.type === "clear") return to(s.latching ? l.state : "normal", cleared);
      if (event.type === "reset" && resettable) return to("normal", { cause: operator() });
      if (event.type === "suppress") return to("suppressed", suppressOn);
      if (event.type === "shelve") return to("shelved", shelve());
      break;
    case "returned_unacknowledged":
      if (event.type === "ack") return to("normal", { cause: operator() });
      if (event.type === "activate") return to("unacknowledged", activated);
      if (event.type === "suppress") return to("suppressed", suppressOn);
      if (event.type === "shelve") return to("shelved", shelve());
      break;
    case "shelved":
      if (event.type === "shelve_expiry") return back(l, { cause: SYSTEM.shelve_expired });
      if (event.type === "unshelve") return back(l, { cause: operator() });
      break;
    case "suppressed":
      if (event.type === "unsuppress") {
        return back(l, { suppressed: false, cause: SYSTEM.unsuppress });
      }
      break;
    case "out_of_service":
      // Taken, and nothing happens: the machine's `remove_from_service: {}`.
      if (event.type === "remove_from_service") return undefined;
      if (event.type === "return_to_service") return back(l, { cause: operator() });
      break;
  }
  // Then the machine's root: it follows condition and suppression whatever
  // the state, and takes an alarm out of service from anywhere.
  switch (event.type) {
    case "activate":
      return { ...l, ...activated };
    case "clear":
      return { ...l, ...cleared };
    case "suppress":
      return { ...l, ...suppressOn };
    case "unsuppress":
      return { ...l, suppressed: false, cause: SYSTEM.unsuppress };
    case "remove_from_service":
      return to("out_of_service", { cause: operator() });
  }
  return undefined;
}

/** Leaving shelved, suppressed or out of service: the machine's `returning` state. */
function back(l: Lifecycle, change: Partial<Lifecycle>): Lifecycle {
  const next = { ...l, ...change };
  const state: AlarmState = next.suppressed
    ? "suppressed"
    : next.active
    ? "unacknowledged"
    : "normal";
  return { ...next, state };
}
