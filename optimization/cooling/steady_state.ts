/**
 * The steady state of a cooling site for given setpoints, computed from the
 * same physics the simulator integrates (affinity laws, the dry cooler's
 * effectiveness-NTU conductance, the two-leg coolant loop) but solved
 * directly instead of stepped: one evaluation is a few microseconds, so a
 * solver can afford thousands per proposal.
 *
 * @module
 */
import {
  affinityFlow,
  affinityPower,
  parallelPumpFlowFraction,
} from "../../simulators/cooling/affinity.ts";
import { CoolantLoop } from "../../simulators/cooling/coolant_loop.ts";
import { NATURAL_DRAFT } from "../../simulators/cooling/cooling_site_simulator.ts";
import {
  AIR_CP_KJ_PER_KG_K,
  AIR_DENSITY_KG_M3,
  coolerConductance,
  coolerUa,
} from "../../simulators/cooling/dry_cooler.ts";
import type { ControlMode, CoolingSiteConfig } from "../../simulators/cooling/site_config.ts";

/** What the site faces: weather, heat and broken equipment. */
export interface SiteState {
  /** Outdoor air temperature, degC. */
  ambientC: number;
  /** Heat the rigs put into the coolant at full clock, kW. */
  heatKw: number;
  /** Fans with a drive fault (default 0). */
  fansFailed?: number;
  /** Pumps with a drive fault (default 0). */
  pumpsFailed?: number;
  /** Cooler UA as a fraction of its clean value (1 - fouling; default 1). */
  uaFactor?: number;
}

/** The setpoints a cooling site's commands control. */
export interface CoolingSetpoints {
  /** auto: the PI sets fan speed to hold `supplyC`; manual: fans run at `fanPct`. */
  mode: ControlMode;
  /** Supply temperature setpoint, degC (acts in auto). */
  supplyC: number;
  /** Manual fan speed, % (acts in manual). */
  fanPct: number;
  /** Pump speed, %. */
  pumpPct: number;
}

/** A site's steady operating point. */
export interface SteadyState {
  /** Fan speed, % (the PI's settled output in auto). */
  fanPct: number;
  /** Pump speed, %. */
  pumpPct: number;
  /** Supply (cold) temperature, degC. */
  supplyC: number;
  /** Rig outlet (hot) temperature, degC. */
  outletC: number;
  /** Coolant flow, m3/h. */
  flowM3h: number;
  /** Fan electrical power, kW. */
  fanKw: number;
  /** Pump electrical power, kW. */
  pumpKw: number;
  /** Fans + pumps, kW. */
  powerKw: number;
}

/** The steady-state model of one site in one state. */
export class SiteModel {
  readonly #c: CoolingSiteConfig;
  readonly #s: Required<SiteState>;
  readonly #loop: CoolantLoop;
  readonly #flowToKwPerK: number;
  readonly #ratedAirflow: number;

  /** A model of `config` (the site's effective config) facing `state`. */
  constructor(config: CoolingSiteConfig, state: SiteState) {
    this.#c = config;
    this.#s = { fansFailed: 0, pumpsFailed: 0, uaFactor: 1, ...state };
    const capacity = (config.coolant_volume_l / 1000) * config.coolant_density_kg_m3 *
      config.coolant_cp_kj_per_kg_k;
    this.#loop = new CoolantLoop(capacity, config.shell_loss_kw_per_k, state.ambientC);
    this.#flowToKwPerK = (config.coolant_density_kg_m3 * config.coolant_cp_kj_per_kg_k) / 3600;
    this.#ratedAirflow = config.fans * config.fan_airflow_m3s;
  }

  /** The site's state. */
  get state(): Readonly<Required<SiteState>> {
    return this.#s;
  }

  /** Steady state with the fans at `fanPct` and the pumps at `pumpPct`. */
  at(fanPct: number, pumpPct: number): SteadyState {
    const c = this.#c, s = this.#s;
    const fansWorking = Math.max(0, c.fans - s.fansFailed);
    const pumpsWorking = Math.max(0, c.pumps - s.pumpsFailed);
    const fan = fansWorking > 0 ? fanPct : 0;
    const pump = pumpsWorking > 0 ? pumpPct : 0;
    const pumpFraction = parallelPumpFlowFraction(pumpsWorking, c.pumps);
    const flow = affinityFlow(c.pump_flow_m3h, pump / 100) * pumpFraction;
    const airflow = affinityFlow(fansWorking * c.fan_airflow_m3s, fan / 100) +
      NATURAL_DRAFT * this.#ratedAirflow;
    const ua = coolerUa(
      c.cooler_ua_kw_per_k * s.uaFactor,
      airflow / this.#ratedAirflow,
      flow / c.pump_flow_m3h,
    );
    const g = flow * this.#flowToKwPerK;
    const k = coolerConductance(ua, g, airflow * AIR_DENSITY_KG_M3 * AIR_CP_KJ_PER_KG_K);
    const loop = this.#loop;
    loop.settle({ heatKw: s.heatKw, flowKwPerK: g, coolerKwPerK: k, ambientC: s.ambientC });
    const fanKw = fansWorking * affinityPower(c.fan_power_kw, fan / 100);
    const pumpKw = affinityPower(c.pump_power_kw, (pump / 100) * pumpFraction);
    return {
      fanPct: fan,
      pumpPct: pump,
      supplyC: loop.coldC,
      outletC: loop.hotC,
      flowM3h: flow,
      fanKw,
      pumpKw,
      powerKw: fanKw + pumpKw,
    };
  }

  /**
   * Steady state under `setpoints`: in manual the fans run as set; in auto
   * the fan speed is where the PI settles, the speed in [fan_min, 100] whose
   * steady supply meets the setpoint, or a limit when none does.
   */
  steady(setpoints: CoolingSetpoints): SteadyState {
    if (setpoints.mode === "manual") return this.at(setpoints.fanPct, setpoints.pumpPct);
    const pump = setpoints.pumpPct, target = setpoints.supplyC;
    let lo = this.#c.fan_min_pct, hi = 100;
    if (this.at(hi, pump).supplyC >= target) return this.at(hi, pump);
    if (this.at(lo, pump).supplyC <= target) return this.at(lo, pump);
    // Supply falls as fan speed rises, so bisect; 30 halvings leave < 1e-7 %.
    for (let i = 0; i < 30; i++) {
      const mid = (lo + hi) / 2;
      if (this.at(mid, pump).supplyC > target) lo = mid;
      else hi = mid;
    }
    return this.at((lo + hi) / 2, pump);
  }
}

/** The setpoints a site's configuration starts with: its default control. */
export function defaultSetpoints(config: CoolingSiteConfig): CoolingSetpoints {
  return {
    mode: config.control_mode,
    supplyC: config.supply_setpoint_c,
    fanPct: config.fan_setpoint_pct,
    pumpPct: config.pump_setpoint_pct,
  };
}
