/**
 * Cooling-site setpoints that draw the least fan and pump power while the
 * rig outlet stays a margin below the rigs' throttle temperature: a search
 * by one of the shared solvers over the steady-state model, then a check in
 * the real simulator (from the present setpoints to the proposed, on
 * virtual time until settled). When the simulator finds the outlet over the
 * limit, the search runs again with a wider margin.
 *
 * @module
 */
import type { CoolingSiteConfig } from "../../simulators/cooling/site_config.ts";
import { differentialEvolution } from "../differential_evolution.ts";
import { geneticAlgorithm } from "../genetic_algorithm.ts";
import { particleSwarm } from "../particle_swarm.ts";
import type { Problem, SolverOptions, SolverResult } from "../problem.ts";
import {
  type CoolingSetpoints,
  SiteModel,
  type SiteState,
  type SteadyState,
} from "./steady_state.ts";
import { type SimulatedOutcome, simulateSetpoints } from "./verify_setpoints.ts";

/** The shared single-objective solvers, by name. */
export const COOLING_SOLVERS = {
  de: differentialEvolution,
  pso: particleSwarm,
  ga: geneticAlgorithm,
} as const satisfies Record<string, (p: Problem, o: SolverOptions) => SolverResult>;

/** One of {@linkcode COOLING_SOLVERS}. */
export type CoolingSolverName = keyof typeof COOLING_SOLVERS;

/** Default margin below the throttle temperature, K. */
export const DEFAULT_MARGIN_K = 2;
/** Default lowest pump speed proposed, %: below it a real loop's flow gets uneven across rigs. */
export const DEFAULT_PUMP_MIN_PCT = 30;
/** Lowest supply setpoint proposed, degC (the command's own lower bound). */
export const SUPPLY_MIN_C = 20;
/** Margin added each time the simulator rejects a proposal, K. */
const MARGIN_STEP_K = 1;
/** Searches before giving up on a proposal the simulator accepts. */
const TRIES = 3;

/** Options of {@linkcode optimizeCooling}. */
export interface OptimizeCoolingOptions {
  /** Solver (default de). */
  solver?: CoolingSolverName;
  /** Solver seed (default 1). */
  seed?: number;
  /** Population (default 20). */
  populationSize?: number;
  /** Generations (default 60). */
  generations?: number;
  /** Margin below the throttle temperature the model must keep, K (default 2). */
  marginK?: number;
  /** Control mode to propose in (default: the current one). */
  mode?: "auto" | "manual";
  /** Lowest pump speed to propose, % (default 30). */
  pumpMinPct?: number;
  /** Skip the simulator check (for timing the search alone). */
  skipVerify?: boolean;
}

/** A proposal with the model's and the simulator's view of it and of the present setpoints. */
export interface CoolingProposal {
  /** The proposed setpoints. */
  proposed: CoolingSetpoints;
  /** The present setpoints. */
  current: CoolingSetpoints;
  /** Rig outlet limit: the rigs' throttle temperature, degC. */
  limitC: number;
  /** Margin the accepted search kept below the limit, K. */
  marginK: number;
  /** The model's steady state under the proposal. */
  model: SteadyState;
  /** The model's steady state under the present setpoints. */
  currentModel: SteadyState;
  /** The simulator from the present setpoints to the proposal (absent with skipVerify). */
  simulated?: SimulatedOutcome;
  /** The simulator under the present setpoints. */
  currentSimulated?: SimulatedOutcome;
  /**
   * Whether the simulator settled with the outlet at or below the limit, and
   * never rose above it (or above where it started, for a site already over it).
   */
  feasible: boolean;
  /** Whether the model kept the full margin (false: nothing could, and the proposal cools hardest). */
  withinMargin: boolean;
  /** Present minus proposed fans + pumps power, kW (simulator when verified, else model). */
  savingKw: number;
  /** savingKw as a share of the present power, %. */
  savingPct: number;
  /** Limit minus the settled rig outlet under the proposal, K. */
  outletMarginK: number;
  /** Model evaluations the search spent. */
  evaluations: number;
  /** Search and check time, ms. */
  elapsedMs: number;
}

/** The search space: pump speed and, by mode, supply setpoint or fan speed, on the unit box. */
export interface CoolingSpace {
  /** Mode proposed in. */
  mode: "auto" | "manual";
  /** Lowest pump speed, %. */
  pumpMinPct: number;
  /** Highest supply setpoint tried, degC. */
  supplyMaxC: number;
  /** Lowest fan speed in manual, %. */
  fanMinPct: number;
}

/** Setpoints for a point `x` of the unit box. */
export function decode(
  x: Float64Array,
  space: CoolingSpace,
  current: CoolingSetpoints,
): CoolingSetpoints {
  const pumpPct = space.pumpMinPct + x[0] * (100 - space.pumpMinPct);
  if (space.mode === "auto") {
    return {
      mode: "auto",
      supplyC: SUPPLY_MIN_C + x[1] * (space.supplyMaxC - SUPPLY_MIN_C),
      fanPct: current.fanPct,
      pumpPct,
    };
  }
  return {
    mode: "manual",
    supplyC: current.supplyC,
    fanPct: space.fanMinPct + x[1] * (100 - space.fanMinPct),
    pumpPct,
  };
}

