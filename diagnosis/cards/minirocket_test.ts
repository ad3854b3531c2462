import assert from "node:assert/strict";
import { Random } from "../../simulators/random.ts";
import { fitMiniRocket, miniRocketFeatureCount, miniRocketTransform } from "./minirocket.ts";

function sines(count: number, seed: number, period: number): Float64Array[] {
  const rng = new Random(seed, "minirocket-test");
  return Array.from({ length: count }, () => {
    const phase = rng.next() * 2 * Math.PI;
    return Float64Array.from(
      { length: 128 },
      (_, t) => Math.sin((2 * Math.PI * t) / period + phase) + 0.05 * rng.normal(),
    );
  });
}

Deno.test("MiniRocket: 84 kernels × dilations × biases, the same fit for the same seed", () => {
  const train = sines(20, 1, 16);
  const p = fitMiniRocket(train, 1000, 3);
  // 1000 / 84 = 11 per kernel; dilations 1..15 for 128 points (2^log2(127/8)).
  assert.equal(miniRocketFeatureCount(p), 84 * 11);
  assert.equal(p.dilations[0], 1);
  assert.equal(p.dilations.at(-1), 15);
  assert.deepEqual(fitMiniRocket(train, 1000, 3), p);
  assert.notDeepEqual(fitMiniRocket(train, 1000, 4).biases, p.biases);
  assert.throws(() => fitMiniRocket([new Float64Array(8)], 100, 1), /need 9/);
});

Deno.test("MiniRocket: features are proportions, and tell a fast wave from a slow one", () => {
  const fast = sines(10, 2, 8), slow = sines(10, 3, 40);
  const p = fitMiniRocket([...fast, ...slow], 2000, 1);
  const f = (x: Float64Array) => {
    const out = new Float32Array(miniRocketFeatureCount(p));
    miniRocketTransform(p, x, out);
    return out;
  };
  const a = fast.map(f), b = slow.map(f);
  for (const v of [...a, ...b]) assert.ok(v.every((x) => x >= 0 && x <= 1));
  const dist = (u: Float32Array, v: Float32Array) => u.reduce((s, x, j) => s + (x - v[j]) ** 2, 0);
  // Every fast wave is nearer another fast wave than any slow one.
  for (let i = 0; i < a.length; i++) {
    const own = Math.min(...a.filter((_, j) => j !== i).map((v) => dist(a[i], v)));
    const other = Math.min(...b.map((v) => dist(a[i], v)));
    assert.ok(own < other, `card ${i}: ${own} vs ${other}`);
  }
  assert.throws(() => f(new Float64Array(100)), /100 points, not 128/);
});
