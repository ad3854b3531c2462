/**
 * Outdoor air temperature at a site: a daily cosine cycle, or an hourly
 * profile interpolated linearly between the hours (a recorded or forecast
 * day), plus slow seeded noise (a first-order autoregressive process), so
 * weather wanders without jumping from second to second.
 *
 * @module
 */
import type { Random, RandomState } from "../random.ts";

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
  /**
   * 24 temperatures, degC, at 00:00, 01:00, ... 23:00 of simulated time,
   * joined by straight lines (23:00 back to 00:00 of the next day); when
   * given it replaces the cosine (mean, amplitude and peak hour).
   */
  profile_c?: readonly number[];
}

/** Where the noise is: plain data for a snapshot. */
export interface AmbientState {
  /** Generator of the noise. */
  rng: RandomState;
  /** Current noise offset, K. */
  noise: number;
}

/** The hourly profile at `tS` (seconds since midnight of day 0), degC. */
export function profileAt(profile: readonly number[], tS: number): number {
  const h = (((tS / 3600) % 24) + 24) % 24;
  const i = Math.floor(h);
  const a = profile[i], b = profile[(i + 1) % 24];
  return a + (b - a) * (h - i);
}

/** Ambient temperature generator; call {@linkcode AmbientTemperature.advance} once per step. */
export class AmbientTemperature {
  #mean: number;
  #amp: number;
  #peakS: number;
  #sd: number;
  #profile: readonly number[] | undefined;
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
    if (opts.profile_c !== undefined && opts.profile_c.length !== 24) {
      throw new Error(`an ambient profile has 24 hourly values, not ${opts.profile_c.length}`);
    }
    this.#profile = opts.profile_c;
    this.#rng = rng;
    // Start the noise in its stationary distribution rather than at zero.
    if (this.#sd > 0) this.#noise = rng.normal(0, this.#sd);
  }

  /** The noise-free daily cycle at simulated time `tS`, degC. */
  cycle(tS: number): number {
    if (this.#profile) return profileAt(this.#profile, tS);
    return this.#mean + this.#amp * Math.cos((2 * Math.PI * (tS - this.#peakS)) / SECONDS_PER_DAY);
  }

  /** Current noise offset, K. */
  get noise(): number {
    return this.#noise;
  }

  /** The noise and its generator, to continue elsewhere. */
  snapshot(): AmbientState {
    return { rng: this.#rng.snapshot(), noise: this.#noise };
  }

  /** Continue from an {@linkcode AmbientTemperature.snapshot}. */
  restore(state: AmbientState): void {
    this.#rng.restore(state.rng);
    this.#noise = state.noise;
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
