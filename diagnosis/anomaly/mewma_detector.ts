/**
 * Online multivariate anomaly detector for pump signals: a MEWMA chart
 * (multivariate exponentially weighted moving average, Lowry et al. 1992) on
 * the fast channels plus a rate guard on the slow (thermal) channels.
 *
 * Why this shape:
 * - Fast channels (vibration, current, pressure, voltage, flow) respond to a
 *   hydraulic fault within seconds. Each is standardised by its training mean
 *   and deviation, smoothed by an EWMA (one weight `lambda` for all, so no
 *   per-channel tuning) and scored by Hotelling's T² against the training
 *   correlation. Smoothing turns a small persistent shift (a valve closing a
 *   few per cent of the flow) into a large score while single noisy samples
 *   stay small; the correlation term catches changes in how channels move
 *   together, not only their levels.
 * - Slow channels (motor and fluid temperature) drift by several training
 *   deviations in normal operation, because a few minutes of training cannot
 *   show their range. Their level would raise alarms all the time, so only
 *   their rate of change over `rateLag` samples is watched, against a wide
 *   multiple of the largest rate seen in training: it fires on a thermal
 *   event (hot water supply, a motor heating fast), not on drift.
 * - Thresholds come from the training window only: the largest score seen
 *   there after a warm-up, times a margin. No anomaly label is ever used.
 *
 * Everything is plain arrays; one detector holds its own state, so a runtime
 * may keep one per pump (and several runtimes may share a process).
 *
 * @module
 */
import { math } from "../../actors/rules/mathjs_instance.ts";

/** Tuning of the detector; one set for every file and every pump. */
export interface MewmaOptions {
  /** EWMA weight of the newest sample (0..1]; 0.1 is a ~19-sample memory. */
  lambda: number;
  /** Alarm threshold as a multiple of the largest training score after warm-up (never below chi-square's 99.9 % point). */
  margin: number;
  /** Training samples at the start whose scores do not set the threshold (EWMA settling). */
  warmup: number;
  /** Added to the diagonal of the training correlation matrix, so a constant or collinear channel cannot make it singular. */
  ridge: number;
  /** Samples over which the slow channels' rate of change is taken. */
  rateLag: number;
  /** Rate-guard threshold as a multiple of the largest training rate. */
  rateMargin: number;
  /** Smallest deviation a channel is given, as a fraction of |mean|, so a channel that was flat in training does not alarm on its first quantisation step. */
  scaleFloor: number;
}

/** Defaults used by `deno task eval-skab` and by the pump twin. */
export const DEFAULT_MEWMA_OPTIONS: Readonly<MewmaOptions> = Object.freeze({
  lambda: 0.1,
  margin: 1.25,
  warmup: 50,
  ridge: 1e-3,
  rateLag: 60,
  rateMargin: 4,
  scaleFloor: 1e-3,
});

/** A trained detector's fixed parameters (what training learned). */
export interface MewmaModel {
  /** Options it was trained with. */
  options: MewmaOptions;
  /** Mean of each fast channel over the training window. */
  mean: Float64Array;
  /** Deviation of each fast channel (with the floor applied). */
  scale: Float64Array;
  /** Inverse covariance of the EWMA statistic, k*k row-major. */
  precision: Float64Array;
  /** T² above which a sample is anomalous (before the margin is 1.0 of score). */
  threshold: number;
  /** Largest |rate| per slow channel allowed before the guard fires. */
  rateLimit: Float64Array;
}

/** What the detector says about one sample. */
export interface AnomalyVerdict {
  /** max(T²/threshold, rate guard ratio): 1.0 is the alarm threshold. */
  score: number;
  /** score > 1. */
  anomaly: boolean;
  /** The part of the score from the fast channels' T². */
  t2Ratio: number;
  /** The part of the score from the slow channels' rate guard. */
  rateRatio: number;
}

function checkOptions(o: MewmaOptions): void {
  if (!(o.lambda > 0 && o.lambda <= 1)) {
    throw new Error(`lambda must be in (0, 1], got ${o.lambda}`);
  }
  if (!(o.margin > 0)) throw new Error(`margin must be positive, got ${o.margin}`);
  if (!(o.rateLag >= 1 && Number.isInteger(o.rateLag))) {
    throw new Error(`rateLag must be a positive integer, got ${o.rateLag}`);
  }
  if (!(o.warmup >= 0 && Number.isInteger(o.warmup))) {
    throw new Error(`warmup must be a non-negative integer, got ${o.warmup}`);
  }
}