function encode(s: CoolingSetpoints, space: CoolingSpace): Float64Array {
  const c = (v: number) => v < 0 ? 0 : v > 1 ? 1 : v;
  return Float64Array.of(
    c((s.pumpPct - space.pumpMinPct) / (100 - space.pumpMinPct)),
    space.mode === "auto"
      ? c((s.supplyC - SUPPLY_MIN_C) / (space.supplyMaxC - SUPPLY_MIN_C))
      : c((s.fanPct - space.fanMinPct) / (100 - space.fanMinPct)),
  );
}

/** The problem for a solver: fans + pumps kW, violation = outlet over (limit - margin), K. */
export function coolingProblem(
  model: SiteModel,
  space: CoolingSpace,
  current: CoolingSetpoints,
  ceilingC: number,
  seeds: CoolingSetpoints[],
): Problem {
  return {
    dim: 2,
    evaluate(x) {
      const s = model.steady(decode(x, space, current));
      const over = s.outletC - ceilingC;
      return { objectives: [s.powerKw], violation: over > 0 ? over : 0 };
    },
    seeds: seeds.map((s) => encode(s, space)),
  };
}

/**
 * Propose setpoints for a site (`config`: its effective configuration)
 * facing `state`, now running under `current`.
 */
export function optimizeCooling(
  config: CoolingSiteConfig,
  state: SiteState,
  current: CoolingSetpoints,
  opts: OptimizeCoolingOptions = {},
): CoolingProposal {
  const t0 = performance.now();
  const solve = COOLING_SOLVERS[opts.solver ?? "de"];
  if (!solve) throw new Error(`unknown solver "${opts.solver}"; expected de, pso or ga`);
  const limitC = config.rig_throttle_c;
  const model = new SiteModel(config, state);
  const space: CoolingSpace = {
    mode: opts.mode ?? current.mode,
    pumpMinPct: opts.pumpMinPct ?? DEFAULT_PUMP_MIN_PCT,
    supplyMaxC: Math.max(SUPPLY_MIN_C + 1, Math.min(60, limitC)),
    fanMinPct: 0,
  };
  const currentModel = model.steady(current);
  let marginK = opts.marginK ?? DEFAULT_MARGIN_K;
  let evaluations = 0;
  let proposed = current, steady = currentModel;
  let simulated: SimulatedOutcome | undefined;
  let feasible = false;
  // Full cooling: the seed that is feasible whenever anything is.
  const full: CoolingSetpoints = space.mode === "auto"
    ? { ...current, mode: "auto", supplyC: SUPPLY_MIN_C, pumpPct: 100 }
    : { ...current, mode: "manual", fanPct: 100, pumpPct: 100 };
  for (let attempt = 0; attempt < TRIES; attempt++) {
    const problem = coolingProblem(model, space, current, limitC - marginK, [
      { ...current, mode: space.mode },
      full,
    ]);
    const r = solve(problem, {
      seed: opts.seed ?? 1,
      populationSize: opts.populationSize ?? 20,
      generations: opts.generations ?? 60,
    });
    evaluations += r.evaluations;
    proposed = roundSetpoints(decode(r.x, space, current));
    steady = model.steady(proposed);
    if (opts.skipVerify) {
      feasible = steady.outletC <= limitC;
      break;
    }
    simulated = simulateSetpoints(config, state, current, proposed);
    feasible = acceptable(simulated, limitC, currentModel.outletC);
    if (feasible) break;
    marginK += MARGIN_STEP_K;
  }
  const currentSimulated = opts.skipVerify
    ? undefined
    : simulateSetpoints(config, state, current, current);
  const before = currentSimulated?.powerKw ?? currentModel.powerKw;
  const after = simulated?.powerKw ?? steady.powerKw;
  const savingKw = before - after;
  return {
    proposed,
    current,
    limitC,
    marginK,
    model: steady,
    currentModel,
    ...(simulated ? { simulated } : {}),
    ...(currentSimulated ? { currentSimulated } : {}),
    feasible,
    withinMargin: steady.outletC <= limitC - marginK + 1e-6,
    savingKw,
    savingPct: before > 0 ? (100 * savingKw) / before : 0,
    outletMarginK: limitC - (simulated?.outletC ?? steady.outletC),
    evaluations,
    elapsedMs: performance.now() - t0,
  };
}

// Settled at or below the limit, and no higher on the way than the limit or
// the outlet the site started from (a site over the limit may only cool).
function acceptable(s: SimulatedOutcome, limitC: number, startC: number): boolean {
  return s.settled && s.refused.length === 0 && s.outletC <= limitC &&
    s.peakOutletC <= Math.max(limitC, startC + 0.01);
}

// Setpoints as an operator would type them: 0.1 degC and 0.1 %. Rounding the
// supply down and the pump up keeps the rounded point on the cool side.
function roundSetpoints(s: CoolingSetpoints): CoolingSetpoints {
  return {
    mode: s.mode,
    supplyC: Math.floor(s.supplyC * 10) / 10,
    fanPct: Math.min(100, Math.ceil(s.fanPct * 10) / 10),
    pumpPct: Math.min(100, Math.ceil(s.pumpPct * 10) / 10),
  };
}
