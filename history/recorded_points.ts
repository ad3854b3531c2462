/**
 * The points of one twin as the recorder follows them: which samples
 * become raw rows (each point's {@linkcode RecordingPolicy}), and each
 * point's running 1-minute aggregate of every sample, stored or not,
 * handed to the rollups when the minute ends or the recorder flushes.
 *
 * This runs for every point at every step (4,900 points a step on the demo
 * plant), so the state of all of a twin's points lives in one
 * Float64Array, a row of numbers per point: an object per point, with its
 * numbers boxed one by one, measured four times slower (23 ns a sample
 * against 6). Values that are not numbers (booleans, strings, null) are
 * kept beside it. The common sample (a number inside its deadband and
 * heartbeat, same quality) takes the first branch of
 * {@linkcode RecordedPoints.sample}; everything else the general path.
 *
 * @module
 */
import type { PointValue, Quality } from "../twins/point.ts";
import type { RecordingPolicy } from "./recording_policy.ts";
import type { QueuedPoint, SampleQueue } from "./sample_queue.ts";
import { familyLine } from "../twins/source_family.ts";

/** Where a point's minute aggregates go (a store's rollups); see {@linkcode MinuteRollups}. */
export interface MinuteSink {
  /**
   * Add an aggregate of samples inside the minute starting at `start` to
   * that minute's rollup; the same minute may come in several parts.
   * `min` and `max` are NaN when `num` is 0.
   */
  add(
    start: number,
    count: number,
    num: number,
    min: number,
    max: number,
    sum: number,
    last: PointValue,
    lastTs: number,
  ): void;
}

/** A writer that also keeps rollups, fed aggregates instead of every sample. */
export interface MinuteRollups {
  /** The sink of one point's minute aggregates. */
  rollupsOf(twin: string, point: string, unit: string): MinuteSink;
}

/** One point to follow. */
export interface PointToRecord {
  /** Point name. */
  name: string;
  /** Engineering unit. */
  unit: string;
  /** Which samples are stored. */
  policy: RecordingPolicy;
  /** Where its minute aggregates go, if anywhere. */
  rollups?: MinuteSink;
}

const MINUTE = 60_000;

// A point's row in the hot array: what the common sample reads and writes.
const P_TS = 0; // latest sample seen: its time
const P_NUM = 1; // and value, when a number
const FLAGS = 2;
const S_DEADLINE = 3; // when the next heartbeat is due (last stored time + max interval)
const S_NUM = 4; // last stored value, when a number
const S_BAND = 5; // the deadband around it
const M_END = 6; // end of the open minute
const M_COUNT = 7; // the open minute's aggregate since last handed on
const M_SUM = 8;
const M_MIN = 9;
const M_MAX = 10;
const H = 11;

// A point's row in the cold array: the rest.
const S_TS = 0; // last stored time
const M_START = 1;
const M_OTHER = 2; // samples of the open minute that are not finite numbers
const M_LAST = 3; // the minute's last, when not the latest sample seen
const M_LAST_TS = 4;
const MAX_MS = 5; // policy
const MIN_MS = 6;
const BAND = 7;
const PCT = 8;
const C = 9;

// FLAGS bits.
const S_IS_NUM = 1;
const P_IS_NUM = 2;
const M_LAST_IS_NUM = 4;
const P_STORED = 8;
const S_Q = 4; // shift of the stored sample's quality code (2 bits; 3: none yet)
const P_Q = 6; // shift of the latest sample's quality code
const LAST_IS_P = 256; // the open minute's last is the latest sample seen

const QUALITY: readonly Quality[] = ["good", "uncertain", "bad"];

/** The quality code of a quality. */
function code(q: Quality): number {
  return q === "good" ? 0 : q === "uncertain" ? 1 : 2;
}

/** Whether two values of a point are the same for recording (NaN equals NaN). */
function same(a: PointValue, b: PointValue): boolean {
  return a === b || (a !== a && b !== b);
}

