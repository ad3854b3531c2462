/**
 * The alarm supervisor. It watches twin changes, judges each alarm's
 * condition in plain code (only the alarms on the twin that changed), applies
 * on/off delays on the runtime clock, and hands condition changes and
 * operator actions to each alarm's lifecycle; every transition goes
 * to the journal, the metrics and the listeners (SSE, notifications).
 *
 * Suppression by design and the condition are judged on the same sample:
 * while an alarm is suppressed its condition is followed but starts no
 * delay, entering suppression forgets the condition, and leaving it (after
 * the definition's hold time) judges the latest sample afresh, on-delay
 * included. So a pump start never annunciates the low flow of the moment
 * before it ran.
 *
 * Each alarm's lifecycle runs as a plain transition function
 * (`alarm_lifecycle.ts`) that a property test holds to the XState machine
 * of `alarm_machine.ts`: an actor per alarm cost 2 KB per alarm and about
 * 10 KB of garbage per transition, and the collector's pauses were the
 * tail of the alarm latency. An idle alarm shares one initial lifecycle.
 *
 * @module
 */
import { StatusError } from "../../runtime/status_error.ts";
import type { Clock, TimerId } from "../../runtime/clock.ts";
import type { AlarmsConfig, AlarmSpec, Priority } from "./alarm_definition.ts";
import {
  buildCondition,
  buildSuppression,
  type ConditionCheck,
  type WatchedTwin,
} from "./alarm_condition.ts";
import { renderMessage } from "./alarm_message.ts";
import { AlarmJournal, type JournalEntry } from "./alarm_journal.ts";
import { AlarmRecord } from "./alarm_record.ts";
import { compileScan, type ScanFunction, scannable } from "./alarm_scan.ts";
import {
  type AlarmEvent,
  type AlarmState,
  ANNUNCIATED,
  type OperatorAction,
} from "./alarm_machine.ts";
import {
  delayOf,
  INITIAL,
  type Lifecycle,
  type LifecycleEvent,
  type LifecycleSettings,
  transition,
} from "./alarm_lifecycle.ts";
import {
  AlarmMetrics,
  type AlarmMetricsReport,
  type AlarmMetricsState,
  type AlarmStatus,
  prometheusLines,
} from "./alarm_metrics.ts";
import { sourceFamily } from "../../twins/source_family.ts";

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

/** Why an alarm was retired. */
export interface RetireReason {
  /** Journal action (default `removed`). */
  action?: string;
  /** Operator message; default says the twin left the plant. */
  message?: string;
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
  /** The point it watches on its twin; null for mode and expression conditions. */
  point: string | null;
  /** Latest judged value. */
  value: number | string | boolean | null;
  /** Limit or set it is judged against. */
  limit: number | string | null;
  /** Unit of value and limit: the watched point's, per `s` or `min` for a rate. */
  unit: string;
  /** Operator message for the current condition. */
  message: string;
  /** `message` comes from the definition's own template, not the engine's wording. */
  customMessage: boolean;
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
  /** The alarm was retired (its twin left the plant): forget it. */
  removed?: true;
}

/**
 * What an alarm keeps across a restart: its lifecycle state with the
 * condition as last known, the times, and the latest cause. Alarms in
 * `normal` or `suppressed` (by design) keep nothing: they are judged afresh.
 */
export interface SavedAlarm {
  /** Alarm id. */
  id: string;
  /** Lifecycle state. */
  state: AlarmState;
  /** The condition (after on/off delays) held. */
  active: boolean;
  /** Since when it was in its state (epoch ms). */
  since: number;
  /** Since when the condition held, or null. */
  activeSince: number | null;
  /** When its shelve ends (epoch ms), while shelved. */
  shelvedUntil: number | null;
  /** Latest cause of a change. */
  last: { action: string; user: string | null; comment: string | null; time: number };
}

/**
 * How one alarm stands between two samples, beyond what a restart keeps
 * ({@linkcode SavedAlarm}): its lifecycle in any state, the condition as
 * last judged, suppression by design, and the time left of each delay
 * running. Plain JSON, for a what-if fork "from now".
 */
export interface AlarmJudging {
  /** Alarm id. */
  id: string;
  /** Its lifecycle. */
  life: {
    state: AlarmState;
    active: boolean;
    suppressed: boolean;
    shelveMs: number;
    cause: { action: string; user: string | null; comment: string | null };
  };
  /** Since when it is in its state (epoch ms); null: since the engine started. */
  since: number | null;
  /** Since when the condition holds, or null. */
  activeSince: number | null;
  /** When its shelve ends, while shelved. */
  shelvedUntil: number | null;
  /** Latest cause of a change, or null. */
  last: { action: string; user: string | null; comment: string | null; time: number } | null;
  /** Raw condition on the latest judged sample. */
  raw: boolean;
  /** Condition after on/off delays, as the lifecycle knows it. */
  debounced: boolean;
  /** The suppression condition held on the latest sample. */
  design: boolean;
  /** Suppressed by design in effect (the condition, or its hold after it). */
  suppressed: boolean;
  /** Time left (ms) of the on/off delay, or of the suppression hold while suppressed. */
  delayLeftMs: number | null;
  /** Time left (ms) of the lifecycle's delay (shelve expiry, re-alarm). */
  lifeLeftMs: number | null;
  /** What its condition remembers of past samples (a rate's window), when it does. */
  check?: unknown;
}

