/**
 * Particle swarm optimisation with a constriction-equivalent inertia weight
 * (Clerc and Kennedy, 2002: w 0.7298, c1 = c2 = 1.49618), global best,
 * velocities limited to a fifth of the box, Deb's rules for personal and
 * global bests, on the unit box. Seeded: one seed, one result.
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

const W = 0.7298;
const C = 1.49618;
const VMAX = 0.2;

/** Minimise `p` by particle swarm optimisation. */
export function particleSwarm(p: Problem, opts: SolverOptions): SolverResult {
  const rng = new Random(opts.seed, "particle-swarm");
  const n = opts.populationSize ?? 40;
  const gens = opts.generations ?? 200;
  const xs = initialPopulation(p, n, () => rng.next());
  const vs = xs.map(() => Float64Array.from({ length: p.dim }, () => (rng.next() - 0.5) * VMAX));
  const pbest = xs.map((x) => Float64Array.from(x));
  const pscore: Evaluation[] = xs.map((x) => p.evaluate(x));
  let evaluations = n;
  let g = 0;
  for (let i = 1; i < n; i++) if (better(pscore[i], pscore[g])) g = i;
  const history: number[] = [];
  for (let it = 0; it < gens; it++) {
    const gb = pbest[g];
    for (let i = 0; i < n; i++) {
      const x = xs[i], v = vs[i], pb = pbest[i];
      for (let j = 0; j < p.dim; j++) {
        let vj = W * v[j] + C * rng.next() * (pb[j] - x[j]) + C * rng.next() * (gb[j] - x[j]);
        vj = vj > VMAX ? VMAX : vj < -VMAX ? -VMAX : vj;
        v[j] = vj;
        x[j] = clamp01(x[j] + vj);
      }
      const s = p.evaluate(x);
      evaluations++;
      if (!better(pscore[i], s)) {
        pb.set(x);
        pscore[i] = s;
        if (better(s, pscore[g])) g = i;
      }
    }
    history.push(pscore[g].violation > 0 ? Infinity : pscore[g].objectives[0]);
  }
  return { x: Float64Array.from(pbest[g]), evaluation: pscore[g], evaluations, history };
}
