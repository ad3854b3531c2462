/**
 * Polished-rod motion sampled at every time step of one stroke. A card
 * solve walks the same stroke several times until it is periodic, and
 * every well of a template walks the same stroke too, so the motion is
 * computed once per stroke shape instead of once per time step of every
 * stroke. Each entry is exactly what {@linkcode polishedRodMotion} gives at
 * that step's phase, so a solve reads the very numbers it would compute.
 *
 * @module
 */
import { newRodMotion, polishedRodMotion } from "./pumping_unit.ts";

/** Position, velocity and acceleration at phases n / steps, n = 0..steps. */
export class MotionTable {
  /** Time steps per stroke. */
  readonly steps: number;
  /** Polished-rod position, m. */
  readonly position: Float64Array;
  /** Polished-rod velocity, m/s. */
  readonly velocity: Float64Array;
  /** Polished-rod acceleration, m/s². */
  readonly acceleration: Float64Array;

  /** Sample the motion of a stroke of `strokeLengthM` over `periodS` at `steps` equal steps. */
  constructor(strokeLengthM: number, periodS: number, crankRatio: number, steps: number) {
    this.steps = steps;
    this.position = new Float64Array(steps + 1);
    this.velocity = new Float64Array(steps + 1);
    this.acceleration = new Float64Array(steps + 1);
    const m = newRodMotion();
    for (let n = 0; n <= steps; n++) {
      polishedRodMotion(n / steps, strokeLengthM, periodS, crankRatio, m);
      this.position[n] = m.position;
      this.velocity[n] = m.velocity;
      this.acceleration[n] = m.acceleration;
    }
  }
}

/** Motion tables by stroke shape, at most `capacity` of them (the oldest go first). */
export class MotionTables {
  readonly #tables = new Map<string, MotionTable>();
  readonly #capacity: number;

  /** A store of at most `capacity` tables. */
  constructor(capacity = 32) {
    this.#capacity = capacity;
  }

  /** The table for this stroke, made on first use. */
  get(strokeLengthM: number, periodS: number, crankRatio: number, steps: number): MotionTable {
    const key = `${strokeLengthM}|${periodS}|${crankRatio}|${steps}`;
    let table = this.#tables.get(key);
    if (!table) {
      if (this.#tables.size >= this.#capacity) {
        this.#tables.delete(this.#tables.keys().next().value!);
      }
      table = new MotionTable(strokeLengthM, periodS, crankRatio, steps);
      this.#tables.set(key, table);
    }
    return table;
  }

  /** Tables held. */
  get size(): number {
    return this.#tables.size;
  }
}
