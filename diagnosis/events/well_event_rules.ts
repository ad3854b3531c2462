/**
 * Oil-well event classification from pressures and temperatures by rules on
 * physically meaningful features, not a model fitted to a few recordings.
 * Input is 1 Hz signals (3W's rate); the rules read only the signals named in
 * {@linkcode W3_SIGNALS}, so label columns passed along are ignored.
 *
 * The physics the features stand for:
 * - **Hydrate in the gas-lift service line (3W class 9)**: the blockage stops
 *   lift gas. The gas-lift line pressure downstream of its choke
 *   (P-JUS-CKGL) builds up towards the supply pressure; the unlifted liquid
 *   column gets heavier, so the pressures in the well (P-PDG downhole, P-TPT
 *   at the tree) rise and stay up; less hot fluid reaches the surface, so the
 *   temperature downstream of the production choke (T-JUS-CKP) falls by tens
 *   of degrees. A sustained level shift, not an oscillation: measured as the
 *   largest departure of 10-minute medians from the first 10 minutes.
 * - **Severe slugging (class 3)**: liquid blocks the riser base until gas
 *   pressure blows it out, in cycles of minutes to an hour. The topside
 *   pressure upstream of the production choke (P-MON-CKP) swings by a large
 *   fraction of its level, quasi-periodically.
 * - **Flow instability (class 4)**: the same pressure moves by a few per cent
 *   without a dominant period.
 *
 * Oscillation features come from 2-hour windows (slug cycles up to an hour
 * need two cycles per window), every 30 minutes, on 10-second means (the
 * cycles are slow; averaging removes sensor noise): amplitude is the p5-p95
 * range of the linearly detrended window over its median level; regularity
 * is the autocorrelation's highest peak after its first zero crossing.
 *
 * @module
 */
import { W3_SIGNALS } from "./w3_parquet.ts";

/** Predicted 3W class: 0 normal, 3 severe slugging, 4 flow instability, 9 hydrate in service line. */
export type WellEventClass = 0 | 3 | 4 | 9;

/** Thresholds of the rules; physical magnitudes, set once for every well. */
export interface WellEventRules {
  /** Samples of the reference period at the start (s at 1 Hz). */
  baselineSamples: number;
  /** Samples per median block for level shifts. */
  blockSamples: number;
  /** Temperature drop downstream of the production choke that signals lost flow, degC. */
  hydrateTempDrop: number;
  /** Relative rise of a well pressure (P-TPT or P-PDG) that signals a heavier column. */
  hydratePressureRise: number;
  /** Relative rise of the gas-lift line pressure that signals a blockage downstream of it. */
  hydrateGasLiftRise: number;
  /** Oscillation window, samples. */
  windowSamples: number;
  /** Hop between windows, samples. */
  hopSamples: number;
  /** Samples averaged into one point before the window analysis. */
  decimate: number;
  /** Amplitude (p5-p95 over level) above which a window is severe slugging whatever its regularity. */
  slugAmplitude: number;
  /** Smaller amplitude that is slugging when the oscillation is regular. */
  slugRegularAmplitude: number;
  /** Autocorrelation peak that counts as regular. */
  regularity: number;
  /** Amplitude above which a window is unstable flow. */
  instabilityAmplitude: number;
  /** Share of windows that must show an event for the recording to be classed by it. */
  windowShare: number;
}

/** The thresholds `deno task eval-3w` uses. */
export const DEFAULT_WELL_EVENT_RULES: Readonly<WellEventRules> = Object.freeze({
  baselineSamples: 600,
  blockSamples: 600,
  hydrateTempDrop: 10,
  hydratePressureRise: 0.05,
  hydrateGasLiftRise: 0.02,
  windowSamples: 7200,
  hopSamples: 1800,
  decimate: 10,
  slugAmplitude: 0.12,
  slugRegularAmplitude: 0.05,
  regularity: 0.35,
  instabilityAmplitude: 0.03,
  windowShare: 0.25,
});

/** One oscillation window's features. */
export interface OscillationWindow {
  /** First sample of the window. */
  start: number;
  /** p5-p95 range of the detrended signal over its median level. */
  amplitude: number;
  /** Highest autocorrelation after its first zero crossing (0 when none). */
  regularity: number;
  /** Lag of that peak, samples. */
  periodSamples: number;
  /** What the window shows. */
  verdict: WellEventClass;
}

