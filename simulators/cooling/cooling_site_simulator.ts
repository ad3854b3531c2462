/**
 * Simulated liquid-cooled mining site: rigs heat a coolant loop, a
 * circulation pump moves the coolant, and a dry cooler with N fans rejects
 * the heat to outdoor air. In `auto` a PI loop sets fan speed to hold the
 * supply temperature; in `manual` the operator sets it. Faults: dead fans,
 * pump trips, a cooler fouling up over an hour and a drifting supply sensor.
 *
 * Deterministic for a given seed; no allocation in `step` or `read`.
 *
 * @module
 */
import { Random } from "../random.ts";
import {
  type Actuation,
  checkModel,
  type PointValues,
  type Simulator,
  type SimulatorState,
} from "../simulator.ts";
import { affinityFlow, affinityPower, parallelPumpFlowFraction } from "./affinity.ts";
import { type AmbientState, AmbientTemperature } from "./ambient.ts";
import { CoolantLoop, type LoopInputs } from "./coolant_loop.ts";
import {
  AIR_CP_KJ_PER_KG_K,
  AIR_DENSITY_KG_M3,
  coolerConductance,
  coolerUa,
} from "./dry_cooler.ts";
import { PiController } from "./pi_controller.ts";
import { RigFleet, type RigFleetState } from "./rig_fleet.ts";
import { type ControlMode, type CoolingSiteConfig, varySite } from "./site_config.ts";

/** Faults a cooling site can be given. */
export const COOLING_FAULTS = [
  "fan_failure",
  "pump_failure",
  "exchanger_fouling",
  "sensor_drift",
] as const;

/** One of {@linkcode COOLING_FAULTS}. */
export type CoolingFault = typeof COOLING_FAULTS[number];

/** Severity used when `inject_fault` names none. */
export const DEFAULT_FAULT_SEVERITY: Readonly<Record<CoolingFault, number>> = {
  fan_failure: 0.3,
  pump_failure: 1,
  exchanger_fouling: 0.5,
  sensor_drift: 0.5,
};

/** Supply-sensor drift rate at severity 1, K/h (it reads low). */
export const SENSOR_DRIFT_K_PER_H = 10;
/** Largest drift a sensor reaches before it saturates, K. */
export const SENSOR_DRIFT_MAX_K = 15;
/** Largest loss of UA fouling can cause, as a fraction. */
export const MAX_FOULING = 0.95;
/** Time fouling takes to build up to its severity, s (real fouling takes weeks; a run has hours). */
export const FOULING_BUILDUP_S = 3600;
/** Fan speed slew rate, % per s. */
export const FAN_RAMP_PCT_S = 10;
/** Pump speed slew rate, % per s. */
export const PUMP_RAMP_PCT_S = 5;
/** Airflow through the cooler with every fan stopped (stack effect), as a fraction of rated. */
export const NATURAL_DRAFT = 0.03;

/** Construction options for {@linkcode CoolingSiteSimulator}. */
export interface CoolingSiteSimulatorOptions {
  /** Twin id of the site. */
  id: string;
  /** Site configuration (validated params); `variation` is applied from the seed. */
  config: CoolingSiteConfig;
  /** Seed for the site's variation and ambient noise. */
  seed: number;
}

const FAULT_INDEX: Readonly<Record<string, number>> = {
  fan_failure: 0,
  pump_failure: 1,
  exchanger_fouling: 2,
  sensor_drift: 3,
};

function slew(from: number, to: number, maxStep: number): number {
  if (to > from + maxStep) return from + maxStep;
  if (to < from - maxStep) return from - maxStep;
  return to;
}

function clampPct(x: number): number {
  return x < 0 ? 0 : x > 100 ? 100 : x;
}

/** What {@linkcode CoolingSiteSimulator.snapshot} holds. */
interface CoolingSiteState {
  configured: [number, number, number, ControlMode];
  settings: [number, number, number, ControlMode];
  running: boolean;
  speeds: [number, number];
  severity: number[];
  drift: number;
  ambientC: number;
  ambient: AmbientState;
  loop: [number, number, number, number];
  rigs: RigFleetState;
  pi: { integral: number; output: number };
}

