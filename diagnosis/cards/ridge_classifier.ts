/**
 * A one-vs-rest ridge classifier (targets +1 for the class, -1 for the
 * rest; the highest score wins), solved in closed form. With far more
 * features than cards it is solved through the n × n Gram matrix of the
 * centred features: dual coefficients A = (K + αI)⁻¹Y, weights W = ZᵀA.
 * The regulariser α is the one of {@linkcode RIDGE_ALPHAS} with the least
 * leave-one-out squared error, which the same inverse gives for free
 * (residual of card i left out = A_i / M_ii with M = (K + αI)⁻¹), so it is
 * chosen on the training cards alone.
 *
 * @module
 */

/** Regularisers tried (leave-one-out picks one). */
export const RIDGE_ALPHAS: readonly number[] = [1e-4, 1e-3, 1e-2, 1e-1, 1, 10, 100, 1000];

/** A fitted ridge classifier. */
export interface RidgeFit {
  /** Feature means (scores are taken on centred features). */
  mean: Float64Array;
  /** Weights, feature-major: `weights[j * classes + c]`. */
  weights: Float64Array;
  /** Score of a card at the mean, per class. */
  intercept: Float64Array;
  /** The regulariser chosen. */
  alpha: number;
}

/** (K + αI)⁻¹ of a symmetric positive semi-definite `k` (n × n), by Cholesky. */
function inverse(k: Float64Array, n: number, alpha: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = k[i * n + j] + (i === j ? alpha : 0);
      for (let m = 0; m < j; m++) s -= l[i * n + m] * l[j * n + m];
      if (i === j) {
        if (!(s > 0)) throw new Error(`ridge: matrix not positive definite at alpha ${alpha}`);
        l[i * n + i] = Math.sqrt(s);
      } else l[i * n + j] = s / l[j * n + j];
    }
  }
  // L⁻¹ (lower), then M = L⁻ᵀL⁻¹.
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
      inv[i * n + j] = s;
      inv[j * n + i] = s;
    }
  }
  return inv;
}

/**
 * Fit on `x` (one feature vector per card) with labels `y` in 0..classes-1.
 *
 * @param x features
 * @param y class ids
 * @param classes number of classes
 * @param alphas regularisers to choose from
 */
export function fitRidge(
  x: readonly Float32Array[],
  y: readonly number[],
  classes: number,
  alphas: readonly number[] = RIDGE_ALPHAS,
): RidgeFit {
  const n = x.length;
  if (n === 0) throw new Error("ridge: no cards to fit");
  const p = x[0].length;
  const mean = new Float64Array(p);
  for (const row of x) for (let j = 0; j < p; j++) mean[j] += row[j];
  for (let j = 0; j < p; j++) mean[j] /= n;
  const z = x.map((row) => {
    const out = new Float64Array(p);
    for (let j = 0; j < p; j++) out[j] = row[j] - mean[j];
    return out;
  });
  const k = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const a = z[i];
    for (let m = 0; m <= i; m++) {
      const b = z[m];
      let s = 0;
      for (let j = 0; j < p; j++) s += a[j] * b[j];
      k[i * n + m] = s;
      k[m * n + i] = s;
    }
  }
  const target = new Float64Array(n * classes), intercept = new Float64Array(classes);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < classes; c++) target[i * classes + c] = y[i] === c ? 1 : -1;
  }
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < classes; c++) intercept[c] += target[i * classes + c] / n;
  }
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < classes; c++) target[i * classes + c] -= intercept[c];
  }
  let best = { error: Infinity, dual: new Float64Array(0), alpha: NaN };
  for (const alpha of alphas) {
    const inv = inverse(k, n, alpha);
    const dual = new Float64Array(n * classes);
    for (let i = 0; i < n; i++) {
      for (let m = 0; m < n; m++) {
        const v = inv[i * n + m];
        for (let c = 0; c < classes; c++) dual[i * classes + c] += v * target[m * classes + c];
      }
    }
    let error = 0;
    for (let i = 0; i < n; i++) {
      const d = inv[i * n + i];
      for (let c = 0; c < classes; c++) error += (dual[i * classes + c] / d) ** 2;
    }
    if (error < best.error) best = { error, dual, alpha };
  }
  const weights = new Float64Array(p * classes);
  for (let i = 0; i < n; i++) {
    const zi = z[i];
    for (let c = 0; c < classes; c++) {
      const a = best.dual[i * classes + c];
      if (a === 0) continue;
      for (let j = 0; j < p; j++) weights[j * classes + c] += zi[j] * a;
    }
  }
  return { mean, weights, intercept, alpha: best.alpha };
}