/** What {@linkcode AlarmEngine.restore} did. */
export interface RestoreReport {
  /** Alarms put back in their saved state. */
  restored: string[];
  /** Shelved alarms whose shelve ended while the plant was down (unshelved, journalled). */
  expired: string[];
  /** Saved states of alarms the plant no longer has (left alone). */
  unknown: string[];
}

/** States an alarm keeps across a restart. */
const SAVED_STATES: ReadonlySet<AlarmState> = new Set([
  "unacknowledged",
  "acknowledged",
  "returned_unacknowledged",
  "shelved",
  "out_of_service",
]);

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

/** An alarm in the engine. */
type Alarm = AlarmRecord;

/** The alarms a twin's changes concern. */
interface TwinAlarms {
  /** The twin id. */
  id: string;
  /** The twin's own simple alarms, judged by `scan`, by index. */
  scanned: Alarm[];
  scan: ScanFunction | undefined;
  /**
   * The same scan for the twin before its first sample. V8 remembers every
   * hidden class a function's reads have met; an empty table met once at
   * start made every number `scan` read later go through a polymorphic load
   * that boxes it (a new heap object per point and step). A copy of its own
   * meets the empty tables instead.
   */
  coldScan: ScanFunction | undefined;
  /** Where its scanned alarms' state starts in the engine's state buffer. */
  base: number;
  /** How many alarms that run holds. */
  run: number;
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
  /** `#byTwin` by twin index as far as looked up (null: no alarms); see `#groupOf`. */
  #byIndex: (TwinAlarms | null | undefined)[] = [];
  readonly #metrics: AlarmMetrics;
  readonly #listeners = new Set<(payload: AlarmEventPayload) => void>();
  readonly #lookup: (id: string) => WatchedTwin | undefined;
  /** Compiled expressions by source, shared by the alarms of a kind-wide definition. */
  readonly #expressions = new Map<string, unknown>();
  readonly #startedAt: number;
  #unsubscribe: (() => void) | undefined;
  /**
   * Groups changed since the last flush, the first `#dirtyCount` of them. The
   * array is reused, not emptied: `length = 0` frees its store, and every step
   * would grow a new one.
   */
  readonly #dirty: TwinAlarms[] = [];
  #dirtyCount = 0;
  #flushQueued = false;
  /** Changes reported by scans, used as a stack (a listener may judge another twin). */
  #changes = new Uint32Array(64);
  #changesTop = 0;
  /**
   * State of every scanned alarm, a twin's in one run: raw condition of
   * alarm k at [base + k], its suppression at [base + n + k].
   */
  #state = new Uint8Array(1024);
  #stateTop = 0;
  /** Scan functions by the identity of their alarms' conditions and suppression modes. */
  readonly #scans = new Map<string, ScanFunction>();
  readonly #shapes = new WeakMap<object, number>();
  /** Condition evaluations done (for benchmarks). */
  evaluations = 0;