/** The recording state of a twin's points; see the module doc. */
export class RecordedPoints {
  /** Twin id. */
  readonly twin: string;
  /** Point names, by index. */
  readonly names: readonly string[];
  /**
   * What the common sample touches, a row of numbers per point (the
   * generated offer reads it; the layout is this module's).
   */
  readonly state: Float64Array;
  /** The rest of each point's numbers (the generated offer counts a string's sample there). */
  readonly cold: Float64Array;
  /** Each point's last stored value when not a number (read by the generated offer). */
  readonly storedOther: PointValue[];
  /** Each point's latest value when not a number (written by the generated offer). */
  readonly latestOther: PointValue[];
  readonly #f: Float64Array;
  readonly #c: Float64Array;
  readonly #refs: QueuedPoint[];
  readonly #sinks: (MinuteSink | undefined)[];
  readonly #sOther: PointValue[];
  readonly #pOther: PointValue[];
  readonly #mOther: PointValue[];
  /** Samples handed on in minute aggregates, and samples not counted (bad). */
  #handed = 0;
  #uncounted = 0;

  /** Follow `points` of `twin`. */
  constructor(twin: string, points: readonly PointToRecord[]) {
    const n = points.length;
    this.twin = twin;
    this.names = points.map((p) => p.name);
    this.#refs = points.map((p) => ({ twin, name: p.name, unit: p.unit, sink: p.rollups }));
    this.#sinks = points.map((p) => p.rollups);
    this.#sOther = this.storedOther = new Array<PointValue>(n).fill(null);
    this.#pOther = this.latestOther = new Array<PointValue>(n).fill(null);
    this.#mOther = new Array<PointValue>(n).fill(null);
    const f = this.#f = this.state = new Float64Array(n * H);
    const c = this.#c = this.cold = new Float64Array(n * C);
    for (let i = 0; i < n; i++) {
      const b = i * H;
      const p = points[i].policy;
      f[b + P_TS] = f[b + M_END] = -Infinity;
      f[b + S_DEADLINE] = -Infinity;
      f[b + M_MIN] = Infinity;
      f[b + M_MAX] = -Infinity;
      f[b + FLAGS] = (3 << S_Q) | (3 << P_Q);
      const k = i * C;
      c[k + S_TS] = c[k + M_START] = c[k + M_LAST_TS] = -Infinity;
      c[k + MAX_MS] = p.maxIntervalMs;
      c[k + MIN_MS] = p.minIntervalMs;
      c[k + BAND] = p.deadband;
      c[k + PCT] = p.deadbandPct / 100;
    }
  }

