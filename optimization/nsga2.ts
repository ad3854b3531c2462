/**
 * NSGA-II (Deb, Pratap, Agarwal and Meyarivan, 2002) for several objectives:
 * constrained non-dominated sorting (a feasible candidate dominates an
 * infeasible one; infeasible ones by violation), crowding distance, binary
 * crowded tournaments, SBX and polynomial mutation, on the unit box. The
 * answer is the feasible non-dominated set of the last population. Seeded:
 * one seed, one result.
 *
 * @module
 */
import { Random } from "../simulators/random.ts";
import { type Evaluation, initialPopulation, type Problem, type SolverOptions } from "./problem.ts";
import { mutate, sbx } from "./variation.ts";

/** A point of a Pareto front. */
export interface ParetoPoint {
  /** The candidate. */
  x: Float64Array;
  /** Its score (feasible). */
  evaluation: Evaluation;
}

/** What NSGA-II found. */
export interface ParetoResult {
  /** Feasible non-dominated candidates, by first objective, duplicates in objective space removed. */
  front: ParetoPoint[];
  /** Evaluations spent. */
  evaluations: number;
}

/** Constrained domination: whether `a` dominates `b`. */
export function dominates(a: Evaluation, b: Evaluation): boolean {
  if (a.violation > 0 || b.violation > 0) return a.violation < b.violation;
  let strictly = false;
  for (let k = 0; k < a.objectives.length; k++) {
    if (a.objectives[k] > b.objectives[k]) return false;
    if (a.objectives[k] < b.objectives[k]) strictly = true;
  }
  return strictly;
}

/** Fast non-dominated sorting: the fronts as lists of indices, best first. */
export function nonDominatedSort(scores: readonly Evaluation[]): number[][] {
  const n = scores.length;
  const dominated: number[][] = scores.map(() => []);
  const count = new Array<number>(n).fill(0);
  const fronts: number[][] = [[]];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (dominates(scores[i], scores[j])) {
        dominated[i].push(j);
        count[j]++;
      } else if (dominates(scores[j], scores[i])) {
        dominated[j].push(i);
        count[i]++;
      }
    }
  }
  for (let i = 0; i < n; i++) if (count[i] === 0) fronts[0].push(i);
  for (let f = 0; fronts[f].length; f++) {
    const next: number[] = [];
    for (const i of fronts[f]) {
      for (const j of dominated[i]) if (--count[j] === 0) next.push(j);
    }
    fronts.push(next);
  }
  fronts.pop();
  return fronts;
}

/** Crowding distance of each member of a front (Infinity at the ends). */
export function crowding(
  front: readonly number[],
  scores: readonly Evaluation[],
): Map<number, number> {
  const d = new Map<number, number>(front.map((i) => [i, 0]));
  const m = scores[front[0]]?.objectives.length ?? 0;
  for (let k = 0; k < m; k++) {
    const sorted = [...front].sort((a, b) => scores[a].objectives[k] - scores[b].objectives[k]);
    const lo = scores[sorted[0]].objectives[k],
      hi = scores[sorted[sorted.length - 1]].objectives[k];
    d.set(sorted[0], Infinity);
    d.set(sorted[sorted.length - 1], Infinity);
    if (hi === lo) continue;
    for (let r = 1; r < sorted.length - 1; r++) {
      const gap = scores[sorted[r + 1]].objectives[k] - scores[sorted[r - 1]].objectives[k];
      d.set(sorted[r], d.get(sorted[r])! + gap / (hi - lo));
    }
  }
  return d;
}

/** Minimise every objective of `p` at once with NSGA-II. */
export function nsga2(p: Problem, opts: SolverOptions): ParetoResult {
  const rng = new Random(opts.seed, "nsga2");
  const n = opts.populationSize ?? 40;
  const gens = opts.generations ?? 200;
  let pop = initialPopulation(p, n, () => rng.next());
  let scores = pop.map((x) => p.evaluate(x));
  let evaluations = n;
  let rank = new Map<number, number>();
  let crowd = new Map<number, number>();
  const rankAll = () => {
    rank = new Map();
    crowd = new Map();
    nonDominatedSort(scores).forEach((f, r) => {
      for (const [i, d] of crowding(f, scores)) {
        rank.set(i, r);
        crowd.set(i, d);
      }
    });
  };
  rankAll();
  const pick = () => {
    const a = Math.floor(rng.next() * n), b = Math.floor(rng.next() * n);
    const ra = rank.get(a)!, rb = rank.get(b)!;
    if (ra !== rb) return ra < rb ? a : b;
    return crowd.get(a)! >= crowd.get(b)! ? a : b;
  };
  for (let g = 0; g < gens; g++) {
    const kids: Float64Array[] = [];
    while (kids.length < n) {
      const [c1, c2] = sbx(pop[pick()], pop[pick()], rng);
      mutate(c1, rng);
      mutate(c2, rng);
      kids.push(c1);
      if (kids.length < n) kids.push(c2);
    }
    const kidScores = kids.map((x) => p.evaluate(x));
    evaluations += kids.length;
    const all = [...pop, ...kids];
    const allScores = [...scores, ...kidScores];
    const chosen: number[] = [];
    for (const f of nonDominatedSort(allScores)) {
      if (chosen.length + f.length <= n) {
        chosen.push(...f);
        continue;
      }
      const d = crowding(f, allScores);
      f.sort((a, b) => d.get(b)! - d.get(a)! || a - b);
      chosen.push(...f.slice(0, n - chosen.length));
      break;
    }
    pop = chosen.map((i) => all[i]);
    scores = chosen.map((i) => allScores[i]);
    rankAll();
  }
  const seen = new Set<string>();
  const front: ParetoPoint[] = [];
  for (const i of nonDominatedSort(scores)[0] ?? []) {
    if (scores[i].violation > 0) continue;
    const key = scores[i].objectives.map((o) => o.toPrecision(9)).join(",");
    if (seen.has(key)) continue;
    seen.add(key);
    front.push({ x: Float64Array.from(pop[i]), evaluation: scores[i] });
  }
  front.sort((a, b) => a.evaluation.objectives[0] - b.evaluation.objectives[0]);
  return { front, evaluations };
}
