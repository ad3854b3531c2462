/**
 * The physics a cooling-site diagnosis compares a site's points with: fan
 * power against fan speed (affinity law), loop flow against pump speed, the
 * dry cooler's UA implied by the heat it rejects at the measured airflow and
 * coolant flow (inverse effectiveness-NTU), and the supply temperature the
 * loop's energy balance implies (a second, computed supply sensor).
 *
 * Each quantity is a site constant while the equipment is healthy (up to
 * model error), so the detector learns its healthy value and watches the
 * ratio. Uses the same dry-cooler relations as the simulator, as a model
 * based diagnosis uses the plant's model; never the simulator's state.
 *
 * @module
 */
import {
  AIR_CP_KJ_PER_KG_K,
  AIR_DENSITY_KG_M3,
  coolerUa,
} from "../../simulators/cooling/dry_cooler.ts";
import { HOT_LEG_SHARE } from "../../simulators/cooling/coolant_loop.ts";
import { NATURAL_DRAFT } from "../../simulators/cooling/cooling_site_simulator.ts";

/** The site constants the residuals need (a cooling site's params). */
export interface CoolingModelParams {
  /** Dry-cooler fans. */
  readonly fans: number;
  /** Airflow of one fan at 100 %, m3/s. */
  readonly fan_airflow_m3s: number;
  /** Loop flow with all pumps at 100 %, m3/h. */
  readonly pump_flow_m3h: number;
  /** Coolant density, kg/m3. */
  readonly coolant_density_kg_m3: number;
  /** Coolant specific heat, kJ/(kg K). */
  readonly coolant_cp_kj_per_kg_k: number;
  /** Coolant inventory, L. */
  readonly coolant_volume_l: number;
  /** Pipe and tank heat loss to ambient, kW/K. */
  readonly shell_loss_kw_per_k: number;
  /** Nameplate power of one fan at 100 %, kW (the design check; absent: not checked). */
  readonly fan_power_kw?: number;
  /** Nameplate cooler UA at rated flows, kW/K (the design check; absent: not checked). */
  readonly cooler_ua_kw_per_k?: number;
}

// Every field of CoolingModelParams: one added there must be added here.
const MODEL_FIELDS: Record<keyof CoolingModelParams, true> = {
  fans: true,
  fan_airflow_m3s: true,
  pump_flow_m3h: true,
  coolant_density_kg_m3: true,
  coolant_cp_kj_per_kg_k: true,
  coolant_volume_l: true,
  shell_loss_kw_per_k: true,
  fan_power_kw: true,
  cooler_ua_kw_per_k: true,
};

/** The {@linkcode CoolingModelParams} of a site's params, and nothing else (sorted by name). */
export function coolingModelParams(params: CoolingModelParams): CoolingModelParams {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(MODEL_FIELDS).sort()) {
    const v = (params as unknown as Record<string, unknown>)[k];
    if (v !== undefined) out[k] = v;
  }
  return out as unknown as CoolingModelParams;
}

/** One sample's physics quantities; NaN where the sample cannot tell. */
export interface CoolingResiduals {
  /** Fan power at full speed the sample implies, kW: fan_power / speed^3. */
  fanCoef: number;
  /** Loop flow at full pump speed the sample implies, m3/h: flow / speed. */
  flowCoef: number;
  /** Cooler UA at rated airflow and flow the sample implies, kW/K. */
  ratedUa: number;
  /** Measured supply minus the supply the energy balance implies, K. */
  supplyResidual: number;
}

/** Smoothed inputs of one sample (degC, kW, m3/h, %) plus the return temperature's slope. */
export interface CoolingInputs {
  supply: number;
  ret: number;
  ambient: number;
  flow: number;
  fanSpeed: number;
  pumpSpeed: number;
  heatLoad: number;
  heatRejected: number;
  fanPower: number;
  /** Return temperature slope, K/s. */
  retSlope: number;
}

/** Below these speeds the affinity ratios are too small to read, %. */
export const MIN_FAN_SPEED_PCT = 15;
/** Lowest pump speed at which flow per speed is read, %. */
export const MIN_PUMP_SPEED_PCT = 10;
/** Flow below this share of rated makes the energy balance and the cooler model unreadable. */
export const MIN_FLOW_SHARE = 0.1;
/** Rig outlet to ambient difference under which the cooler duty is too small to read, K. */
export const MIN_COOLER_DT_K = 3;

/**
 * Counter-flow NTU for effectiveness `e` and capacity ratio `cr` (the inverse
 * of `counterflowEffectiveness`); NaN when `e` is out of reach.
 */
export function counterflowNtu(e: number, cr: number): number {
  if (!(e > 0) || e >= 1 || !(cr >= 0)) return NaN;
  if (cr > 0.9999) return e / (1 - e);
  if (e * cr >= 1) return NaN;
  return Math.log((1 - e * cr) / (1 - e)) / (1 - cr);
}

/**
 * Fill `out` with the physics quantities of one sample. `fanShare` is the
 * share of the fans taken to be turning (1 while healthy; the detector
 * passes its fan-power ratio so lost fans do not read as a fouled cooler).
 */
export function coolingResiduals(
  p: CoolingModelParams,
  x: Readonly<CoolingInputs>,
  fanShare: number,
  out: CoolingResiduals,
): CoolingResiduals {
  const n = x.fanSpeed / 100, m = x.pumpSpeed / 100;
  out.fanCoef = x.fanSpeed >= MIN_FAN_SPEED_PCT ? x.fanPower / (n * n * n) : NaN;
  out.flowCoef = x.pumpSpeed >= MIN_PUMP_SPEED_PCT ? x.flow / m : NaN;
  out.ratedUa = NaN;
  out.supplyResidual = NaN;
  const flowShare = x.flow / p.pump_flow_m3h;
  if (!(flowShare >= MIN_FLOW_SHARE)) return out;
  const rhoCp = p.coolant_density_kg_m3 * p.coolant_cp_kj_per_kg_k;
  const g = (x.flow * rhoCp) / 3600;
  const halfShell = p.shell_loss_kw_per_k / 2;
  const dtCooler = x.ret - x.ambient;

  // Energy balance of the hot leg: C dR/dt = Q - G (R - S) - L (R - Ta).
  const capHot = (p.coolant_volume_l / 1000) * rhoCp * HOT_LEG_SHARE;
  const implied = x.ret - (x.heatLoad - halfShell * dtCooler - capHot * x.retSlope) / g;
  out.supplyResidual = x.supply - implied;

  if (x.fanSpeed < MIN_FAN_SPEED_PCT || !(dtCooler >= MIN_COOLER_DT_K)) return out;
  // The cooler's share of the heat leaving the loop, per kelvin of (R - Ta).
  const coolerKw = x.heatRejected - halfShell * (dtCooler + (x.supply - x.ambient));
  const k = coolerKw / dtCooler;
  const ratedAir = p.fans * p.fan_airflow_m3s;
  const airShare = fanShare * n + NATURAL_DRAFT;
  const cAir = ratedAir * airShare * AIR_DENSITY_KG_M3 * AIR_CP_KJ_PER_KG_K;
  const cMin = g < cAir ? g : cAir, cMax = g < cAir ? cAir : g;
  const ntu = counterflowNtu(k / cMin, cMin / cMax);
  if (!(ntu > 0)) return out;
  // UA now over UA at rated flows for a cooler of rated UA 1 gives the rated UA.
  out.ratedUa = (ntu * cMin) / coolerUa(1, airShare, flowShare);
  return out;
}