/** A simulated cooling site feeding one twin. */
export class CoolingSiteSimulator implements Simulator {
  readonly feeds: readonly string[];
  /** The configuration in effect, after seeded variation. */
  readonly config: CoolingSiteConfig;
  readonly #ambient: AmbientTemperature;
  readonly #loop: CoolantLoop;
  readonly #rigs: RigFleet;
  readonly #pi: PiController;
  readonly #inputs: LoopInputs = { heatKw: 0, flowKwPerK: 0, coolerKwPerK: 0, ambientC: 0 };
  readonly #ratedAirflow: number;
  readonly #flowToKwPerK: number;

  #running = true;
  #mode: ControlMode;
  #supplySetpoint: number;
  #fanSetpoint: number;
  #pumpSetpoint: number;
  #fanSpeed = 0;
  #pumpSpeed = 0;

  // Severity per fault (0 = healthy), indexed like COOLING_FAULTS.
  readonly #severity = new Float64Array(4);
  #fansFailed = 0;
  #pumpsFailed = 0;
  #pumpFlowFraction = 1;
  #driftRate = 0;
  #drift = 0;
  // UA lost to fouling now, growing towards the fouling severity.
  #fouling = 0;

  #ambientC = 0;
  #flowM3h = 0;
  #airflow = 0;
  #ua = 0;
  #coolerK = 0;
  #heatLoad = 0;
  #fanPower = 0;
  #pumpPower = 0;

  // Setpoints as the params set them when this simulator was built (see restore).
  #configured: [number, number, number, ControlMode] = [0, 0, 0, "auto"];

