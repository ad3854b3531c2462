/**
 * The alarm supervisor. It watches twin changes, judges each alarm's
 * condition in plain code (only the alarms on the twin that changed), applies
 * on/off delays on the runtime clock, and hands condition changes and
 * operator actions to each alarm's lifecycle machine; every transition goes
 * to the journal, the metrics and the listeners (SSE, notifications).
 *
 * @module
 */
import { StatusError } from "../../runtime/status_error.ts";
import { type Actor, createActor } from "xstate";
import type { Clock, TimerId } from "../../runtime/clock.ts";
import type { AlarmsConfig, AlarmSpec, Priority } from "./alarm_definition.ts";
import {
  buildCondition,
  buildSuppression,
  type ConditionCheck,
  type SuppressionCheck,
  type WatchedTwin,
} from "./alarm_condition.ts";
import { AlarmJournal, type JournalEntry } from "./alarm_journal.ts";
import { compileScan, type ScanFunction, scannable } from "./alarm_scan.ts";
import {
  type AlarmEvent,
  alarmMachine,
  type AlarmState,
  ANNUNCIATED,
  type OperatorAction,
} from "./alarm_machine.ts";
import { AlarmMetrics, type AlarmMetricsReport, prometheusLines } from "./alarm_metrics.ts";

/** What the engine needs from the runtime (a `Runtime` is one). */
export interface AlarmHost {
  /** The runtime clock. */
  readonly clock: Clock;
  /** Every twin by id. */
  readonly twins: ReadonlyMap<string, WatchedTwin>;
  /** Subscribe to twin changes; returns an unsubscribe function. */
  onChange(listener: (twin: WatchedTwin) => void): () => void;
  /**
   * Run after every completed step (a `Runtime` has it). When present,
   * changes are collected during a step and judged once at its end, after
   * calculated points; without it every change is judged at once.
   */
  onStep?(listener: (now: number) => void): () => void;
}

/** An alarm as the API shows it. */
export interface AlarmView {
  /** Stable id `<twin>/<name>`. */
  id: string;
  /** Twin id. */
  twin: string;
  /** Alarm name. */
  name: string;
  /** Priority. */
  priority: Priority;
  /** Lifecycle state. */
  state: AlarmState;
  /** The condition holds (after on/off delays). */
  active: boolean;
  /** A latching alarm whose condition has gone, waiting for reset. */
  latched: boolean;
  /** Suppressed by design right now (whatever the state). */
  suppressedByDesign: boolean;
  /** Kind of condition: limit, deviation, rate, state, mode, expression. */
  condition: string;
  /** Latest judged value. */
  value: number | string | boolean | null;
  /** Limit or set it is judged against. */
  limit: number | string | null;
  /** Unit of the watched point. */
  unit: string;
  /** Operator message for the current condition. */
  message: string;
  /** Consequence and action, from the definition. */
  description: string;
  /** Since when it is in its state (epoch ms). */
  since: number;
  /** Since when the condition holds (epoch ms), or null. */
  activeSince: number | null;
  /** When a shelve ends (epoch ms), while shelved. */
  shelvedUntil: number | null;
  /** Latest cause of a change. */
  last: { action: string; user: string | null; comment: string | null; time: number };
  /** Annunciations since start. */
  annunciations: number;
  /** Three or more annunciations within the chatter window. */
  chattering: boolean;
  /** Longest shelve the alarm allows, in seconds. */
  maxShelveS: number;
}

/** Filter of {@linkcode AlarmEngine.list}. */
export interface AlarmFilter {
  /** Only these states (default: the annunciated ones). */
  states?: readonly string[];
  /** Only these twins. */
  twins?: readonly string[];
  /** Only these priorities. */
  priorities?: readonly string[];
}

/** What listeners hear on every transition. */
export interface AlarmEventPayload {
  /** The alarm after the change. */
  alarm: AlarmView;
  /** The journal entry. */
  entry: JournalEntry;
  /** This annunciation made the alarm chattering. */
  chatterStarted?: true;
  /** This annunciation started an alarm flood. */
  floodStarted?: true;
}

