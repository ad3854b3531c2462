/**
 * The ridge classifier's class scores through the WebAssembly SIMD kernel
 * (card_kernels.wat): each feature's votes added to every class's score,
 * two classes at a time, in the order and with the rounding of the
 * JavaScript loop it replaces, so the scores are bit for bit the same.
 *
 * @module
 */
import { align16, cardKernels, ensureMemory } from "./card_kernels.ts";

interface ScoreExports {
  memory: WebAssembly.Memory;
  scores(x: number, n: number, w: number, k: number, s: number): void;
}

/** A linear classifier's weights laid out in WebAssembly memory, ready to score features. */
export class ClassScoresWasm {
  readonly #kernel: ScoreExports;
  readonly #features: Float32Array;
  readonly #scores: Float64Array;
  readonly #at: { x: number; w: number; s: number };
  readonly #k: number;

  /** `weights` feature by feature, `classes` each (class c of feature j at j × classes + c). */
  constructor(weights: Float32Array, classes: number) {
    const n = weights.length / classes;
    if (!Number.isInteger(n)) {
      throw new Error(`${weights.length} weights are not a whole number of ${classes} classes`);
    }
    this.#kernel = new WebAssembly.Instance(cardKernels()).exports as unknown as ScoreExports;
    const w = 0, x = align16(w + 4 * weights.length), s = align16(x + 4 * n);
    ensureMemory(this.#kernel.memory, s + 8 * classes);
    const buffer = this.#kernel.memory.buffer;
    new Float32Array(buffer, w, weights.length).set(weights);
    this.#features = new Float32Array(buffer, x, n);
    this.#scores = new Float64Array(buffer, s, classes);
    this.#at = { x, w, s };
    this.#k = classes;
  }

  /**
   * Each class's intercept plus the sum over the features of feature times
   * weight (features that are 0 skipped). The array is overwritten by the
   * next call.
   */
  score(features: Float32Array, intercept: readonly number[]): Float64Array {
    if (features.length !== this.#features.length) {
      throw new Error(`${features.length} features, expected ${this.#features.length}`);
    }
    this.#features.set(features);
    this.#scores.set(intercept);
    const at = this.#at;
    this.#kernel.scores(at.x, features.length, at.w, this.#k, at.s);
    return this.#scores;
  }
}