/** Everything the classification looked at, for reports and tests. */
export interface WellEventFeatures {
  /** Largest drop of T-JUS-CKP 10-minute medians below its reference, degC (NaN without the signal). */
  tempDrop: number;
  /** Largest relative rise of P-TPT or P-PDG medians above their reference. */
  pressureRise: number;
  /** Largest relative rise of P-JUS-CKGL medians above its reference. */
  gasLiftRise: number;
  /** The signal the oscillation windows were taken on. */
  oscillationSignal: string | undefined;
  /** Per-window features. */
  windows: OscillationWindow[];
}

/** A classification with its reasons. */
export interface WellEventResult {
  /** Predicted class. */
  predicted: WellEventClass;
  /** Features behind it. */
  features: WellEventFeatures;
}

/** Signals by column name; only those in W3_SIGNALS are read. */
export type SignalTable = Readonly<Record<string, ArrayLike<number> | undefined>>;

function usable(x: ArrayLike<number> | undefined): x is ArrayLike<number> {
  if (!x || x.length === 0) return false;
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (Number.isFinite(v)) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  // A signal missing or frozen for the whole recording tells nothing.
  return hi > lo;
}

/** Median of `values` (sorted in place); NaN when empty. */
export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  values.sort((a, b) => a - b);
  const m = values.length >> 1;
  return values.length % 2 ? values[m] : (values[m - 1] + values[m]) / 2;
}

function finiteSlice(x: ArrayLike<number>, from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i < Math.min(to, x.length); i++) if (Number.isFinite(x[i])) out.push(x[i]);
  return out;
}

/** Reference (median of the first samples) and the medians of later blocks. */
function blockShift(
  x: ArrayLike<number>,
  rules: WellEventRules,
): { ref: number; blocks: number[] } {
  const ref = median(finiteSlice(x, 0, rules.baselineSamples));
  const blocks: number[] = [];
  for (let s = rules.baselineSamples; s < x.length; s += rules.blockSamples) {
    const m = median(finiteSlice(x, s, s + rules.blockSamples));
    if (Number.isFinite(m)) blocks.push(m);
  }
  return { ref, blocks };
}

function largestRise(x: ArrayLike<number> | undefined, rules: WellEventRules): number {
  if (!usable(x)) return NaN;
  const { ref, blocks } = blockShift(x, rules);
  if (!Number.isFinite(ref) || ref === 0 || blocks.length === 0) return NaN;
  return Math.max(...blocks.map((b) => (b - ref) / Math.abs(ref)));
}

function largestDrop(x: ArrayLike<number> | undefined, rules: WellEventRules): number {
  if (!usable(x)) return NaN;
  const { ref, blocks } = blockShift(x, rules);
  if (!Number.isFinite(ref) || blocks.length === 0) return NaN;
  return Math.max(...blocks.map((b) => ref - b));
}

/** Means of `n` consecutive samples, carrying the last finite value over gaps. */
export function decimated(x: ArrayLike<number>, from: number, to: number, n: number): number[] {
  const out: number[] = [];
  let last = NaN;
  for (let s = from; s + n <= to; s += n) {
    let sum = 0, k = 0;
    for (let i = s; i < s + n; i++) {
      if (Number.isFinite(x[i])) {
        sum += x[i];
        k++;
      }
    }
    if (k > 0) last = sum / k;
    out.push(last);
  }
  // Leading gaps take the first value seen.
  const first = out.find(Number.isFinite);
  return first === undefined ? [] : out.map((v) => Number.isFinite(v) ? v : first);
}

