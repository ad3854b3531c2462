/**
 * The detector as a stream consumer: the first `trainSamples` samples it is
 * given are its training window (assumed normal), then it trains once and
 * scores every later sample causally. The SKAB evaluator and the pump twin's
 * supervisor both use it, so a recording, a simulator and a live device go
 * through the same code.
 *
 * @module
 */
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
import {
  type AnomalyVerdict,
  DEFAULT_MEWMA_OPTIONS,
  type MewmaModel,
  type MewmaOptions,
  MewmaScorer,
  trainMewma,
} from "./mewma_detector.ts";

/** Version of {@linkcode OnlineDetectorState} this code writes and reads. */
export const ONLINE_DETECTOR_STATE_VERSION = 1;

/**
 * What an {@linkcode OnlineDetector} has learnt, as plain JSON: the
 * training rows so far, or the trained model and the scorer's running state.
 */
export interface OnlineDetectorState {
  /** {@linkcode ONLINE_DETECTOR_STATE_VERSION}. */
  version: number;
  /** The training window it was built with. */
  trainSamples: number;
  /** While training: the fast rows so far. */
  fast?: JsonNumber[][];
  /** While training: the slow rows so far. */
  slow?: JsonNumber[][];
  /** Once trained: the model. */
  model?: {
    options: MewmaOptions;
    mean: JsonNumber[];
    scale: JsonNumber[];
    precision: JsonNumber[];
    threshold: JsonNumber;
    rateLimit: JsonNumber[];
  };
  /** Once trained: the scorer's running state. */
  scorer?: { z: JsonNumber[]; history: JsonNumber[][]; head: number; filled: number };
}

/** Where the detector is in its life. */
export type DetectorPhase = "training" | "scoring";

/** A detector that trains on its first samples and scores the rest. */
export class OnlineDetector {
  readonly trainSamples: number;
  readonly #options: MewmaOptions;
  readonly #minScale: readonly number[];
  // The training rows as plain arrays: a small array is one allocation in the
  // young heap, a typed array an ArrayBuffer each (and Float64Array.from walks
  // the row's iterator); the numbers are the same.
  #fast: number[][] = [];
  #slow: number[][] = [];
  #scorer: MewmaScorer | undefined;
  #model: MewmaModel | undefined;

  /**
   * @param trainSamples how many samples form the training window (SKAB: 400)
   * @param options detector tuning; defaults are the ones evaluated on SKAB
   * @param minScale smallest deviation per fast channel, in its unit (see {@linkcode trainMewma})
   */
  constructor(
    trainSamples: number,
    options: MewmaOptions = DEFAULT_MEWMA_OPTIONS,
    minScale: readonly number[] = [],
  ) {
    if (!Number.isInteger(trainSamples) || trainSamples < options.warmup + 10) {
      throw new Error(
        `trainSamples must be an integer of at least ${options.warmup + 10}, got ${trainSamples}`,
      );
    }
    this.trainSamples = trainSamples;
    this.#options = options;
    this.#minScale = minScale;
  }

  /** "training" until the window is full, then "scoring". */
  get phase(): DetectorPhase {
    return this.#scorer ? "scoring" : "training";
  }

  /** Samples still needed before scoring starts. */
  get remaining(): number {
    return this.#scorer ? 0 : this.trainSamples - this.#fast.length;
  }

  /** The trained model, once there is one. */
  get model(): MewmaModel | undefined {
    return this.#model;
  }

  /** What it has learnt so far, as plain JSON (a fork "from now" carries it). */
  snapshot(): OnlineDetectorState {
    const base = { version: ONLINE_DETECTOR_STATE_VERSION, trainSamples: this.trainSamples };
    const m = this.#model;
    if (!this.#scorer || !m) {
      return {
        ...base,
        fast: this.#fast.map((r) => toJsonNumbers(r)),
        slow: this.#slow.map((r) => toJsonNumbers(r)),
      };
    }
    const s = this.#scorer.state();
    return {
      ...base,
      model: {
        options: { ...m.options },
        mean: toJsonNumbers(m.mean),
        scale: toJsonNumbers(m.scale),
        precision: toJsonNumbers(m.precision),
        threshold: toJsonNumber(m.threshold),
        rateLimit: toJsonNumbers(m.rateLimit),
      },
      scorer: {
        z: toJsonNumbers(s.z),
        history: s.history.map((h) => toJsonNumbers(h)),
        head: s.head,
        filled: s.filled,
      },
    };
  }

