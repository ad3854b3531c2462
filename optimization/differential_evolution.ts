/**
 * Differential evolution, DE/rand/1/bin (Storn and Price, 1997), with
 * Deb's feasibility rules for selection and dithered F (a new F in
 * [0.5, 1) each generation), on the unit box. Seeded: one seed, one result.
 *
 * @module
 */
import { Random } from "../simulators/random.ts";
import {
  better,
  clamp01,
  type Evaluation,
  initialPopulation,
  type Problem,
  type SolverOptions,
  type SolverResult,
} from "./problem.ts";

/** Options of {@linkcode differentialEvolution}. */
export interface DeOptions extends SolverOptions {
  /** Crossover rate (default 0.9: schedule variables interact strongly). */
  crossover?: number;
}

/** Minimise `p` by differential evolution. */
export function differentialEvolution(p: Problem, opts: DeOptions): SolverResult {
  const rng = new Random(opts.seed, "differential-evolution");
  const n = opts.populationSize ?? 40;
  const gens = opts.generations ?? 200;
  const cr = opts.crossover ?? 0.9;
  const pop = initialPopulation(p, n, () => rng.next());
  const scores: Evaluation[] = pop.map((x) => p.evaluate(x));
  let evaluations = n;
  let best = 0;
  for (let i = 1; i < n; i++) if (better(scores[i], scores[best])) best = i;
  const history: number[] = [];
  const trial = new Float64Array(p.dim);
  for (let g = 0; g < gens; g++) {
    const f = 0.5 + 0.5 * rng.next();
    for (let i = 0; i < n; i++) {
      let a, b, c;
      do a = Math.floor(rng.next() * n); while (a === i);
      do b = Math.floor(rng.next() * n); while (b === i || b === a);
      do c = Math.floor(rng.next() * n); while (c === i || c === a || c === b);
      const jr = Math.floor(rng.next() * p.dim);
      const xi = pop[i], xa = pop[a], xb = pop[b], xc = pop[c];
      for (let j = 0; j < p.dim; j++) {
        trial[j] = rng.next() < cr || j === jr ? clamp01(xa[j] + f * (xb[j] - xc[j])) : xi[j];
      }
      const s = p.evaluate(trial);
      evaluations++;
      if (!better(scores[i], s)) {
        pop[i].set(trial);
        scores[i] = s;
        if (better(s, scores[best])) best = i;
      }
    }
    history.push(scores[best].violation > 0 ? Infinity : scores[best].objectives[0]);
  }
  return { x: Float64Array.from(pop[best]), evaluation: scores[best], evaluations, history };
}
