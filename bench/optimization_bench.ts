/**
 * Pump-station optimization benchmark: the demo plant's 4-pump station (one
 * VFD pump) under EPANET's rules and the default time-of-use tariff, a 24 h
 * hourly schedule found by each solver (DE, PSO, GA; 40 x 150) and by
 * NSGA-II, timed beside a baseline measured in the same run: the time of
 * the same number of 24 h simulator runs at the search's step on the
 * schedule the solver found, so the ratio shows the solver's own overhead. Beside the times, each solver's saving
 * against the lead/lag baseline, the EPANET cost check, and the Pareto
 * front's size.
 *
 * Run alone: `deno run --allow-read --allow-env bench/optimization_bench.ts`
 *
 * @module
 */
import { type BenchResult, benchResult } from "./bench_result.ts";
import { Workspace } from "epanet-js";
import { stationParams } from "../twins/pump_station/params.ts";
import {
  compareWithEpanet,
  optimizeStation,
  type SolverName,
} from "../optimization/optimize_station.ts";
import { runSchedule } from "../optimization/schedule_run.ts";
import { SEARCH_STEP_S } from "../optimization/station_problem.ts";
import { DEFAULT_TARIFF } from "../optimization/tariff.ts";

const PLANT = new URL("../plants/demo.json", import.meta.url);
const SIZE = { populationSize: 40, generations: 150 };

/** Mean ms of `runs` simulator days at the search step on `schedule`. */
function simulationMs(
  config: Parameters<typeof runSchedule>[0],
  schedule: Parameters<typeof runSchedule>[1],
  runs: number,
): number {
  for (let i = 0; i < 20; i++) {
    runSchedule(config, schedule, DEFAULT_TARIFF, { stepS: SEARCH_STEP_S });
  }
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) {
    runSchedule(config, schedule, DEFAULT_TARIFF, { stepS: SEARCH_STEP_S });
  }
  return (performance.now() - t0) / runs;
}

/** Time each solver on the 4-pump station beside simulator time for the same runs. */
export async function runOptimizationBench(): Promise<BenchResult[]> {
  const plant = JSON.parse(await Deno.readTextFile(PLANT));
  const twin = plant.twins.find((t: { kind: string }) => t.kind === "pump_station");
  const config = stationParams.parse({ ...twin.params, model: "epanet" });
  const ws = new Workspace();
  await ws.loadModule();
  const out: BenchResult[] = [];
  for (const solver of ["de", "pso", "ga"] as SolverName[]) {
    const r = optimizeStation(config, DEFAULT_TARIFF, { solver, seed: 1, ...SIZE });
    const perRun = simulationMs(config, r.best.schedule, 200);
    const e = compareWithEpanet(ws, config, r.best, DEFAULT_TARIFF);
    out.push(
      benchResult(
        `optimize_4pumps_24h_${solver}_ms`,
        r.elapsedMs,
        "ms",
        perRun * r.evaluations,
        `baseline: ${r.evaluations} simulator days at ${SEARCH_STEP_S} s steps ` +
          `(${perRun.toFixed(2)} ms each) timed alone in this run`,
      ),
      benchResult(
        `optimize_4pumps_24h_${solver}_saving_pct`,
        r.savingRefilledPct,
        "%",
        null,
        `cost ${r.best.run.cost.toFixed(2)} vs lead/lag ${r.baseline.cost.toFixed(2)} ` +
          `(${r.baselineRefilledCost.toFixed(2)} with its end-level deficit refilled off-peak; ` +
          `raw saving ${r.savingPct.toFixed(1)} %); ${r.best.run.starts} starts vs ` +
          `${r.baseline.starts}; feasible at 60 s: ${r.best.feasible}; EPANET cost ` +
          `${e.epanetCost.toFixed(2)} (${e.costDiffPct.toFixed(2)} % apart, levels within ` +
          `${e.maxLevelDiffM.toFixed(3)} m)`,
      ),
    );
  }
  const t0 = performance.now();
  const p = optimizeStation(config, DEFAULT_TARIFF, {
    solver: "de",
    seed: 1,
    pareto: true,
    ...SIZE,
  });
  const ms = performance.now() - t0;
  const front = p.front ?? [];
  out.push(
    benchResult(
      "optimize_4pumps_24h_pareto_front",
      front.length,
      "schedules",
      null,
      `NSGA-II + DE in ${(ms / 1000).toFixed(1)} s; cost vs starts: ` +
        front.map((f) => `${f.run.cost.toFixed(1)}/${f.run.starts}`).join(" ") +
        `; all feasible at 60 s: ${front.every((f) => f.feasible)}`,
    ),
  );
  return out;
}

if (import.meta.main) {
  for (const r of await runOptimizationBench()) console.log(JSON.stringify(r));
}
