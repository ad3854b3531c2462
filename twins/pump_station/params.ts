/**
 * Plant-file parameters of a pump station: sump, parallel pumps with their
 * level controls, main, tank, outlet pipe and demand. The defaults are the
 * shared EPANET reference station (../shared/datasets/epanet/station.inp).
 *
 * @module
 */
import { z } from "zod";
import type { StationConfig } from "../../simulators/pump/station_config.ts";
import { checkCurve, pumpShape } from "../pump/params.ts";

/** A Hazen-Williams pipe. */
export const pipeParams = z.strictObject({
  /** Length, m. */
  length_m: z.number().positive(),
  /** Inside diameter, mm. */
  diameter_mm: z.number().positive(),
  /** Hazen-Williams C. */
  hw_c: z.number().positive().default(130),
});

/** Start below one tank level, stop above another. */
export const levelControl = z.strictObject({
  /** Start when the tank level falls to this, m. */
  start_below_m: z.number(),
  /** Stop when the tank level rises to this, m. */
  stop_above_m: z.number(),
}).refine((c) => c.start_below_m < c.stop_above_m, {
  message: "start_below_m must be below stop_above_m",
});

/** One pump of a station: a pump's params plus its id suffix and level control. */
export const stationPump = z.strictObject({
  /** Id suffix: the pump twin is `${stationId}-${suffix}`. */
  suffix: z.string().regex(/^[A-Za-z0-9_]+$/, "letters, digits and _ only"),
  ...pumpShape,
  /** Level control used in auto mode. */
  control: levelControl.optional(),
}).superRefine(checkCurve);

/** The demand pattern of the shared EPANET station (hourly multipliers). */
export const DEFAULT_PATTERN = [
  0.5,
  0.45,
  0.4,
  0.4,
  0.45,
  0.6,
  0.9,
  1.3,
  1.5,
  1.4,
  1.2,
  1.1,
  1.1,
  1.05,
  1,
  1,
  1.1,
  1.3,
  1.5,
  1.4,
  1.2,
  1,
  0.8,
  0.6,
];

/** Schema of a pump station's `params`. */
export const stationParams = z.strictObject({
  /** Suction reservoir hydraulic grade, m. */
  sump: z.strictObject({ head_m: z.number().default(10) }).prefault({}),
  /** Discharge header (and pump) elevation, m. */
  header: z.strictObject({ elevation_m: z.number().default(10) }).prefault({}),
  /** Pumps in parallel; default: two identical lead/lag pumps. */
  pumps: z.array(stationPump).min(1).prefault([
    { suffix: "p1", initial_status: "running", control: { start_below_m: 3, stop_above_m: 5.5 } },
    { suffix: "p2", control: { start_below_m: 2, stop_above_m: 4.5 } },
  ]),
  /** Header to tank. */
  main: pipeParams.prefault({ length_m: 2000, diameter_mm: 300 }),
  /** Storage tank (cylindrical). */
  tank: z.strictObject({
    elevation_m: z.number().default(50),
    diameter_m: z.number().positive().default(15),
    min_level_m: z.number().min(0).default(0.5),
    max_level_m: z.number().positive().default(6),
    initial_level_m: z.number().min(0).default(4),
  }).prefault({}),
  /** Tank to demand node. */
  outlet: pipeParams.prefault({ length_m: 1000, diameter_mm: 250 }),
  /** Demand node. */
  demand: z.strictObject({
    elevation_m: z.number().default(20),
    base_lps: z.number().min(0).default(60),
    pattern: z.array(z.number().min(0)).min(1).default(() => [...DEFAULT_PATTERN]),
    pattern_step_s: z.number().positive().default(3600),
  }).prefault({}),
  /** Control mode at the start of a run. */
  mode: z.enum(["auto", "manual", "off"]).default("auto"),
  /**
   * Whose rules the hydraulics follow where EPANET and a plant part ways:
   * `epanet` (no ramps, no cavitation head loss, a full tank closes its
   * inlet) for stations compared with or taken from .inp; `field` (ramps,
   * cavitation, an altitude valve throttling a full tank) otherwise.
   */
  model: z.enum(["epanet", "field"]).default("field"),
  /** Energy price per kWh. */
  energy_price: z.number().min(0).default(0),
  /** Specific gravity of the liquid. */
  specific_gravity: z.number().positive().default(1),
}).superRefine((s, ctx) => {
  const t = s.tank;
  if (!(t.min_level_m < t.max_level_m)) {
    ctx.addIssue({
      code: "custom",
      path: ["tank", "max_level_m"],
      message: "must exceed min_level_m",
    });
  }
  if (t.initial_level_m < t.min_level_m || t.initial_level_m > t.max_level_m) {
    ctx.addIssue({
      code: "custom",
      path: ["tank", "initial_level_m"],
      message: "must lie between min_level_m and max_level_m",
    });
  }
  const seen = new Set<string>();
  s.pumps.forEach((p, i) => {
    if (seen.has(p.suffix)) {
      ctx.addIssue({ code: "custom", path: ["pumps", i, "suffix"], message: "duplicate suffix" });
    }
    seen.add(p.suffix);
    const c = p.control;
    if (c && (c.start_below_m < t.min_level_m || c.stop_above_m > t.max_level_m)) {
      ctx.addIssue({
        code: "custom",
        path: ["pumps", i, "control"],
        message: `control levels must lie within the tank's ${t.min_level_m}..${t.max_level_m} m`,
      });
    }
  });
});

/** Validated pump-station parameters. */
export type StationParams = z.infer<typeof stationParams>;

// Compile-time proof that validated params are what the simulator takes.
const _fits: (p: StationParams) => StationConfig = (p) => p;
void _fits;
