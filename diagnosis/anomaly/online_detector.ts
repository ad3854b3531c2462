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
  type AnomalyVerdict,
  DEFAULT_MEWMA_OPTIONS,
  type MewmaModel,
  type MewmaOptions,
  MewmaScorer,
  trainMewma,
} from "./mewma_detector.ts";

/** Where the detector is in its life. */
export type DetectorPhase = "training" | "scoring";

/** A detector that trains on its first samples and scores the rest. */
export class OnlineDetector {
  readonly trainSamples: number;
  readonly #options: MewmaOptions;
  readonly #minScale: readonly number[];
  #fast: Float64Array[] = [];
  #slow: Float64Array[] = [];
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
    this.#fast.push(Float64Array.from(fast));
    this.#slow.push(Float64Array.from(slow));
    if (this.#fast.length === this.trainSamples) {
      this.#model = trainMewma(this.#fast, this.#slow, this.#options, this.#minScale);
      this.#scorer = new MewmaScorer(this.#model, this.#fast, this.#slow);
      this.#fast = [];
      this.#slow = [];
    }
    return undefined;
  }
}
