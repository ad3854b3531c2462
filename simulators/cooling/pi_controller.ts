/**
 * A proportional-integral controller with output limits and anti-windup by
 * conditional integration, as in a site PLC's fan loop.
 *
 * @module
 */

/** PI controller: output = Kp e + (Kp/Ti) integral(e dt), limited to [lo, hi]. */
export class PiController {
  /** Proportional gain, output units per error unit. */
  kp: number;
  /** Integral time, s. */
  tiS: number;
  /** Lowest output. */
  lo: number;
  /** Highest output. */
  hi: number;
  #integral = 0;
  #output = 0;

  /** Build a controller; it starts with its output at `initial`. */
  constructor(kp: number, tiS: number, lo: number, hi: number, initial = lo) {
    this.kp = kp;
    this.tiS = tiS;
    this.lo = lo;
    this.hi = hi;
    this.reset(initial);
  }

  /** Last output. */
  get output(): number {
    return this.#output;
  }

  /**
   * Restart so the next update with the present `error` gives `output`
   * (bumpless transfer): the integral takes up whatever P does not.
   */
  reset(output: number, error = 0): void {
    this.#output = output < this.lo ? this.lo : output > this.hi ? this.hi : output;
    this.#integral = this.#output - this.kp * error;
  }

  /** The integrator and output, to continue elsewhere. */
  snapshot(): { integral: number; output: number } {
    return { integral: this.#integral, output: this.#output };
  }

  /** Continue from a {@linkcode PiController.snapshot}. */
  restore(state: { integral: number; output: number }): void {
    this.#integral = state.integral;
    this.#output = state.output;
  }

  /** Take the error (measured - setpoint for a cooling loop) over `dtS` and return the output. */
  update(error: number, dtS: number): number {
    const p = this.kp * error;
    let i = this.#integral + (this.kp / this.tiS) * error * dtS;
    // Conditional integration: integrate only up to where the output meets
    // its limit, so it leaves the limit as soon as the error turns.
    const u = p + i;
    if (u > this.hi && error > 0) i = Math.max(this.#integral, this.hi - p);
    else if (u < this.lo && error < 0) i = Math.min(this.#integral, this.lo - p);
    this.#integral = i < this.lo ? this.lo : i > this.hi ? this.hi : i;
    const out = p + this.#integral;
    this.#output = out < this.lo ? this.lo : out > this.hi ? this.hi : out;
    return this.#output;
  }
}
