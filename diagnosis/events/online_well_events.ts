/**
 * The 3W event rules ({@linkcode classifyWellEvent}) run online: samples
 * arrive one at a time (1 Hz, as recorded) and the class is judged from the
 * recent past only, never from what comes later.
 *
 * It keeps what the offline rules look at, built as the samples arrive:
 * - the reference level of each signal: the median of its first
 *   `baselineSamples` samples (offline: of the file's first 10 minutes);
 * - 10-minute block medians, judged against that reference as each block
 *   completes (hydrate: temperature drop with a pressure rise);
 * - a 2-hour oscillation window every 30 minutes, ending at the newest
 *   sample, with the offline amplitude and regularity verdicts.
 *
 * The class is the offline decision over the blocks and windows that ended
 * within the last `horizonSamples` (6 h by default), so an event that ends
 * ages out instead of latching for ever. Over a recording no longer than the
 * horizon it sees the same windows as the offline rules (offline also judges
 * one window flush with the file's end), so it ends on the offline class.
 *
 * @module
 */
import {
  decimated,
  DEFAULT_WELL_EVENT_RULES,
  median,
  oscillation,
  type WellEventClass,
  type WellEventRules,
  windowVerdict,
} from "./well_event_rules.ts";
import type { W3Signal } from "./w3_parquet.ts";
import {
  checkVersion,
  fromJsonNumber,
  fromJsonNumbers,
  jsonArray,
  type JsonNumber,
  jsonObject,
  LearnerStateError,
  toJsonNumber,
  toJsonNumbers,
} from "../learner_json.ts";

/** Version of {@linkcode OnlineWellEventsState} this code writes and reads. */
export const ONLINE_WELL_EVENTS_STATE_VERSION = 1;

/** What an {@linkcode OnlineWellEvents} holds of the recent past, as plain JSON. */
export interface OnlineWellEventsState {
  /** {@linkcode ONLINE_WELL_EVENTS_STATE_VERSION}. */
  version: number;
  /** Samples pushed so far. */
  n: number;
  /** The current class, null while warming up. */
  class: WellEventClass | null;
  /** Level tracks by 3W signal. */
  levels: Record<string, {
    baseline: JsonNumber[];
    ref: JsonNumber;
    block: JsonNumber[];
    blocks: { end: number; median: JsonNumber }[];
    lo: JsonNumber;
    hi: JsonNumber;
  }>;
  /** The oscillation windows' ring buffers, one per signal, in the detector's order. */
  rings: JsonNumber[][];
  /** Windows judged within the horizon. */
  windows: { end: number; verdict: WellEventClass }[];
}

/** Blocks and windows older than this many samples no longer count (6 h at 1 Hz). */
export const DEFAULT_HORIZON_SAMPLES = 21_600;

/** One sample: signal values by 3W name, NaN or absent where there is none. */
export type W3Sample = Readonly<Partial<Record<W3Signal, number>>>;

/** Signals whose level shifts the hydrate rule reads. */
const LEVEL_SIGNALS = ["T-JUS-CKP", "P-TPT", "P-PDG", "P-JUS-CKGL"] as const;
/** Signals the oscillation windows may use, in order of preference (as offline). */
const OSCILLATION_SIGNALS = ["P-MON-CKP", "P-TPT", "P-PDG"] as const;

interface LevelTrack {
  baseline: number[];
  ref: number;
  block: number[];
  /** Completed block medians with the sample count at their end. */
  blocks: { end: number; median: number }[];
  lo: number;
  hi: number;
}

/** A window's verdict with the sample count at its end. */
interface JudgedWindow {
  end: number;
  verdict: WellEventClass;
}

/** Online 3W event classification over a sliding horizon. */
export class OnlineWellEvents {
  readonly #rules: WellEventRules;
  readonly #horizon: number;
  readonly #levels = new Map<string, LevelTrack>();
  /** Ring buffers of the last window's samples, one per oscillation signal. */
  readonly #rings: Float64Array[];
  readonly #windows: JudgedWindow[] = [];
  #n = 0;
  #class: WellEventClass | undefined;

