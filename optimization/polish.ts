/**
 * A first-improvement local search that finishes a solver's best schedule:
 * switch off one pump-hour at a time (dearest hours first) and, for a VFD
 * pump, slow it by a step, keeping each change that leaves the day feasible
 * and cheaper. Population solvers get near the optimum but leave pump-hours
 * on that the tank could do without; one pass over every variable removes
 * them for a few dozen evaluations.
 *
 * @module
 */
import { better, type Evaluation, type Problem } from "./problem.ts";

/** What the polish did. */
export interface PolishResult {
  /** The polished candidate. */
  x: Float64Array;
  /** Its score. */
  evaluation: Evaluation;
  /** Evaluations spent. */
  evaluations: number;
  /** Changes kept. */
  accepted: number;
}

/**
 * Polish `x0` for problem `p`, trying the variables in `order` (e.g. hours
 * by falling price); a variable at or above 0.5 is switched off (0.25), then
 * lowered by `step` towards 0.5 where `steppable` (a continuous variable). At most `passes` passes over the variables.
 */
export function polish(
  p: Problem,
  x0: Float64Array,
  order: readonly number[],
  steppable: (j: number) => boolean = () => true,
  passes = 2,
  step = 0.1,
): PolishResult {
  const x = Float64Array.from(x0);
  let best = p.evaluate(x);
  let evaluations = 1;
  let accepted = 0;
  const tryValue = (j: number, v: number): boolean => {
    const old = x[j];
    x[j] = v;
    const s = p.evaluate(x);
    evaluations++;
    if (s.violation <= best.violation && better(s, best)) {
      best = s;
      accepted++;
      return true;
    }
    x[j] = old;
    return false;
  };
  for (let pass = 0; pass < passes; pass++) {
    const before = accepted;
    for (const j of order) {
      if (x[j] < 0.5) continue;
      if (tryValue(j, 0.25)) continue;
      if (!steppable(j)) continue;
      while (x[j] - step >= 0.5 && tryValue(j, x[j] - step));
    }
    if (accepted === before) break;
  }
  return { x, evaluation: best, evaluations, accepted };
}
