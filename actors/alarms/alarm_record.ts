/**
 * What the alarm engine keeps of one alarm. A plant of 100,000 twins has
 * over half a million alarms, nearly all normal and idle, so the record is
 * small: its flags share one number, its state is its lifecycle's, and
 * what only an alarm that has changed has (times, last cause, lifecycle
 * delay) lives in a part made on its first change.
 *
 * @module
 */
import type { TimerId } from "../../runtime/clock.ts";
import type { ConditionCheck, SuppressionCheck } from "./alarm_condition.ts";
import type { AlarmSpec } from "./alarm_definition.ts";
import { INITIAL, type Lifecycle } from "./alarm_lifecycle.ts";
import type { AlarmCause, AlarmState } from "./alarm_machine.ts";

/** The latest cause of a change, with its time. */
export interface TimedCause extends AlarmCause {
  /** When (epoch ms). */
  time: number;
}

/** What an alarm that has changed carries. */
interface History {
  since: number | undefined;
  activeSince: number | null;
  shelvedUntil: number | null;
  /** The cause of the latest transition (an object the lifecycle made) and its time. */
  lastCause: AlarmCause | undefined;
  lastAt: number;
  lifeTimer: TimerId | undefined;
}

const RAW = 1, DEBOUNCED = 2, DESIGN = 4, SUPPRESSED = 8, SCANNED = 16, RETIRED = 32;

/** One alarm in the engine. */
export class AlarmRecord {
  /** Its definition. */
  readonly spec: AlarmSpec;
  /** Its condition check; built on first use for an alarm its twin's scan judges. */
  check: ConditionCheck | undefined;
  /** Its suppression check, when it has one and is not scanned. */
  readonly suppression: SuppressionCheck | undefined;
  /** Where it is in its lifecycle (the shared initial one until its first change). */
  life: Lifecycle = INITIAL;
  /** The on/off delay, or the suppression hold (never both: no delay runs while suppressed). */
  timer: TimerId | undefined = undefined;
  #flags: number;
  #history: History | undefined = undefined;

  /** A new, normal alarm. */
  constructor(
    spec: AlarmSpec,
    check: ConditionCheck | undefined,
    suppression: SuppressionCheck | undefined,
    scanned: boolean,
  ) {
    this.spec = spec;
    this.check = check;
    this.suppression = suppression;
    this.#flags = scanned ? SCANNED : 0;
  }

  #flag(bit: number): boolean {
    return (this.#flags & bit) !== 0;
  }

  #set(bit: number, on: boolean): void {
    this.#flags = on ? this.#flags | bit : this.#flags & ~bit;
  }

  #changed(): History {
    return this.#history ??= {
      since: undefined,
      activeSince: null,
      shelvedUntil: null,
      lastCause: undefined,
      lastAt: 0,
      lifeTimer: undefined,
    };
  }

  /** Raw condition on the latest judged sample. */
  get raw(): boolean {
    return this.#flag(RAW);
  }
  set raw(on: boolean) {
    this.#set(RAW, on);
  }

  /** Condition after on/off delays, as the lifecycle knows it. */
  get debounced(): boolean {
    return this.#flag(DEBOUNCED);
  }
  set debounced(on: boolean) {
    this.#set(DEBOUNCED, on);
  }

  /** The suppression condition holds on the latest sample. */
  get design(): boolean {
    return this.#flag(DESIGN);
  }
  set design(on: boolean) {
    this.#set(DESIGN, on);
  }

  /** Suppressed by design in effect (the condition, or its hold time after it). */
  get suppressed(): boolean {
    return this.#flag(SUPPRESSED);
  }
  set suppressed(on: boolean) {
    this.#set(SUPPRESSED, on);
  }

  /** Judged by its twin's generated scan rather than by `check`. */
  get scanned(): boolean {
    return this.#flag(SCANNED);
  }

  /** Retired: its twin left the plant. */
  get retired(): boolean {
    return this.#flag(RETIRED);
  }
  set retired(on: boolean) {
    this.#set(RETIRED, on);
  }

  /** Lifecycle state. */
  get state(): AlarmState {
    return this.life.state;
  }

  /** The condition (after delays) holds, as the lifecycle says. */
  get active(): boolean {
    return this.life.active;
  }

  /** Since when it is in its state; undefined: since the engine started. */
  get since(): number | undefined {
    return this.#history?.since;
  }
  set since(t: number | undefined) {
    this.#changed().since = t;
  }

  /** Since when the condition holds, or null. */
  get activeSince(): number | null {
    return this.#history?.activeSince ?? null;
  }
  set activeSince(t: number | null) {
    if (t !== null || this.#history) this.#changed().activeSince = t;
  }

  /** When a shelve ends, while shelved. */
  get shelvedUntil(): number | null {
    return this.#history?.shelvedUntil ?? null;
  }
  set shelvedUntil(t: number | null) {
    if (t !== null || this.#history) this.#changed().shelvedUntil = t;
  }

  /** Latest cause of a change; undefined: none since the engine started. */
  get last(): TimedCause | undefined {
    const h = this.#history;
    if (h?.lastCause === undefined) return undefined;
    const c = h.lastCause;
    return { action: c.action, user: c.user, comment: c.comment, time: h.lastAt };
  }

  /** Record the cause of a transition at `time` (the cause object is kept, not copied). */
  caused(cause: AlarmCause, time: number): void {
    const h = this.#changed();
    h.lastCause = cause;
    h.lastAt = time;
  }

  /** Drop times, last cause and lifecycle delay (stop the delay first), as for a new alarm. */
  forget(): void {
    this.#history = undefined;
  }

  /** The lifecycle's delay: shelve expiry or re-alarm. */
  get lifeTimer(): TimerId | undefined {
    return this.#history?.lifeTimer;
  }
  set lifeTimer(id: TimerId | undefined) {
    if (id !== undefined || this.#history) this.#changed().lifeTimer = id;
  }
}
