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

/** Lowest VFD speed ratio a schedule uses. */
export const DEFAULT_MIN_SPEED = 0.6;

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

/** The station's day as a problem; candidates from the baseline rule seed the population. */
export function stationProblem(
  config: StationConfig,
  tariff: Tariff,
  opts: StationProblemOptions = {},
): StationProblem {
  const minSpeed = opts.minSpeed ?? DEFAULT_MIN_SPEED;
  const decode = (x: Float64Array) => decodeSchedule(config, x, minSpeed);
  const run = (x: Float64Array) => runSchedule(config, decode(x), tariff, { limits: opts.limits });
  const n = config.pumps.length;
  const base = encodeSchedule(config, baselineSchedule(config, tariff), minSpeed);
  // Every pump on all day: costly, but the tank ends full, a second feasible start.
  const allOn = new Float64Array(HOURS * n).fill(0.99);
  return {
    dim: HOURS * n,
    decode,
    run,
    seeds: [base, allOn],
    evaluate(x) {
      const r = run(x);
      return { objectives: [r.cost, r.starts], violation: r.violation };
    },
  };
}
