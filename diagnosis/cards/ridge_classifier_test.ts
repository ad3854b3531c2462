import assert from "node:assert/strict";
import { Random } from "../../simulators/random.ts";
import { fitRidge, RIDGE_ALPHAS } from "./ridge_classifier.ts";

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

/** The textbook fit (row-by-row dot products, explicit inverse), as the tiled one replaced it. */
function referenceFit(x: readonly Float32Array[], y: readonly number[], classes: number) {
  const n = x.length, p = x[0].length;
  const mean = new Float64Array(p);
  for (const row of x) for (let j = 0; j < p; j++) mean[j] += row[j];
  for (let j = 0; j < p; j++) mean[j] /= n;
  const z = x.map((row) => Float64Array.from(row, (v, j) => v - mean[j]));
  const k = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let m = 0; m <= i; m++) {
      let s = 0;
      for (let j = 0; j < p; j++) s += z[i][j] * z[m][j];
      k[i * n + m] = k[m * n + i] = s;
    }
  }
  const t = new Float64Array(n * classes), intercept = new Float64Array(classes);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < classes; c++) {
      t[i * classes + c] = y[i] === c ? 1 : -1;
    }
  }
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < classes; c++) intercept[c] += t[i * classes + c] / n;
  }
  for (let i = 0; i < n; i++) for (let c = 0; c < classes; c++) t[i * classes + c] -= intercept[c];
  let best = { error: Infinity, dual: new Float64Array(0), alpha: NaN };
  for (const alpha of RIDGE_ALPHAS) {
    const l = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        let s = k[i * n + j] + (i === j ? alpha : 0);
        for (let m = 0; m < j; m++) s -= l[i * n + m] * l[j * n + m];
        l[i * n + j] = i === j ? Math.sqrt(s) : s / l[j * n + j];
      }
    }
    const li = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      li[i * n + i] = 1 / l[i * n + i];
      for (let j = 0; j < i; j++) {
        let s = 0;
        for (let m = j; m < i; m++) s -= l[i * n + m] * li[m * n + j];
        li[i * n + j] = s / l[i * n + i];
      }
    }
    const inv = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        let s = 0;
        for (let m = i; m < n; m++) s += li[m * n + i] * li[m * n + j];
        inv[i * n + j] = inv[j * n + i] = s;
      }
    }
    const dual = new Float64Array(n * classes);
    for (let i = 0; i < n; i++) {
      for (let m = 0; m < n; m++) {
        for (let c = 0; c < classes; c++) {
          dual[i * classes + c] += inv[i * n + m] * t[m * classes + c];
        }
      }
    }
    let error = 0;
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < classes; c++) error += (dual[i * classes + c] / inv[i * n + i]) ** 2;
    }
    if (error < best.error) best = { error, dual, alpha };
  }
  const weights = new Float64Array(p * classes);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < classes; c++) {
      for (let j = 0; j < p; j++) weights[j * classes + c] += z[i][j] * best.dual[i * classes + c];
    }
  }
  return { mean, weights, intercept, alpha: best.alpha };
}

Deno.test("ridge: the tiled, unrolled fit equals the textbook one to the bit", () => {
  // Sizes that leave remainders in every tile and unrolled loop.
  for (const [perClass, dims, seed] of [[23, 1100, 3], [7, 45, 4]]) {
    const rng = new Random(seed, "ridge-bits");
    const x: Float32Array[] = [], y: number[] = [];
    for (let i = 0; i < 3 * perClass; i++) {
      y.push(i % 3);
      // Proportions like MiniRocket features: multiples of 1/128, some classes lean high.
      x.push(
        Float32Array.from(
          { length: dims },
          (_, j) => Math.min(128, Math.floor(128 * rng.next() + (j % 3 === i % 3 ? 20 : 0))) / 128,
        ),
      );
    }
    const got = fitRidge(x, y, 3), want = referenceFit(x, y, 3);
    assert.equal(got.alpha, want.alpha);
    assert.deepEqual(got.mean, want.mean);
    assert.deepEqual(got.intercept, want.intercept);
    assert.deepEqual(got.weights, want.weights);
  }
});
