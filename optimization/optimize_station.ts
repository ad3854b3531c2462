/**
 * Optimise a pump station's day: pick a solver, search the hourly schedule
 * space through our station simulator, polish the best, and confirm every
 * proposed schedule by a second run of the simulator at 60 s steps, beside
 * the baseline rule (the station's own lead/lag level controls at fixed
 * speed). In Pareto mode NSGA-II trades cost against pump starts.
 *
 * @module
 */
import type { Workspace } from "epanet-js";
import type { StationConfig } from "../simulators/pump/station_config.ts";
import { differentialEvolution } from "./differential_evolution.ts";
import { geneticAlgorithm } from "./genetic_algorithm.ts";
import { nsga2 } from "./nsga2.ts";
import { particleSwarm } from "./particle_swarm.ts";
import { polish } from "./polish.ts";
import type { Problem, SolverOptions, SolverResult } from "./problem.ts";
import { runScheduleInEpanet } from "./schedule_epanet.ts";
import {
  HOURS,
  runSchedule,
  type Schedule,
  type ScheduleLimits,
  type ScheduleRun,
} from "./schedule_run.ts";
import { stationProblem } from "./station_problem.ts";
import type { Tariff } from "./tariff.ts";

/** The single-objective solvers. */
export const SOLVERS = {
  de: differentialEvolution,
  pso: particleSwarm,
  // Schedule variables are on/off at 0.5: one gene flip per child keeps the GA exploring.
  ga: (p: Problem, o: SolverOptions) => geneticAlgorithm(p, { ...o, flipRate: 1 }),
} as const satisfies Record<string, (p: Problem, o: SolverOptions) => SolverResult>;

/** A solver's name. */
export type SolverName = keyof typeof SOLVERS;

/** Step of the confirming simulator run, s. */
export const VERIFY_STEP_S = 60;

/** Options of {@linkcode optimizeStation}. */
export interface OptimizeOptions {
  /** Solver (default de). */
  solver?: SolverName;
  /** Seed (default 1). */
  seed?: number;
  /** Population size (default 40). */
  populationSize?: number;
  /** Generations (default 150). */
  generations?: number;
  /** Also give the cost-vs-starts Pareto front (NSGA-II). */
  pareto?: boolean;
  /** Limits beyond the tank's. */
  limits?: ScheduleLimits;
  /** Lowest VFD speed ratio. */
  minSpeed?: number;
}

/** A proposed schedule, confirmed by the simulator. */
export interface ProposedSchedule {
  /** Speed ratio per hour and pump (0 off). */
  schedule: Schedule;
  /** The confirming run at 60 s steps. */
  run: ScheduleRun;
  /** Whether the confirming run keeps every limit. */
  feasible: boolean;
}

/** What an optimisation gives. */
export interface OptimizeReport {
  /** Solver used for the single-objective answer. */
  solver: SolverName;
  /** Seed. */
  seed: number;
  /** Pump suffixes, in schedule column order. */
  pumps: string[];
  /** The baseline rule's day at 60 s steps. */
  baseline: ScheduleRun;
  /** The cheapest feasible schedule found. */
  best: ProposedSchedule;
  /** Saving against the baseline, % of its cost. */
  savingPct: number;
  /**
   * The baseline's cost with the tank volume it ends short of its start refilled at the
   * cheapest price and the baseline's own kWh per m3 (the baseline may end low; a schedule
   * may not).
   */
  baselineRefilledCost: number;
  /** Saving against {@linkcode OptimizeReport.baselineRefilledCost}, %. */
  savingRefilledPct: number;
  /** Cost-vs-starts Pareto front, by cost (Pareto mode only). */
  front?: ProposedSchedule[];
  /** Simulator runs spent searching. */
  evaluations: number;
  /** Wall time of the search, ms. */
  elapsedMs: number;
}

/** Run a schedule at 60 s steps and judge it. */
export function confirm(
  config: StationConfig,
  schedule: Schedule,
  tariff: Tariff,
  limits?: ScheduleLimits,
): ProposedSchedule {
  const run = runSchedule(config, schedule, tariff, { stepS: VERIFY_STEP_S, limits });
  return { schedule, run, feasible: run.violation === 0 };
}

/**
 * Make a schedule the confirming run rejects feasible, if a few pump-hours
 * can: switch on one pump-hour at a time, cheapest hours first, keeping each
 * that lowers the violation, until none is left. The search's coarser steps
 * can leave a day a few centimetres short of a limit; this closes the gap.
 */
export function repair(
  config: StationConfig,
  schedule: Schedule,
  tariff: Tariff,
  limits?: ScheduleLimits,
): { proposed: ProposedSchedule; evaluations: number } {
  let best = confirm(config, schedule, tariff, limits);
  let evaluations = 1;
  if (best.feasible) return { proposed: best, evaluations };
  const hours = Array.from({ length: HOURS }, (_, h) => h).sort((a, b) =>
    tariff[a] - tariff[b] || b - a
  );
  for (const h of hours) {
    for (let i = 0; i < config.pumps.length && !best.feasible; i++) {
      if (best.schedule[h][i] > 0) continue;
      const next = best.schedule.map((r) => [...r]);
      next[h][i] = config.pumps[i].vfd ? 1 : config.pumps[i].speed_pct / 100;
      const c = confirm(config, next, tariff, limits);
      evaluations++;
      if (c.run.violation < best.run.violation) best = c;
    }
    if (best.feasible) break;
  }
  return { proposed: best, evaluations };
}

