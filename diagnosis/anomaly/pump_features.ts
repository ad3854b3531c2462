/**
 * The pump twin's detector channels: departures from the pump's own design
 * curves rather than raw flow and head. A healthy pump sits on its head and
 * efficiency curves wherever the system puts its operating point (another
 * pump starting in the station, a tank filling, a VFD speed change), so
 * these channels stay put in normal operation and the detector can train on
 * a short window; worn impellers lower the head, worn bearings and an
 * overloaded motor lower the implied efficiency, bearings and cavitation
 * raise vibration. Affinity laws scale the curves and vibration by speed.
 *
 * @module
 */
import { pumpCurves } from "../../simulators/pump/pump_unit.ts";
import type { PumpConfig } from "../../simulators/pump/pump_config.ts";
import { shaftPower } from "../../simulators/pump/pump_curve.ts";
import type { PointValues } from "../../simulators/simulator.ts";

/** Channel names, in detector order. */
export const PUMP_ANOMALY_CHANNELS = [
  "head_residual",
  "efficiency_residual",
  "vibration_per_speed2",
] as const;

/**
 * Smallest deviation each channel is given, about what field instruments
 * resolve: 1 % of shutoff head, 1 efficiency point, 0.2 mm/s of vibration
 * (a tenth of an ISO 10816 zone step). A simulated pump's head is exact,
 * and a deviation of zero would make the first rounding difference an
 * alarm; vibration also rises a little away from the best-efficiency flow,
 * which should not read as a fault.
 */
export const PUMP_CHANNEL_FLOORS: readonly number[] = [0.01, 0.01, 0.2];

/** Turns a pump twin's values into detector channels. */
export interface PumpChannels {
  /** Number of fast channels. */
  readonly fastCount: number;
  /** Number of slow (rate-watched) channels. */
  readonly slowCount: number;
  /** Smallest deviation per fast channel, for the detector. */
  readonly floors: readonly number[];
  /** Fill the channels; false when the pump is not running or a value is missing. */
  compute(v: Readonly<PointValues>, fast: Float64Array, slow: Float64Array): boolean;
}

/** A running pump by its status, else its running flag (a recording may have neither). */
function isRunning(v: Readonly<PointValues>): boolean {
  return typeof v.status === "string" ? v.status === "running" : v.running !== false;
}

/**
 * Named points as channels, for pumps whose head and power are not
 * measured (the SKAB rig): what `eval-skab` scores, inside the twin.
 */
export class NamedChannels implements PumpChannels {
  readonly fastCount: number;
  readonly slowCount: number;
  readonly floors: readonly number[] = [];
  readonly #fast: readonly string[];
  readonly #slow: readonly string[];

  /** @param fast points watched as levels @param slow points watched by their rate of change */
  constructor(fast: readonly string[], slow: readonly string[]) {
    this.#fast = fast;
    this.#slow = slow;
    this.fastCount = fast.length;
    this.slowCount = slow.length;
  }

  /** Copy the named points; false when not running or one is not a finite number. */
  compute(v: Readonly<PointValues>, fast: Float64Array, slow: Float64Array): boolean {
    if (!isRunning(v)) return false;
    for (let j = 0; j < this.#fast.length; j++) {
      const x = v[this.#fast[j]];
      if (typeof x !== "number" || !Number.isFinite(x)) return false;
      fast[j] = x;
    }
    for (let j = 0; j < this.#slow.length; j++) {
      const x = v[this.#slow[j]];
      if (typeof x !== "number" || !Number.isFinite(x)) return false;
      slow[j] = x;
    }
    return true;
  }
}

/** Evaluates the curve-residual channels for one pump. */
export class PumpFeatures implements PumpChannels {
  readonly fastCount = PUMP_ANOMALY_CHANNELS.length;
  readonly slowCount = 0;
  readonly floors = PUMP_CHANNEL_FLOORS;
  readonly #curves: ReturnType<typeof pumpCurves>;
  readonly #shutoff: number;
  readonly #sg: number;
  readonly #speedPct: number;

  /** @param params the pump's validated parameters (its design curves) */
  constructor(params: PumpConfig) {
    this.#curves = pumpCurves(params);
    this.#shutoff = Math.max(this.#curves.curve.head(0, 1), 1e-6);
    this.#sg = params.specific_gravity;
    this.#speedPct = params.speed_pct;
  }

  /**
   * Fill `out` with the channels of a sample.
   *
   * @param v the twin's values (speed %, flow m3/h, head m, power kW, vibration mm/s, status)
   * @param out receives the channels in {@linkcode PUMP_ANOMALY_CHANNELS} order
   * @returns false when the pump is not running (starting and stopping count as not) or flow, head or power is missing
   */
  compute(v: Readonly<PointValues>, out: Float64Array, _slow?: Float64Array): boolean {
    // A recording or a device may lack some points: the status or the
    // running flag when given, else flow and power, tell a running pump; a
    // fixed-speed pump's speed is its configured one; no vibration sensor
    // leaves that channel flat.
    if (!isRunning(v)) return false;
    const flow = v.flow, head = v.head, power = v.power;
    const speed = typeof v.speed === "number" ? v.speed : this.#speedPct;
    const vib = typeof v.vibration === "number" ? v.vibration : 0;
    if (
      typeof flow !== "number" || typeof head !== "number" || typeof power !== "number" ||
      !(speed > 0) || !(power > 0) || !(flow > 0)
    ) return false;
    const s = speed / 100;
    const q = Math.abs(flow) / 3600;
    const { curve, efficiency } = this.#curves;
    out[0] = (head - curve.head(q, s)) / this.#shutoff;
    // Efficiency implied by the measured hydraulic and shaft power (shaftPower at eta 1 is rho g Q H).
    out[1] = shaftPower(q, head, 1, this.#sg) / (power * 1000) - efficiency.at(q, s);
    out[2] = vib / (s * s);
    return true;
  }
}