function quantile(sorted: number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * Amplitude and regularity of one stretch of a signal.
 *
 * @param y decimated samples
 * @returns amplitude (relative), regularity and the peak's lag in decimated samples
 */
export function oscillation(y: readonly number[]): {
  amplitude: number;
  regularity: number;
  lag: number;
} {
  const n = y.length;
  if (n < 8) return { amplitude: 0, regularity: 0, lag: 0 };
  const level = median([...y]);
  // Least-squares line removed so a slow ramp does not read as an oscillation.
  let st = 0, sy = 0, stt = 0, sty = 0;
  for (let i = 0; i < n; i++) {
    st += i;
    sy += y[i];
    stt += i * i;
    sty += i * y[i];
  }
  const slope = (n * sty - st * sy) / (n * stt - st * st);
  const icept = (sy - slope * st) / n;
  const r = y.map((v, i) => v - icept - slope * i);
  const sorted = [...r].sort((a, b) => a - b);
  const amplitude = level === 0 ? 0 : (quantile(sorted, 0.95) - quantile(sorted, 0.05)) /
    Math.abs(level);
  let c0 = 0;
  for (const v of r) c0 += v * v;
  if (c0 === 0) return { amplitude, regularity: 0, lag: 0 };
  let crossed = false, best = 0, bestLag = 0;
  for (let lag = 1; lag <= n >> 1; lag++) {
    let c = 0;
    for (let i = 0; i + lag < n; i++) c += r[i] * r[i + lag];
    c /= c0;
    if (!crossed) {
      if (c < 0) crossed = true;
      continue;
    }
    if (c > best) {
      best = c;
      bestLag = lag;
    }
  }
  return { amplitude, regularity: best, lag: bestLag };
}

/** What an oscillation window shows: slugging, instability or nothing. */
export function windowVerdict(
  amplitude: number,
  regularity: number,
  rules: WellEventRules,
): WellEventClass {
  if (amplitude >= rules.slugAmplitude) return 3;
  if (amplitude >= rules.slugRegularAmplitude && regularity >= rules.regularity) return 3;
  if (amplitude >= rules.instabilityAmplitude) return 4;
  return 0;
}

/**
 * Classify one recording.
 *
 * @param table signals by 3W column name (1 Hz); other columns are ignored
 * @param rules thresholds
 * @returns the class and the features behind it
 * @example
 * const { predicted } = classifyWellEvent(await readW3Signals("x.parquet"));
 */
export function classifyWellEvent(
  table: SignalTable,
  rules: WellEventRules = DEFAULT_WELL_EVENT_RULES,
): WellEventResult {
  const signal = (name: typeof W3_SIGNALS[number]) => table[name];
  const rises = [largestRise(signal("P-TPT"), rules), largestRise(signal("P-PDG"), rules)]
    .filter((v) => !Number.isNaN(v));
  const features: WellEventFeatures = {
    tempDrop: largestDrop(signal("T-JUS-CKP"), rules),
    pressureRise: rises.length ? Math.max(...rises) : NaN,
    gasLiftRise: largestRise(signal("P-JUS-CKGL"), rules),
    oscillationSignal: undefined,
    windows: [],
  };
  const hydrate = features.tempDrop >= rules.hydrateTempDrop &&
    (features.pressureRise >= rules.hydratePressureRise ||
      features.gasLiftRise >= rules.hydrateGasLiftRise);

  const osc = (["P-MON-CKP", "P-TPT", "P-PDG"] as const).find((c) => usable(signal(c)));
  if (osc) {
    const x = signal(osc)!;
    features.oscillationSignal = osc;
    const w = Math.min(rules.windowSamples, x.length);
    const starts: number[] = [];
    for (let s = 0; s + w <= x.length; s += rules.hopSamples) starts.push(s);
    // A last window flush with the end, so the tail of the recording is seen too.
    if (starts.at(-1)! + w < x.length) starts.push(x.length - w);
    for (const s of starts) {
      const y = decimated(x, s, s + w, rules.decimate);
      const o = oscillation(y);
      features.windows.push({
        start: s,
        amplitude: o.amplitude,
        regularity: o.regularity,
        periodSamples: o.lag * rules.decimate,
        verdict: windowVerdict(o.amplitude, o.regularity, rules),
      });
    }
  }
  if (hydrate) return { predicted: 9, features };
  const n = features.windows.length;
  const slug = features.windows.filter((w) => w.verdict === 3).length;
  const unstable = features.windows.filter((w) => w.verdict === 4).length;
  let predicted: WellEventClass = 0;
  if (n > 0 && slug >= rules.windowShare * n) predicted = 3;
  else if (n > 0 && slug + unstable >= rules.windowShare * n) predicted = 4;
  return { predicted, features };
}
