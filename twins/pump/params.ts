/**
 * Plant-file parameters of a centrifugal pump twin. Flows are in L/s and
 * heads in m, as pump data sheets and EPANET (LPS) write them.
 *
 * @module
 */
import { z } from "zod";
import { HeadCurve } from "../../simulators/pump/pump_curve.ts";

/** A head-curve point. */
export const curvePoint = z.strictObject({
  /** Flow, L/s. */
  flow_lps: z.number().min(0),
  /** Head, m. */
  head_m: z.number(),
});

/** An efficiency-curve point. */
export const efficiencyPoint = z.strictObject({
  /** Flow, L/s. */
  flow_lps: z.number().min(0),
  /** Efficiency, %. */
  efficiency_pct: z.number().gt(0).max(100),
});

/** The head curve of the shared EPANET station (L/s, m). */
export const DEFAULT_CURVE = [
  { flow_lps: 0, head_m: 60 },
  { flow_lps: 50, head_m: 50 },
  { flow_lps: 100, head_m: 25 },
];

/** Schema of the parts every pump has, standalone or in a station. */
export const pumpShape = {
  /** Head curve at nominal speed: 1 point, 3 points from zero flow, or a table. */
  curve: z.array(curvePoint).min(1).default(() => DEFAULT_CURVE.map((p) => ({ ...p }))),
  /** Constant efficiency in %, or an efficiency curve. */
  efficiency_pct: z.union([z.number().gt(0).max(100), z.array(efficiencyPoint).min(1)]).default(75),
  /** A variable-frequency drive lets `set_speed` change the speed. */
  vfd: z.boolean().default(false),
  /** Speed setpoint, % of nominal. */
  speed_pct: z.number().min(30).max(110).default(100),
  /** State at the start of a run. */
  initial_status: z.enum(["running", "stopped"]).default("stopped"),
  /** Seconds to ramp from standstill to nominal speed. */
  ramp_up_s: z.number().min(0).default(5),
  /** Seconds to ramp from nominal speed to standstill. */
  ramp_down_s: z.number().min(0).default(3),
  /** A start not confirmed running within this many seconds trips the pump. */
  start_timeout_s: z.number().positive().default(20),
  /** NPSH required: a quadratic from shutoff to rated flow, scaled by the affinity laws. */
  npshr: z.strictObject({
    shutoff_m: z.number().min(0).default(2),
    rated_m: z.number().min(0).default(4.5),
    rated_flow_lps: z.number().positive().optional(),
  }).prefault({}),
  /** Suction conditions for NPSH available. */
  suction: z.strictObject({
    static_m: z.number().default(2),
    loss_m: z.number().min(0).default(0.3),
    atm_head_m: z.number().positive().default(10.33),
    vapor_head_m: z.number().min(0).default(0.24),
  }).prefault({}),
  /** Motor and overload relay. */
  motor: z.strictObject({
    rated_kw: z.number().positive().optional(),
    voltage_v: z.number().positive().default(400),
    power_factor: z.number().gt(0).max(1).default(0.86),
    efficiency_pct: z.number().gt(0).max(100).default(94),
    overload_pct: z.number().gt(100).default(115),
    overload_trip_s: z.number().positive().default(5),
  }).prefault({}),
  /** Vibration of a healthy pump at its design point, mm/s RMS. */
  vibration_mm_s: z.number().min(0).default(1.8),
  /** Specific gravity of the liquid. */
  specific_gravity: z.number().positive().default(1),
  /** Samples of steady running that train the pump's anomaly detector (default 600). */
  anomaly_train_samples: z.number().int().min(100).optional(),
  /**
   * Points the anomaly detector watches instead of the curve residuals, for a
   * pump without head and power (a replayed SKAB rig): `fast` as levels,
   * `slow` (temperatures) by their rate of change.
   */
  anomaly_channels: z.strictObject({
    fast: z.array(z.string().min(1)).min(1),
    slow: z.array(z.string().min(1)).default([]),
  }).optional(),
};

/** Reject head curves EPANET would reject (error 227), naming the problem. */
export function checkCurve(
  v: { curve: { flow_lps: number; head_m: number }[] },
  ctx: z.core.$RefinementCtx,
): void {
  try {
    HeadCurve.fromPoints(v.curve.map((p) => ({ q: p.flow_lps / 1000, h: p.head_m })));
  } catch (e) {
    ctx.addIssue({ code: "custom", path: ["curve"], message: (e as Error).message });
  }
}

/** Schema of a pump's `params`. */
export const pumpParams = z.strictObject({
  ...pumpShape,
  /** The system a standalone pump feeds: H = static + k Q^2 (ignored in a station). */
  system: z.strictObject({
    static_head_m: z.number().default(35),
    friction_head_m: z.number().min(0).default(15),
    at_flow_lps: z.number().positive().default(50),
  }).prefault({}),
}).superRefine(checkCurve);

/** Validated pump parameters. */
export type PumpParams = z.infer<typeof pumpParams>;
