/**
 * A pump's operating points gathered for curve fitting, as the runtime sees
 * them (live samples, or minute means read back from history).
 *
 * Each sample is brought to nominal speed by the affinity laws (Q/s, H/s²;
 * efficiency by {@linkcode nominalEfficiency}), so a pump that runs at
 * several speeds adds points along one curve instead of several. A pump in
 * steady operation repeats the same point thousands of times a day, which
 * would weigh a fit towards wherever it spends its time; so points are kept
 * in bins of flow (1/200 of the design run-out), the newest in each bin,
 * and a fit sees each part of the curve once.
 *
 * @module
 */
import { efficiencyFromPower } from "./curve_fit.ts";
import type { OperatingPoint } from "./operating_data.ts";

/** One observation of a pump, in plant-file and point units. */
export interface PumpSample {
  /** Flow, L/s. */
  flowLps: number;
  /** Head gain, m. */
  headM: number;
  /** Speed, % of nominal. */
  speedPct: number;
  /** Shaft power, kW, when measured (efficiency is then ρ g Q H / P). */
  powerKw?: number;
  /** Efficiency, %, when the source reports it and power is not measured. */
  efficiencyPct?: number;
  /** Source time, epoch ms. */
  ts: number;
}

/** A kept point at nominal speed. */
export interface KeptPoint extends OperatingPoint {
  /** Source time of the sample it came from, epoch ms. */
  ts: number;
}

/** Slowest speed a sample may come from: below it head is mostly static and the affinity laws are poor. */
export const MIN_SPEED_PCT = 20;

/**
 * Efficiency at nominal speed from one measured at speed ratio `s`: EPANET
 * 2.2's Sarbu-Borza correction e_s = 1 - (1 - e)(1/s)^0.1, inverted (the
 * simulators use it too), rather than the plain affinity law's e_s = e.
 */
export function nominalEfficiency(e: number, s: number): number {
  return s > 0 && s !== 1 ? 1 - (1 - e) * Math.pow(s, 0.1) : e;
}

/** The binned operating points of one pump. */
export class OperatingHistory {
  readonly #bins = new Map<number, KeptPoint>();
  readonly #width: number;
  readonly #sg: number;
  /** Grows whenever the kept points change (a fit is cached per version). */
  version = 0;

  /**
   * @param runoutLps the design curve's run-out flow at nominal speed, L/s (sets the bin width)
   * @param specificGravity of the liquid, for efficiency from power
   */
  constructor(runoutLps: number, specificGravity = 1) {
    this.#width = runoutLps > 0 && Number.isFinite(runoutLps) ? runoutLps / 200 : 0.5;
    this.#sg = specificGravity;
  }

  /** Points kept, by flow. */
  get size(): number {
    return this.#bins.size;
  }

  /** Take a sample; returns whether it was usable (running, finite, positive head). */
  offer(s: PumpSample): boolean {
    if (!(s.speedPct >= MIN_SPEED_PCT) || !Number.isFinite(s.flowLps) || s.flowLps < 0) {
      return false;
    }
    if (!(s.headM > 0) || !Number.isFinite(s.headM)) return false;
    const r = s.speedPct / 100;
    const flowLps = s.flowLps / r, headM = s.headM / (r * r);
    const p: KeptPoint = { flowLps, headM, ts: s.ts };
    let e: number | undefined;
    if (s.powerKw !== undefined && s.powerKw > 0 && flowLps > 0) {
      e = efficiencyFromPower(s.flowLps / 1000, s.headM, s.powerKw * 1000, this.#sg);
    } else if (s.efficiencyPct !== undefined) e = s.efficiencyPct / 100;
    if (e !== undefined && e > 0 && e <= 1) p.efficiency = nominalEfficiency(e, r);
    const bin = Math.round(flowLps / this.#width);
    const old = this.#bins.get(bin);
    if (old && old.ts > p.ts) return true; // history read late must not replace a newer live point
    if (
      old && old.flowLps === p.flowLps && old.headM === p.headM && old.efficiency === p.efficiency
    ) {
      old.ts = p.ts;
      return true;
    }
    this.#bins.set(bin, p);
    this.version++;
    return true;
  }

  /** The kept points, by increasing flow. */
  points(): KeptPoint[] {
    return [...this.#bins.values()].sort((a, b) => a.flowLps - b.flowLps);
  }

  /** Forget every point (the pump was given other curves). */
  clear(): void {
    if (this.#bins.size === 0) return;
    this.#bins.clear();
    this.version++;
  }
}