  /**
   * @param rules the offline thresholds (window, hop, block and rule levels)
   * @param horizonSamples how far back blocks and windows count
   */
  constructor(
    rules: WellEventRules = DEFAULT_WELL_EVENT_RULES,
    horizonSamples = DEFAULT_HORIZON_SAMPLES,
  ) {
    if (!(horizonSamples >= rules.windowSamples)) {
      throw new Error(
        `event horizon ${horizonSamples} samples is shorter than one window (${rules.windowSamples})`,
      );
    }
    this.#rules = rules;
    this.#horizon = horizonSamples;
    for (const s of LEVEL_SIGNALS) {
      this.#levels.set(s, {
        baseline: [],
        ref: NaN,
        block: [],
        blocks: [],
        lo: Infinity,
        hi: -Infinity,
      });
    }
    this.#rings = OSCILLATION_SIGNALS.map(() => new Float64Array(rules.windowSamples).fill(NaN));
  }

  /** Samples pushed so far. */
  get samples(): number {
    return this.#n;
  }

  /** The current class, or undefined until the first window or hydrate verdict. */
  get current(): WellEventClass | undefined {
    return this.#class;
  }

  /** The recent past it judges from, as plain JSON (a fork "from now" carries it). */
  snapshot(): OnlineWellEventsState {
    const levels: OnlineWellEventsState["levels"] = {};
    for (const [name, t] of this.#levels) {
      levels[name] = {
        baseline: toJsonNumbers(t.baseline),
        ref: toJsonNumber(t.ref),
        block: toJsonNumbers(t.block),
        blocks: t.blocks.map((b) => ({ end: b.end, median: toJsonNumber(b.median) })),
        lo: toJsonNumber(t.lo),
        hi: toJsonNumber(t.hi),
      };
    }
    return {
      version: ONLINE_WELL_EVENTS_STATE_VERSION,
      n: this.#n,
      class: this.#class ?? null,
      levels,
      rings: this.#rings.map((r) => toJsonNumbers(r)),
      windows: this.#windows.map((w) => ({ ...w })),
    };
  }

  /**
   * Continue from {@linkcode OnlineWellEvents.snapshot} of a detector with
   * the same rules. Throws a `LearnerStateError` naming the JSON path (under
   * `path`) of what does not fit, and then is left as it was.
   */
  restore(state: unknown, path: string): void {
    const s = checkVersion(state, path, ONLINE_WELL_EVENTS_STATE_VERSION);
    const count = (x: unknown, p: string) => {
      if (!Number.isInteger(x) || (x as number) < 0) {
        throw new LearnerStateError(p, "expected a count");
      }
      return x as number;
    };
    const cls = (x: unknown, p: string) => {
      if (!Number.isInteger(x) || (x as number) < 0 || (x as number) > 9) {
        throw new LearnerStateError(p, "expected a 3W class 0-9");
      }
      return x as WellEventClass;
    };
    const n = count(s.n, `${path}.n`);
    const levelsIn = jsonObject(s.levels, `${path}.levels`);
    const levels = new Map<string, LevelTrack>();
    for (const name of LEVEL_SIGNALS) {
      const p = `${path}.levels["${name}"]`;
      const t = jsonObject(levelsIn[name], p);
      levels.set(name, {
        baseline: fromJsonNumbers(t.baseline, `${p}.baseline`),
        ref: fromJsonNumber(t.ref, `${p}.ref`),
        block: fromJsonNumbers(t.block, `${p}.block`),
        blocks: jsonArray(t.blocks, `${p}.blocks`).map((b, i) => {
          const o = jsonObject(b, `${p}.blocks[${i}]`);
          return {
            end: count(o.end, `${p}.blocks[${i}].end`),
            median: fromJsonNumber(o.median, `${p}.blocks[${i}].median`),
          };
        }),
        lo: fromJsonNumber(t.lo, `${p}.lo`),
        hi: fromJsonNumber(t.hi, `${p}.hi`),
      });
    }
    const ringsIn = jsonArray(s.rings, `${path}.rings`);
    if (ringsIn.length !== this.#rings.length) {
      throw new LearnerStateError(
        `${path}.rings`,
        `expected ${this.#rings.length} rings, got ${ringsIn.length}`,
      );
    }
    const w = this.#rules.windowSamples;
    const rings = ringsIn.map((r, i) => fromJsonNumbers(r, `${path}.rings[${i}]`, w));
    const windows = jsonArray(s.windows, `${path}.windows`).map((x, i) => {
      const o = jsonObject(x, `${path}.windows[${i}]`);
      return {
        end: count(o.end, `${path}.windows[${i}].end`),
        verdict: cls(o.verdict, `${path}.windows[${i}].verdict`),
      };
    });
    const current = s.class === null ? undefined : cls(s.class, `${path}.class`);
    for (const [name, t] of levels) this.#levels.set(name, t);
    rings.forEach((r, i) => this.#rings[i].set(r));
    this.#windows.splice(0, this.#windows.length, ...windows);
    this.#n = n;
    this.#class = current;
  }

  /**
   * Take the next sample and judge what completed with it.
   *
   * @param sample the signals at this second
   * @returns the class now (undefined while warming up)
   */
  push(sample: W3Sample): WellEventClass | undefined {
    const r = this.#rules;
    const n = ++this.#n;
    let judged = false;
    for (const [name, t] of this.#levels) {
      const v = sample[name as W3Signal];
      const finite = v !== undefined && Number.isFinite(v);
      if (finite) {
        if (v < t.lo) t.lo = v;
        if (v > t.hi) t.hi = v;
      }
      if (n <= r.baselineSamples) {
        if (finite) t.baseline.push(v);
        if (n === r.baselineSamples) t.ref = median(t.baseline);
        continue;
      }
      if (finite) t.block.push(v);
      if ((n - r.baselineSamples) % r.blockSamples === 0) {
        const m = median(t.block);
        if (Number.isFinite(m)) t.blocks.push({ end: n, median: m });
        t.block = [];
        judged = true;
      }
    }
    const slot = (n - 1) % r.windowSamples;
    OSCILLATION_SIGNALS.forEach((s, i) => {
      const v = sample[s];
      this.#rings[i][slot] = v !== undefined && Number.isFinite(v) ? v : NaN;
    });
    if (n >= r.windowSamples && (n - r.windowSamples) % r.hopSamples === 0) {
      this.#windows.push({ end: n, verdict: this.#judgeWindow(n) });
      judged = true;
    }
    if (judged) this.#class = this.#decide(n);
    return this.#class;
  }

  /** The verdict of the window ending at sample `n`, on the first signal that moves in it. */
  #judgeWindow(n: number): WellEventClass {
    const r = this.#rules, w = r.windowSamples;
    for (const ring of this.#rings) {
      // Oldest first: the ring's next slot holds the oldest sample.
      const x = new Float64Array(w);
      const start = n % w;
      for (let i = 0; i < w; i++) x[i] = ring[(start + i) % w];
      let lo = Infinity, hi = -Infinity;
      for (const v of x) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      if (!(hi > lo)) continue;
      const o = oscillation(decimated(x, 0, w, r.decimate));
      return windowVerdict(o.amplitude, o.regularity, r);
    }
    return 0;
  }

  /** The offline decision over what ended within the horizon. */
  #decide(n: number): WellEventClass | undefined {
    const r = this.#rules, since = n - this.#horizon;
    const shift = (name: string, sign: 1 | -1, relative: boolean): number => {
      const t = this.#levels.get(name)!;
      while (t.blocks.length > 0 && t.blocks[0].end <= since) t.blocks.shift();
      // A signal that never moved tells nothing (offline: frozen over the file).
      if (!(t.hi > t.lo) || !Number.isFinite(t.ref) || t.blocks.length === 0) return NaN;
      if (relative && t.ref === 0) return NaN;
      let best = -Infinity;
      for (const b of t.blocks) {
        const d = sign * (b.median - t.ref);
        best = Math.max(best, relative ? d / Math.abs(t.ref) : d);
      }
      return best;
    };
    const tempDrop = shift("T-JUS-CKP", -1, false);
    const rises = [shift("P-TPT", 1, true), shift("P-PDG", 1, true)].filter((v) => !isNaN(v));
    const pressureRise = rises.length ? Math.max(...rises) : NaN;
    const gasLiftRise = shift("P-JUS-CKGL", 1, true);
    if (
      tempDrop >= r.hydrateTempDrop &&
      (pressureRise >= r.hydratePressureRise || gasLiftRise >= r.hydrateGasLiftRise)
    ) return 9;
    while (this.#windows.length > 0 && this.#windows[0].end <= since) this.#windows.shift();
    const ws = this.#windows;
    if (ws.length === 0) return this.#class === undefined ? undefined : 0;
    const slug = ws.filter((w) => w.verdict === 3).length;
    const unstable = ws.filter((w) => w.verdict === 4).length;
    if (slug >= r.windowShare * ws.length) return 3;
    if (slug + unstable >= r.windowShare * ws.length) return 4;
    return 0;
  }
}
