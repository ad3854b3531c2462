/**
 * Outdoor air temperature at a site: a daily cosine cycle plus slow seeded
 * noise (a first-order autoregressive process), so weather wanders without
 * jumping from second to second.
 *
 * @module
 */
import type { Random } from "../random.ts";

/** Correlation time of the ambient noise, s: weather drifts over tens of minutes. */
export const AMBIENT_NOISE_TAU_S = 900;

const SECONDS_PER_DAY = 86_400;

/** Shape of the daily ambient cycle. */
export interface AmbientOptions {
  /** Daily mean, degC. */
  mean_c: number;
  /** Half the peak-to-trough swing, K. */
  amplitude_c: number;
  /** Local hour of the peak; simulated time 0 is local midnight. */
  peak_hour: number;
  /** Standard deviation of the noise, K. */
  noise_c: number;
}

/** Ambient temperature generator; call {@linkcode AmbientTemperature.advance} once per step. */
export class AmbientTemperature {
  #mean: number;
  #amp: number;
  #peakS: number;
  #sd: number;
  #rng: Random;
  #noise = 0;
  #lastDt = -1;
  #decay = 0;
  #kick = 0;

  /** Build from the cycle shape and a seeded generator for the noise. */
  constructor(opts: AmbientOptions, rng: Random) {
    this.#mean = opts.mean_c;
    this.#amp = opts.amplitude_c;
    this.#peakS = opts.peak_hour * 3600;
    this.#sd = opts.noise_c;
    this.#rng = rng;
    // Start the noise in its stationary distribution rather than at zero.
    if (this.#sd > 0) this.#noise = rng.normal(0, this.#sd);
  }

  /** The noise-free daily cycle at simulated time `tS`, degC. */
  cycle(tS: number): number {
    return this.#mean + this.#amp * Math.cos((2 * Math.PI * (tS - this.#peakS)) / SECONDS_PER_DAY);
  }

  /** Current noise offset, K. */
  get noise(): number {
    return this.#noise;
  }

  /** Move the noise on by `dtS` and return the ambient temperature at `tS`, degC. */
  advance(dtS: number, tS: number): number {
    if (this.#sd > 0) {
      if (dtS !== this.#lastDt) {
        // Exact AR(1) discretisation of an Ornstein-Uhlenbeck process, so the
        // variance is the same whatever the step.
        this.#lastDt = dtS;
        this.#decay = Math.exp(-dtS / AMBIENT_NOISE_TAU_S);
        this.#kick = this.#sd * Math.sqrt(1 - this.#decay * this.#decay);
      }
      this.#noise = this.#decay * this.#noise + this.#kick * this.#rng.normal();
    }
    return this.cycle(tS) + this.#noise;
  }
}
