/**
 * Cooling setpoint optimisation benchmark: the default 200-rig site at
 * ambients from 0 to 35 degC (full rig heat), setpoints proposed by each
 * solver (population 20 x 60 generations), timed beside a baseline measured
 * in the same run: the same number of steady-state model evaluations timed
 * alone, so the ratio shows the solver's own overhead. Then the simulator
 * check of a proposal beside the search that made it, and the day energy
 * saving against the site's default control at daily means 0, 10, 20 and
 * 30 degC (hourly ambient, seeded heat loads).
 *
 * Run alone: `deno run --allow-read bench/cooling_optimization_bench.ts`
 *
 * @module
 */
import { type BenchResult, benchResult } from "./bench_result.ts";
import { COOLING_SITE_DEFAULTS } from "../simulators/cooling/site_config.ts";
import { coolingDays } from "../optimization/cooling/cooling_day.ts";
import {
  type CoolingSolverName,
  optimizeCooling,
} from "../optimization/cooling/optimize_cooling.ts";
import { defaultSetpoints, SiteModel } from "../optimization/cooling/steady_state.ts";
import { simulateSetpoints } from "../optimization/cooling/verify_setpoints.ts";

const CONFIG = COOLING_SITE_DEFAULTS;
const HEAT_KW = CONFIG.rigs * CONFIG.rig_power_kw * CONFIG.coolant_heat_fraction;
const AMBIENTS = [0, 5, 10, 15, 20, 25, 30, 35];
const REPEATS = 5;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const range = (xs: number[]) => `${Math.min(...xs).toFixed(2)}-${Math.max(...xs).toFixed(2)}`;

/** Mean ms of one auto-mode model evaluation over `n` spread setpoints. */
function modelMs(ambientC: number, n: number): number {
  const m = new SiteModel(CONFIG, { ambientC, heatKw: HEAT_KW });
  const t0 = performance.now();
  let sink = 0;
  for (let i = 0; i < n; i++) {
    const u = (i * 0.618034) % 1;
    sink += m.steady({ mode: "auto", supplyC: 20 + 35 * u, fanPct: 60, pumpPct: 30 + 70 * (1 - u) })
      .powerKw;
  }
  if (!Number.isFinite(sink)) throw new Error("model gave a non-finite power");
  return (performance.now() - t0) / n;
}

/** Time each solver's search and the simulator check, and the day savings. */
export function runCoolingOptimizationBench(): BenchResult[] {
  const current = defaultSetpoints(CONFIG);
  const out: BenchResult[] = [];
  // Warm the JIT on every path first.
  for (const solver of ["de", "pso", "ga"] as CoolingSolverName[]) {
    optimizeCooling(CONFIG, { ambientC: 20, heatKw: HEAT_KW }, current, { solver });
  }
  for (const solver of ["de", "pso", "ga"] as CoolingSolverName[]) {
    const searchMs: number[] = [], baseMs: number[] = [];
    let evaluations = 0;
    for (let rep = 0; rep < REPEATS; rep++) {
      let search = 0, base = 0;
      for (const ambientC of AMBIENTS) {
        const r = optimizeCooling(CONFIG, { ambientC, heatKw: HEAT_KW }, current, {
          solver,
          skipVerify: true,
        });
        search += r.elapsedMs;
        base += modelMs(ambientC, r.evaluations) * r.evaluations;
        evaluations = r.evaluations;
      }
      searchMs.push(search / AMBIENTS.length);
      baseMs.push(base / AMBIENTS.length);
    }
    out.push(benchResult(
      `cooling_setpoints_search_${solver}_ms`,
      median(searchMs),
      "ms",
      median(baseMs),
      `median of ${REPEATS} runs (range ${range(searchMs)} ms), each the mean over ambients ` +
        `${AMBIENTS[0]}-${AMBIENTS.at(-1)} degC; baseline: ${evaluations} model evaluations ` +
        `timed alone (range ${range(baseMs)} ms)`,
    ));
  }
  const checkMs: number[] = [], searchMs: number[] = [];
  for (let rep = 0; rep < REPEATS; rep++) {
    let check = 0, search = 0;
    for (const ambientC of AMBIENTS) {
      const state = { ambientC, heatKw: HEAT_KW };
      const r = optimizeCooling(CONFIG, state, current, { skipVerify: true });
      search += r.elapsedMs;
      const t0 = performance.now();
      simulateSetpoints(CONFIG, state, current, r.proposed);
      check += performance.now() - t0;
    }
    checkMs.push(check / AMBIENTS.length);
    searchMs.push(search / AMBIENTS.length);
  }
  out.push(benchResult(
    "cooling_setpoints_simulator_check_ms",
    median(checkMs),
    "ms",
    median(searchMs),
    `one simulator run at 1 s steps from the default setpoints to the proposal until settled ` +
      `(range ${range(checkMs)} ms); baseline: the DE search that made the proposal`,
  ));
  for (const d of coolingDays(CONFIG, [0, 10, 20, 30], 1)) {
    out.push(benchResult(
      `cooling_day_mean_${d.input.meanC}c_kwh`,
      d.proposedKwh,
      "kWh",
      d.baselineKwh,
      `fans + pumps over a day (ambient ${d.input.meanC}+-${d.input.amplitudeC} degC, ` +
        `${d.input.heatKw.toFixed(0)} kW of rig heat), setpoints proposed each hour, against ` +
        `the default control (auto, supply 40 degC, pump 80 %): saving ${
          d.savingPct.toFixed(1)
        } %; proposals kept the limit in the simulator in ${d.feasibleHours}/24 hours`,
    ));
  }
  return out;
}

if (import.meta.main) {
  for (const r of runCoolingOptimizationBench()) console.log(JSON.stringify(r));
}
