/**
 * Seeded pseudo-random numbers for simulators. Simulators never call
 * Math.random, so one seed always reproduces one run.
 *
 * @module
 */

/** Where a {@linkcode Random} is in its sequence (plain data, structured-cloneable). */
export interface RandomState {
  /** The four sfc32 words. */
  words: [number, number, number, number];
  /** The second normal of the latest Box-Muller pair, not yet returned. */
  spare?: number;
}

/** A seeded generator (sfc32): `next()` gives uniform numbers in [0, 1). */
export class Random {
  #a: number;
  #b: number;
  #c: number;
  #d: number;
  #spare: number | undefined;

  /** Create a generator from an integer seed and an optional stream name. */
  constructor(seed: number, stream = "") {
    // Mix the stream name into the seed so twins built from one plant seed
    // get independent, stable sequences.
    let h = (seed ^ 0x9e3779b9) >>> 0;
    for (let i = 0; i < stream.length; i++) {
      h = Math.imul(h ^ stream.charCodeAt(i), 0x85ebca6b) >>> 0;
      h = (h ^ (h >>> 13)) >>> 0;
    }
    this.#a = h;
    this.#b = Math.imul(h, 0xc2b2ae35) >>> 0;
    this.#c = (h ^ 0x27d4eb2f) >>> 0;
    this.#d = 1;
    for (let i = 0; i < 12; i++) this.next();
  }

  /** Where the generator is, to continue the same sequence elsewhere. */
  snapshot(): RandomState {
    return {
      words: [this.#a, this.#b, this.#c, this.#d],
      ...(this.#spare !== undefined ? { spare: this.#spare } : {}),
    };
  }

  /** Continue from a {@linkcode Random.snapshot}: the next numbers are the ones it would have given. */
  restore(state: RandomState): void {
    [this.#a, this.#b, this.#c, this.#d] = state.words;
    this.#spare = state.spare;
  }

  /** Uniform number in [0, 1). */
  next(): number {
    const t = (((this.#a + this.#b) >>> 0) + this.#d) >>> 0;
    this.#d = (this.#d + 1) >>> 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) >>> 0;
    this.#c = ((this.#c << 21) | (this.#c >>> 11)) >>> 0;
    this.#c = (this.#c + t) >>> 0;
    return t / 4294967296;
  }

  /** Uniform number in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Normally distributed number (Box-Muller). */
  normal(mean = 0, sd = 1): number {
    if (this.#spare !== undefined) {
      const s = this.#spare;
      this.#spare = undefined;
      return mean + sd * s;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.#spare = r * Math.sin(2 * Math.PI * v);
    return mean + sd * r * Math.cos(2 * Math.PI * v);
  }
}
