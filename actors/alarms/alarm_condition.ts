/**
 * The alarm hot path: each condition judged in plain code on every sample of
 * the twins it watches, with deadbands, and without allocating. Only a change
 * of the judged condition leaves this file (towards delays and the lifecycle
 * machine).
 *
 * @module
 */
import type { PointValues } from "../../simulators/simulator.ts";
import type { Quality } from "../../twins/point.ts";
import { compileExpression, type Evaluator, parseExpression } from "../rules/expression.ts";
import type { AlarmCondition, AlarmSpec, AlarmSuppression } from "./alarm_definition.ts";

/** What a condition reads of a twin (a runtime `Twin` is one). */
export interface WatchedTwin {
  /** Twin id. */
  readonly id: string;
  /** Latest values. */
  readonly values: Readonly<PointValues>;
  /** Quality of points that are not good. */
  readonly quality: Readonly<Record<string, Quality>>;
  /** Current top-level mode. */
  readonly mode: string;
  /** Whether the twin runs. */
  readonly running: boolean;
  /** Its runtime's small number for its id (a runtime `Twin`'s `index`); absent or -1: found by id. */
  readonly index?: number;
  /** What feeds it (a runtime `Twin`'s source); twins fed alike fill their tables alike. */
  readonly source?: { readonly type: string };
  /** Time of its latest sample, 0 before the first (absent: taken as sampled). */
  readonly ts?: number;
}

/** Finds a twin by id. */
export type TwinLookup = (id: string) => WatchedTwin | undefined;

/** A condition being watched. */
export interface ConditionCheck {
  /** Ids of the twins whose changes can change the result. */
  readonly watches: readonly string[];
  /**
   * The raw condition now. `active` is its current raw state, for deadbands.
   * Undefined when it cannot be judged (no value yet, bad quality): the
   * alarm holds its state.
   */
  test(own: WatchedTwin, now: number, active: boolean): boolean | undefined;
  /** The value last judged, for messages and the journal. */
  readonly value: number | string | boolean | null;
  /** The limit it is judged against, for messages and the journal. */
  readonly limit: number | string | null;
  /** Operator message for the alarm being active or not. */
  message(active: boolean): string;
  /** What it remembers of past samples, as plain JSON (a rate's window); absent: nothing. */
  save?(): unknown;
  /** Go on from {@linkcode ConditionCheck.save} of the same condition. */
  load?(state: unknown): void;
}

/** Format a number for a message: a few significant digits. */
export function formatValue(x: unknown, unit = ""): string {
  let s: string;
  if (typeof x === "number") {
    const a = Math.abs(x);
    s = Number.isInteger(x) ? String(x) : x.toFixed(a >= 100 ? 1 : a >= 1 ? 2 : 3);
  } else s = x === null || x === undefined ? "no value" : String(x);
  return unit && typeof x === "number" ? `${s} ${unit}` : s;
}

/**
 * Compiled expressions by source, shared by the alarms of one engine (a
 * kind-wide definition gives every twin of the kind the same expression).
 */
export type ExpressionCache = Map<string, unknown>;

/** Build the check for an expanded alarm. */
export function buildCondition(
  spec: AlarmSpec,
  lookup: TwinLookup,
  cache: ExpressionCache = new Map(),
): ConditionCheck {
  const c = spec.condition;
  switch (c.type) {
    case "limit":
      return new LimitCheck(spec, c);
    case "deviation":
      return new DeviationCheck(spec, c, lookup);
    case "rate":
      return new RateCheck(spec, c);
    case "state":
      return new StateCheck(spec, c);
    case "mode":
      return new ModeCheck(spec, c);
    case "expression":
      return new ExpressionCheck(spec, c.expr, lookup, cache);
  }
}

/** Whether an alarm is suppressed by design now. */
export interface SuppressionCheck {
  /** Twins whose changes can change it. */
  readonly watches: readonly string[];
  /** Suppressed now (a condition that cannot be judged does not suppress). */
  test(own: WatchedTwin): boolean;
}