/** An operator action refused; `status` is the HTTP status to answer with. */
export class AlarmActionError extends StatusError {}

/** Who acts, and why. */
export interface OperatorInput {
  /** Operator. */
  user: string;
  /** Reason; required for shelve and out-of-service. */
  comment: string;
  /** Shelve duration (s); default and cap: the alarm's maximum shelve time. */
  durationS?: number;
}

interface Alarm {
  spec: AlarmSpec;
  check: ConditionCheck;
  suppression: SuppressionCheck | undefined;
  actor: Actor<typeof alarmMachine>;
  raw: boolean;
  debounced: boolean;
  suppressed: boolean;
  timer: TimerId | undefined;
  state: AlarmState;
  active: boolean;
  since: number;
  activeSince: number | null;
  shelvedUntil: number | null;
  last: AlarmView["last"];
  /** Judged by its twin's generated scan rather than by `check`. */
  scanned: boolean;
}

/** The alarms a twin's changes concern. */
interface TwinAlarms {
  /** The twin's own simple alarms, judged by `scan`, by index. */
  scanned: Alarm[];
  scan: ScanFunction | undefined;
  raw: Uint8Array;
  sup: Uint8Array;
  changes: Uint32Array;
  /** Other alarms watching the twin (its own complex ones, other twins' ones). */
  others: Alarm[];
  /** The twin object waiting in the dirty list, if it is there. */
  dirty: WatchedTwin | undefined;
}

const NEEDS_COMMENT: ReadonlySet<OperatorAction> = new Set(["shelve", "remove_from_service"]);
const VERB: Record<OperatorAction, string> = {
  ack: "acknowledge",
  shelve: "shelve",
  unshelve: "unshelve",
  remove_from_service: "take out of service",
  return_to_service: "return to service",
  reset: "reset",
};

/** Runs every alarm of a plant. */
export class AlarmEngine {
  /** The journal of transitions. */
  readonly journal: AlarmJournal;
  readonly #host: AlarmHost;
  readonly #clock: Clock;
  readonly #alarms = new Map<string, Alarm>();
  readonly #byTwin = new Map<string, TwinAlarms>();
  readonly #metrics: AlarmMetrics;
  readonly #listeners = new Set<(payload: AlarmEventPayload) => void>();
  readonly #lookup: (id: string) => WatchedTwin | undefined;
  #unsubscribe: (() => void) | undefined;
  readonly #dirty: TwinAlarms[] = [];
  #flushQueued = false;
  /** Condition evaluations done (for benchmarks). */
  evaluations = 0;