  /** Build every alarm of `config`; call {@linkcode AlarmEngine.start} to begin watching. */
  constructor(host: AlarmHost, config: AlarmsConfig) {
    this.#host = host;
    this.#clock = host.clock;
    const s = config.settings;
    this.journal = new AlarmJournal(s.journal_capacity);
    this.#startedAt = this.#clock.now();
    this.#metrics = new AlarmMetrics({
      floodCount: s.flood_count,
      floodWindowMs: s.flood_window_s * 1000,
      chatterCount: s.chatter_count,
      chatterWindowMs: s.chatter_window_s * 1000,
      standingAfterMs: s.standing_after_s * 1000,
      badActors: s.bad_actors,
    }, this.#startedAt);
    this.#lookup = (id) => host.twins.get(id);
    this.#addAll(config.alarms);
  }

  /** Number of alarms. */
  get size(): number {
    return this.#alarms.size;
  }

  /**
   * Add alarms (of twins that joined the plant) and judge them on their
   * twins' current values. An id already present is skipped.
   */
  add(specs: readonly AlarmSpec[]): void {
    const touched = this.#addAll(specs.filter((spec) => !this.#alarms.has(spec.id)));
    if (!this.#unsubscribe) return;
    for (const id of touched) {
      const twin = this.#host.twins.get(id);
      if (twin) this.evaluateTwin(twin);
    }
  }

  /**
   * Retire every alarm of the twins `ids` (they left the plant): their
   * timers stop, a journal entry and an event with `removed` say so, and
   * the alarms are gone from lists and lookups. Returns the ids retired.
   */
  retireTwins(ids: Iterable<string>, why: RetireReason = {}): string[] {
    const gone = new Set(ids);
    const retired: Alarm[] = [];
    for (const a of this.#alarms.values()) if (gone.has(a.spec.twin)) retired.push(a);
    const touched = new Set<TwinAlarms>();
    for (const a of retired) {
      for (const id of this.#watched(a)) {
        const group = this.#byTwin.get(id);
        if (group) touched.add(group);
      }
    }
    for (const group of touched) {
      group.others = group.others.filter((a) => !gone.has(a.spec.twin));
      if (!gone.has(group.id)) continue;
      // The twin's own alarms go; alarms of other twins that watch it stay,
      // so a twin of that id added later is watched again.
      group.scanned = [];
      group.scan = undefined;
      group.run = 0;
      if (group.dirty !== undefined) {
        group.dirty = undefined;
        const i = this.#dirty.indexOf(group);
        this.#dirty[i] = this.#dirty[--this.#dirtyCount];
      }
      if (group.others.length === 0) {
        this.#byTwin.delete(group.id);
        this.#byIndex = [];
      }
    }
    const now = this.#clock.now();
    for (const a of retired) this.#retire(a, now, why);
    return retired.map((a) => a.spec.id);
  }

  /** Build alarms and their twin groups; returns the ids of the twins whose groups changed. */
  #addAll(specs: readonly AlarmSpec[]): Set<string> {
    const rescan = new Set<TwinAlarms>();
    const touched = new Set<string>();
    for (const spec of specs) {
      const scanned = scannable(spec);
      const alarm = new AlarmRecord(
        spec,
        scanned ? undefined : this.#buildCheck(spec),
        scanned ? undefined : buildSuppression(spec, this.#lookup, this.#expressions),
        scanned,
      );
      this.#alarms.set(spec.id, alarm);
      for (const id of this.#watched(alarm)) {
        const group = this.#group(id);
        touched.add(id);
        if (scanned) {
          group.scanned.push(alarm);
          rescan.add(group);
        } else {
          group.others.push(alarm);
        }
      }
    }
    for (const id of touched) {
      // Arrays grown by push keep spare room; half a million alarms make it count.
      const group = this.#byTwin.get(id)!;
      group.others = group.others.slice();
    }
    for (const group of rescan) {
      group.scanned = group.scanned.slice();
      const n = group.scanned.length;
      const family = sourceFamily(this.#lookup(group.id));
      group.scan = this.#scanOf(group.scanned, family);
      group.coldScan = this.#scanOf(group.scanned, `${family}, before a first sample`);
      // A new run at the end (a twin that gains alarms leaves its old run
      // unused), keeping what the alarms already there have judged.
      if (this.#state.length < this.#stateTop + 2 * n) {
        const bigger = new Uint8Array(Math.max(2 * this.#state.length, this.#stateTop + 2 * n));
        bigger.set(this.#state);
        this.#state = bigger;
      }
      const base = this.#stateTop, old = group.base, had = group.run;
      this.#stateTop += 2 * n;
      if (had > 0) {
        this.#state.copyWithin(base, old, old + had);
        this.#state.copyWithin(base + n, old + had, old + 2 * had);
      }
      group.base = base;
      group.run = n;
    }
    return touched;
  }

  /**
   * The scan of a twin's alarms. Twins of a kind share their definitions'
   * condition objects and suppression modes, so their identity finds the
   * function without generating its code again for every twin; twins fed
   * by different sources (`family`) get functions of their own
   * (twins/source_family.ts).
   */
  #scanOf(alarms: readonly Alarm[], family: string): ScanFunction {
    let key = `${family}\u0000`;
    for (const a of alarms) {
      const c = a.spec.condition;
      // A deviation from the twin's own setpoint is a condition per twin;
      // it is judged the same way as its kind's others.
      const shape = c.type === "deviation" && typeof c.setpoint !== "number"
        ? `${c.point}\u0000${c.setpoint.point}\u0000${c.limit}\u0000${c.direction}\u0000${c.deadband}`
        : c;
      key += `${this.#shape(shape)},${this.#shape(a.spec.suppress?.modes)};`;
    }
    let scan = this.#scans.get(key);
    if (!scan) {
      scan = compileScan(alarms.map((a) => a.spec), family);
      this.#scans.set(key, scan);
    }
    return scan;
  }

  readonly #strings = new Map<string, number>();
  #shapeCount = 0;

  /** A number naming an object by identity, or a string by value. */
  #shape(x: object | string | undefined): number {
    if (x === undefined) return 0;
    if (typeof x === "string") {
      let id = this.#strings.get(x);
      if (id === undefined) this.#strings.set(x, id = this.#strings.size + 1_000_000);
      return id;
    }
    let id = this.#shapes.get(x);
    if (id === undefined) this.#shapes.set(x, id = ++this.#shapeCount);
    return id;
  }

  #buildCheck(spec: AlarmSpec): ConditionCheck {
    return buildCondition(spec, this.#lookup, this.#expressions);
  }

  /** Ids of the twins whose changes concern `a`. */
  #watched(a: Alarm): Iterable<string> {
    if (a.scanned) return [a.spec.twin];
    return new Set([...a.check!.watches, ...(a.suppression?.watches ?? [])]);
  }

  #group(id: string): TwinAlarms {
    let group = this.#byTwin.get(id);
    if (!group) {
      group = {
        id,
        scanned: [],
        scan: undefined,
        coldScan: undefined,
        base: 0,
        run: 0,
        others: [],
        dirty: undefined,
      };
      this.#byTwin.set(id, group);
      this.#byIndex = [];
    }
    return group;
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
    for (let i = 0; i < this.#dirtyCount; i++) {
      const group = dirty[i];
      const twin = group.dirty!;
      group.dirty = undefined;
      this.#evaluateGroup(group, twin);
    }
    this.#dirtyCount = 0;
  }

  #markDirty = (twin: WatchedTwin): void => {
    const group = this.#groupOf(twin);
    if (group === undefined || group.dirty === twin) return;
    group.dirty = twin;
    this.#dirty[this.#dirtyCount++] = group;
    if (this.#flushQueued) return;
    this.#flushQueued = true;
    queueMicrotask(() => {
      this.#flushQueued = false;
      this.flush();
    });
  };

  /** Stop watching and stop every alarm's timers. */
  stop(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    for (let i = 0; i < this.#dirtyCount; i++) this.#dirty[i].dirty = undefined;
    this.#dirtyCount = 0;
    for (const a of this.#alarms.values()) this.#halt(a);
  }

  /**
   * The alarms watching `twin`. Every twin changes every step, so a lookup
   * by id cost as much as the rest of marking it; twins a runtime numbers
   * are found by their number, in an array filled as they are first seen
   * and emptied when groups come or go.
   */
  #groupOf(twin: WatchedTwin): TwinAlarms | undefined {
    const i = twin.index;
    if (i === undefined || i < 0) return this.#byTwin.get(twin.id);
    let group = this.#byIndex[i];
    if (group === undefined) {
      group = this.#byTwin.get(twin.id) ?? null;
      this.#byIndex[i] = group;
    }
    return group ?? undefined;
  }

  /** Judge the alarms that watch `twin` (the hot path). */
  evaluateTwin(twin: WatchedTwin): void {
    const group = this.#groupOf(twin);
    if (group !== undefined) this.#evaluateGroup(group, twin);
  }

  /** Judge `group`, the alarms watching `twin` (the dirty list holds groups, so no second lookup). */
  #evaluateGroup(group: TwinAlarms, twin: WatchedTwin): void {
    if (group.scan !== undefined) {
      const scanned = group.scanned, n = scanned.length, b = group.base;
      this.evaluations += n;
      const top = this.#changesTop;
      if (this.#changes.length < top + 2 * n) this.#growChanges(top + 2 * n);
      const changes = this.#changes, state = this.#state;
      const scan = twin.ts === 0 ? group.coldScan! : group.scan;
      const count = scan(twin, state, b, changes, top);
      this.#changesTop = top + count;
      try {
        for (let i = top; i < top + count; i++) {
          const change = changes[i];
          const k = change >> 2;
          // The scan has judged both on this sample: suppression first, with
          // the condition as it now is, then the condition.
          if (change & 2) this.#design(scanned[k], state[b + n + k] === 1, state[b + k] === 1);
          else this.#raw(scanned[k], state[b + k] === 1);
        }
      } finally {
        this.#changesTop = top;
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

  #growChanges(size: number): void {
    const bigger = new Uint32Array(Math.max(size, 2 * this.#changes.length));
    bigger.set(this.#changes);
    this.#changes = bigger;
  }

  #evaluate(a: Alarm, own: WatchedTwin, now: number): void {
    this.evaluations++;
    // A twin that is not running cannot be judged: its alarms are
    // suppressed by design until it runs again.
    if (!own.running) {
      if (!a.design) this.#design(a, true, a.raw);
      return;
    }
    const tested = a.check!.test(own, now, a.raw);
    const raw = tested === undefined ? a.raw : tested;
    const design = a.suppression !== undefined && a.suppression.test(own);
    if (design !== a.design) this.#design(a, design, raw);
    this.#raw(a, raw);
  }

  /** The suppression condition changed; `raw` is the condition on the same sample. */
  #design(a: Alarm, on: boolean, raw: boolean): void {
    a.design = on;
    if (on) {
      // A hold still running (no delay runs while suppressed) ends here.
      if (a.suppressed && a.timer !== undefined) {
        this.#clock.clearTimeout(a.timer);
        a.timer = undefined;
      }
      a.raw = raw;
      if (!a.suppressed) this.#suppress(a);
      return;
    }
    if (!a.suppressed) return;
    a.raw = raw;
    const holdS = a.spec.suppress?.holdS ?? 0;
    if (holdS <= 0) return this.#unsuppress(a);
    // Let a start settle: judge the alarm only once the hold has passed,
    // on the condition as it then is.
    if (a.timer !== undefined) this.#clock.clearTimeout(a.timer);
    this.#armHold(a, holdS * 1000);
  }

  /** Run the suppression hold: the alarm is judged afresh when it ends. */
  #armHold(a: Alarm, ms: number): void {
    a.timer = this.#clock.setTimeout(() => {
      a.timer = undefined;
      if (!a.design && a.suppressed && !a.retired) this.#unsuppress(a);
    }, ms);
  }

  /** Enter suppression by design: the condition is forgotten, no delay runs. */
  #suppress(a: Alarm): void {
    a.suppressed = true;
    if (a.timer !== undefined) {
      this.#clock.clearTimeout(a.timer);
      a.timer = undefined;
    }
    a.debounced = false;
    this.#send(a, { type: "suppress" });
  }

  /** Leave suppression: the condition now is judged afresh, on-delay included. */
  #unsuppress(a: Alarm): void {
    a.suppressed = false;
    this.#send(a, { type: "unsuppress" });
    if (a.raw) this.#delay(a, true);
  }

  /** The raw condition on the latest sample: start the on/off delay, or pass it on. */
  #raw(a: Alarm, raw: boolean): void {
    if (raw === a.raw) return;
    a.raw = raw;
    // While suppressed the condition is only followed, so leaving
    // suppression judges the latest sample.
    if (a.suppressed) return;
    if (a.timer !== undefined) {
      this.#clock.clearTimeout(a.timer);
      a.timer = undefined;
    }
    if (raw !== a.debounced) this.#delay(a, raw);
  }

  #delay(a: Alarm, raw: boolean): void {
    const delayS = raw ? a.spec.onDelayS : a.spec.offDelayS;
    if (delayS <= 0) return this.#commit(a);
    this.#armDelay(a, delayS * 1000);
  }

  /** Run the on/off delay: the condition is committed when it ends. */
  #armDelay(a: Alarm, ms: number): void {
    a.timer = this.#clock.setTimeout(() => {
      a.timer = undefined;
      this.#commit(a);
    }, ms);
  }

  #commit(a: Alarm): void {
    a.debounced = a.raw;
    this.#send(a, { type: a.raw ? "activate" : "clear" });
  }

  /** Apply a lifecycle event; false when the state does not take it. */
  #send(a: Alarm, event: LifecycleEvent): boolean {
    const before = a.life;
    const settings = settingsOf(a.spec);
    const next = transition(before, settings, event);
    if (next === undefined) return false;
    a.life = next;
    if (next.state !== before.state) this.#arm(a, settings);
    this.#transition(a, before, next);
    return true;
  }

  /** Run the delay of the state the alarm entered (and cancel the one of the state it left). */
  #arm(a: Alarm, settings: LifecycleSettings): void {
    if (a.lifeTimer !== undefined) this.#clock.clearTimeout(a.lifeTimer);
    a.lifeTimer = undefined;
    const type = delayOf(a.life, settings);
    if (type === undefined) return;
    this.#armLife(a, type, type === "shelve_expiry" ? a.life.shelveMs : settings.realarmMs);
  }

  /** Run the lifecycle delay `type`, due in `ms`. */
  #armLife(a: Alarm, type: "shelve_expiry" | "realarm_due", ms: number): void {
    a.lifeTimer = this.#clock.setTimeout(() => {
      a.lifeTimer = undefined;
      if (!a.retired) this.#send(a, { type });
    }, ms);
  }

  /** Stop an alarm's timers. */
  #halt(a: Alarm): void {
    if (a.timer !== undefined) this.#clock.clearTimeout(a.timer);
    if (a.lifeTimer !== undefined) this.#clock.clearTimeout(a.lifeTimer);
    a.timer = a.lifeTimer = undefined;
  }

  #retire(a: Alarm, now: number, why: RetireReason): void {
    this.#halt(a);
    a.retired = true;
    this.#alarms.delete(a.spec.id);
    const previous = a.state;
    a.life = INITIAL;
    a.activeSince = null;
    a.shelvedUntil = null;
    a.since = now;
    const action = why.action ?? "removed";
    a.caused({ action, user: null, comment: null }, now);
    const entry = this.journal.append({
      time: now,
      alarm: a.spec.id,
      twin: a.spec.twin,
      priority: a.spec.priority,
      state: "normal",
      previous,
      active: false,
      action,
      value: a.check?.value ?? null,
      limit: this.#check(a).limit,
      message: why.message ?? `${a.spec.id} removed: twin "${a.spec.twin}" left the plant`,
      user: null,
      comment: null,
    });
    this.#emit({ alarm: this.#view(a, now), entry, removed: true });
  }

  /** The lifecycle moved from `before` to `ctx` (already `a.life`): record, journal, tell. */
  #transition(a: Alarm, before: Lifecycle, ctx: Lifecycle): void {
    const state = ctx.state, previous = before.state;
    if (state === previous && ctx.active === before.active) return;
    const now = this.#clock.now();
    if (state !== previous) a.since = now;
    if (ctx.active && !before.active) a.activeSince = now;
    if (!ctx.active) a.activeSince = null;
    a.shelvedUntil = state === "shelved"
      ? (previous === "shelved" ? a.shelvedUntil : now + ctx.shelveMs)
      : null;
    a.caused(ctx.cause, now);
    const outcome = state === "unacknowledged" && previous !== "unacknowledged"
      ? this.#metrics.annunciated(a.spec.id, now)
      : undefined;
    this.#refresh(a, now);
    const check = this.#check(a);
    const entry = this.journal.append({
      time: now,
      alarm: a.spec.id,
      twin: a.spec.twin,
      priority: a.spec.priority,
      state,
      previous,
      active: ctx.active,
      action: ctx.cause.action,
      value: check.value,
      limit: check.limit,
      // Worded by the condition as last judged: an alarm back from
      // suppression whose on-delay runs is "below", not "back above".
      message: this.#message(a, check, ctx.active || a.raw),
      user: ctx.cause.user,
      comment: ctx.cause.comment,
    });
    if (this.#listeners.size === 0) return;
    // The view says what the entry says: judged once, worded once.
    const payload: AlarmEventPayload = { alarm: this.#view(a, now, entry.message), entry };
    if (outcome?.chatterStarted) payload.chatterStarted = true;
    if (outcome?.floodStarted) payload.floodStarted = true;
    this.#emit(payload);
  }

  #emit(payload: AlarmEventPayload): void {
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
    if (!this.#send(a, event)) {
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
    return this.#view(a, this.#clock.now());
  }

  /**
   * What alarm `id` keeps across a restart, or undefined when it keeps
   * nothing (normal, suppressed by design, or no such alarm).
   */
  saved(id: string): SavedAlarm | undefined {
    const a = this.#alarms.get(id);
    if (a === undefined || !SAVED_STATES.has(a.state)) return undefined;
    return {
      id,
      state: a.state,
      active: a.active,
      since: a.since ?? this.#startedAt,
      activeSince: a.activeSince,
      shelvedUntil: a.shelvedUntil,
      last: a.last ?? { action: "start", user: null, comment: null, time: this.#startedAt },
    };
  }

  /**
   * Put alarms back in the states saved before a restart; call before
   * {@linkcode AlarmEngine.start}. Shelved and out-of-service alarms come
   * back exactly (a shelve ends when it was due to, and one that ended
   * while the plant was down ends now, with a `shelve_expired` entry);
   * annunciated ones come back acknowledged or not as they were. Each
   * keeps its condition as last known, and the first judging after start
   * moves it on as the condition now is (on/off delays included), so an
   * alarm whose condition went while the plant was down clears.
   */
  restore(saved: Iterable<SavedAlarm>): RestoreReport {
    const report: RestoreReport = { restored: [], expired: [], unknown: [] };
    const now = this.#clock.now();
    for (const s of saved) {
      const a = this.#alarms.get(s.id);
      if (a === undefined) {
        report.unknown.push(s.id);
        continue;
      }
      if (!SAVED_STATES.has(s.state)) continue;
      const shelved = s.state === "shelved";
      const until = shelved ? s.shelvedUntil ?? now : null;
      // An ended shelve returns to normal and the condition is judged
      // afresh at start, as for an alarm leaving a shelve live.
      const active = s.active && !(shelved && until! <= now);
      this.#halt(a);
      a.life = {
        state: s.state,
        active,
        suppressed: false,
        shelveMs: shelved ? Math.max(0, until! - s.since) : 0,
        cause: { action: s.last.action, user: s.last.user, comment: s.last.comment },
      };
      a.since = s.since;
      a.activeSince = active ? s.activeSince ?? s.since : null;
      a.shelvedUntil = until;
      a.caused(a.life.cause, s.last.time);
      this.#setRaw(a, active);
      a.debounced = active;
      a.suppressed = a.design = false;
      if (shelved && until! <= now) {
        this.#send(a, { type: "shelve_expiry" });
        report.expired.push(s.id);
        continue;
      }
      if (shelved) {
        this.#armLife(a, "shelve_expiry", until! - now);
      } else {
        this.#arm(a, settingsOf(a.spec));
      }
      report.restored.push(s.id);
    }
    return report;
  }

  /** Set the raw condition, in the scan's state buffer too for a scanned alarm. */
  #setRaw(a: Alarm, raw: boolean): void {
    a.raw = raw;
    if (!a.scanned) return;
    const group = this.#byTwin.get(a.spec.twin);
    const k = group?.scanned.indexOf(a) ?? -1;
    if (group !== undefined && k >= 0) this.#state[group.base + k] = raw ? 1 : 0;
  }

  /**
   * How every alarm that is not idle stands now, its running delays with
   * the time they have left, for a what-if fork to go on from
   * ({@linkcode AlarmEngine.resume}). Reads the clock's due times, so the
   * judging path keeps no extra bookkeeping. A delay whose due time the
   * clock cannot tell is carried whole (it restarts), named in `warnings`.
   */
  judging(): { alarms: AlarmJudging[]; warnings: string[] } {
    const now = this.#clock.now();
    const alarms: AlarmJudging[] = [];
    const warnings: string[] = [];
    const left = (a: Alarm, id: TimerId | undefined, whole: number, what: string) => {
      if (id === undefined) return null;
      const due = this.#clock.dueAt?.(id);
      if (due !== undefined) return Math.max(0, due - now);
      warnings.push(`${a.spec.id}: the clock cannot tell when its ${what} ends; it restarts`);
      return whole;
    };
    for (const a of this.#alarms.values()) {
      const memory = a.check?.save?.();
      if (
        a.life === INITIAL && a.since === undefined && a.timer === undefined &&
        !a.raw && !a.debounced && !a.design && !a.suppressed && memory === undefined
      ) continue;
      const spec = a.spec, life = a.life, last = a.last;
      const delay = a.suppressed
        ? left(a, a.timer, (spec.suppress?.holdS ?? 0) * 1000, "suppression hold")
        : left(a, a.timer, (a.raw ? spec.onDelayS : spec.offDelayS) * 1000, "on/off delay");
      const type = delayOf(life, settingsOf(spec));
      const lifeLeft = type === undefined ? null : left(
        a,
        a.lifeTimer,
        type === "shelve_expiry" ? life.shelveMs : spec.realarmS * 1000,
        type === "shelve_expiry" ? "shelve" : "re-alarm delay",
      );
      alarms.push({
        id: spec.id,
        life: {
          state: life.state,
          active: life.active,
          suppressed: life.suppressed,
          shelveMs: life.shelveMs,
          cause: { action: life.cause.action, user: life.cause.user, comment: life.cause.comment },
        },
        since: a.since ?? null,
        activeSince: a.activeSince,
        shelvedUntil: a.shelvedUntil,
        last: last ?? null,
        raw: a.raw,
        debounced: a.debounced,
        design: a.design,
        suppressed: a.suppressed,
        delayLeftMs: delay,
        lifeLeftMs: lifeLeft,
        ...(memory !== undefined ? { check: memory } : {}),
      });
    }
    return { alarms, warnings };
  }

  /**
   * Make every alarm stand as `judging` (from {@linkcode AlarmEngine.judging}
   * of the plant forked) says, and every other alarm idle: lifecycles,
   * times, conditions as last judged, suppression, and each delay re-armed
   * with the time it had left, so an on-delay half run fires when it would
   * have in the plant forked. Nothing is journalled. Returns a warning per
   * alarm the fork lacks.
   */
  resume(judging: Iterable<AlarmJudging>): string[] {
    const byId = new Map<string, AlarmJudging>();
    const warnings: string[] = [];
    for (const j of judging) {
      if (this.#alarms.has(j.id)) byId.set(j.id, j);
      else warnings.push(`${j.id}: the fork has no such alarm; its state is dropped`);
    }
    for (const a of this.#alarms.values()) {
      const j = byId.get(a.spec.id);
      if (
        j === undefined && a.life === INITIAL && a.since === undefined &&
        a.timer === undefined && !a.raw && !a.debounced && !a.design && !a.suppressed
      ) continue;
      this.#halt(a);
      a.forget();
      a.life = j === undefined ? INITIAL : { ...j.life, cause: { ...j.life.cause } };
      this.#setRaw(a, j?.raw ?? false);
      this.#setDesign(a, j?.design ?? false);
      a.debounced = j?.debounced ?? false;
      a.suppressed = j?.suppressed ?? false;
      if (j === undefined) continue;
      if (j.since !== null) a.since = j.since;
      a.activeSince = j.activeSince;
      a.shelvedUntil = j.shelvedUntil;
      if (j.last !== null) {
        a.caused(
          { action: j.last.action, user: j.last.user, comment: j.last.comment },
          j.last.time,
        );
      }
      if (j.delayLeftMs !== null) {
        if (a.suppressed) this.#armHold(a, j.delayLeftMs);
        else this.#armDelay(a, j.delayLeftMs);
      }
      const type = delayOf(a.life, settingsOf(a.spec));
      if (type !== undefined && j.lifeLeftMs !== null) this.#armLife(a, type, j.lifeLeftMs);
      if (j.check !== undefined) this.#check(a).load?.(structuredClone(j.check));
    }
    return warnings;
  }

  /** Set the suppression condition, in the scan's state buffer too for a scanned alarm. */
  #setDesign(a: Alarm, on: boolean): void {
    a.design = on;
    if (!a.scanned) return;
    const group = this.#byTwin.get(a.spec.twin);
    const k = group?.scanned.indexOf(a) ?? -1;
    if (group !== undefined && k >= 0) this.#state[group.base + group.run + k] = on ? 1 : 0;
  }

  /** What the alarm metrics remember now (counts, flood and chatter windows), for a fork. */
  metricsState(): AlarmMetricsState {
    return this.#metrics.state(this.#clock.now());
  }

  /** Go on counting from `state`, the {@linkcode AlarmEngine.metricsState} of the plant forked. */
  resumeMetrics(state: AlarmMetricsState): void {
    this.#metrics.resume(state);
  }

  /** Metrics now. */
  metrics(): AlarmMetricsReport {
    const now = this.#clock.now();
    return this.#metrics.report(now, this.#statuses());
  }

  /** Every alarm's status through one reused object: a scrape allocates nothing per alarm. */
  *#statuses(): Generator<AlarmStatus> {
    const s: AlarmStatus = {
      id: "",
      twin: "",
      priority: "medium",
      state: "normal",
      active: false,
      activeSince: null,
    };
    for (const a of this.#alarms.values()) {
      s.id = a.spec.id;
      s.twin = a.spec.twin;
      s.priority = a.spec.priority;
      s.state = a.state;
      s.active = a.active;
      s.activeSince = a.activeSince;
      yield s;
    }
  }

  /** Metrics as Prometheus text lines. */
  prometheus(): string {
    return prometheusLines(this.metrics()) +
      `# HELP fieldtwin_alarm_journal_entries_total Journal entries since start.\n` +
      `# TYPE fieldtwin_alarm_journal_entries_total counter\n` +
      `fieldtwin_alarm_journal_entries_total ${this.journal.total}\n`;
  }

  /** The alarm's check, built on first use for a scanned alarm. */
  #check(a: Alarm): ConditionCheck {
    return a.check ??= this.#buildCheck(a.spec);
  }

  /** A scanned alarm's check has not seen the latest value: let it judge it now (for the message). */
  #refresh(a: Alarm, now: number): void {
    if (!a.scanned || a.retired) return;
    const own = this.#lookup(a.spec.twin);
    if (own?.running) this.#check(a).test(own, now, a.raw);
  }

  /** The definition's template filled in, or the condition's own words. */
  #message(a: Alarm, check: ConditionCheck, active: boolean): string {
    const spec = a.spec;
    if (spec.message === undefined) return check.message(active);
    const c = spec.condition;
    return renderMessage(spec.message, {
      twin: spec.twin,
      name: spec.name,
      point: "point" in c ? c.point : undefined,
      condition: c.type,
      value: check.value,
      limit: check.limit,
      unit: c.type === "rate" ? `${spec.unit}/${c.per}` : spec.unit,
      active,
    });
  }

  /** The alarm as the API shows it; `message` when just worded (and its check just refreshed). */
  #view(a: Alarm, now: number, message?: string): AlarmView {
    if (message === undefined) this.#refresh(a, now);
    const check = this.#check(a);
    const spec = a.spec;
    const c = spec.condition;
    return {
      id: spec.id,
      twin: spec.twin,
      name: spec.name,
      priority: spec.priority,
      state: a.state,
      active: a.active,
      latched: spec.latching && !a.active &&
        (a.state === "unacknowledged" || a.state === "acknowledged"),
      suppressedByDesign: a.suppressed,
      condition: c.type,
      point: "point" in c ? c.point : null,
      value: check.value,
      limit: check.limit,
      unit: c.type === "rate" ? `${spec.unit}/${c.per}` : spec.unit,
      message: message ?? this.#message(a, check, a.active || a.raw),
      customMessage: spec.message !== undefined,
      description: spec.description,
      since: a.since ?? this.#startedAt,
      activeSince: a.activeSince,
      shelvedUntil: a.shelvedUntil,
      last: a.last ?? { action: "start", user: null, comment: null, time: this.#startedAt },
      annunciations: this.#metrics.count(spec.id),
      chattering: this.#metrics.chattering(spec.id, now),
      maxShelveS: spec.maxShelveS,
    };
  }
}

/** The lifecycle settings of an alarm definition. */
function settingsOf(spec: AlarmSpec): LifecycleSettings {
  return {
    latching: spec.latching,
    realarmMs: spec.realarmS * 1000,
    maxShelveMs: spec.maxShelveS * 1000,
  };
}