  /** Build a site at the steady state for its initial setpoints and ambient. */
  constructor(opts: CoolingSiteSimulatorOptions) {
    this.feeds = [opts.id];
    const c = varySite(opts.config, new Random(opts.seed, `${opts.id}/variation`));
    this.config = c;
    this.#ambient = new AmbientTemperature(
      {
        mean_c: c.ambient_mean_c,
        amplitude_c: c.ambient_amplitude_c,
        peak_hour: c.ambient_peak_hour,
        noise_c: c.ambient_noise_c,
        profile_c: c.ambient_profile_c,
      },
      new Random(opts.seed, `${opts.id}/ambient`),
    );
    this.#rigs = new RigFleet({
      rigs: c.rigs,
      rigPowerKw: c.rig_power_kw,
      rigHashrateThs: c.rig_hashrate_ths,
      throttleC: c.rig_throttle_c,
      shutdownC: c.rig_shutdown_c,
      bootS: c.rig_boot_s,
    }, true);
    const capacity = (c.coolant_volume_l / 1000) * c.coolant_density_kg_m3 *
      c.coolant_cp_kj_per_kg_k;
    this.#ambientC = this.#ambient.cycle(0) + this.#ambient.noise;
    this.#loop = new CoolantLoop(capacity, c.shell_loss_kw_per_k, this.#ambientC);
    this.#ratedAirflow = c.fans * c.fan_airflow_m3s;
    this.#flowToKwPerK = (c.coolant_density_kg_m3 * c.coolant_cp_kj_per_kg_k) / 3600;
    this.#mode = c.control_mode;
    this.#supplySetpoint = c.supply_setpoint_c;
    this.#fanSetpoint = c.fan_setpoint_pct;
    this.#pumpSetpoint = c.pump_setpoint_pct;
    this.#pi = new PiController(c.pi_kp, c.pi_ti_s, c.fan_min_pct, 100);
    this.#configured = [this.#supplySetpoint, this.#fanSetpoint, this.#pumpSetpoint, this.#mode];
    this.#settle();
  }

  // Start in the steady state for the initial ambient, so a plant does not
  // open with an hour-long warm-up transient.
  #settle(): void {
    const inp = this.#inputs;
    this.#pumpSpeed = this.#pumpSetpoint;
    this.#heatLoad = this.#rigs.powerKw * this.config.coolant_heat_fraction;
    inp.heatKw = this.#heatLoad;
    inp.ambientC = this.#ambientC;
    let fan = this.#fanSetpoint;
    if (this.#mode === "auto") {
      // The steady supply temperature falls as fan speed rises: bisect for the setpoint.
      let lo = this.config.fan_min_pct, hi = 100;
      if (this.#steadySupplyAt(hi) >= this.#supplySetpoint) fan = hi;
      else if (this.#steadySupplyAt(lo) <= this.#supplySetpoint) fan = lo;
      else {
        for (let i = 0; i < 40; i++) {
          fan = (lo + hi) / 2;
          if (this.#steadySupplyAt(fan) > this.#supplySetpoint) lo = fan;
          else hi = fan;
        }
      }
      this.#pi.reset(fan);
    }
    this.#fanSpeed = fan;
    this.#steadySupplyAt(fan);
    this.#updatePowers();
  }

  #steadySupplyAt(fanPct: number): number {
    this.#fanSpeed = fanPct;
    this.#updateHydraulics();
    const inp = this.#inputs;
    inp.flowKwPerK = this.#flowM3h * this.#flowToKwPerK;
    inp.coolerKwPerK = this.#coolerK;
    this.#loop.settle(inp);
    return this.#loop.coldC;
  }

  // Flow from the pumps, airflow from the fans, and the cooler's conductance.
  #updateHydraulics(): void {
    const c = this.config;
    this.#flowM3h = affinityFlow(c.pump_flow_m3h, this.#pumpSpeed / 100) * this.#pumpFlowFraction;
    const fansWorking = c.fans - this.#fansFailed;
    this.#airflow = affinityFlow(fansWorking * c.fan_airflow_m3s, this.#fanSpeed / 100) +
      NATURAL_DRAFT * this.#ratedAirflow;
    this.#ua = coolerUa(
      c.cooler_ua_kw_per_k * (1 - this.#fouling),
      this.#airflow / this.#ratedAirflow,
      this.#flowM3h / c.pump_flow_m3h,
    );
    this.#coolerK = coolerConductance(
      this.#ua,
      this.#flowM3h * this.#flowToKwPerK,
      this.#airflow * AIR_DENSITY_KG_M3 * AIR_CP_KJ_PER_KG_K,
    );
  }

  #updatePowers(): void {
    const c = this.config;
    this.#fanPower = (c.fans - this.#fansFailed) *
      affinityPower(c.fan_power_kw, this.#fanSpeed / 100);
    this.#pumpPower = affinityPower(
      c.pump_power_kw,
      (this.#pumpSpeed / 100) * this.#pumpFlowFraction,
    );
  }

  /** Supply temperature as the (possibly drifting) sensor reads it, degC. */
  get measuredSupplyC(): number {
    return this.#loop.coldC + this.#drift;
  }

  /** Advance the site by `dtS` seconds to simulated time `tS`. */
  step(dtS: number, tS: number): void {
    if (!(dtS > 0)) return;
    const c = this.config;
    const loop = this.#loop;
    this.#ambientC = this.#ambient.advance(dtS, tS);
    const foul = this.#severity[2];
    if (this.#fouling < foul) {
      const f = this.#fouling + (foul * dtS) / FOULING_BUILDUP_S;
      this.#fouling = f > foul ? foul : f;
    }
    this.#rigs.update(dtS, loop.hotC, this.#running);
    this.#heatLoad = this.#rigs.powerKw * c.coolant_heat_fraction;

    let fanCmd = 0, pumpCmd = 0;
    if (this.#running) {
      pumpCmd = this.#pumpSetpoint;
      fanCmd = this.#mode === "auto"
        ? this.#pi.update(this.measuredSupplyC - this.#supplySetpoint, dtS)
        : this.#fanSetpoint;
    }
    // Tripped drives stop at once; healthy ones slew to their command.
    this.#fanSpeed = this.#fansFailed >= c.fans
      ? 0
      : slew(this.#fanSpeed, fanCmd, FAN_RAMP_PCT_S * dtS);
    this.#pumpSpeed = this.#pumpsFailed >= c.pumps
      ? 0
      : slew(this.#pumpSpeed, pumpCmd, PUMP_RAMP_PCT_S * dtS);
    this.#updateHydraulics();
    this.#updatePowers();

    const inp = this.#inputs;
    inp.heatKw = this.#heatLoad;
    inp.flowKwPerK = this.#flowM3h * this.#flowToKwPerK;
    inp.coolerKwPerK = this.#coolerK;
    inp.ambientC = this.#ambientC;
    loop.advance(dtS, inp);

    if (this.#driftRate > 0) {
      const d = this.#drift - this.#driftRate * dtS;
      this.#drift = d < -SENSOR_DRIFT_MAX_K ? -SENSOR_DRIFT_MAX_K : d;
    }
  }

  /** Copy the site's points into `out`. */
  read(_id: string, out: PointValues): void {
    const rigs = this.#rigs;
    const it = rigs.powerKw;
    out.supply_temp = this.measuredSupplyC;
    out.return_temp = this.#loop.hotC;
    out.ambient_temp = this.#ambientC;
    out.coolant_flow = this.#flowM3h;
    out.fan_speed = this.#fanSpeed;
    out.pump_speed = this.#pumpSpeed;
    out.fans_failed = this.#fansFailed;
    out.pumps_failed = this.#pumpsFailed;
    out.heat_load = this.#heatLoad;
    out.heat_rejected = this.#loop.rejectedKw;
    out.fan_power = this.#fanPower;
    out.pump_power = this.#pumpPower;
    out.it_power = it;
    out.pue = it > 0 ? (it + this.#fanPower + this.#pumpPower) / it : 0;
    out.hashrate = rigs.hashrateThs;
    out.rigs_online = rigs.online;
    out.rigs_tripped = rigs.tripped;
    out.rig_throttle = rigs.throttle * 100;
    out.supply_setpoint = this.#supplySetpoint;
    out.control_mode = this.#mode;
    out.running = this.#running;
  }

  /** Apply a setpoint, mode, start/stop or fault command; undefined when done. */
  actuate(_id: string, action: Actuation): string | undefined {
    const a = action.args;
    switch (action.type) {
      case "set_fan_setpoint": {
        if (typeof a.pct !== "number") return "set_fan_setpoint needs pct, a number from 0 to 100";
        if (this.#mode === "auto") {
          return "the site is in auto control, where the supply-temperature controller sets fan speed; switch to manual first";
        }
        this.#fanSetpoint = clampPct(a.pct);
        return undefined;
      }
      case "set_pump_setpoint": {
        if (typeof a.pct !== "number") return "set_pump_setpoint needs pct, a number from 0 to 100";
        this.#pumpSetpoint = clampPct(a.pct);
        return undefined;
      }
      case "set_supply_setpoint": {
        if (typeof a.degC !== "number") return "set_supply_setpoint needs degC, a number";
        this.#supplySetpoint = a.degC;
        return undefined;
      }
      case "set_control_mode": {
        if (a.mode !== "auto" && a.mode !== "manual") {
          return 'control mode must be "auto" or "manual"';
        }
        if (a.mode === this.#mode) return undefined;
        // Bumpless transfer: the new mode starts from the speed the fans run at now.
        if (a.mode === "manual") this.#fanSetpoint = this.#fanSpeed;
        else this.#pi.reset(this.#fanSpeed, this.measuredSupplyC - this.#supplySetpoint);
        this.#mode = a.mode;
        return undefined;
      }
      case "start":
        if (this.#running) return "the site is already running";
        this.#running = true;
        this.#pi.reset(this.config.fan_min_pct);
        return undefined;
      case "stop":
        if (!this.#running) return "the site is already stopped";
        this.#running = false;
        return undefined;
      case "inject_fault":
        return this.#inject(a.fault, a.severity);
      case "clear_fault":
        return this.#clear(a.fault);
      case "enter_maintenance":
      case "exit_maintenance":
      case "reset":
        return undefined;
      default:
        return `a cooling site does not understand "${action.type}"`;
    }
  }

  #inject(fault: unknown, severity: unknown): string | undefined {
    const i = typeof fault === "string" ? FAULT_INDEX[fault] : undefined;
    if (i === undefined) {
      return `unknown cooling-site fault "${fault}"; expected one of ${COOLING_FAULTS.join(", ")}`;
    }
    const name = COOLING_FAULTS[i];
    const s = severity === undefined ? DEFAULT_FAULT_SEVERITY[name] : severity;
    if (typeof s !== "number" || !(s > 0 && s <= 1)) {
      return "fault severity must be a number above 0 and at most 1";
    }
    this.#severity[i] = name === "exchanger_fouling" && s > MAX_FOULING ? MAX_FOULING : s;
    this.#applyFaults();
    return undefined;
  }

  #clear(fault: unknown): string | undefined {
    if (fault === undefined) {
      this.#severity.fill(0);
    } else {
      const i = typeof fault === "string" ? FAULT_INDEX[fault] : undefined;
      if (i === undefined) return `unknown cooling-site fault "${fault}"`;
      this.#severity[i] = 0;
    }
    this.#applyFaults();
    return undefined;
  }

  // Turn severities into counts and rates: at least one unit fails once a
  // fan or pump fault is present, and a cleared drift means a recalibrated sensor.
  #applyFaults(): void {
    const c = this.config, s = this.#severity;
    this.#fansFailed = s[0] > 0 ? Math.min(c.fans, Math.max(1, Math.round(s[0] * c.fans))) : 0;
    this.#pumpsFailed = s[1] > 0 ? Math.min(c.pumps, Math.max(1, Math.round(s[1] * c.pumps))) : 0;
    this.#pumpFlowFraction = parallelPumpFlowFraction(c.pumps - this.#pumpsFailed, c.pumps);
    this.#driftRate = (s[3] * SENSOR_DRIFT_K_PER_H) / 3600;
    if (s[3] === 0) this.#drift = 0;
    // A cleaned cooler is clean at once; a lighter fouling than now is a partial clean.
    if (this.#fouling > s[2]) this.#fouling = s[2];
  }

  /** Everything the site needs to continue bit for bit (see Simulator.snapshot). */
  snapshot(): SimulatorState {
    const loop = this.#loop;
    return {
      model: "cooling_site",
      configured: [...this.#configured],
      settings: [this.#supplySetpoint, this.#fanSetpoint, this.#pumpSetpoint, this.#mode],
      running: this.#running,
      speeds: [this.#fanSpeed, this.#pumpSpeed],
      severity: [...this.#severity],
      drift: this.#drift,
      ambientC: this.#ambientC,
      ambient: this.#ambient.snapshot(),
      loop: [loop.hotC, loop.coldC, loop.coolerKw, loop.shellKw],
      rigs: this.#rigs.snapshot(),
      pi: this.#pi.snapshot(),
    };
  }

  /**
   * Continue from {@linkcode CoolingSiteSimulator.snapshot}. A setpoint or
   * the control mode keeps this simulator's params' value when they set it
   * differently from the params the snapshot was built with (an override).
   */
  restore(state: SimulatorState): void {
    checkModel(state, "cooling_site");
    const s = state as unknown as CoolingSiteState;
    const now = this.#configured;
    const pick = <T>(i: number): T => (now[i] === s.configured[i] ? s.settings[i] : now[i]) as T;
    this.#supplySetpoint = pick(0);
    this.#fanSetpoint = pick(1);
    this.#pumpSetpoint = pick(2);
    this.#mode = pick(3);
    this.#running = s.running;
    [this.#fanSpeed, this.#pumpSpeed] = s.speeds;
    this.#severity.set(s.severity);
    this.#applyFaults();
    this.#drift = s.drift;
    this.#ambientC = s.ambientC;
    this.#ambient.restore(s.ambient);
    const loop = this.#loop;
    [loop.hotC, loop.coldC, loop.coolerKw, loop.shellKw] = s.loop;
    this.#rigs.restore(s.rigs);
    this.#pi.restore(s.pi);
    // Derived values read() reports before the next step.
    this.#heatLoad = this.#rigs.powerKw * this.config.coolant_heat_fraction;
    this.#updateHydraulics();
    this.#updatePowers();
  }

  /** True and measured supply temperature, cooler state, stored heat, faults and config. */
  inspect(): Record<string, unknown> {
    const faults: Record<string, number> = {};
    COOLING_FAULTS.forEach((name, i) => {
      if (this.#severity[i] > 0) faults[name] = this.#severity[i];
    });
    return {
      true_supply_temp: this.#loop.coldC,
      measured_supply_temp: this.measuredSupplyC,
      sensor_drift: this.#drift,
      rig_outlet_temp: this.#loop.hotC,
      approach_temp: this.#loop.coldC - this.#ambientC,
      cooler_duty_kw: this.#loop.coolerKw,
      shell_loss_kw: this.#loop.shellKw,
      cooler_ua_kw_per_k: this.#ua,
      fouling: this.#fouling,
      cooler_kw_per_k: this.#coolerK,
      airflow_m3s: this.#airflow,
      stored_energy_kj: this.#loop.storedKj,
      fan_command: this.#mode === "auto" ? this.#pi.output : this.#fanSetpoint,
      faults,
      config: this.config,
    };
  }
}