/** Build the suppression check of an alarm, if it has one. */
export function buildSuppression(
  spec: AlarmSpec,
  lookup: TwinLookup,
  cache: ExpressionCache = new Map(),
): SuppressionCheck | undefined {
  const s: AlarmSuppression | undefined = spec.suppress;
  if (!s) return undefined;
  const modes = s.modes;
  const expr = s.expr === undefined ? undefined : new ExpressionCheck(spec, s.expr, lookup, cache);
  const watches = [spec.twin];
  for (const id of [...(modes ? [s.twin] : []), ...(expr?.watches ?? [])]) {
    if (!watches.includes(id)) watches.push(id);
  }
  // Modes change rarely and are the same string objects while they last:
  // remember the answer for the mode last seen.
  let lastMode = "";
  let inModes = false;
  return {
    watches,
    test(own) {
      if (modes) {
        const t = s.twin === own.id ? own : lookup(s.twin);
        if (t) {
          if (t.mode !== lastMode) {
            lastMode = t.mode;
            inModes = modes.includes(lastMode);
          }
          if (inModes) return true;
        }
      }
      return expr ? expr.test(own) === true : false;
    },
  };
}

/** Reads a point as a number, or undefined when it has none or is bad. */
export type NumericReader = (own: WatchedTwin) => number | undefined;

const readers = new Map<string, NumericReader>();

/**
 * A reader of one point, shared by every alarm on a point of that name. A
 * lookup with a key fixed in the code stays monomorphic for the one kind of
 * twin that has the point (a shared `values[point]` with varying keys does
 * not), which makes it several times faster on the hot path. The key is
 * quoted with JSON.stringify: no plant text reaches the code unquoted.
 */
export function numericReader(point: string): NumericReader {
  let read = readers.get(point);
  if (!read) {
    const k = JSON.stringify(point);
    read = new Function(
      "t",
      `"use strict"; const v = t.values[${k}]; if (t.quality[${k}] === "bad") return undefined;` +
        `if (typeof v === "number") return v === v ? v : undefined;` +
        `if (typeof v === "boolean") return v ? 1 : 0; return undefined;`,
    ) as NumericReader;
    readers.set(point, read);
  }
  return read;
}

const LEVEL_NAME = { hh: "HH", h: "H", l: "L", ll: "LL" } as const;

