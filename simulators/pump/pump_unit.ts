/**
 * One centrifugal pump with its motor, as the pump and station simulators
 * share it: speed ramps on start and stop, the head curve at the current
 * speed (affinity laws) degraded by wear and cavitation, efficiency and
 * power, NPSH margin, motor current with a thermal overload relay, vibration,
 * energy, and the injected faults.
 *
 * The unit does not solve hydraulics itself: a simulator calls
 * {@linkcode PumpUnit.prepare} with the speed for a sub-step, solves the
 * operating point with the unit as a {@linkcode ParallelPump}, then calls
 * {@linkcode PumpUnit.evaluate} and {@linkcode PumpUnit.integrate}.
 *
 * @module
 */
import type { Random } from "../random.ts";
import { cavitationHeadFactor, cavitationHeadFactorSlope, NpshModel } from "./npsh.ts";
import type { ParallelPump } from "./operating_point.ts";
import type { PumpConfig } from "./pump_config.ts";
import { EfficiencyCurve, HeadCurve, shaftPower } from "./pump_curve.ts";

/** Faults a pump can be given. */
export const PUMP_FAULTS = [
  "cavitation",
  "impeller_wear",
  "bearing_wear",
  "motor_overload",
] as const;

/** A pump fault name. */
export type PumpFault = typeof PUMP_FAULTS[number];

/** What the pump is doing. */
export type PumpStatus = "stopped" | "starting" | "running" | "stopping" | "tripped";

/** Extra suction loss at rated flow for a cavitation fault of severity 1 (blocked strainer), m. */
export const CAVITATION_FAULT_LOSS_M = 12;

/** Fraction of head lost with a fully worn impeller (severity 1). */
export const IMPELLER_WEAR_HEAD_LOSS = 0.3;

/** Efficiency (as a fraction) lost to worn bearings at severity 1. */
export const BEARING_WEAR_EFFICIENCY_LOSS = 0.1;

/** Vibration added by worn bearings at severity 1 and nominal speed, mm/s. */
export const BEARING_WEAR_VIBRATION_MM_S = 6;

/** Extra shaft load of a binding pump-motor set, as a fraction of rated power, is this plus the severity. */
export const OVERLOAD_BASE_LOAD = 0.5;

/** Motor current at no load, as a fraction of full-load current. */
const NO_LOAD_CURRENT = 0.3;

/** Build the head curve, efficiency curve and NPSH model of a pump config. */
export function pumpCurves(
  cfg: PumpConfig,
): { curve: HeadCurve; efficiency: EfficiencyCurve; npsh: NpshModel } {
  const curve = HeadCurve.fromPoints(cfg.curve.map((p) => ({ q: p.flow_lps / 1000, h: p.head_m })));
  const efficiency = typeof cfg.efficiency_pct === "number"
    ? EfficiencyCurve.constant(cfg.efficiency_pct / 100)
    : EfficiencyCurve.table(
      cfg.efficiency_pct.map((p) => ({ q: p.flow_lps / 1000, e: p.efficiency_pct / 100 })),
    );
  const ratedFlow = cfg.npshr.rated_flow_lps !== undefined
    ? cfg.npshr.rated_flow_lps / 1000
    : curve.designFlow;
  const npsh = new NpshModel({
    atmHeadM: cfg.suction.atm_head_m,
    staticM: cfg.suction.static_m,
    vaporHeadM: cfg.suction.vapor_head_m,
    suctionLossM: cfg.suction.loss_m,
    npshrShutoffM: cfg.npshr.shutoff_m,
    npshrRatedM: cfg.npshr.rated_m,
    ratedFlow,
  });
  return { curve, efficiency, npsh };
}

/** Largest power on the curve at nominal speed, W (sampled up to run-out). */
export function maxCurvePower(
  curve: HeadCurve,
  efficiency: EfficiencyCurve,
  specificGravity: number,
): number {
  const qMax = curve.runout(1);
  let best = 0;
  for (let i = 1; i <= 100; i++) {
    const q = qMax * i / 100;
    const h = curve.head(q, 1);
    if (h <= 0) break;
    const p = shaftPower(q, h, efficiency.at(q, 1), specificGravity);
    if (p > best) best = p;
  }
  return best;
}

