/**
 * The pending timers of twin machines (an XState `after`: a pump's start
 * timeout, a cooling site's overheat delay, an RTU's offline delay), so a
 * what-if fork "from now" lets each run out at the time it would have in
 * the running plant instead of starting it again from zero.
 *
 * XState keeps every delayed event of an actor system in one scheduler and
 * stamps it with `Date.now()`, which on virtual time says nothing. So
 * {@linkcode stampTimers} wraps the system's scheduler once, at plant start,
 * to note the plant clock's time beside each delayed event;
 * {@linkcode pendingTimers} then gives each one's time left, and
 * {@linkcode carryTimers} re-arms the fork's matching timer with it. A
 * timer is matched by twin and by XState's id for the delay (for `after`,
 * the event type, which names the state), so it is carried only when the
 * fork's machine is in the same state.
 *
 * @module
 */
import type { AnyActorRef } from "xstate";
import type { Clock } from "../runtime/clock.ts";
import type { Twin } from "./twin.ts";

/** A machine timer not fired yet, as plain JSON. */
export interface PendingTimer {
  /** The twin whose machine scheduled it. */
  twin: string;
  /** XState's id for it (for `after`: `xstate.after.<delay>.<state id>`). */
  id: string;
  /** The event it sends when it fires. */
  event: { type: string; [field: string]: unknown };
  /** Time left, ms. */
  remainingMs: number;
}

/** One delayed event in XState's scheduler (the fields this module reads). */
interface ScheduledEvent {
  source: AnyActorRef;
  target: AnyActorRef;
  event: { type: string };
  delay: number;
  id: string;
  /** The plant clock's time when it was scheduled (this module's stamp). */
  clockAt?: number;
}

interface Scheduler {
  schedule(
    source: AnyActorRef,
    target: AnyActorRef,
    event: unknown,
    delay: number,
    id?: string,
  ): void;
  cancel(source: AnyActorRef, id: string): void;
  /** Set once the scheduler is wrapped. */
  clockStamped?: boolean;
}

interface SystemInternals {
  scheduler: Scheduler;
  _snapshot: { _scheduledEvents: Record<string, ScheduledEvent> };
}

// XState 5's scheduler as this module relies on it (checked, so another
// version that keeps it elsewhere makes timers restart, named, not a crash).
function internals(actor: AnyActorRef): SystemInternals | undefined {
  const system = actor.system as unknown as Partial<SystemInternals> | undefined;
  const events = system?._snapshot?._scheduledEvents;
  if (typeof system?.scheduler?.schedule !== "function" || typeof events !== "object") {
    return undefined;
  }
  return system as SystemInternals;
}

const UNREADABLE = "(plant): this XState keeps its delayed events where fieldtwin does not " +
  "read them; machine timers restart in a fork";

function anyActor(twins: Iterable<Twin>): AnyActorRef | undefined {
  for (const twin of twins) if (twin.actor) return twin.actor;
  return undefined;
}

/**
 * Note `clock`'s time beside every delayed event the twins' actor system
 * schedules from now on (and, as now, beside those already scheduled: call
 * it as the plant starts). Does nothing without a running twin, or twice.
 */
export function stampTimers(twins: Iterable<Twin>, clock: Clock): void {
  const actor = anyActor(twins);
  const system = actor && internals(actor);
  if (!system) return;
  const scheduler = system.scheduler;
  if (scheduler.clockStamped) return;
  const events = () => system._snapshot._scheduledEvents;
  const now = clock.now();
  for (const e of Object.values(events())) e.clockAt ??= now;
  const schedule = scheduler.schedule;
  scheduler.schedule = (source, target, event, delay, id) => {
    // XState's own default id, made here so the new entry can be found.
    const key = id ?? Math.random().toString(36).slice(2);
    schedule(source, target, event, delay, key);
    const entry = events()[`${source.sessionId}.${key}`];
    if (entry) entry.clockAt = clock.now();
  };
  scheduler.clockStamped = true;
}

/**
 * Every twin machine's timer still pending at `nowMs`, in the order they
 * were scheduled. Timers not stamped by {@linkcode stampTimers}, and
 * delayed events sent to another actor, are left out and named in
 * `skipped`.
 */
export function pendingTimers(
  twins: ReadonlyMap<string, Twin>,
  nowMs: number,
): { timers: PendingTimer[]; skipped: string[] } {
  const actor = anyActor(twins.values());
  const timers: PendingTimer[] = [];
  const skipped: string[] = [];
  if (!actor) return { timers, skipped };
  const system = internals(actor);
  if (!system) return { timers, skipped: [UNREADABLE] };
  for (const e of Object.values(system._snapshot._scheduledEvents)) {
    const twin = e.source.id;
    if (twins.get(twin)?.actor !== e.source) continue; // not a twin's (the plant's root)
    if (e.target !== e.source || e.clockAt === undefined) {
      skipped.push(`${twin}: its machine's timer "${e.id}" cannot be carried; it restarts`);
      continue;
    }
    timers.push({
      twin,
      id: e.id,
      event: structuredClone(e.event),
      remainingMs: Math.max(0, e.clockAt + e.delay - nowMs),
    });
  }
  return { timers, skipped };
}

/**
 * Re-arm each of `timers` (from {@linkcode pendingTimers} of the running
 * plant) on the fork's matching machine timer, with its time left. A timer
 * whose twin's machine is not in the state that armed it is not carried;
 * each such one is named in the warnings returned. The machines of
 * `resumed` twins were restored from the running plant's (XState does not
 * restore their delays): their timers are armed anew.
 */
export function carryTimers(
  twins: ReadonlyMap<string, Twin>,
  timers: readonly PendingTimer[],
  resumed: ReadonlySet<string> = new Set(),
): string[] {
  const warnings: string[] = [];
  for (const t of timers) {
    const twin = twins.get(t.twin);
    const actor = twin?.actor;
    if (!twin || !actor) {
      warnings.push(`${t.twin}: not running in the fork; its machine's timer "${t.id}" is dropped`);
      continue;
    }
    const system = internals(actor);
    if (!system) return [UNREADABLE];
    if (
      !resumed.has(t.twin) && !system._snapshot._scheduledEvents[`${actor.sessionId}.${t.id}`]
    ) {
      warnings.push(
        `${t.twin}: its machine is in "${twin.mode}" in the fork, not in the state of its ` +
          `timer "${t.id}" (${t.remainingMs / 1000} s left); the timer is dropped`,
      );
      continue;
    }
    system.scheduler.cancel(actor, t.id);
    system.scheduler.schedule(actor, actor, structuredClone(t.event), t.remainingMs, t.id);
  }
  return warnings;
}