class LimitCheck implements ConditionCheck {
  readonly watches: readonly string[];
  // NaN, not null, so V8 keeps the field an unboxed double: no allocation per sample.
  #valueRaw = NaN;
  /** Latest value, or null. */
  get value(): number | null {
    return Number.isNaN(this.#valueRaw) ? null : this.#valueRaw;
  }
  readonly limit: number;
  readonly #point: string;
  readonly #high: boolean;
  readonly #deadband: number;
  readonly #spec: AlarmSpec;
  readonly #level: string;
  readonly #read: NumericReader;

  constructor(spec: AlarmSpec, c: Extract<AlarmCondition, { type: "limit" }>) {
    this.#spec = spec;
    this.watches = [spec.twin];
    this.#point = c.point;
    this.#read = numericReader(c.point);
    this.limit = c.limit;
    this.#high = c.level === "hh" || c.level === "h";
    this.#deadband = c.deadband;
    this.#level = LEVEL_NAME[c.level];
  }

  test(own: WatchedTwin, _now: number, active: boolean): boolean | undefined {
    const v = this.#read(own);
    if (v === undefined) return undefined;
    this.#valueRaw = v;
    if (this.#high) return active ? v > this.limit - this.#deadband : v > this.limit;
    return active ? v < this.limit + this.#deadband : v < this.limit;
  }

  message(active: boolean): string {
    const { twin, unit } = this.#spec;
    const v = formatValue(this.value, unit);
    const where = this.#high
      ? (active ? "above" : "back below")
      : (active ? "below" : "back above");
    return `${twin} ${this.#point} ${v} ${where} ${this.#level} limit ${
      formatValue(this.limit, unit)
    }`;
  }
}

class DeviationCheck implements ConditionCheck {
  readonly watches: readonly string[];
  // NaN, not null, so V8 keeps the field an unboxed double: no allocation per sample.
  #valueRaw = NaN;
  /** Latest value, or null. */
  get value(): number | null {
    return Number.isNaN(this.#valueRaw) ? null : this.#valueRaw;
  }
  limit: number;
  #setpoint = NaN;
  readonly #c: Extract<AlarmCondition, { type: "deviation" }>;
  readonly #spec: AlarmSpec;
  readonly #lookup: TwinLookup;
  readonly #read: NumericReader;
  readonly #readSetpoint: NumericReader | undefined;
  readonly #fixed: number;
  readonly #spTwin: string | undefined;

  constructor(
    spec: AlarmSpec,
    c: Extract<AlarmCondition, { type: "deviation" }>,
    lookup: TwinLookup,
  ) {
    this.#spec = spec;
    this.#c = c;
    this.#lookup = lookup;
    this.limit = c.limit;
    const sp = c.setpoint;
    this.#read = numericReader(c.point);
    this.#readSetpoint = typeof sp === "number" ? undefined : numericReader(sp.point);
    this.#fixed = typeof sp === "number" ? sp : NaN;
    this.#spTwin = typeof sp === "number" ? undefined : sp.twin;
    this.watches = typeof sp === "number" || sp.twin === spec.twin
      ? [spec.twin]
      : [spec.twin, sp.twin];
  }

  test(own: WatchedTwin, _now: number, active: boolean): boolean | undefined {
    const v = this.#read(own);
    if (v === undefined) return undefined;
    let s: number | undefined = this.#fixed;
    if (this.#readSetpoint !== undefined) {
      const t = this.#spTwin === own.id ? own : this.#lookup(this.#spTwin!);
      s = t ? this.#readSetpoint(t) : undefined;
    }
    if (s === undefined) return undefined;
    this.#valueRaw = v;
    this.#setpoint = s;
    const dev = v - s;
    const d = this.#c.direction;
    const size = d === "high" ? dev : d === "low" ? -dev : Math.abs(dev);
    return active ? size > this.limit - this.#c.deadband : size > this.limit;
  }

  message(active: boolean): string {
    const { twin, unit } = this.#spec;
    const dev = (this.value ?? 0) - this.#setpoint;
    return `${twin} ${this.#c.point} ${formatValue(this.value, unit)} ${
      active ? "deviates" : "back within"
    } ${active ? formatValue(dev, unit) + " from" : "limit of"} setpoint ${
      formatValue(this.#setpoint, unit)
    } (limit ${formatValue(this.limit, unit)})`;
  }
}

/** A rate check's memory as plain JSON. */
interface RateCheckState {
  times: number[];
  values: number[];
  judgedAt: number | null;
  latest: number | null;
  rate: number | null;
}

/** Samples kept per rate alarm; older ones are thinned to this many per window. */
const RATE_SAMPLES = 34;

class RateCheck implements ConditionCheck {
  readonly watches: readonly string[];
  /** Latest rate, in units per `per`. */
  // NaN, not null, so V8 keeps the field an unboxed double: no allocation per sample.
  #valueRaw = NaN;
  /** Latest value, or null. */
  get value(): number | null {
    return Number.isNaN(this.#valueRaw) ? null : this.#valueRaw;
  }
  readonly limit: number;
  #latest = NaN;
  #judgedAt = -Infinity;
  readonly #c: Extract<AlarmCondition, { type: "rate" }>;
  readonly #spec: AlarmSpec;
  /** Sample times at [i], values at [RATE_SAMPLES + i]: one buffer, not two. */
  readonly #ring = new Float64Array(2 * RATE_SAMPLES);
  #head = 0;
  #count = 0;
  readonly #windowMs: number;
  readonly #spacingMs: number;
  readonly #perMs: number;
  readonly #read: NumericReader;

  constructor(spec: AlarmSpec, c: Extract<AlarmCondition, { type: "rate" }>) {
    this.#spec = spec;
    this.#c = c;
    this.watches = [spec.twin];
    this.limit = c.limit;
    this.#windowMs = c.windowS * 1000;
    this.#spacingMs = this.#windowMs / (RATE_SAMPLES - 2);
    this.#perMs = c.per === "s" ? 1000 : 60_000;
    this.#read = numericReader(c.point);
  }

  test(own: WatchedTwin, now: number, active: boolean): boolean | undefined {
    // A rate over a window needs no judging between stored samples (one
    // per window/32): skipping them keeps this alarm cheap on every sample.
    if (now - this.#judgedAt < this.#spacingMs && now >= this.#judgedAt) return undefined;
    const v = this.#read(own);
    if (v === undefined) return undefined;
    this.#judgedAt = now;
    this.#latest = v;
    const ring = this.#ring, V = RATE_SAMPLES;
    while (this.#count > 0 && ring[this.#head] < now - this.#windowMs) {
      this.#head = this.#head + 1 === RATE_SAMPLES ? 0 : this.#head + 1;
      this.#count--;
    }
    let rate: number | undefined;
    if (this.#count > 0) {
      const dt = now - ring[this.#head];
      // Judge only over at least half a window, so one noisy step at start
      // cannot look like a fast ramp.
      if (dt >= this.#windowMs / 2) rate = ((v - ring[V + this.#head]) / dt) * this.#perMs;
    }
    let tail = this.#head + this.#count - 1;
    if (tail >= RATE_SAMPLES) tail -= RATE_SAMPLES;
    if (this.#count > 0 && ring[tail] === now) ring[V + tail] = v;
    else if (this.#count === 0 || now - ring[tail] >= this.#spacingMs) {
      if (this.#count === RATE_SAMPLES) {
        this.#head = this.#head + 1 === RATE_SAMPLES ? 0 : this.#head + 1;
        this.#count--;
      }
      let at = this.#head + this.#count;
      if (at >= RATE_SAMPLES) at -= RATE_SAMPLES;
      ring[at] = now;
      ring[V + at] = v;
      this.#count++;
    }
    if (rate === undefined) return undefined;
    this.#valueRaw = rate;
    const d = this.#c.direction;
    const size = d === "rise" ? rate : d === "fall" ? -rate : Math.abs(rate);
    return active ? size > this.limit - this.#c.deadband : size > this.limit;
  }

  /** The window of samples, oldest first, and what was last judged. */
  save(): RateCheckState {
    const times: number[] = [], values: number[] = [];
    for (let k = 0; k < this.#count; k++) {
      const i = (this.#head + k) % RATE_SAMPLES;
      times.push(this.#ring[i]);
      values.push(this.#ring[RATE_SAMPLES + i]);
    }
    return {
      times,
      values,
      judgedAt: Number.isFinite(this.#judgedAt) ? this.#judgedAt : null,
      latest: Number.isNaN(this.#latest) ? null : this.#latest,
      rate: this.value,
    };
  }

  load(state: unknown): void {
    const s = state as RateCheckState;
    const n = Math.min(s.times.length, RATE_SAMPLES);
    this.#head = 0;
    this.#count = n;
    for (let i = 0; i < n; i++) {
      this.#ring[i] = s.times[i];
      this.#ring[RATE_SAMPLES + i] = s.values[i];
    }
    this.#judgedAt = s.judgedAt ?? -Infinity;
    this.#latest = s.latest ?? NaN;
    this.#valueRaw = s.rate ?? NaN;
  }

  message(active: boolean): string {
    const { twin, unit } = this.#spec;
    const per = `${unit ? unit : "units"}/${this.#c.per}`;
    const dir = (this.value ?? 0) >= 0 ? "rising" : "falling";
    return `${twin} ${this.#c.point} ${formatValue(this.#latest, unit)} ${dir} ${
      formatValue(Math.abs(this.value ?? 0))
    } ${per} (${active ? "" : "back within "}limit ${formatValue(this.limit)} ${per})`;
  }
}

class StateCheck implements ConditionCheck {
  readonly watches: readonly string[];
  value: string | number | boolean | null = null;
  readonly limit: string;
  readonly #c: Extract<AlarmCondition, { type: "state" }>;
  readonly #spec: AlarmSpec;

  constructor(spec: AlarmSpec, c: Extract<AlarmCondition, { type: "state" }>) {
    this.#spec = spec;
    this.#c = c;
    this.watches = [spec.twin];
    this.limit = c.in.map(String).join(", ");
  }

  test(own: WatchedTwin): boolean | undefined {
    const v = own.values[this.#c.point];
    if (v === undefined || own.quality[this.#c.point] === "bad") return undefined;
    this.value = v;
    const set = this.#c.in;
    for (let i = 0; i < set.length; i++) {
      const s = set[i];
      if (s === v) return true;
      if (typeof s !== typeof v && typeof s !== "string" && typeof v !== "string" && +s === +v) {
        return true;
      }
    }
    return false;
  }

  message(active: boolean): string {
    return `${this.#spec.twin} ${this.#c.point} is ${formatValue(this.value)} (${
      active ? "alarm" : "normal"
    }; alarm when ${this.limit})`;
  }
}

class ModeCheck implements ConditionCheck {
  readonly watches: readonly string[];
  value: string | null = null;
  readonly limit: string;
  readonly #modes: readonly string[];
  readonly #spec: AlarmSpec;

  constructor(spec: AlarmSpec, c: Extract<AlarmCondition, { type: "mode" }>) {
    this.#spec = spec;
    this.#modes = c.in;
    this.watches = [spec.twin];
    this.limit = c.in.join(", ");
  }

  test(own: WatchedTwin): boolean {
    this.value = own.mode;
    return this.#modes.includes(own.mode);
  }

  message(active: boolean): string {
    return `${this.#spec.twin} is ${this.value} (${
      active ? "alarm" : "normal"
    }; alarm when ${this.limit})`;
  }
}

/** An expression parsed and compiled once per source text. */
interface CompiledExpression {
  refs: ReturnType<typeof parseExpression>["refs"];
  evaluate: Evaluator;
}

class ExpressionCheck implements ConditionCheck {
  readonly watches: readonly string[];
  value: boolean | null = null;
  readonly limit: string;
  readonly #spec: AlarmSpec;
  readonly #refs: { twin: string; point: string; mode: boolean }[];
  readonly #slots: unknown[];
  readonly #evaluate: Evaluator;
  readonly #lookup: TwinLookup;

  constructor(spec: AlarmSpec, expr: string, lookup: TwinLookup, cache: ExpressionCache) {
    this.#spec = spec;
    this.#lookup = lookup;
    this.limit = expr;
    let compiled = cache.get(expr) as CompiledExpression | undefined;
    if (!compiled) {
      // The definition was checked at load; names that are not points of the
      // twin then were unknown and refused, so any bare name is a point.
      const parsed = parseExpression(expr, { units: false, isPoint: () => true });
      compiled = { refs: parsed.refs, evaluate: compileExpression(parsed) };
      cache.set(expr, compiled);
    }
    this.#refs = compiled.refs.map((r) => ({
      twin: r.twin ?? spec.twin,
      point: r.point,
      mode: r.mode,
    }));
    this.#slots = new Array(this.#refs.length).fill(0);
    this.#evaluate = compiled.evaluate;
    this.watches = [...new Set([spec.twin, ...this.#refs.map((r) => r.twin)])];
  }

  test(own: WatchedTwin): boolean | undefined {
    const refs = this.#refs, slots = this.#slots;
    for (let i = 0; i < refs.length; i++) {
      const r = refs[i];
      const t = r.twin === own.id ? own : this.#lookup(r.twin);
      if (!t) return undefined;
      if (r.mode) {
        slots[i] = t.mode;
        continue;
      }
      const v = t.values[r.point];
      if (v === undefined || t.quality[r.point] === "bad") return undefined;
      slots[i] = v;
    }
    const out = !!this.#evaluate(slots);
    this.value = out;
    return out;
  }

  message(active: boolean): string {
    return `${this.#spec.twin}: ${this.limit} is ${active ? "true" : "false"}`;
  }
}