/**
 * Learn a model from training rows.
 *
 * @param fast training rows of the fast channels (each row one sample)
 * @param slow training rows of the slow channels, same length (may have zero columns)
 * @param options tuning
 * @param minScale smallest deviation per fast channel in its own unit (sensor resolution), if known
 * @returns the model; the threshold is the largest training T² after warm-up times the margin
 * @example
 * const m = trainMewma(fastRows, slowRows, DEFAULT_MEWMA_OPTIONS);
 */
export function trainMewma(
  fast: readonly ArrayLike<number>[],
  slow: readonly ArrayLike<number>[],
  options: MewmaOptions = DEFAULT_MEWMA_OPTIONS,
  minScale: readonly number[] = [],
): MewmaModel {
  checkOptions(options);
  const n = fast.length;
  if (slow.length !== n) throw new Error(`fast has ${n} rows, slow has ${slow.length}`);
  if (n < options.warmup + 10) {
    throw new Error(`need at least ${options.warmup + 10} training rows, got ${n}`);
  }
  const k = fast[0].length;
  const mean = new Float64Array(k);
  const scale = new Float64Array(k);
  for (const row of fast) for (let j = 0; j < k; j++) mean[j] += row[j] / n;
  for (const row of fast) for (let j = 0; j < k; j++) scale[j] += (row[j] - mean[j]) ** 2 / n;
  for (let j = 0; j < k; j++) {
    scale[j] = Math.max(
      Math.sqrt(scale[j]),
      options.scaleFloor * Math.abs(mean[j]),
      minScale[j] ?? 0,
      1e-12,
    );
  }
  const corr: number[][] = Array.from({ length: k }, () => new Array(k).fill(0));
  for (const row of fast) {
    for (let a = 0; a < k; a++) {
      const za = (row[a] - mean[a]) / scale[a];
      for (let b = a; b < k; b++) corr[a][b] += za * (row[b] - mean[b]) / scale[b] / n;
    }
  }
  // Asymptotic covariance of the EWMA of unit-variance samples is lambda/(2-lambda) times theirs.
  const factor = options.lambda / (2 - options.lambda);
  for (let a = 0; a < k; a++) {
    // A channel whose deviation was raised to its floor varies less than 1 in
    // those units; counting it as 1 makes a floor-sized change one sigma.
    corr[a][a] = Math.max(corr[a][a], 1) + options.ridge;
    for (let b = 0; b < a; b++) corr[a][b] = corr[b][a];
    for (let b = 0; b < k; b++) corr[a][b] *= factor;
  }
  const inv = math.inv(corr) as number[][];
  const precision = new Float64Array(k * k);
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) precision[a * k + b] = inv[a][b];

  const model: MewmaModel = {
    options: { ...options },
    mean,
    scale,
    precision,
    threshold: 1,
    rateLimit: new Float64Array(slow[0]?.length ?? 0),
  };
  // Replay the training window through the chart for its own score distribution.
  const z = new Float64Array(k);
  let maxT2 = 0;
  for (let i = 0; i < n; i++) {
    const t2 = ewmaT2(model, z, fast[i]);
    if (i >= options.warmup && t2 > maxT2) maxT2 = t2;
  }
  // A training window quieter than the channels' floors (a simulator's exact
  // head) would give a threshold below what those floors call noise; with
  // floor-sized iid noise T² follows chi-square with k degrees of freedom.
  model.threshold = Math.max(maxT2 * options.margin, chiSquareQuantile999(k));
  const m = model.rateLimit.length;
  for (let i = options.rateLag; i < n; i++) {
    for (let j = 0; j < m; j++) {
      const r = Math.abs(slow[i][j] - slow[i - options.rateLag][j]);
      if (r > model.rateLimit[j]) model.rateLimit[j] = r;
    }
  }
  for (let j = 0; j < m; j++) {
    // A flat training rate still needs a finite, positive limit.
    model.rateLimit[j] = Math.max(model.rateLimit[j] * options.rateMargin, 1e-6);
  }
  return model;
}

