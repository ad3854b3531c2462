/**
 * The physical and control configuration of one liquid-cooled mining site,
 * with defaults for a 40-ft container of ~200 hydro-cooled rigs, and the
 * seeded site-to-site variation that lets one plant file describe a fleet.
 *
 * Field names match the twin's plant-file params so validated params can be
 * handed to the simulator unchanged.
 *
 * @module
 */
import type { Random } from "../random.ts";

/** How fan speed is decided: by the supply-temperature controller or by the operator. */
export type ControlMode = "auto" | "manual";

/** Configuration of one cooling site (plant-file units: kW, degC, m3/h, L, %). */
export interface CoolingSiteConfig {
  /** Number of mining rigs. */
  readonly rigs: number;
  /** Electrical power of one rig at full clock, kW. */
  readonly rig_power_kw: number;
  /** Hashrate of one rig at full clock, TH/s. */
  readonly rig_hashrate_ths: number;
  /** Fraction of rig power that goes into the coolant (the rest warms the container air). */
  readonly coolant_heat_fraction: number;
  /** Rig outlet temperature at which rig firmware starts to throttle, degC. */
  readonly rig_throttle_c: number;
  /** Rig outlet temperature at which rigs start to shut themselves down, degC. */
  readonly rig_shutdown_c: number;
  /** Time for the whole fleet of rigs to boot and reach full hashrate, s. */
  readonly rig_boot_s: number;
  /** Coolant inventory of the loop, L. */
  readonly coolant_volume_l: number;
  /** Coolant density, kg/m3. */
  readonly coolant_density_kg_m3: number;
  /** Coolant specific heat, kJ/(kg K). */
  readonly coolant_cp_kj_per_kg_k: number;
  /** Circulation pumps installed in parallel (1 or 2). */
  readonly pumps: number;
  /** Loop flow with all pumps at 100 % speed, m3/h. */
  readonly pump_flow_m3h: number;
  /** Electrical power of all pumps together at 100 % speed, kW. */
  readonly pump_power_kw: number;
  /** Pump speed setpoint, %. */
  readonly pump_setpoint_pct: number;
  /** Dry-cooler fans. */
  readonly fans: number;
  /** Airflow of one fan at 100 % speed, m3/s. */
  readonly fan_airflow_m3s: number;
  /** Electrical power of one fan at 100 % speed, kW. */
  readonly fan_power_kw: number;
  /** Lowest fan speed the controller commands while running, %. */
  readonly fan_min_pct: number;
  /** Fan speed used in manual mode, %. */
  readonly fan_setpoint_pct: number;
  /** Dry-cooler overall UA at rated airflow and rated coolant flow, kW/K. */
  readonly cooler_ua_kw_per_k: number;
  /** Heat loss of pipes and tanks straight to ambient, kW/K (split between both legs). */
  readonly shell_loss_kw_per_k: number;
  /** Supply (cold, to rigs) temperature setpoint, degC. */
  readonly supply_setpoint_c: number;
  /** Initial control mode. */
  readonly control_mode: ControlMode;
  /** Proportional gain of the fan controller, % fan speed per K of supply error. */
  readonly pi_kp: number;
  /** Integral time of the fan controller, s. */
  readonly pi_ti_s: number;
  /** Daily mean ambient temperature, degC. */
  readonly ambient_mean_c: number;
  /** Half the daily peak-to-trough swing of ambient temperature, K. */
  readonly ambient_amplitude_c: number;
  /** Local hour of the daily ambient peak (simulated time 0 is local midnight). */
  readonly ambient_peak_hour: number;
  /** Standard deviation of the slow random ambient noise, K. */
  readonly ambient_noise_c: number;
  /** 24 hourly ambient temperatures, degC, replacing the daily cycle when given. */
  readonly ambient_profile_c?: readonly number[];
  /** Relative site-to-site spread drawn from the seed (0 = every site exactly as configured). */
  readonly variation: number;
}

/** Defaults: ~200 rigs x 3.5 kW in a 40-ft container, one pump, ten 6 m3/s fans. */
export const COOLING_SITE_DEFAULTS: CoolingSiteConfig = {
  rigs: 200,
  rig_power_kw: 3.5,
  rig_hashrate_ths: 200,
  coolant_heat_fraction: 0.97,
  rig_throttle_c: 55,
  rig_shutdown_c: 65,
  rig_boot_s: 120,
  coolant_volume_l: 2000,
  coolant_density_kg_m3: 1030,
  coolant_cp_kj_per_kg_k: 3.7,
  pumps: 1,
  pump_flow_m3h: 90,
  pump_power_kw: 7.5,
  pump_setpoint_pct: 80,
  fans: 10,
  fan_airflow_m3s: 6,
  fan_power_kw: 2.5,
  fan_min_pct: 10,
  fan_setpoint_pct: 60,
  cooler_ua_kw_per_k: 100,
  shell_loss_kw_per_k: 0.5,
  supply_setpoint_c: 40,
  control_mode: "auto",
  pi_kp: 8,
  pi_ti_s: 120,
  ambient_mean_c: 22,
  ambient_amplitude_c: 6,
  ambient_peak_hour: 15,
  ambient_noise_c: 0.3,
  variation: 0.05,
};

/** Ambient mean offset per unit of `variation`, K (0.05 gives up to +-3 K). */
export const AMBIENT_SPREAD_K_PER_VARIATION = 60;

/**
 * The configuration one site actually gets: rig count, per-rig power, fan
 * airflow and cooler UA each scaled by (1 + v u) and the ambient mean shifted
 * by 60 v u K, with u uniform in [-1, 1) drawn from `rng` and v = `variation`.
 * Fan and pump counts never vary, so fault feedback compares with the params.
 */
export function varySite(config: CoolingSiteConfig, rng: Random): CoolingSiteConfig {
  const v = config.variation;
  if (v <= 0) return config;
  const spread = () => v * rng.uniform(-1, 1);
  return {
    ...config,
    rigs: Math.max(1, Math.round(config.rigs * (1 + spread()))),
    rig_power_kw: config.rig_power_kw * (1 + spread()),
    fan_airflow_m3s: config.fan_airflow_m3s * (1 + spread()),
    cooler_ua_kw_per_k: config.cooler_ua_kw_per_k * (1 + spread()),
    ambient_mean_c: config.ambient_mean_c + AMBIENT_SPREAD_K_PER_VARIATION * spread(),
  };
}
