/**
 * What a pump simulator needs to know about one pump, in plant-file units
 * (flows in L/s, heads in m). The pump twin kind's zod schema produces
 * exactly this shape, so validated params are passed straight in.
 *
 * @module
 */

/** A head-curve point as written in a plant file. */
export interface CurvePointConfig {
  /** Flow, L/s. */
  flow_lps: number;
  /** Head, m. */
  head_m: number;
}

/** An efficiency-curve point as written in a plant file. */
export interface EfficiencyPointConfig {
  /** Flow, L/s. */
  flow_lps: number;
  /** Efficiency, %. */
  efficiency_pct: number;
}

/** NPSH-required quadratic. */
export interface NpshrConfig {
  /** NPSHr at zero flow, nominal speed, m. */
  shutoff_m: number;
  /** NPSHr at rated flow, nominal speed, m. */
  rated_m: number;
  /** Rated flow, L/s; defaults to the curve's design point. */
  rated_flow_lps?: number;
}

/** Suction-side conditions for NPSH available. */
export interface SuctionConfig {
  /** Liquid surface above the impeller eye, m (negative for a suction lift). */
  static_m: number;
  /** Suction line loss at rated flow, m. */
  loss_m: number;
  /** Atmospheric pressure head, m. */
  atm_head_m: number;
  /** Vapour pressure head, m. */
  vapor_head_m: number;
}

/** Motor and its overload relay. */
export interface MotorConfig {
  /** Rated shaft power, kW; defaults to 110% of the largest power on the curve. */
  rated_kw?: number;
  /** Line voltage, V. */
  voltage_v: number;
  /** Power factor at rated load. */
  power_factor: number;
  /** Motor efficiency, %. */
  efficiency_pct: number;
  /** Overload relay pickup, % of full-load current. */
  overload_pct: number;
  /** Seconds above pickup before the relay trips. */
  overload_trip_s: number;
}

/** A lumped system curve H = static + k Q^2 for a pump that is not in a station. */
export interface SystemCurveConfig {
  /** Static lift, m. */
  static_head_m: number;
  /** Friction head at `at_flow_lps`, m. */
  friction_head_m: number;
  /** Flow at which `friction_head_m` applies, L/s. */
  at_flow_lps: number;
}

/** One centrifugal pump. */
export interface PumpConfig {
  /** Head curve at nominal speed: 1 point, 3 points from zero flow, or a table. */
  curve: readonly CurvePointConfig[];
  /** Constant efficiency in %, or an efficiency curve. */
  efficiency_pct: number | readonly EfficiencyPointConfig[];
  /** Whether a variable-frequency drive lets the speed be set. */
  vfd: boolean;
  /** Speed setpoint, % of nominal. */
  speed_pct: number;
  /** State at the start of a run. */
  initial_status: "running" | "stopped";
  /** Seconds to ramp from standstill to nominal speed. */
  ramp_up_s: number;
  /** Seconds to ramp from nominal speed to standstill. */
  ramp_down_s: number;
  /** NPSH required. */
  npshr: NpshrConfig;
  /** Suction conditions. */
  suction: SuctionConfig;
  /** Motor. */
  motor: MotorConfig;
  /** Vibration velocity of a healthy pump at its design point, mm/s RMS. */
  vibration_mm_s: number;
  /** Specific gravity of the liquid. */
  specific_gravity: number;
}

/** A pump on its own, against a lumped system curve. */
export interface StandalonePumpConfig extends PumpConfig {
  /** The system it pumps into. */
  system: SystemCurveConfig;
}