  /** Samples seen by every point (new source times), stored or not. */
  get seen(): number {
    let n = this.#handed + this.#uncounted;
    for (let b = M_COUNT; b < this.#f.length; b += H) n += this.#f[b];
    return n;
  }

  /** Take over point `j` of `from` as point `i` (a twin's point list changed); policies stay. */
  adopt(i: number, from: RecordedPoints, j: number): void {
    this.#f.set(from.#f.subarray(j * H, j * H + H), i * H);
    const c = this.#c;
    const policy = c.slice(i * C + MAX_MS, i * C + C);
    c.set(from.#c.subarray(j * C, j * C + C), i * C);
    c.set(policy, i * C + MAX_MS);
    // The heartbeat follows this point's own policy.
    this.#f[i * H + S_DEADLINE] = c[i * C + S_TS] + c[i * C + MAX_MS];
    this.#sOther[i] = from.#sOther[j];
    this.#pOther[i] = from.#pOther[j];
    this.#mOther[i] = from.#mOther[j];
  }

  /**
   * Take point `i`'s current state: a new source time is a new sample (it
   * counts in the rollups unless bad, and is stored when the policy says
   * so); the same time with another value or quality corrects the latest
   * sample. Stored samples go onto `out`.
   */
  sample(i: number, value: PointValue, quality: Quality, ts: number, out: SampleQueue): void {
    const f = this.#f;
    const b = i * H;
    // The common case, kept small: a new number, good as the one stored,
    // inside the deadband and before the heartbeat. compileOffer writes the
    // same out per point.
    if (typeof value === "number" && quality === "good" && ts > f[b + P_TS]) {
      const fl = f[b + FLAGS];
      if ((fl & (S_IS_NUM | (3 << S_Q))) === S_IS_NUM && ts < f[b + S_DEADLINE]) {
        const d = value - f[b + S_NUM];
        const band = f[b + S_BAND];
        if (d <= band && d >= -band) {
          if (ts >= f[b + M_END]) this.newMinute(i, ts);
          f[b + M_COUNT]++;
          f[b + M_SUM] += value;
          if (value < f[b + M_MIN]) f[b + M_MIN] = value;
          if (value > f[b + M_MAX]) f[b + M_MAX] = value;
          f[b + P_NUM] = value;
          f[b + P_TS] = ts;
          f[b + FLAGS] = (fl & ~(P_STORED | (3 << P_Q))) | P_IS_NUM | LAST_IS_P;
          return;
        }
      }
    }
    // The same for a boolean or a string that holds still.
    if (
      typeof value !== "number" && quality === "good" && ts > f[b + P_TS] &&
      value === this.#sOther[i] && ts < f[b + S_DEADLINE] && ts < f[b + M_END]
    ) {
      const fl = f[b + FLAGS];
      if ((fl & (S_IS_NUM | (3 << S_Q))) === 0) {
        this.#add(i, value, false);
        this.#pOther[i] = value;
        f[b + P_TS] = ts;
        f[b + FLAGS] = (fl & ~(P_STORED | P_IS_NUM | (3 << P_Q))) | LAST_IS_P;
        return;
      }
    }
    this.#sample(i, value, quality, ts, out);
  }

  /** Hand every point's minute so far to the rollups (a flush); the minutes stay open. */
  flushMinutes(): void {
    for (let i = 0; i < this.names.length; i++) this.flushMinute(i);
  }

  /** Hand point `i`'s minute so far to the rollups. */
  flushMinute(i: number): void {
    const f = this.#f;
    const b = i * H;
    const count = f[b + M_COUNT];
    if (count === 0) return;
    const c = this.#c;
    const k = i * C;
    const num = count - c[k + M_OTHER];
    const fl = f[b + FLAGS];
    let last: PointValue;
    let lastTs: number;
    if ((fl & LAST_IS_P) !== 0) {
      last = (fl & P_IS_NUM) !== 0 ? f[b + P_NUM] : this.#pOther[i];
      lastTs = f[b + P_TS];
    } else {
      last = (fl & M_LAST_IS_NUM) !== 0 ? c[k + M_LAST] : this.#mOther[i];
      lastTs = c[k + M_LAST_TS];
    }
    this.#sinks[i]?.add(
      c[k + M_START],
      count,
      num,
      num > 0 ? f[b + M_MIN] : NaN,
      num > 0 ? f[b + M_MAX] : NaN,
      f[b + M_SUM],
      last,
      lastTs,
    );
    this.#handed += count;
    f[b + M_COUNT] = f[b + M_SUM] = c[k + M_OTHER] = 0;
    f[b + M_MIN] = Infinity;
    f[b + M_MAX] = -Infinity;
    c[k + M_LAST_TS] = -Infinity;
    f[b + FLAGS] = fl & ~LAST_IS_P;
  }

  /** Close point `i`'s open minute and open the one holding `ts`. */
  newMinute(i: number, ts: number): void {
    this.flushMinute(i);
    const start = Math.floor(ts / MINUTE) * MINUTE;
    this.#c[i * C + M_START] = start;
    this.#f[i * H + M_END] = start + MINUTE;
  }

  /** {@linkcode RecordedPoints.sample} for everything but the common case. */
  #sample(i: number, value: PointValue, quality: Quality, ts: number, out: SampleQueue): void {
    const f = this.#f;
    const b = i * H;
    const isNum = typeof value === "number";
    const q = code(quality);
    const pTs = f[b + P_TS];
    if (ts === pTs) {
      const fl = f[b + FLAGS];
      const pIsNum = (fl & P_IS_NUM) !== 0;
      if (
        q === ((fl >> P_Q) & 3) &&
        (isNum ? pIsNum && same(value, f[b + P_NUM]) : !pIsNum && value === this.#pOther[i])
      ) return;
      this.#correct(i, value, isNum, q, ts, out);
      return;
    }
    if (ts < pTs) {
      this.#late(i, value, q, ts, out);
      return;
    }
    if (q !== 2) this.#count(i, value, isNum, ts);
    else {
      this.#uncounted++;
      // The latest sample is about to be one the minute does not count.
      this.#keepMinuteLast(i);
    }
    const c = this.#c;
    const k = i * C;
    const sTs = c[k + S_TS];
    let store = false;
    let prev = false;
    if (q !== ((f[b + FLAGS] >> S_Q) & 3)) {
      // A quality change is always stored: a point gone bad must show as bad.
      store = true;
      prev = isNum;
    } else if (ts >= f[b + S_DEADLINE]) {
      store = true;
    } else if (this.#exceeds(i, value, isNum) && ts - sTs >= c[k + MIN_MS]) {
      store = true;
      prev = isNum;
    }
    if (store) {
      // PI-style: the sample before an excursion is kept too, so a step is
      // drawn where it happened rather than as a ramp from the last stored
      // value.
      const fl = f[b + FLAGS];
      if (prev && (fl & P_STORED) === 0 && pTs > sTs && pTs - sTs >= c[k + MIN_MS]) {
        out.push(
          this.#refs[i],
          (fl & P_IS_NUM) !== 0 ? f[b + P_NUM] : this.#pOther[i],
          QUALITY[(fl >> P_Q) & 3],
          pTs,
        );
      }
      this.#keep(i, value, isNum, q, ts, out);
    }
    this.#seen(i, value, isNum, q, ts, store);
  }

  /** Make a sample the latest seen. */
  #seen(i: number, value: PointValue, isNum: boolean, q: number, ts: number, stored: boolean) {
    const f = this.#f;
    const b = i * H;
    let fl = f[b + FLAGS] & ~(P_IS_NUM | P_STORED | (3 << P_Q));
    if (isNum) {
      f[b + P_NUM] = value as number;
      fl |= P_IS_NUM;
    } else {
      this.#pOther[i] = value;
    }
    f[b + P_TS] = ts;
    f[b + FLAGS] = fl | (q << P_Q) | (stored ? P_STORED : 0);
  }