/** 99.9 % quantile of chi-square with k degrees of freedom (Wilson-Hilferty, within 1 % for k >= 1). */
export function chiSquareQuantile999(k: number): number {
  const a = 2 / (9 * k);
  return k * (1 - a + 3.090232 * Math.sqrt(a)) ** 3;
}

/** Update the EWMA state `z` with one fast row and return its T². */
function ewmaT2(model: MewmaModel, z: Float64Array, row: ArrayLike<number>): number {
  const k = z.length;
  const lam = model.options.lambda;
  for (let j = 0; j < k; j++) {
    z[j] = lam * (row[j] - model.mean[j]) / model.scale[j] + (1 - lam) * z[j];
  }
  const p = model.precision;
  let t2 = 0;
  for (let a = 0; a < k; a++) {
    let s = 0;
    for (let b = 0; b < k; b++) s += p[a * k + b] * z[b];
    t2 += z[a] * s;
  }
  return t2;
}

/** A {@linkcode MewmaScorer}'s running state, as plain numbers. */
export interface MewmaScorerState {
  /** The EWMA statistic per fast channel. */
  z: number[];
  /** The slow channels' last `rateLag` samples (a ring). */
  history: number[][];
  /** Where the ring's next sample goes. */
  head: number;
  /** Samples in the ring. */
  filled: number;
}

/**
 * Causal scorer over a trained model: it sees each sample once, in order,
 * and never looks ahead.
 */
export class MewmaScorer {
  readonly #model: MewmaModel;
  readonly #z: Float64Array;
  readonly #history: Float64Array[];
  #head = 0;
  #filled = 0;

  /**
   * @param model a trained model
   * @param primeFast fast rows to run through the EWMA first (normally the training rows), so scoring continues from their state
   * @param primeSlow slow rows for the rate guard's memory, same length as `primeFast`
   */
  constructor(
    model: MewmaModel,
    primeFast: readonly ArrayLike<number>[] = [],
    primeSlow: readonly ArrayLike<number>[] = [],
  ) {
    this.#model = model;
    this.#z = new Float64Array(model.mean.length);
    this.#history = Array.from(
      { length: model.options.rateLag },
      () => new Float64Array(model.rateLimit.length),
    );
    for (let i = 0; i < primeFast.length; i++) {
      ewmaT2(model, this.#z, primeFast[i]);
      this.#remember(primeSlow[i] ?? []);
    }
  }

  /** The scorer's running state (EWMA statistic, rate-guard memory), for a snapshot. */
  state(): MewmaScorerState {
    return {
      z: Array.from(this.#z),
      history: this.#history.map((h) => Array.from(h)),
      head: this.#head,
      filled: this.#filled,
    };
  }

  /** Continue from {@linkcode MewmaScorer.state} of a scorer over the same model. */
  setState(state: MewmaScorerState): void {
    if (state.z.length !== this.#z.length || state.history.length !== this.#history.length) {
      throw new Error(
        `scorer state has ${state.z.length} channels and ${state.history.length} rate samples, ` +
          `the model ${this.#z.length} and ${this.#history.length}`,
      );
    }
    this.#z.set(state.z);
    state.history.forEach((h, i) => this.#history[i].set(h));
    this.#head = state.head;
    this.#filled = state.filled;
  }

  #remember(slow: ArrayLike<number>): void {
    this.#history[this.#head].set(slow);
    this.#head = (this.#head + 1) % this.#history.length;
    if (this.#filled < this.#history.length) this.#filled++;
  }

  /**
   * Score one sample.
   *
   * @param fast the fast channels, in training order
   * @param slow the slow channels, in training order
   * @returns the verdict; `score` 1.0 is the threshold
   */
  score(fast: ArrayLike<number>, slow: ArrayLike<number> = []): AnomalyVerdict {
    const model = this.#model;
    const t2Ratio = ewmaT2(model, this.#z, fast) / model.threshold;
    let rateRatio = 0;
    if (this.#filled === this.#history.length) {
      // The oldest entry sits where the next write goes: rateLag samples back.
      const old = this.#history[this.#head];
      for (let j = 0; j < model.rateLimit.length; j++) {
        const r = Math.abs(slow[j] - old[j]) / model.rateLimit[j];
        if (r > rateRatio) rateRatio = r;
      }
    }
    this.#remember(slow);
    const score = Math.max(t2Ratio, rateRatio);
    return { score, anomaly: score > 1, t2Ratio, rateRatio };
  }
}
