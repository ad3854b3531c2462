/**
 * Feasible starting schedules for the solvers: hour by hour, run as many
 * pumps (the first k, at full or own speed) as bring the tank's level at the
 * hour's end closest to a target level, never letting it fill or run dry.
 * Two targets are used: hold the starting level all day, and a tariff-aware
 * one (fill near the top in the cheapest hours, draw down in the dearest,
 * end a little above the start). Random candidates mostly fill or empty the
 * tank; these give the search feasible days to improve from.
 *
 * @module
 */
import type { StationConfig } from "../simulators/pump/station_config.ts";
import { HOURS, runSchedule, type Schedule } from "./schedule_run.ts";
import { SEARCH_STEP_S } from "./station_problem.ts";
import type { Tariff } from "./tariff.ts";

/** The hour row running the first `k` pumps. */
function row(config: StationConfig, k: number): number[] {
  return config.pumps.map((p, i) => i < k ? (p.vfd ? 1 : p.speed_pct / 100) : 0);
}

/**
 * Greedy schedule tracking `targets` (level at the end of each hour, m),
 * keeping the level within [lo, hi] at each hour's end where it can.
 */
export function trackingSchedule(
  config: StationConfig,
  tariff: Tariff,
  targets: readonly number[],
  lo: number,
  hi: number,
): Schedule {
  const n = config.pumps.length;
  const schedule: Schedule = Array.from({ length: HOURS }, () => row(config, 0));
  for (let h = 0; h < HOURS; h++) {
    let bestK = 0, bestScore = Infinity;
    for (let k = 0; k <= n; k++) {
      schedule[h] = row(config, k);
      // The hours after h are off: only the level at h's end is read.
      const r = runSchedule(config, schedule, tariff, {
        limits: { allowFull: true },
        stepS: SEARCH_STEP_S,
      });
      const level = r.levels[h + 1];
      const out = r.fullSeconds > 0 || level < lo
        ? 1e6 + Math.abs(level - lo)
        : level > hi
        ? 1e3
        : 0;
      // The last hour must not end below its target (the end-level limit): any shortfall
      // there outweighs a surplus.
      const short = h === HOURS - 1 && level < targets[h] ? 1e3 : 0;
      const score = out + short + Math.abs(level - targets[h]);
      if (score < bestScore) [bestK, bestScore] = [k, score];
    }
    schedule[h] = row(config, bestK);
  }
  return schedule;
}

/** Hold the starting level, and follow the tariff: the two tracking seeds. */
export function trackingSeeds(config: StationConfig, tariff: Tariff, margin: number): Schedule[] {
  const t = config.tank;
  const lo = t.min_level_m + margin, hi = t.max_level_m - margin;
  const start = t.initial_level_m;
  const end = Math.min(hi, start + 2 * margin);
  const cheap = Math.min(...tariff), dear = Math.max(...tariff);
  const hold = Array.from({ length: HOURS }, (_, h) => h === HOURS - 1 ? end : start);
  const priced = tariff.map((p, h) =>
    h === HOURS - 1
      ? end
      : p <= cheap
      ? hi - 0.5 * margin
      : p >= dear
      ? lo + 0.25 * (hi - lo)
      : Math.max(start, lo + 0.6 * (hi - lo))
  );
  return [
    trackingSchedule(config, tariff, hold, lo, hi),
    trackingSchedule(config, tariff, priced, lo, hi),
  ];
}