  /** When the open minute's last is the latest sample seen, copy it to the minute's own. */
  #keepMinuteLast(i: number): void {
    const f = this.#f;
    const b = i * H;
    const fl = f[b + FLAGS];
    if ((fl & LAST_IS_P) === 0) return;
    const c = this.#c;
    const k = i * C;
    c[k + M_LAST_TS] = f[b + P_TS];
    if ((fl & P_IS_NUM) !== 0) {
      c[k + M_LAST] = f[b + P_NUM];
      f[b + FLAGS] = (fl & ~LAST_IS_P) | M_LAST_IS_NUM;
    } else {
      this.#mOther[i] = this.#pOther[i];
      f[b + FLAGS] = fl & ~(LAST_IS_P | M_LAST_IS_NUM);
    }
  }

  /** Whether `value` is a change worth storing against the last stored value. */
  #exceeds(i: number, value: PointValue, isNum: boolean): boolean {
    const f = this.#f;
    const b = i * H;
    const sIsNum = (f[b + FLAGS] & S_IS_NUM) !== 0;
    if (!isNum) return sIsNum || value !== this.#sOther[i];
    if (!sIsNum) return true;
    const v = value as number;
    const s = f[b + S_NUM];
    if (v === s) return false;
    const d = Math.abs(v - s);
    // NaN: a change unless both are NaN; an infinity against a number is a change.
    if (d !== d) return !(v !== v && s !== s);
    return d > f[b + S_BAND];
  }

  /**
   * Count a new sample, the latest seen from now on, in the open minute
   * (closing it first when the sample is in a later one).
   */
  #count(i: number, value: PointValue, isNum: boolean, ts: number): void {
    const f = this.#f;
    const b = i * H;
    if (ts >= f[b + M_END]) this.newMinute(i, ts);
    this.#add(i, value, isNum);
    f[b + FLAGS] = f[b + FLAGS] | LAST_IS_P;
  }

  /** Add a value to point `i`'s open minute (not its last). */
  #add(i: number, value: PointValue, isNum: boolean): void {
    const f = this.#f;
    const b = i * H;
    f[b + M_COUNT]++;
    const x = isNum ? value as number : typeof value === "boolean" ? (value ? 1 : 0) : NaN;
    if (x - x === 0) {
      // finite: booleans as 0 and 1; NaN, infinities and strings count but do not average
      f[b + M_SUM] += x;
      if (x < f[b + M_MIN]) f[b + M_MIN] = x;
      if (x > f[b + M_MAX]) f[b + M_MAX] = x;
    } else {
      this.#c[i * C + M_OTHER]++;
    }
  }

  /** The latest sample again with another value or quality: stored when the policy says so. */
  #correct(i: number, value: PointValue, isNum: boolean, q: number, ts: number, out: SampleQueue) {
    const fl = this.#f[i * H + FLAGS];
    // A corrected stored sample is stored again (the row is replaced); an
    // unstored one when it now differs from the last stored one. The
    // minute keeps the value it counted.
    this.#keepMinuteLast(i);
    const store = (fl & P_STORED) !== 0 || q !== ((fl >> S_Q) & 3) ||
      this.#exceeds(i, value, isNum);
    if (store) this.#keep(i, value, isNum, q, ts, out);
    this.#seen(i, value, isNum, q, ts, store);
  }

  /** A sample older than the latest one: counted in its minute and stored, nothing else moves. */
  #late(i: number, value: PointValue, q: number, ts: number, out: SampleQueue): void {
    if (q === 2) this.#uncounted++;
    else {
      const c = this.#c;
      const k = i * C;
      const isNum = typeof value === "number";
      if (ts >= c[k + M_START] && ts < this.#f[i * H + M_END]) {
        this.#add(i, value, isNum);
        // Later than the minute's last so far (possible only when that is not the latest seen).
        const fl = this.#f[i * H + FLAGS];
        if ((fl & LAST_IS_P) === 0 && ts >= c[k + M_LAST_TS]) {
          c[k + M_LAST_TS] = ts;
          if (isNum) {
            c[k + M_LAST] = value as number;
            this.#f[i * H + FLAGS] = fl | M_LAST_IS_NUM;
          } else {
            this.#mOther[i] = value;
            this.#f[i * H + FLAGS] = fl & ~M_LAST_IS_NUM;
          }
        }
      } else {
        const x = typeof value === "boolean" ? (value ? 1 : 0) : value;
        const finite = typeof x === "number" && x - x === 0;
        this.#sinks[i]?.add(
          Math.floor(ts / MINUTE) * MINUTE,
          1,
          finite ? 1 : 0,
          finite ? x : NaN,
          finite ? x : NaN,
          finite ? x : 0,
          value,
          ts,
        );
        this.#handed++;
      }
    }
    out.push(this.#refs[i], value, QUALITY[q], ts);
  }

  /** Store a sample and make it the reference for the deadband and the heartbeat. */
  #keep(i: number, value: PointValue, isNum: boolean, q: number, ts: number, out: SampleQueue) {
    const f = this.#f;
    const b = i * H;
    const c = this.#c;
    const k = i * C;
    let fl = f[b + FLAGS] & ~(S_IS_NUM | (3 << S_Q));
    if (isNum) {
      const v = value as number;
      f[b + S_NUM] = v;
      const pct = c[k + PCT] * Math.abs(v);
      // Around NaN or an infinity there is no band: every sample takes the general path.
      f[b + S_BAND] = v - v !== 0 ? -1 : pct > c[k + BAND] ? pct : c[k + BAND];
      fl |= S_IS_NUM;
    } else {
      this.#sOther[i] = value;
    }
    c[k + S_TS] = ts;
    f[b + S_DEADLINE] = ts + c[k + MAX_MS];
    f[b + FLAGS] = fl | (q << S_Q);
    out.push(this.#refs[i], value, QUALITY[q], ts);
  }
}

