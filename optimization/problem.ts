/**
 * The shape every solver here works on: a box [0, 1]^dim, objectives to
 * minimise, and a constraint violation (0 when feasible). Candidates are
 * compared by Deb's feasibility rules: a feasible one beats an infeasible
 * one, two infeasible ones by violation, two feasible ones by objective.
 *
 * @module
 */

/** What one candidate scores. */
export interface Evaluation {
  /** Objectives to minimise (the first is the single-objective solvers' target). */
  objectives: number[];
  /** Total constraint violation, 0 when feasible. */
  violation: number;
}

/** A minimisation problem over [0, 1]^dim. */
export interface Problem {
  /** Number of variables. */
  dim: number;
  /** Score a candidate (the solvers never change `x` after passing it). */
  evaluate(x: Float64Array): Evaluation;
  /** Candidates to put into the first population (a known rule, say). */
  seeds?: readonly Float64Array[];
}

/** Settings shared by the solvers. */
export interface SolverOptions {
  /** Seed of the solver's random numbers: one seed, one result. */
  seed: number;
  /** Population (swarm) size. */
  populationSize?: number;
  /** Generations (iterations). */
  generations?: number;
}

/** The best candidate a single-objective solver found. */
export interface SolverResult {
  /** Best candidate. */
  x: Float64Array;
  /** Its score. */
  evaluation: Evaluation;
  /** Evaluations spent. */
  evaluations: number;
  /** Best first objective of the feasible candidates after each generation (Infinity before any). */
  history: number[];
}

/** Deb's rule: whether `a` is better than `b` on the first objective. */
export function better(a: Evaluation, b: Evaluation): boolean {
  if (a.violation > 0 || b.violation > 0) return a.violation < b.violation;
  return a.objectives[0] < b.objectives[0];
}

/** Clamp to [0, 1]. */
export function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

/** A random point of the box, or a seed while seeds last. */
export function initialPopulation(
  p: Problem,
  n: number,
  next: () => number,
): Float64Array[] {
  const pop: Float64Array[] = [];
  for (const s of p.seeds ?? []) if (pop.length < n) pop.push(Float64Array.from(s));
  while (pop.length < n) pop.push(Float64Array.from({ length: p.dim }, next));
  return pop;
}
