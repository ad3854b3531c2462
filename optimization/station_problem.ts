/**
 * A pump station's day as an optimisation problem on [0, 1]^(24 x pumps):
 * variable (hour, pump) below 0.5 is off; at or above 0.5 a fixed-speed pump
 * runs at its own speed and a VFD pump at a speed from `minSpeed` (0.5) up
 * to 1 along the upper half. Objectives: energy cost under the tariff and
 * pump starts; the violation is how far the day breaks the limits.
 *
 * @module
 */
import type { StationConfig } from "../simulators/pump/station_config.ts";
import type { Problem } from "./problem.ts";
import {
  HOURS,
  runSchedule,
  type Schedule,
  type ScheduleLimits,
  type ScheduleRun,
} from "./schedule_run.ts";
import type { Tariff } from "./tariff.ts";
import { trackingSeeds } from "./tracking_schedule.ts";

/** Lowest VFD speed ratio a schedule uses. */
export const DEFAULT_MIN_SPEED = 0.6;

/**
 * Simulation step of the search, s. The simulator holds flows over a step
 * (EPANET's scheme), so a coarser step drifts from the minute-by-minute
 * confirming run: on seeded random stations the hourly level was up to
 * 0.49 m off at 3600 s, 0.11 m at 900 s and 0.07 m at 600 s (cost 0.6, 0.16
 * and 0.10 %), while 600 s costs about 0.6 ms a day.
 */
export const SEARCH_STEP_S = 600;

/** Margin the search keeps inside the level limits for that drift, m. */
export const SEARCH_MARGIN_M = 0.03;

/** Options of {@linkcode stationProblem}. */
export interface StationProblemOptions {
  /** Limits beyond the tank's. */
  limits?: ScheduleLimits;
  /** Lowest VFD speed ratio (default 0.6). */
  minSpeed?: number;
}

/** A station problem with its decoder. */
export interface StationProblem extends Problem {
  /** Schedule of a candidate. */
  decode(x: Float64Array): Schedule;
  /** The full run of a candidate. */
  run(x: Float64Array): ScheduleRun;
}

/** Schedule of candidate `x` for `config`. */
export function decodeSchedule(
  config: StationConfig,
  x: Float64Array,
  minSpeed = DEFAULT_MIN_SPEED,
): Schedule {
  const n = config.pumps.length;
  const out: Schedule = [];
  for (let h = 0; h < HOURS; h++) {
    const row: number[] = [];
    for (let i = 0; i < n; i++) {
      const v = x[h * n + i];
      const p = config.pumps[i];
      if (v < 0.5) row.push(0);
      else if (!p.vfd) row.push(p.speed_pct / 100);
      else row.push(Math.round(1000 * (minSpeed + (1 - minSpeed) * (v - 0.5) / 0.5)) / 1000);
    }
    out.push(row);
  }
  return out;
}

/** A candidate giving `schedule` (the inverse of {@linkcode decodeSchedule}). */
export function encodeSchedule(
  config: StationConfig,
  schedule: Schedule,
  minSpeed = DEFAULT_MIN_SPEED,
): Float64Array {
  const n = config.pumps.length;
  const x = new Float64Array(HOURS * n);
  for (let h = 0; h < HOURS; h++) {
    for (let i = 0; i < n; i++) {
      const s = schedule[h][i];
      const p = config.pumps[i];
      x[h * n + i] = s <= 0
        ? 0.25
        : !p.vfd
        ? 0.75
        : 0.5 + 0.5 * Math.max(0, (s - minSpeed) / (1 - minSpeed));
    }
  }
  return x;
}

/**
 * The hourly schedule closest to the station's own rule: each pump on in an
 * hour if the level controls ran it for at least half of that hour.
 */
export function baselineSchedule(config: StationConfig, tariff: Tariff): Schedule {
  const run = runSchedule(config, undefined, tariff, { stepS: 60 });
  return run.onFraction.map((row) =>
    row.map((f, i) => f >= 0.5 ? config.pumps[i].speed_pct / 100 : 0)
  );
}

/**
 * The station's day as a problem; the baseline rule and two level-tracking
 * schedules seed the population.
 */
export function stationProblem(
  config: StationConfig,
  tariff: Tariff,
  opts: StationProblemOptions = {},
): StationProblem {
  const minSpeed = opts.minSpeed ?? DEFAULT_MIN_SPEED;
  const decode = (x: Float64Array) => decodeSchedule(config, x, minSpeed);
  const lim = opts.limits ?? {};
  const searchLimits: ScheduleLimits = {
    ...lim,
    minLevelM: (lim.minLevelM ?? config.tank.min_level_m) + SEARCH_MARGIN_M,
    maxLevelM: (lim.maxLevelM ?? config.tank.max_level_m) - SEARCH_MARGIN_M,
    endMarginM: (lim.endMarginM ?? 0) + SEARCH_MARGIN_M,
  };
  const run = (x: Float64Array) =>
    runSchedule(config, decode(x), tariff, { limits: searchLimits, stepS: SEARCH_STEP_S });
  const seeds = [
    baselineSchedule(config, tariff),
    ...trackingSeeds(config, tariff, 2 * SEARCH_MARGIN_M),
  ].map((s) => encodeSchedule(config, s, minSpeed));
  return {
    dim: HOURS * config.pumps.length,
    decode,
    run,
    seeds,
    evaluate(x) {
      const r = run(x);
      return { objectives: [r.cost, r.starts], violation: r.violation };
    },
  };
}