/** Optimise `config`'s day under `tariff`. */
export function optimizeStation(
  config: StationConfig,
  tariff: Tariff,
  opts: OptimizeOptions = {},
): OptimizeReport {
  const solver = opts.solver ?? "de";
  if (!(solver in SOLVERS)) {
    throw new Error(
      `unknown solver "${solver}"; expected one of ${Object.keys(SOLVERS).join(", ")}`,
    );
  }
  const seed = opts.seed ?? 1;
  const t0 = performance.now();
  const problem = stationProblem(config, tariff, { limits: opts.limits, minSpeed: opts.minSpeed });
  const so: SolverOptions = {
    seed,
    populationSize: opts.populationSize ?? 40,
    generations: opts.generations ?? 150,
  };
  const found = SOLVERS[solver](problem, so);
  const n = config.pumps.length;
  // Dearest hours first: a pump-hour there saves the most if the tank can spare it.
  const hours = Array.from({ length: HOURS }, (_, h) => h).sort((a, b) =>
    tariff[b] - tariff[a] || a - b
  );
  const order = hours.flatMap((h) => Array.from({ length: n }, (_, i) => h * n + i));
  const polished = polish(problem, found.x, order, (j) => config.pumps[j % n].vfd);
  let evaluations = found.evaluations + polished.evaluations;
  const front: ProposedSchedule[] = [];
  if (opts.pareto) {
    // The single-objective answer anchors the cheap end of the front.
    const pr = nsga2({ ...problem, seeds: [...problem.seeds ?? [], polished.x] }, so);
    evaluations += pr.evaluations;
    for (const pt of pr.front) {
      front.push(confirm(config, problem.decode(pt.x), tariff, opts.limits));
    }
  }
  const elapsedMs = performance.now() - t0;
  const baseline = runSchedule(config, undefined, tariff, {
    stepS: VERIFY_STEP_S,
    limits: opts.limits,
  });
  const repaired = repair(config, problem.decode(polished.x), tariff, opts.limits);
  let best = repaired.proposed;
  evaluations += repaired.evaluations;
  // NSGA-II, seeded with that answer, can find a cheaper day still: then it is the answer.
  const cheaper = front.find((p) => p.feasible && p.run.cost < best.run.cost);
  if (cheaper) best = cheaper;
  const area = Math.PI * config.tank.diameter_m ** 2 / 4;
  const deficitM3 = Math.max(0, baseline.levels[0] - baseline.levels[HOURS]) * area;
  const kwhPerM3 = baseline.pumpedM3 > 0 ? baseline.energyKWh / baseline.pumpedM3 : 0;
  const baselineRefilledCost = baseline.cost + deficitM3 * kwhPerM3 * Math.min(...tariff);
  const saving = (ref: number) => ref > 0 ? 100 * (ref - best.run.cost) / ref : 0;
  return {
    solver,
    seed,
    pumps: config.pumps.map((p) => p.suffix),
    baseline,
    best,
    savingPct: saving(baseline.cost),
    baselineRefilledCost,
    savingRefilledPct: saving(baselineRefilledCost),
    ...(opts.pareto ? { front } : {}),
    evaluations,
    elapsedMs,
  };
}

/** Our simulator's cost and levels beside EPANET's on the same schedule. */
export interface EpanetComparison {
  /** EPANET's cost. */
  epanetCost: number;
  /** Our cost. */
  ourCost: number;
  /** |difference| as % of EPANET's cost. */
  costDiffPct: number;
  /** Largest hourly tank-level difference, m. */
  maxLevelDiffM: number;
  /** EPANET's lowest tank level, m. */
  epanetMinLevel: number;
}

/** Run `proposed` in EPANET and compare it with our confirming run. */
export function compareWithEpanet(
  ws: Workspace,
  config: StationConfig,
  proposed: ProposedSchedule,
  tariff: Tariff,
): EpanetComparison {
  const e = runScheduleInEpanet(ws, config, proposed.schedule, tariff);
  let maxLevelDiffM = 0;
  for (let h = 0; h < Math.min(e.levels.length, proposed.run.levels.length); h++) {
    maxLevelDiffM = Math.max(maxLevelDiffM, Math.abs(e.levels[h] - proposed.run.levels[h]));
  }
  return {
    epanetCost: e.cost,
    ourCost: proposed.run.cost,
    costDiffPct: e.cost > 0 ? 100 * Math.abs(e.cost - proposed.run.cost) / e.cost : 0,
    maxLevelDiffM,
    epanetMinLevel: e.minLevel,
  };
}
