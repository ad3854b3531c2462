/**
 * Plant-file parameters of a cooling-site twin: the site's physics and
 * control settings (defaults from the simulator's 40-ft container site) plus
 * the alarm limits and timings the twin's machine uses.
 *
 * @module
 */
import { z } from "zod";
import { COOLING_SITE_DEFAULTS as D } from "../../simulators/cooling/site_config.ts";

/** Schema of a cooling site's `params`. */
export const coolingSiteParams = z.strictObject({
  /** Number of mining rigs. */
  rigs: z.int().min(1).max(5000).default(D.rigs),
  /** Power of one rig at full clock, kW. */
  rig_power_kw: z.number().positive().max(20).default(D.rig_power_kw),
  /** Hashrate of one rig at full clock, TH/s. */
  rig_hashrate_ths: z.number().positive().default(D.rig_hashrate_ths),
  /** Fraction of rig power that goes into the coolant. */
  coolant_heat_fraction: z.number().gt(0).max(1).default(D.coolant_heat_fraction),
  /** Rig outlet temperature where firmware starts to throttle, degC. */
  rig_throttle_c: z.number().min(20).max(90).default(D.rig_throttle_c),
  /** Rig outlet temperature where rigs start to shut down, degC. */
  rig_shutdown_c: z.number().min(25).max(100).default(D.rig_shutdown_c),
  /** Time for the fleet to boot after a start, s. */
  rig_boot_s: z.number().positive().default(D.rig_boot_s),
  /** Coolant inventory, L. */
  coolant_volume_l: z.number().positive().default(D.coolant_volume_l),
  /** Coolant density, kg/m3. */
  coolant_density_kg_m3: z.number().positive().default(D.coolant_density_kg_m3),
  /** Coolant specific heat, kJ/(kg K). */
  coolant_cp_kj_per_kg_k: z.number().positive().default(D.coolant_cp_kj_per_kg_k),
  /** Circulation pumps in parallel. */
  pumps: z.int().min(1).max(2).default(D.pumps),
  /** Loop flow with all pumps at 100 %, m3/h. */
  pump_flow_m3h: z.number().positive().default(D.pump_flow_m3h),
  /** Power of all pumps at 100 %, kW. */
  pump_power_kw: z.number().min(0).default(D.pump_power_kw),
  /** Initial pump speed setpoint, %. */
  pump_setpoint_pct: z.number().min(0).max(100).default(D.pump_setpoint_pct),
  /** Dry-cooler fans. */
  fans: z.int().min(1).max(32).default(D.fans),
  /** Airflow of one fan at 100 %, m3/s. */
  fan_airflow_m3s: z.number().positive().default(D.fan_airflow_m3s),
  /** Power of one fan at 100 %, kW. */
  fan_power_kw: z.number().min(0).default(D.fan_power_kw),
  /** Lowest fan speed in auto, %. */
  fan_min_pct: z.number().min(0).max(100).default(D.fan_min_pct),
  /** Initial manual fan speed, %. */
  fan_setpoint_pct: z.number().min(0).max(100).default(D.fan_setpoint_pct),
  /** Dry-cooler UA at rated airflow and coolant flow, kW/K. */
  cooler_ua_kw_per_k: z.number().positive().default(D.cooler_ua_kw_per_k),
  /** Pipe and tank heat loss to ambient, kW/K. */
  shell_loss_kw_per_k: z.number().min(0).default(D.shell_loss_kw_per_k),
  /** Initial supply temperature setpoint, degC. */
  supply_setpoint_c: z.number().min(20).max(60).default(D.supply_setpoint_c),
  /** Initial control mode. */
  control_mode: z.enum(["auto", "manual"]).default(D.control_mode),
  /** Fan controller gain, % per K. */
  pi_kp: z.number().positive().default(D.pi_kp),
  /** Fan controller integral time, s. */
  pi_ti_s: z.number().positive().default(D.pi_ti_s),
  /** Daily mean ambient temperature, degC. */
  ambient_mean_c: z.number().min(-40).max(55).default(D.ambient_mean_c),
  /** Half the daily ambient swing, K. */
  ambient_amplitude_c: z.number().min(0).max(25).default(D.ambient_amplitude_c),
  /** Local hour of the ambient peak (simulated time 0 is midnight). */
  ambient_peak_hour: z.number().min(0).max(24).default(D.ambient_peak_hour),
  /** Spread of the slow ambient noise, K. */
  ambient_noise_c: z.number().min(0).max(5).default(D.ambient_noise_c),
  /**
   * 24 hourly ambient temperatures, degC (00:00 to 23:00, straight lines
   * between); replaces the daily cycle's mean, amplitude and peak hour.
   */
  ambient_profile_c: z.array(z.number().min(-60).max(70)).length(24).optional(),
  /** Seeded site-to-site spread (0 = exactly as configured). */
  variation: z.number().min(0).max(0.5).default(D.variation),
  /** Measured supply at or above this makes the site degraded, degC. */
  supply_warn_c: z.number().default(45),
  /** Measured supply at or above this counts as overheating, degC. */
  supply_hot_c: z.number().default(50),
  /** Overheating for this long makes the site overheated, s. */
  overheat_after_s: z.number().positive().default(300),
  /** A start not seen running within this long falls back to stopped, s. */
  start_timeout_s: z.number().positive().default(60),
  /** Running time the cooling diagnosis learns the healthy site from, s (default 1800). */
  watch_train_s: z.number().min(60).optional(),
})
  .refine((p) => p.rig_shutdown_c > p.rig_throttle_c, {
    message: "rig_shutdown_c must be above rig_throttle_c",
    path: ["rig_shutdown_c"],
  })
  .refine((p) => p.supply_hot_c > p.supply_warn_c, {
    message: "supply_hot_c must be above supply_warn_c",
    path: ["supply_hot_c"],
  });

/** Validated cooling-site parameters. */
export type CoolingSiteParams = z.infer<typeof coolingSiteParams>;
