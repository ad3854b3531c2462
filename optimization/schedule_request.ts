/**
 * What a client asks of a schedule optimisation (the body of
 * `POST /api/twins/{station}/schedules`), validated by zod, and the compact
 * result a job reports.
 *
 * @module
 */
import { z } from "zod";
import type { EpanetComparison, OptimizeReport } from "./optimize_station.ts";
import { clockOrder } from "./rolling_day.ts";

/** Schema of a schedule request. */
export const scheduleRequest = z.strictObject({
  /** Single-objective solver. */
  solver: z.enum(["de", "pso", "ga"]).default("de"),
  /** Solver seed. */
  seed: z.number().int().min(0).default(1),
  /** Population size. */
  population: z.number().int().min(4).max(200).default(40),
  /** Generations. */
  generations: z.number().int().min(1).max(1000).default(150),
  /** Also the cost-vs-starts Pareto front. */
  pareto: z.boolean().default(false),
  /** 24 hourly prices per kWh; default the built-in time-of-use tariff. */
  tariff: z.array(z.number().min(0)).length(24).optional(),
  /** Check the answer in EPANET too. */
  epanet: z.boolean().default(true),
  /** Lowest pressure at the demand node at any time, kPa. */
  min_delivery_kpa: z.number().min(0).optional(),
  /** Largest pumped inflow at any time, m3/h. */
  max_inflow_m3h: z.number().min(0).optional(),
  /** Start from the station's live tank level rather than its configured initial level. */
  from_live_level: z.boolean().default(true),
  /**
   * Hour of the day (0..23) the planned 24 h start at: a rolling horizon.
   * `schedule` comes back in clock hours (row h runs at hour h, as
   * `apply_schedule` runs it); `levels` run from this hour on.
   */
  start_hour: z.number().int().min(0).max(23).default(0),
});

/** A validated schedule request. */
export type ScheduleRequest = z.infer<typeof scheduleRequest>;

/** The result a schedule job reports. */
export interface ScheduleResult {
  /** Pump suffixes, in schedule column order. */
  pumps: string[];
  /** Hour of the day the planned 24 h start at (the request's `start_hour`). */
  start_hour: number;
  /** Speed ratio per hour and pump (0 off): the `schedule` arg of `apply_schedule`. */
  schedule: number[][];
  /** Cost of the day. */
  cost: number;
  /** Energy, kWh. */
  energy_kwh: number;
  /** Pump starts. */
  starts: number;
  /** Tank level at 0..24 h from `start_hour`, m. */
  levels: number[];
  /** Whether the simulator's 60 s run keeps every limit. */
  feasible: boolean;
  /** Limits broken, if any. */
  broken: string[];
  /** The lead/lag rule's day. */
  baseline: { cost: number; energy_kwh: number; starts: number; end_level_m: number };
  /** Saving against the baseline, %. */
  saving_pct: number;
  /** Saving against the baseline with its end-level deficit refilled off-peak, %. */
  saving_refilled_pct: number;
  /** Cost-vs-starts Pareto front (Pareto mode). */
  front?: { cost: number; starts: number; feasible: boolean; schedule: number[][] }[];
  /** EPANET on the same schedule. */
  epanet?: EpanetComparison;
  /** Simulator runs spent searching. */
  evaluations: number;
  /** Search time, ms. */
  elapsed_ms: number;
}

/**
 * The compact result of a report planned from `startHour` (see
 * `rolling_day.ts`), its schedules put back in clock hours.
 */
export function scheduleResult(
  r: OptimizeReport,
  epanet?: EpanetComparison,
  startHour = 0,
): ScheduleResult {
  const b = r.baseline;
  return {
    pumps: r.pumps,
    start_hour: startHour,
    schedule: clockOrder(r.best.schedule, startHour),
    cost: r.best.run.cost,
    energy_kwh: r.best.run.energyKWh,
    starts: r.best.run.starts,
    levels: r.best.run.levels,
    feasible: r.best.feasible,
    broken: r.best.run.broken,
    baseline: {
      cost: b.cost,
      energy_kwh: b.energyKWh,
      starts: b.starts,
      end_level_m: b.levels[b.levels.length - 1],
    },
    saving_pct: r.savingPct,
    saving_refilled_pct: r.savingRefilledPct,
    ...(r.front
      ? {
        front: r.front.map((p) => ({
          cost: p.run.cost,
          starts: p.run.starts,
          feasible: p.feasible,
          schedule: clockOrder(p.schedule, startHour),
        })),
      }
      : {}),
    ...(epanet ? { epanet } : {}),
    evaluations: r.evaluations,
    elapsed_ms: r.elapsedMs,
  };
}
