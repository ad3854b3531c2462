/**
 * The rigs of a site as one fleet: how many are hashing, how hard their
 * firmware lets them run, and the heat and hashrate that gives. Firmware
 * throttles linearly from the throttle temperature down to half power at the
 * shutdown temperature; above it rigs shut themselves down one by one (their
 * trip points spread over a few kelvin) and stay down until the coolant is
 * back below the throttle temperature, then boot again.
 *
 * @module
 */

/** Power fraction firmware allows at the shutdown temperature. */
export const MIN_THROTTLE = 0.5;
/** Spread of individual rig trip points above the shutdown temperature, K. */
export const TRIP_SPREAD_K = 3;
/** Hashrate goes as (power fraction)^this when firmware lowers clocks and voltage. */
export const HASH_POWER_EXPONENT = 0.7;

/** Fleet sizing and protection settings. */
export interface RigFleetOptions {
  /** Number of rigs. */
  rigs: number;
  /** Power of one rig at full clock, kW. */
  rigPowerKw: number;
  /** Hashrate of one rig at full clock, TH/s. */
  rigHashrateThs: number;
  /** Outlet temperature where throttling starts, degC. */
  throttleC: number;
  /** Outlet temperature where rigs start to shut down, degC. */
  shutdownC: number;
  /** Time for the whole fleet to boot, s. */
  bootS: number;
}

/** Where a fleet is: plain data for a snapshot. */
export interface RigFleetState {
  /** Fractional count of booted rigs. */
  booted: number;
  /** Rigs tripped on temperature. */
  tripped: number;
  /** Power fraction the firmware allows. */
  throttle: number;
}

/** The rig fleet of one site. */
export class RigFleet {
  /** Rigs hashing now (whole rigs). */
  online = 0;
  /** Rigs shut down by over-temperature protection, waiting to cool. */
  tripped = 0;
  /** Power fraction the firmware allows (1 = full clock). */
  throttle = 1;
  /** Electrical power drawn, kW. */
  powerKw = 0;
  /** Hashrate, TH/s. */
  hashrateThs = 0;
  readonly #o: RigFleetOptions;
  // Fractional count of booted rigs; `online` is its whole part.
  #booted = 0;

  /** Build a fleet; it starts fully online when `online` is true. */
  constructor(opts: RigFleetOptions, online: boolean) {
    this.#o = opts;
    if (online) this.#booted = opts.rigs;
    this.#publish();
  }

  /** Number of rigs in the fleet. */
  get rigs(): number {
    return this.#o.rigs;
  }

  /** Power fraction firmware allows at rig outlet temperature `outletC`. */
  throttleAt(outletC: number): number {
    const o = this.#o;
    if (outletC <= o.throttleC) return 1;
    if (outletC >= o.shutdownC) return MIN_THROTTLE;
    return 1 - (1 - MIN_THROTTLE) * (outletC - o.throttleC) / (o.shutdownC - o.throttleC);
  }

  /** Advance by `dtS` with the rig outlet at `outletC`; `powered` false switches every rig off. */
  update(dtS: number, outletC: number, powered: boolean): void {
    const o = this.#o;
    if (!powered) {
      this.#booted = 0;
      this.tripped = 0;
    } else {
      const over = (outletC - o.shutdownC) / TRIP_SPREAD_K;
      if (over > 0) {
        const mustTrip = Math.ceil(o.rigs * (over < 1 ? over : 1));
        if (mustTrip > this.tripped) this.tripped = mustTrip;
      } else if (this.tripped > 0 && outletC < o.throttleC) {
        this.tripped = 0;
      }
      const target = o.rigs - this.tripped;
      if (this.#booted > target) this.#booted = target;
      else if (this.#booted < target) {
        const booted = this.#booted + (o.rigs * dtS) / o.bootS;
        this.#booted = booted < target ? booted : target;
      }
    }
    this.throttle = this.throttleAt(outletC);
    this.#publish();
  }

  /** Booted, tripped and throttled rigs, to continue elsewhere. */
  snapshot(): RigFleetState {
    return { booted: this.#booted, tripped: this.tripped, throttle: this.throttle };
  }

  /** Continue from a {@linkcode RigFleet.snapshot}. */
  restore(state: RigFleetState): void {
    this.#booted = state.booted;
    this.tripped = state.tripped;
    this.throttle = state.throttle;
    this.#publish();
  }

  #publish(): void {
    const o = this.#o;
    this.online = Math.floor(this.#booted + 1e-9);
    const f = this.throttle;
    this.powerKw = this.online * o.rigPowerKw * f;
    const hashFrac = f < 1 ? Math.pow(f, HASH_POWER_EXPONENT) : 1;
    this.hashrateThs = this.online * o.rigHashrateThs * hashFrac;
  }
}