/** Construction options for {@linkcode PumpUnit} beyond its config. */
export interface PumpUnitOptions {
  /**
   * Whether a negative NPSH margin costs head (default true). EPANET has no
   * cavitation model, so a station run by EPANET's rules turns it off; the
   * margin and the cavitation flag are still reported, and an injected
   * `cavitation` fault still costs head.
   */
  cavitationHeadLoss?: boolean;
  /**
   * Open and close the pump against excess head as EPANET does (default
   * false): a running pump is closed (status XHEAD) only once the head
   * exceeds its shutoff head by EPANET's head tolerance, and reopened only
   * once the head falls back within it; while open above its shutoff head
   * its curve's extension passes a small flow back through it, for which
   * EPANET counts energy. The simulator drives the state through
   * {@linkcode PumpUnit.updateExcessHead}. Otherwise a check valve closes
   * the pump at its shutoff head exactly.
   */
  epanetExcessHead?: boolean;
}

/** EPANET's head tolerance Htol, 0.0005 ft, in m. */
export const EPANET_HEAD_TOLERANCE_M = 0.0005 * 0.3048;

/** What {@linkcode PumpUnit.snapshot} holds. */
export interface PumpUnitState {
  /** Setpoint the config gave, fraction of nominal. */
  configured: number;
  /** Status. */
  status: PumpStatus;
  /** Locked out. */
  locked: boolean;
  /** Speed, fraction. */
  speed: number;
  /** Setpoint, fraction. */
  setpoint: number;
  /** Flow, m3/s. */
  flow: number;
  /** Head gain, m. */
  headGain: number;
  /** Power, W. */
  powerW: number;
  /** Efficiency. */
  eff: number;
  /** NPSH margin, m. */
  npshMargin: number;
  /** Closed by excess head. */
  xhead: boolean;
  /** Cavitating. */
  cavitating: boolean;
  /** Motor current, A. */
  currentA: number;
  /** Vibration, mm/s. */
  vibration: number;
  /** Energy, J. */
  energyJ: number;
  /** Running seconds. */
  runSeconds: number;
  /** Starts. */
  starts: number;
  /** Prepared speed ratio. */
  s: number;
  /** Seconds above the overload pickup. */
  overloadS: number;
  /** Fault severities. */
  severity: Record<PumpFault, number>;
}

/** One pump and its motor. */
export class PumpUnit implements ParallelPump {
  /** Head curve at nominal speed. */
  readonly curve: HeadCurve;
  /** Efficiency curve. */
  readonly efficiency: EfficiencyCurve;
  /** NPSH available and required. */
  readonly npsh: NpshModel;
  /** Whether the speed can be set. */
  readonly vfd: boolean;
  /** Motor rated shaft power, W. */
  readonly ratedPowerW: number;
  /** Motor full-load current, A. */
  readonly fullLoadCurrentA: number;

  /** What the pump is doing. */
  status: PumpStatus = "stopped";
  /** Locked out for maintenance. */
  locked = false;
  /** Current speed, fraction of nominal. */
  speed = 0;
  /** Speed setpoint, fraction of nominal. */
  setpoint: number;
  /** Flow, m3/s (solver warm start and result). */
  flow = 0;
  /** Head gain across the pump, m. */
  headGain = 0;
  /** Power drawn (rho g Q H / eta plus any fault load), W. */
  powerW = 0;
  /** Efficiency, fraction. */
  eff = 0;
  /** NPSHa - NPSHr, m. */
  npshMargin = 0;
  /** Closed by EPANET's excess-head rule (status XHEAD); see {@linkcode PumpUnitOptions}. */
  xhead = false;
  /** Whether the pump cavitates (negative margin while turning). */
  cavitating = false;
  /** Motor current, A. */
  currentA = 0;
  /** Vibration velocity, mm/s RMS. */
  vibration = 0;
  /** Energy used since the start of the run, J. */
  energyJ = 0;
  /** Seconds of running (any speed above zero). */
  runSeconds = 0;
  /** Starts since the start of the run. */
  starts = 0;

