import assert from "node:assert/strict";
import { differentialEvolution } from "./differential_evolution.ts";
import { geneticAlgorithm } from "./genetic_algorithm.ts";
import { particleSwarm } from "./particle_swarm.ts";
import { polish } from "./polish.ts";
import type { Problem } from "./problem.ts";

/** Sum of (x - 0.3)² over 8 variables with x0 + x1 >= 1.2: optimum x0 = x1 = 0.6, f = 0.18. */
const constrained: Problem = {
  dim: 8,
  evaluate(x) {
    let f = 0;
    for (const v of x) f += (v - 0.3) ** 2;
    return { objectives: [f], violation: Math.max(0, 1.2 - x[0] - x[1]) };
  },
};

for (
  const [name, solve] of [
    ["differential evolution", differentialEvolution],
    ["particle swarm", particleSwarm],
    ["genetic algorithm", geneticAlgorithm],
  ] as const
) {
  Deno.test(`${name} finds the constrained optimum and is deterministic for a seed`, () => {
    const a = solve(constrained, { seed: 7, populationSize: 30, generations: 120 });
    const b = solve(constrained, { seed: 7, populationSize: 30, generations: 120 });
    const c = solve(constrained, { seed: 8, populationSize: 30, generations: 120 });
    assert.deepEqual(Array.from(a.x), Array.from(b.x));
    assert.notDeepEqual(Array.from(a.x), Array.from(c.x));
    assert.equal(a.evaluation.violation, 0);
    assert.ok(a.evaluation.objectives[0] < 0.19, `${name}: f ${a.evaluation.objectives[0]}`);
    // The feasible best never gets worse from one generation to the next.
    for (let g = 1; g < a.history.length; g++) assert.ok(a.history[g] <= a.history[g - 1]);
  });
}

Deno.test("polish switches off what the constraint allows and keeps feasibility", () => {
  // Cost = number of variables >= 0.5; at least 3 must be on.
  const p: Problem = {
    dim: 6,
    evaluate(x) {
      const on = x.filter((v) => v >= 0.5).length;
      return { objectives: [on], violation: Math.max(0, 3 - on) };
    },
  };
  const r = polish(p, new Float64Array(6).fill(0.9), [5, 4, 3, 2, 1, 0], () => false);
  assert.deepEqual(Array.from(r.x).map((v) => v >= 0.5), [true, true, true, false, false, false]);
  assert.equal(r.evaluation.violation, 0);
  assert.equal(r.accepted, 3);
});
