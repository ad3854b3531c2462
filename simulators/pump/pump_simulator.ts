/**
 * A pump on its own (not in a station), pumping into a lumped system curve
 * H = H_static + k Q^2 with an optional VFD. Starting ramps the speed up over
 * `ramp_up_s`; the operating point is solved every sub-step (quasi-steady:
 * the water column's inertia is seconds, shorter than the ramps we resolve).
 *
 * @module
 */
import {
  type Actuation,
  checkModel,
  type PointValues,
  type Simulator,
  type SimulatorState,
} from "../simulator.ts";
import { Random, type RandomState } from "../random.ts";
import { solveParallel } from "./operating_point.ts";
import type { StandalonePumpConfig } from "./pump_config.ts";
import { actuatePump } from "./pump_actuation.ts";
import { inspectPump, writePumpPoints } from "./pump_points.ts";
import { PumpUnit, type PumpUnitState } from "./pump_unit.ts";

/** Construction options for {@linkcode PumpSimulator}. */
export interface PumpSimulatorOptions {
  /** Twin id of the pump. */
  id: string;
  /** The pump and its system curve. */
  config: StandalonePumpConfig;
  /** Seed for the measurement noise. */
  seed: number;
}

/** A standalone centrifugal pump against a system curve. */
export class PumpSimulator implements Simulator {
  readonly feeds: readonly string[];
  /** The pump. */
  readonly unit: PumpUnit;
  #pumps: PumpUnit[];
  #static: number;
  #k: number;
  #h = 0;
  #rng: Random;

  /** Build a pump simulator; throws a sentence if the curves are invalid. */
  constructor(opts: PumpSimulatorOptions) {
    this.feeds = [opts.id];
    this.unit = new PumpUnit(opts.config);
    this.#pumps = [this.unit];
    const sys = opts.config.system;
    this.#static = sys.static_head_m;
    const qRef = sys.at_flow_lps / 1000;
    this.#k = qRef > 0 ? sys.friction_head_m / (qRef * qRef) : 0;
    this.#rng = new Random(opts.seed, `pump:${opts.id}`);
    this.#solve(this.unit.speed);
    this.unit.vibrate(this.#rng);
  }

  /** System head H_static + k Q^2 at flow `q` (m3/s), m. */
  systemHead(q: number): number {
    return this.#static + this.#k * q * q;
  }

  /** Advance `dtS` seconds, in sub-steps short enough to resolve ramps and the overload relay. */
  step(dtS: number, _tS: number): void {
    const u = this.unit;
    let left = dtS;
    while (left > 1e-9) {
      let h = u.maxSubstep();
      if (h > left) h = left;
      this.#solve(u.speedAfter(h / 2));
      // A fault injected since the last step may have just overloaded the motor.
      const relay = u.maxSubstep();
      if (relay < h) h = relay;
      u.integrate(h);
      left -= h;
    }
    this.#solve(u.speed);
    u.vibrate(this.#rng);
  }

  /** Report the pump's points. */
  read(_id: string, out: PointValues): void {
    writePumpPoints(this.unit, out);
  }

  /** Apply a pump command. */
  actuate(_id: string, action: Actuation): string | undefined {
    const err = actuatePump(this.unit, action);
    if (err === undefined) this.#solve(this.unit.speed);
    return err;
  }

  /** The pump curve, system curve and operating point. */
  inspect(): Record<string, unknown> {
    const info = inspectPump(this.unit);
    const pts = info.curve as { flow_m3h: number }[];
    info.system_curve = pts.map((p) => ({
      flow_m3h: p.flow_m3h,
      head_m: this.systemHead(p.flow_m3h / 3600),
    }));
    return info;
  }

  /** The pump, the system solve's warm start and the vibration noise, to continue elsewhere. */
  snapshot(): SimulatorState {
    return { model: "pump", unit: this.unit.snapshot(), h: this.#h, rng: this.#rng.snapshot() };
  }

  /** Continue from {@linkcode PumpSimulator.snapshot}. */
  restore(state: SimulatorState): void {
    checkModel(state, "pump");
    const s = state as unknown as { unit: PumpUnitState; h: number; rng: RandomState };
    this.unit.restore(s.unit);
    this.#h = s.h;
    this.#rng.restore(s.rng);
  }

  #solve(s: number): void {
    const u = this.unit;
    u.prepare(s);
    this.#h = solveParallel(this.#pumps, this.#static, this.#k, 2, this.#h);
    u.evaluate();
  }
}
