/**
 * A real-coded genetic algorithm: binary tournaments by Deb's feasibility
 * rules, simulated binary crossover, polynomial mutation and optionally a
 * gene flip (x to 1 - x), and elitism (the
 * best two survive each generation), on the unit box. Seeded: one seed, one
 * result.
 *
 * @module
 */
import { Random } from "../simulators/random.ts";
import {
  better,
  type Evaluation,
  initialPopulation,
  type Problem,
  type SolverOptions,
  type SolverResult,
} from "./problem.ts";
import { mutate, sbx } from "./variation.ts";

/** Options of {@linkcode geneticAlgorithm}. */
export interface GaOptions extends SolverOptions {
  /**
   * Expected genes flipped (x to 1 - x) per child (default 0). For variables read as on/off
   * at 0.5 (pump schedules) polynomial mutation rarely crosses the threshold; a flip does.
   */
  flipRate?: number;
}

/** Minimise `p` by a genetic algorithm. */
export function geneticAlgorithm(p: Problem, opts: GaOptions): SolverResult {
  const flipRate = opts.flipRate ?? 0;
  const rng = new Random(opts.seed, "genetic-algorithm");
  const n = opts.populationSize ?? 40;
  const gens = opts.generations ?? 200;
  let pop = initialPopulation(p, n, () => rng.next());
  let scores: Evaluation[] = pop.map((x) => p.evaluate(x));
  let evaluations = n;
  const history: number[] = [];
  const pick = () => {
    const a = Math.floor(rng.next() * n), b = Math.floor(rng.next() * n);
    return better(scores[a], scores[b]) ? a : b;
  };
  const ranked = () =>
    scores.map((_, i) => i).sort((i, j) =>
      better(scores[i], scores[j]) ? -1 : better(scores[j], scores[i]) ? 1 : i - j
    );
  for (let g = 0; g < gens; g++) {
    const order = ranked();
    const next: Float64Array[] = [
      Float64Array.from(pop[order[0]]),
      Float64Array.from(pop[order[1]]),
    ];
    const nextScores = [scores[order[0]], scores[order[1]]];
    while (next.length < n) {
      const [c1, c2] = sbx(pop[pick()], pop[pick()], rng);
      for (const c of [c1, c2]) {
        if (next.length >= n) break;
        mutate(c, rng);
        if (flipRate > 0) {
          for (let j = 0; j < c.length; j++) if (rng.next() < flipRate / c.length) c[j] = 1 - c[j];
        }
        next.push(c);
        nextScores.push(p.evaluate(c));
        evaluations++;
      }
    }
    pop = next;
    scores = nextScores;
    const b = ranked()[0];
    history.push(scores[b].violation > 0 ? Infinity : scores[b].objectives[0]);
  }
  const b = ranked()[0];
  return { x: Float64Array.from(pop[b]), evaluation: scores[b], evaluations, history };
}