/** Offers each point of a twin to its {@linkcode RecordedPoints}; made per list of point names. */
export type Offer = (
  values: Readonly<Record<string, PointValue | undefined>>,
  quality: Readonly<Record<string, Quality>> | undefined,
  times: Readonly<Record<string, number>> | undefined,
  sampleTs: number,
  points: RecordedPoints,
  out: SampleQueue,
) => void;

/**
 * An offer for a list of point names, in one generated function shared by
 * every twin with that list. A point name fixed in the code is a lookup
 * the engine caches, where a name in a variable costs a hash lookup per
 * point per step (20 ns, times 4,900 points: more than the demo plant's
 * simulators take for a step); and the common case of
 * {@linkcode RecordedPoints.sample} is written out per point, with its
 * row's offsets as constants. Names are quoted with JSON.stringify;
 * nothing else reaches the code.
 * Twins of different source families get functions of their own
 * (twins/source_family.ts).
 */
export function compileOffer(names: readonly string[], family = ""): Offer {
  const keep = ~(P_STORED | (3 << P_Q));
  const set = P_IS_NUM | LAST_IS_P;
  const mask = S_IS_NUM | (3 << S_Q);
  const keepOther = ~(P_STORED | P_IS_NUM | (3 << P_Q));
  const lines = names.map((name, i) => {
    const k = JSON.stringify(name);
    const o = (field: number) => `f[${i * H + field}]`;
    // The second branch is sample()'s for a boolean or a string that holds
    // still (a third of the demo plant's points: modes, flags, states).
    return `x = v[${k}];
  if (x !== undefined) {
    qq = q === undefined ? "good" : q[${k}] ?? "good";
    tt = t === undefined ? ts : t[${k}] ?? ts;
    if (typeof x === "number" && qq === "good" && tt > ${o(P_TS)} &&
        ((fl = ${o(FLAGS)}) & ${mask}) === ${S_IS_NUM} && tt < ${o(S_DEADLINE)} &&
        (d = x - ${o(S_NUM)}) <= (bd = ${o(S_BAND)}) && d >= -bd) {
      if (tt >= ${o(M_END)}) p.newMinute(${i}, tt);
      ${o(M_COUNT)}++; ${o(M_SUM)} += x;
      if (x < ${o(M_MIN)}) ${o(M_MIN)} = x;
      if (x > ${o(M_MAX)}) ${o(M_MAX)} = x;
      ${o(P_NUM)} = x; ${o(P_TS)} = tt;
      ${o(FLAGS)} = (fl & ${keep}) | ${set};
    } else if (typeof x !== "number" && qq === "good" && tt > ${o(P_TS)} && x === so[${i}] &&
        tt < ${o(S_DEADLINE)} && tt < ${o(M_END)} && ((fl = ${o(FLAGS)}) & ${mask}) === 0) {
      ${o(M_COUNT)}++;
      if (typeof x === "boolean") {
        d = x ? 1 : 0; ${o(M_SUM)} += d;
        if (d < ${o(M_MIN)}) ${o(M_MIN)} = d;
        if (d > ${o(M_MAX)}) ${o(M_MAX)} = d;
      } else c[${i * C + M_OTHER}]++;
      po[${i}] = x; ${o(P_TS)} = tt;
      ${o(FLAGS)} = (fl & ${keepOther}) | ${LAST_IS_P};
    } else p.sample(${i}, x, qq, tt, out);
  }`;
  });
  return new Function(
    `"use strict"; return (v, q, t, ts, p, out) => {
  ${familyLine(family)}
  const f = p.state, c = p.cold, so = p.storedOther, po = p.latestOther;
  let x, qq, tt, fl, d, bd;
  ${lines.join("\n  ")}
};`,
  )() as Offer;
}