  /** Build every alarm of `config`; call {@linkcode AlarmEngine.start} to begin watching. */
  constructor(host: AlarmHost, config: AlarmsConfig) {
    this.#host = host;
    this.#clock = host.clock;
    const s = config.settings;
    this.journal = new AlarmJournal(s.journal_capacity);
    this.#metrics = new AlarmMetrics({
      floodCount: s.flood_count,
      floodWindowMs: s.flood_window_s * 1000,
      chatterCount: s.chatter_count,
      chatterWindowMs: s.chatter_window_s * 1000,
      standingAfterMs: s.standing_after_s * 1000,
      badActors: s.bad_actors,
    }, this.#clock.now());
    this.#lookup = (id) => host.twins.get(id);
    const now = this.#clock.now();
    for (const spec of config.alarms) {
      const actor = createActor(alarmMachine, {
        clock: this.#clock,
        input: {
          id: spec.id,
          latching: spec.latching,
          realarmMs: spec.realarmS * 1000,
          maxShelveMs: spec.maxShelveS * 1000,
        },
      });
      const alarm: Alarm = {
        spec,
        check: buildCondition(spec, this.#lookup),
        suppression: buildSuppression(spec, this.#lookup),
        actor,
        raw: false,
        debounced: false,
        suppressed: false,
        timer: undefined,
        state: "normal",
        active: false,
        since: now,
        activeSince: null,
        shelvedUntil: null,
        last: { action: "start", user: null, comment: null, time: now },
        scanned: scannable(spec),
      };
      actor.subscribe((snapshot) =>
        this.#transition(alarm, snapshot.value as AlarmState, snapshot.context)
      );
      actor.start();
      this.#alarms.set(spec.id, alarm);
      const watched = alarm.scanned
        ? [spec.twin]
        : new Set([...alarm.check.watches, ...(alarm.suppression?.watches ?? [])]);
      for (const id of watched) {
        let group = this.#byTwin.get(id);
        if (!group) {
          group = {
            scanned: [],
            scan: undefined,
            raw: new Uint8Array(0),
            sup: new Uint8Array(0),
            changes: new Uint32Array(0),
            others: [],
            dirty: undefined,
          };
          this.#byTwin.set(id, group);
        }
        (alarm.scanned ? group.scanned : group.others).push(alarm);
      }
    }
    for (const group of this.#byTwin.values()) {
      const n = group.scanned.length;
      if (n === 0) continue;
      group.scan = compileScan(group.scanned.map((a) => a.spec));
      group.raw = new Uint8Array(n);
      group.sup = new Uint8Array(n);
      group.changes = new Uint32Array(2 * n);
    }
  }

  /** Number of alarms. */
  get size(): number {
    return this.#alarms.size;
  }

  /** Watch twin changes and judge every alarm once now. */
  start(): void {
    if (this.#unsubscribe) return;
    const host = this.#host;
    if (host.onStep) {
      // A twin changes several times in a step (its sample, its calculated
      // points, its mode): judge it once, at the end of the step. A change
      // outside a step (a driver, a command) is judged in a microtask.
      const stopChanges = host.onChange(this.#markDirty);
      const stopSteps = host.onStep(() => this.flush());
      this.#unsubscribe = () => {
        stopChanges();
        stopSteps();
      };
    } else {
      this.#unsubscribe = host.onChange((twin) => this.evaluateTwin(twin));
    }
    for (const twin of host.twins.values()) this.evaluateTwin(twin);
  }

  /** Judge every twin changed since the last flush. */
  flush(): void {
    const dirty = this.#dirty;
    for (let i = 0; i < dirty.length; i++) {
      const twin = dirty[i].dirty!;
      dirty[i].dirty = undefined;
      this.evaluateTwin(twin);
    }
    dirty.length = 0;
  }

  #markDirty = (twin: WatchedTwin): void => {
    const group = this.#byTwin.get(twin.id);
    if (group === undefined || group.dirty === twin) return;
    group.dirty = twin;
    this.#dirty.push(group);
    if (this.#flushQueued) return;
    this.#flushQueued = true;
    queueMicrotask(() => {
      this.#flushQueued = false;
      this.flush();
    });
  };

  /** Stop watching and stop every alarm's machine and timer. */
  stop(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    for (const group of this.#dirty) group.dirty = undefined;
    this.#dirty.length = 0;
    for (const a of this.#alarms.values()) {
      if (a.timer !== undefined) this.#clock.clearTimeout(a.timer);
      a.actor.stop();
    }
  }

  /** Judge the alarms that watch `twin` (the hot path). */
  evaluateTwin(twin: WatchedTwin): void {
    const group = this.#byTwin.get(twin.id);
    if (group === undefined) return;
    if (group.scan !== undefined) {
      this.evaluations += group.scanned.length;
      const n = group.scan(twin, group.raw, group.sup, group.changes);
      for (let i = 0; i < n; i++) {
        const change = group.changes[i];
        const k = change >> 2;
        const a = group.scanned[k];
        if (change & 2) this.#suppress(a, group.sup[k] === 1);
        else this.#raw(a, group.raw[k] === 1);
      }
    }
    const others = group.others;
    if (others.length === 0) return;
    const now = this.#clock.now();
    for (let i = 0; i < others.length; i++) {
      const a = others[i];
      const own = a.spec.twin === twin.id ? twin : this.#lookup(a.spec.twin);
      if (own !== undefined) this.#evaluate(a, own, now);
    }
  }

  #evaluate(a: Alarm, own: WatchedTwin, now: number): void {
    this.evaluations++;
    // A twin that is not running cannot be judged: its alarms are
    // suppressed by design until it runs again.
    const suppressed = !own.running || (a.suppression !== undefined && a.suppression.test(own));
    if (suppressed !== a.suppressed) this.#suppress(a, suppressed);
    if (!own.running) return;
    const raw = a.check.test(own, now, a.raw);
    if (raw === undefined || raw === a.raw) return;
    this.#raw(a, raw);
  }

  #suppress(a: Alarm, suppressed: boolean): void {
    a.suppressed = suppressed;
    a.actor.send({ type: suppressed ? "suppress" : "unsuppress" });
  }

  /** The raw condition changed: start the on/off delay, or pass it on. */
  #raw(a: Alarm, raw: boolean): void {
    a.raw = raw;
    if (a.timer !== undefined) {
      this.#clock.clearTimeout(a.timer);
      a.timer = undefined;
    }
    if (raw === a.debounced) return;
    const delayS = raw ? a.spec.onDelayS : a.spec.offDelayS;
    if (delayS <= 0) this.#commit(a);
    else {
      a.timer = this.#clock.setTimeout(() => {
        a.timer = undefined;
        this.#commit(a);
      }, delayS * 1000);
    }
  }

  #commit(a: Alarm): void {
    a.debounced = a.raw;
    a.actor.send({ type: a.raw ? "activate" : "clear" });
  }

  #transition(
    a: Alarm,
    state: AlarmState,
    ctx: {
      active: boolean;
      shelveMs: number;
      cause: AlarmView["last"] | Omit<AlarmView["last"], "time">;
    },
  ): void {
    if (state === a.state && ctx.active === a.active) return;
    const now = this.#clock.now();
    const previous = a.state;
    if (state !== previous) a.since = now;
    if (ctx.active && !a.active) a.activeSince = now;
    if (!ctx.active) a.activeSince = null;
    a.state = state;
    a.active = ctx.active;
    a.shelvedUntil = state === "shelved"
      ? (previous === "shelved" ? a.shelvedUntil : now + ctx.shelveMs)
      : null;
    a.last = {
      action: ctx.cause.action,
      user: ctx.cause.user,
      comment: ctx.cause.comment,
      time: now,
    };
    const outcome = state === "unacknowledged" && previous !== "unacknowledged"
      ? this.#metrics.annunciated(a.spec.id, now)
      : undefined;
    this.#refresh(a, now);
    const entry = this.journal.append({
      time: now,
      alarm: a.spec.id,
      twin: a.spec.twin,
      priority: a.spec.priority,
      state,
      previous,
      active: ctx.active,
      action: ctx.cause.action,
      value: a.check.value,
      limit: a.check.limit,
      message: a.check.message(ctx.active),
      user: ctx.cause.user,
      comment: ctx.cause.comment,
    });
    if (this.#listeners.size === 0) return;
    const payload: AlarmEventPayload = { alarm: this.#view(a, now), entry };
    if (outcome?.chatterStarted) payload.chatterStarted = true;
    if (outcome?.floodStarted) payload.floodStarted = true;
    for (const listener of this.#listeners) {
      try {
        listener(payload);
      } catch (e) {
        console.error(`alarm listener failed: ${(e as Error).stack}`);
      }
    }
  }

  /** Hear every transition; returns an unsubscribe function. */
  onEvent(listener: (payload: AlarmEventPayload) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** One alarm, or undefined. */
  get(id: string): AlarmView | undefined {
    const a = this.#alarms.get(id);
    return a && this.#view(a, this.#clock.now());
  }

  /** Alarms matching `filter`, most urgent and newest first. */
  list(filter: AlarmFilter = {}): AlarmView[] {
    const states = new Set(filter.states ?? ANNUNCIATED);
    const twins = filter.twins && new Set(filter.twins);
    const priorities = filter.priorities && new Set(filter.priorities);
    const now = this.#clock.now();
    const out: AlarmView[] = [];
    for (const a of this.#alarms.values()) {
      if (!states.has(a.state)) continue;
      if (twins && !twins.has(a.spec.twin)) continue;
      if (priorities && !priorities.has(a.spec.priority)) continue;
      out.push(this.#view(a, now));
    }
    const rank = (p: string) => ["critical", "high", "medium", "low", "diagnostic"].indexOf(p);
    return out.sort((x, y) => rank(x.priority) - rank(y.priority) || y.since - x.since);
  }

  /** Ids of every alarm. */
  ids(): string[] {
    return [...this.#alarms.keys()];
  }

  /**
   * Perform an operator action. Throws {@linkcode AlarmActionError} when
   * the alarm is unknown, the input is bad, or the state does not allow it.
   */
  act(id: string, action: OperatorAction, by: OperatorInput): AlarmView {
    const a = this.#alarms.get(id);
    if (!a) throw new AlarmActionError(404, `no alarm with id "${id}"`);
    const user = by.user.trim() || "anonymous";
    const comment = by.comment.trim();
    if (NEEDS_COMMENT.has(action) && !comment) {
      throw new AlarmActionError(400, `a comment is required to ${VERB[action]} an alarm`);
    }
    let event: AlarmEvent;
    if (action === "shelve") {
      const max = a.spec.maxShelveS;
      const d = by.durationS ?? max;
      if (!(d > 0) || d > max) {
        throw new AlarmActionError(
          400,
          `duration_s must be more than 0 and at most ${max} (the maximum shelve time of "${id}"), got ${d}`,
        );
      }
      event = { type: "shelve", user, comment, durationMs: d * 1000 };
    } else {
      event = { type: action, user, comment };
    }
    if (!a.actor.getSnapshot().can(event)) {
      const why = action === "reset" && a.spec.latching && a.active
        ? " (its condition still holds)"
        : action === "reset" && !a.spec.latching
        ? " (it is not a latching alarm)"
        : "";
      throw new AlarmActionError(
        409,
        `cannot ${VERB[action]} alarm "${id}" while it is ${a.state}${why}`,
      );
    }
    a.actor.send(event);
    return this.#view(a, this.#clock.now());
  }

  /** Metrics now. */
  metrics(): AlarmMetricsReport {
    const now = this.#clock.now();
    const statuses = [...this.#alarms.values()].map((a) => ({
      id: a.spec.id,
      twin: a.spec.twin,
      priority: a.spec.priority,
      state: a.state,
      active: a.active,
      activeSince: a.activeSince,
    }));
    return this.#metrics.report(now, statuses);
  }

  /** Metrics as Prometheus text lines. */
  prometheus(): string {
    return prometheusLines(this.metrics()) +
      `# HELP fieldtwin_alarm_journal_entries_total Journal entries since start.\n` +
      `# TYPE fieldtwin_alarm_journal_entries_total counter\n` +
      `fieldtwin_alarm_journal_entries_total ${this.journal.total}\n`;
  }

  /** A scanned alarm's check has not seen the latest value: let it judge it now (for the message). */
  #refresh(a: Alarm, now: number): void {
    if (!a.scanned) return;
    const own = this.#lookup(a.spec.twin);
    if (own?.running) a.check.test(own, now, a.raw);
  }

  #view(a: Alarm, now: number): AlarmView {
    this.#refresh(a, now);
    const ctx = a.actor.getSnapshot().context;
    return {
      id: a.spec.id,
      twin: a.spec.twin,
      name: a.spec.name,
      priority: a.spec.priority,
      state: a.state,
      active: a.active,
      latched: a.spec.latching && !a.active &&
        (a.state === "unacknowledged" || a.state === "acknowledged"),
      suppressedByDesign: ctx.suppressed,
      condition: a.spec.condition.type,
      value: a.check.value,
      limit: a.check.limit,
      unit: a.spec.unit,
      message: a.check.message(a.active),
      description: a.spec.description,
      since: a.since,
      activeSince: a.activeSince,
      shelvedUntil: a.shelvedUntil,
      last: a.last,
      annunciations: this.#metrics.count(a.spec.id),
      chattering: this.#metrics.chattering(a.spec.id, now),
      maxShelveS: a.spec.maxShelveS,
    };
  }
}
