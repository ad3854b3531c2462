import assert from "node:assert/strict";
import { crowding, dominates, nonDominatedSort, nsga2 } from "./nsga2.ts";
import type { Evaluation, Problem } from "./problem.ts";

const ev = (a: number, b: number, violation = 0): Evaluation => ({ objectives: [a, b], violation });

Deno.test("non-dominated sorting and crowding on a known set", () => {
  const s = [ev(1, 5), ev(2, 3), ev(3, 4), ev(4, 1), ev(5, 5), ev(0, 0, 1)];
  assert.ok(dominates(ev(1, 1), ev(1, 2)) && !dominates(ev(1, 2), ev(2, 1)));
  assert.ok(dominates(ev(9, 9), ev(0, 0, 0.5)), "feasible beats infeasible");
  assert.deepEqual(nonDominatedSort(s), [[0, 1, 3], [2], [4], [5]]);
  const d = crowding([0, 1, 3], s);
  assert.equal(d.get(0), Infinity);
  assert.equal(d.get(3), Infinity);
  assert.ok(Math.abs(d.get(1)! - (3 / 3 + 4 / 4)) < 1e-12);
});

Deno.test("NSGA-II approaches the ZDT1 front and is deterministic for a seed", () => {
  // ZDT1 with 6 variables: front f2 = 1 - sqrt(f1) where x1..x5 = 0.
  const zdt1: Problem = {
    dim: 6,
    evaluate(x) {
      const f1 = x[0];
      let s = 0;
      for (let i = 1; i < x.length; i++) s += x[i];
      const g = 1 + 9 * s / (x.length - 1);
      return { objectives: [f1, g * (1 - Math.sqrt(f1 / g))], violation: 0 };
    },
  };
  const a = nsga2(zdt1, { seed: 3, populationSize: 40, generations: 150 });
  const b = nsga2(zdt1, { seed: 3, populationSize: 40, generations: 150 });
  assert.deepEqual(
    a.front.map((p) => p.evaluation.objectives),
    b.front.map((p) => p.evaluation.objectives),
  );
  assert.ok(a.front.length >= 20, `front of ${a.front.length}`);
  let worst = 0;
  for (const p of a.front) {
    const [f1, f2] = p.evaluation.objectives;
    worst = Math.max(worst, f2 - (1 - Math.sqrt(f1)));
  }
  assert.ok(worst < 0.1, `largest gap to the true front ${worst}`);
  for (let i = 1; i < a.front.length; i++) {
    assert.ok(a.front[i].evaluation.objectives[0] >= a.front[i - 1].evaluation.objectives[0]);
    assert.ok(!dominates(a.front[i].evaluation, a.front[i - 1].evaluation));
  }
});