  #cfg: PumpConfig;
  #cavitationHeadLoss: boolean;
  #epanetXhead: boolean;
  #sg: number;
  #accel: number;
  #decel: number;
  #s = 0;
  #m0 = 0;
  #km = 0;
  #wear = 1;
  #overloadS = 0;
  #severity: Record<PumpFault, number> = {
    cavitation: 0,
    impeller_wear: 0,
    bearing_wear: 0,
    motor_overload: 0,
  };

  /** Build a pump from its config; throws a sentence if the curves are invalid. */
  constructor(cfg: PumpConfig, opts: PumpUnitOptions = {}) {
    this.#cfg = cfg;
    this.#cavitationHeadLoss = opts.cavitationHeadLoss ?? true;
    this.#epanetXhead = opts.epanetExcessHead ?? false;
    const { curve, efficiency, npsh } = pumpCurves(cfg);
    this.curve = curve;
    this.efficiency = efficiency;
    this.npsh = npsh;
    this.vfd = cfg.vfd;
    this.#sg = cfg.specific_gravity;
    this.setpoint = cfg.speed_pct / 100;
    this.#accel = cfg.ramp_up_s > 0 ? 1 / cfg.ramp_up_s : Infinity;
    this.#decel = cfg.ramp_down_s > 0 ? 1 / cfg.ramp_down_s : Infinity;
    this.ratedPowerW = cfg.motor.rated_kw !== undefined
      ? cfg.motor.rated_kw * 1000
      : 1.1 * maxCurvePower(curve, efficiency, cfg.specific_gravity);
    this.fullLoadCurrentA = this.ratedPowerW /
      (cfg.motor.efficiency_pct / 100 * Math.sqrt(3) * cfg.motor.voltage_v *
        cfg.motor.power_factor);
    if (cfg.initial_status === "running") {
      this.status = "running";
      this.speed = this.setpoint;
    }
    this.prepare(this.speed);
  }

  /** Whether the impeller turns during the current sub-step. */
  get turning(): boolean {
    return this.#s > 0;
  }

  /** Whether the pump is on or coming on (starting or running). */
  get on(): boolean {
    return this.status === "running" || this.status === "starting";
  }

  /** Whether the pump can be started (not tripped, not locked out). */
  get available(): boolean {
    return this.status !== "tripped" && !this.locked;
  }

  /** Severity of each active fault (0 when absent). */
  get faults(): Readonly<Record<PumpFault, number>> {
    return this.#severity;
  }

  /** Suction gauge head at the pump: liquid over the eye less the suction loss, m. */
  suctionHead(): number {
    const sc = this.#cfg.suction;
    return this.npsh.available(this.flow) - sc.atm_head_m + sc.vapor_head_m;
  }

  /** Specific gravity of the liquid. */
  get specificGravity(): number {
    return this.#sg;
  }

  /** The speed ratio the last {@linkcode PumpUnit.prepare} fixed. */
  get preparedSpeed(): number {
    return this.#s;
  }

  /** Fix the speed ratio the next solve uses. */
  prepare(s: number): void {
    this.#s = s;
    // An infinite margin at zero flow keeps every margin positive: no head lost to cavitation.
    this.#m0 = this.#cavitationHeadLoss || this.npsh.extraLossM > 0
      ? this.npsh.marginAtZero(s)
      : Infinity;
    this.#km = this.npsh.marginCoefficient();
  }

  /** Head gain at flow `q` at the prepared speed, with wear and cavitation, m. */
  head(q: number): number {
    const s = this.#s;
    const h = this.curve.head(q, s) * this.#wear;
    const m = this.#m0 - this.#km * q * q;
    return m >= 0 ? h : h * cavitationHeadFactor(m);
  }

  /**
   * The head gain above which the pump passes no flow at the prepared speed,
   * m. Under EPANET's excess-head rule: none while open (the curve extends
   * to reverse flow), any while closed.
   */
  maxHead(): number {
    if (this.#epanetXhead) return this.xhead ? -Infinity : Infinity;
    return this.shutoffHead();
  }

  /** The shutoff head at the prepared speed (EPANET's Hmax times speed squared), m. */
  shutoffHead(): number {
    if (this.#s <= 0) return 0;
    const h = this.curve.shutoff(this.#s) * this.#wear;
    return this.#m0 >= 0 ? h : h * cavitationHeadFactor(this.#m0);
  }

  /**
   * Under EPANET's excess-head rule, close or reopen the pump for the head
   * gain `h` solved in its current state; returns whether the state changed
   * (then solve again). Judging each state by its own solution gives EPANET's
   * hysteresis: closing a pump that passes flow back raises the head.
   */
  updateExcessHead(h: number): boolean {
    if (!this.#epanetXhead) return false;
    const closed = this.#s > 0 && h > this.shutoffHead() + EPANET_HEAD_TOLERANCE_M;
    if (closed === this.xhead) return false;
    this.xhead = closed;
    return true;
  }

  /** dHead/dq at the prepared speed, m per m3/s. */
  slope(q: number): number {
    const s = this.#s;
    const dh = this.curve.slope(q, s) * this.#wear;
    const m = this.#m0 - this.#km * q * q;
    if (m >= 0) return dh;
    const h = this.curve.head(q, s) * this.#wear;
    return cavitationHeadFactor(m) * dh +
      h * cavitationHeadFactorSlope(m) * (-2 * this.#km * q);
  }

  /** Speed after `dt` more seconds of the current ramp, without changing state. */
  speedAfter(dt: number): number {
    const target = this.#target();
    const v = this.speed;
    if (v < target) {
      const dv = this.#accel * dt;
      return dv < target - v ? v + dv : target;
    }
    if (v > target) {
      const dv = this.#decel * dt;
      return dv < v - target ? v - dv : target;
    }
    return v;
  }

  /** The longest sub-step that keeps ramps and the overload relay resolved, s. */
  maxSubstep(): number {
    let h = Infinity;
    const target = this.#target();
    if (this.speed !== target) {
      const rate = this.speed < target ? this.#accel : this.#decel;
      const left = Math.abs(target - this.speed) / rate;
      h = left < 1 ? left : 1;
    }
    if (this.#overloadS > 0 || this.currentA > this.#pickupA()) {
      const left = this.#cfg.motor.overload_trip_s - this.#overloadS;
      if (left > 0 && left < h) h = left;
    }
    return h > 1e-9 ? h : 1e-9;
  }

  /** Compute head, efficiency, power, NPSH margin and current at the solved flow. */
  evaluate(): void {
    const s = this.#s;
    const q = this.flow;
    if (s <= 0) {
      this.headGain = 0;
      this.eff = 0;
      this.powerW = 0;
      this.currentA = 0;
      this.npshMargin = this.npsh.margin(0, 0);
      this.cavitating = false;
      return;
    }
    this.headGain = this.head(q);
    // A flow back through the pump (inside EPANET's shutoff band) costs energy as EPANET counts it.
    const aq = Math.abs(q);
    let e = this.efficiency.at(aq, s) - BEARING_WEAR_EFFICIENCY_LOSS * this.#severity.bearing_wear;
    if (e < 0.01) e = 0.01;
    this.eff = e;
    let p = shaftPower(aq, this.headGain, e, this.#sg);
    const overload = this.#severity.motor_overload;
    if (overload > 0) p += (OVERLOAD_BASE_LOAD + overload) * this.ratedPowerW * s;
    this.powerW = p;
    this.npshMargin = this.npsh.margin(q, s);
    this.cavitating = this.npshMargin < 0;
    this.currentA = this.fullLoadCurrentA *
      (NO_LOAD_CURRENT + (1 - NO_LOAD_CURRENT) * p / this.ratedPowerW);
  }

  /** Account `dt` seconds at the evaluated state: energy, run time, overload relay, speed ramp. */
  integrate(dt: number): void {
    this.energyJ += this.powerW * dt;
    if (this.#s > 0) this.runSeconds += dt;
    if (this.currentA > this.#pickupA()) {
      this.#overloadS += dt;
      if (this.#overloadS >= this.#cfg.motor.overload_trip_s - 1e-9) {
        this.trip();
        return;
      }
    } else {
      this.#overloadS = 0;
    }
    if (this.status === "stopped" || this.status === "tripped") return;
    this.speed = this.speedAfter(dt);
    if (this.status === "starting" && this.speed >= this.setpoint) this.status = "running";
    else if (this.status === "stopping" && this.speed <= 0) {
      this.speed = 0;
      this.status = "stopped";
    }
  }

  /** Vibration velocity at the evaluated state, with measurement noise from `rng`. */
  vibrate(rng: Random): void {
    const s = this.speed;
    if (s <= 0) {
      this.vibration = 0;
      return;
    }
    const qd = this.curve.designFlow * s;
    const off = qd > 0 ? this.flow / qd - 1 : 0;
    let v = this.#cfg.vibration_mm_s * s * s * (1 + 0.8 * off * off) +
      BEARING_WEAR_VIBRATION_MM_S * this.#severity.bearing_wear * s;
    if (this.cavitating) v += 2.5 * Math.min(3, -this.npshMargin);
    v *= 1 + 0.03 * rng.normal();
    this.vibration = v > 0 ? v : 0;
  }

  /** Start the pump; returns why it cannot, or undefined. */
  start(): string | undefined {
    if (this.locked) return "the pump is locked out for maintenance";
    if (this.status === "tripped") return "the pump is tripped; reset it first";
    if (this.status === "running" || this.status === "starting") return undefined;
    this.status = "starting";
    this.starts++;
    this.xhead = false;
    if (this.#accel === Infinity) {
      this.speed = this.setpoint;
      this.status = "running";
    }
    return undefined;
  }

  /** Stop the pump (ramps down). */
  stop(): void {
    if (this.status !== "running" && this.status !== "starting") return;
    this.status = "stopping";
    if (this.#decel === Infinity) {
      this.speed = 0;
      this.status = "stopped";
    }
  }

  /** Set the VFD speed setpoint in %; returns why it cannot, or undefined. */
  setSpeed(pct: number): string | undefined {
    if (!this.vfd) return "the pump has no variable-frequency drive";
    this.setpoint = pct / 100;
    return undefined;
  }

  /** Trip: the motor stops at once and stays stopped until reset. */
  trip(): void {
    this.status = "tripped";
    this.speed = 0;
    this.#overloadS = 0;
    this.currentA = 0;
  }

  /** Clear a trip (or stop a pump the operator no longer trusts) back to stopped. */
  reset(): void {
    this.status = "stopped";
    this.speed = 0;
    this.#overloadS = 0;
  }

  /** Lock the pump out for maintenance; returns why it cannot, or undefined. */
  enterMaintenance(): string | undefined {
    if (this.status !== "stopped" && this.status !== "tripped") {
      return "stop the pump before maintenance";
    }
    this.locked = true;
    this.reset();
    return undefined;
  }

  /** Return the pump to service from maintenance; returns why it cannot, or undefined. */
  exitMaintenance(): string | undefined {
    if (!this.locked) return "the pump is not in maintenance";
    this.locked = false;
    return undefined;
  }

  /** Inject a fault with severity in (0, 1]. */
  injectFault(fault: PumpFault, severity = 1): void {
    this.#severity[fault] = severity;
    this.#applyFaults();
  }

  /**
   * The pump's state as plain data, to continue elsewhere. `configured` is
   * the setpoint its config gave, so a restore can tell an override.
   */
  snapshot(): PumpUnitState {
    return {
      configured: this.#cfg.speed_pct / 100,
      status: this.status,
      locked: this.locked,
      speed: this.speed,
      setpoint: this.setpoint,
      flow: this.flow,
      headGain: this.headGain,
      powerW: this.powerW,
      eff: this.eff,
      npshMargin: this.npshMargin,
      xhead: this.xhead,
      cavitating: this.cavitating,
      currentA: this.currentA,
      vibration: this.vibration,
      energyJ: this.energyJ,
      runSeconds: this.runSeconds,
      starts: this.starts,
      s: this.#s,
      overloadS: this.#overloadS,
      severity: { ...this.#severity },
    };
  }

  /**
   * Continue from {@linkcode PumpUnit.snapshot}; the setpoint stays this
   * pump's configured one when its config sets another than the snapshot's.
   */
  restore(state: PumpUnitState): void {
    const s = state;
    this.status = s.status;
    this.locked = s.locked;
    this.speed = s.speed;
    this.setpoint = this.#cfg.speed_pct / 100 === s.configured ? s.setpoint : this.setpoint;
    this.flow = s.flow;
    this.headGain = s.headGain;
    this.powerW = s.powerW;
    this.eff = s.eff;
    this.npshMargin = s.npshMargin;
    this.xhead = s.xhead;
    this.cavitating = s.cavitating;
    this.currentA = s.currentA;
    this.vibration = s.vibration;
    this.energyJ = s.energyJ;
    this.runSeconds = s.runSeconds;
    this.starts = s.starts;
    this.#overloadS = s.overloadS;
    this.#severity = { ...s.severity };
    this.#s = s.s;
    this.#applyFaults();
  }

  /** Clear one fault, or all when none is named. */
  clearFault(fault?: PumpFault): void {
    for (const f of PUMP_FAULTS) if (fault === undefined || f === fault) this.#severity[f] = 0;
    this.#applyFaults();
  }

  #applyFaults(): void {
    this.npsh.extraLossM = CAVITATION_FAULT_LOSS_M * this.#severity.cavitation;
    this.#wear = 1 - IMPELLER_WEAR_HEAD_LOSS * this.#severity.impeller_wear;
    this.prepare(this.#s);
  }

  #target(): number {
    return this.status === "starting" || this.status === "running"
      ? this.setpoint
      : this.status === "stopping"
      ? 0
      : this.speed;
  }

  #pickupA(): number {
    return this.fullLoadCurrentA * this.#cfg.motor.overload_pct / 100;
  }
}

/** Parse a fault name; undefined if it is not a pump fault. */
export function asPumpFault(name: unknown): PumpFault | undefined {
  return PUMP_FAULTS.includes(name as PumpFault) ? name as PumpFault : undefined;
}
