import assert from "node:assert/strict";
import { PLANT_LIMITS } from "./plant_limits.ts";
import { ProblemList, TooManyProblems } from "./problem_list.ts";

Deno.test("problems of one kind: the first few listed, the rest counted on the last listed", () => {
  const list = new ProblemList({ ...PLANT_LIMITS, problemsPerKind: 3 });
  for (let i = 0; i < 200_000; i++) {
    list.report(["twins", 0, "params", "assets", i], `unknown twin "t-${i}"`);
  }
  list.report(["name"], "expected a string");
  const error = list.error("p.json");
  assert.equal(error.total, 200_001);
  assert.deepEqual(error.problems.map((p) => [p.path, p.more]), [
    ["twins[0].params.assets[0]", undefined],
    ["twins[0].params.assets[1]", undefined],
    ["twins[0].params.assets[2]", 199_997],
    ["name", undefined],
  ]);
  const lines = error.message.split("\n");
  assert.equal(lines[0], "plant file has 200,001 problem(s):");
  assert.equal(lines[4], "  ... and 199,997 more like this");
  assert.equal(lines.length, 6);
});

Deno.test("a problem reported twice counts once (count templates repeat theirs)", () => {
  const list = new ProblemList(PLANT_LIMITS);
  list.report(["twins", 1, "params", "x"], "too big");
  list.report(["twins", 1, "params", "x"], "too big");
  assert.equal(list.size, 1);
});

Deno.test("kinds beyond the listed ones are counted, and checking stops at the budget", () => {
  const list = new ProblemList({ ...PLANT_LIMITS, problemKinds: 2, maxProblems: 10 });
  list.report(["a"], "one");
  list.report(["b"], "two");
  list.report(["c"], "three");
  assert.throws(() => {
    for (let i = 0; i < 20; i++) list.report(["d", i], `kind ${"x".repeat(i)}`);
  }, TooManyProblems);
  const error = list.error("p.json");
  assert.equal(error.problems.length, 2);
  assert.equal(error.total, 10);
  assert.match(error.message, /\.\.\. and 8 more problems of other kinds/);
  assert.match(error.message, /checking stopped after 10 problems/);
});
