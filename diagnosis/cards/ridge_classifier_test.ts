import assert from "node:assert/strict";
import { Random } from "../../simulators/random.ts";
import { fitRidge } from "./ridge_classifier.ts";

/** Three classes around three centres in 40 dimensions, with seeded noise. */
function blobs(perClass: number, noise: number, seed: number) {
  const rng = new Random(seed, "ridge-test");
  const centre = [0, 1, 2].map((c) =>
    Float32Array.from({ length: 40 }, (_, j) => (j % 3 === c ? 1 : 0))
  );
  const x: Float32Array[] = [], y: number[] = [];
  for (let i = 0; i < 3 * perClass; i++) {
    const c = i % 3;
    x.push(centre[c].map((v) => v + noise * rng.normal()));
    y.push(c);
  }
  return { x, y };
}

function predict(fit: ReturnType<typeof fitRidge>, v: Float32Array, classes: number): number {
  const s = Array.from(fit.intercept);
  for (let j = 0; j < v.length; j++) {
    for (let c = 0; c < classes; c++) s[c] += (v[j] - fit.mean[j]) * fit.weights[j * classes + c];
  }
  return s.indexOf(Math.max(...s));
}

Deno.test("ridge: separable classes are told apart on new points", () => {
  const train = blobs(20, 0.2, 1), test = blobs(10, 0.2, 2);
  const fit = fitRidge(train.x, train.y, 3);
  test.x.forEach((v, i) => assert.equal(predict(fit, v, 3), test.y[i]));
});

Deno.test("ridge: leave-one-out picks more regularisation for noisier cards", () => {
  const alphas = [1e-3, 1e-1, 10, 1000];
  const clean = blobs(30, 0.05, 3), noise = blobs(30, 3, 3);
  const noisy = fitRidge(noise.x, noise.y, 3, alphas);
  const tidy = fitRidge(clean.x, clean.y, 3, alphas);

  assert.ok(noisy.alpha > tidy.alpha, `noisy ${noisy.alpha}, clean ${tidy.alpha}`);
});
