import assert from "node:assert/strict";
import { Random } from "../../simulators/random.ts";
import { ClassScoresWasm } from "./class_scores_wasm.ts";

/** The JavaScript loop the kernel replaces. */
function reference(x: Float32Array, w: Float32Array, k: number, intercept: number[]): number[] {
  const s = Float64Array.from(intercept);
  for (let j = 0; j < x.length; j++) {
    const v = x[j];
    if (v === 0) continue;
    for (let c = 0; c < k; c++) s[c] += v * w[j * k + c];
  }
  return [...s];
}

Deno.test("class scores in WebAssembly: bit for bit the JavaScript sums, even and odd class counts", () => {
  const rng = new Random(11, "class-scores-test");
  for (const [n, k] of [[1000, 12], [333, 7], [50, 1], [4, 2]]) {
    const w = Float32Array.from({ length: n * k }, () => rng.normal() * 10 ** (3 * rng.next() - 2));
    const scorer = new ClassScoresWasm(w, k);
    for (let trial = 0; trial < 20; trial++) {
      // Proportions, a third of them 0 (skipped), some -0.
      const x = Float32Array.from({ length: n }, () => {
        const u = rng.next();
        return u < 0.3 ? 0 : u < 0.33 ? -0 : rng.next();
      });
      const intercept = Array.from({ length: k }, () => rng.normal());
      assert.deepEqual(
        [...scorer.score(x, intercept)],
        reference(x, w, k, intercept),
        `n ${n} k ${k}`,
      );
    }
  }
  assert.throws(() => new ClassScoresWasm(new Float32Array(10), 3), /not a whole number of 3/);
  assert.throws(
    () => new ClassScoresWasm(new Float32Array(6), 3).score(new Float32Array(3), [0, 0, 0]),
    /3 features, expected 2/,
  );
});