  /**
   * Continue from {@linkcode OnlineDetector.snapshot} of a detector with
   * the same window and `fast` and `slow` channels. Throws a
   * {@linkcode LearnerStateError} naming the JSON path (under `path`) of
   * what does not fit, and then is left as it was.
   */
  restore(state: unknown, path: string, channels: { fast: number; slow: number }): void {
    const s = checkVersion(state, path, ONLINE_DETECTOR_STATE_VERSION);
    if (s.trainSamples !== this.trainSamples) {
      throw new LearnerStateError(
        `${path}.trainSamples`,
        `learnt over ${s.trainSamples} samples, this detector trains on ${this.trainSamples}`,
      );
    }
    const rows = (x: unknown, p: string, width: number) =>
      jsonArray(x, p).map((r, i) => fromJsonNumbers(r, `${p}[${i}]`, width));
    if (s.model === undefined) {
      const fast = rows(s.fast, `${path}.fast`, channels.fast);
      const slow = rows(s.slow, `${path}.slow`, channels.slow);
      if (fast.length !== slow.length || fast.length >= this.trainSamples) {
        throw new LearnerStateError(
          `${path}.fast`,
          `${fast.length} fast and ${slow.length} slow rows for a window of ${this.trainSamples}`,
        );
      }
      this.#fast = fast;
      this.#slow = slow;
      this.#model = undefined;
      this.#scorer = undefined;
      return;
    }
    const m = jsonObject(s.model, `${path}.model`);
    const k = channels.fast;
    const options = jsonObject(m.options, `${path}.model.options`) as unknown as MewmaOptions;
    for (const key of Object.keys(DEFAULT_MEWMA_OPTIONS) as (keyof MewmaOptions)[]) {
      if (typeof options[key] !== "number") {
        throw new LearnerStateError(`${path}.model.options.${key}`, "expected a number");
      }
    }
    const model: MewmaModel = {
      options: { ...options },
      mean: Float64Array.from(fromJsonNumbers(m.mean, `${path}.model.mean`, k)),
      scale: Float64Array.from(fromJsonNumbers(m.scale, `${path}.model.scale`, k)),
      precision: Float64Array.from(fromJsonNumbers(m.precision, `${path}.model.precision`, k * k)),
      threshold: fromJsonNumber(m.threshold, `${path}.model.threshold`),
      rateLimit: Float64Array.from(
        fromJsonNumbers(m.rateLimit, `${path}.model.rateLimit`, channels.slow),
      ),
    };
    const sc = jsonObject(s.scorer, `${path}.scorer`);
    const lag = options.rateLag;
    const history = jsonArray(sc.history, `${path}.scorer.history`);
    if (history.length !== lag) {
      throw new LearnerStateError(
        `${path}.scorer.history`,
        `expected ${lag} samples (the model's rateLag), got ${history.length}`,
      );
    }
    const head = sc.head, filled = sc.filled;
    if (!Number.isInteger(head) || (head as number) < 0 || (head as number) >= lag) {
      throw new LearnerStateError(`${path}.scorer.head`, `expected an index below ${lag}`);
    }
    if (!Number.isInteger(filled) || (filled as number) < 0 || (filled as number) > lag) {
      throw new LearnerStateError(`${path}.scorer.filled`, `expected a count up to ${lag}`);
    }
    const scorer = new MewmaScorer(model);
    scorer.setState({
      z: fromJsonNumbers(sc.z, `${path}.scorer.z`, k),
      history: history.map((h, i) =>
        fromJsonNumbers(h, `${path}.scorer.history[${i}]`, channels.slow)
      ),
      head: head as number,
      filled: filled as number,
    });
    this.#model = model;
    this.#scorer = scorer;
    this.#fast = [];
    this.#slow = [];
  }

  /**
   * Give the detector the next sample.
   *
   * @param fast fast channels (same order every call)
   * @param slow slow channels (same order every call)
   * @returns the verdict, or undefined while training or when a value is not finite (the sample is skipped)
   */
  push(fast: ArrayLike<number>, slow: ArrayLike<number> = []): AnomalyVerdict | undefined {
    for (let j = 0; j < fast.length; j++) if (!Number.isFinite(fast[j])) return undefined;
    for (let j = 0; j < slow.length; j++) if (!Number.isFinite(slow[j])) return undefined;
    if (this.#scorer) return this.#scorer.score(fast, slow);
    this.#fast.push(copy(fast));
    this.#slow.push(copy(slow));
    if (this.#fast.length === this.trainSamples) {
      this.#model = trainMewma(this.#fast, this.#slow, this.#options, this.#minScale);
      this.#scorer = new MewmaScorer(this.#model, this.#fast, this.#slow);
      this.#fast = [];
      this.#slow = [];
    }
    return undefined;
  }
}

// A row's values as a plain array.
function copy(xs: ArrayLike<number>): number[] {
  const out = new Array<number>(xs.length);
  for (let j = 0; j < xs.length; j++) out[j] = xs[j];
  return out;
}
