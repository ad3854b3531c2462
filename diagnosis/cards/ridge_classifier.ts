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

/**
 * (K + αI)⁻¹ of a symmetric positive semi-definite `k` (n × n), by Cholesky.
 * L⁻¹ is kept transposed (`lt[j × n + m]` = (L⁻¹)ₘⱼ) so every inner loop
 * walks memory in order; each sum still adds the same terms in the same
 * order as the textbook loops, so the result is the same to the bit.
 */
function inverse(k: Float64Array, n: number, alpha: number): Float64Array {
  // Entries are taken two or four at a time (independent sums that share
  // loads), each sum keeping its own terms and order.
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    let j = 0;
    for (; j + 1 < i; j += 2) {
      const rj = j * n, rk = rj + n;
      let s0 = k[ri + j], s1 = k[ri + j + 1];
      for (let m = 0; m < j; m++) {
        const v = l[ri + m];
        s0 -= v * l[rj + m];
        s1 -= v * l[rk + m];
      }
      const lij = s0 / l[rj + j];
      l[ri + j] = lij;
      s1 -= lij * l[rk + j];
      l[ri + j + 1] = s1 / l[rk + j + 1];
    }
    for (; j <= i; j++) {
      const rj = j * n;
      let s = k[ri + j] + (i === j ? alpha : 0);
      for (let m = 0; m < j; m++) s -= l[ri + m] * l[rj + m];
      if (i === j) {
        if (!(s > 0)) throw new Error(`ridge: matrix not positive definite at alpha ${alpha}`);
        l[ri + i] = Math.sqrt(s);
      } else l[ri + j] = s / l[rj + j];
    }
  }
  // L⁻¹ (lower, stored transposed), then M = L⁻ᵀL⁻¹.
  const lt = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ri = i * n, d = l[ri + i];
    lt[ri + i] = 1 / d;
    let j = 0;
    for (; j + 1 < i; j += 2) {
      const rj = j * n, rk = rj + n;
      let s0 = 0, s1 = 0;
      s0 -= l[ri + j] * lt[rj + j];
      for (let m = j + 1; m < i; m++) {
        const v = l[ri + m];
        s0 -= v * lt[rj + m];
        s1 -= v * lt[rk + m];
      }
      lt[rj + i] = s0 / d;
      lt[rk + i] = s1 / d;
    }
    for (; j < i; j++) {
      const rj = j * n;
      let s = 0;
      for (let m = j; m < i; m++) s -= l[ri + m] * lt[rj + m];
      lt[rj + i] = s / d;
    }
  }
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    let j = 0;
    for (; j + 3 <= i; j += 4) {
      const r0 = j * n, r1 = r0 + n, r2 = r1 + n, r3 = r2 + n;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let m = i; m < n; m++) {
        const v = lt[ri + m];
        s0 += v * lt[r0 + m];
        s1 += v * lt[r1 + m];
        s2 += v * lt[r2 + m];
        s3 += v * lt[r3 + m];
      }
      inv[ri + j] = inv[r0 + i] = s0;
      inv[ri + j + 1] = inv[r1 + i] = s1;
      inv[ri + j + 2] = inv[r2 + i] = s2;
      inv[ri + j + 3] = inv[r3 + i] = s3;
    }
    for (; j <= i; j++) {
      const rj = j * n;
      let s = 0;
      for (let m = i; m < n; m++) s += lt[ri + m] * lt[rj + m];
      inv[ri + j] = s;
      inv[rj + i] = s;
    }
  }
  return inv;
}

/** Feature columns per pass of {@linkcode gram} (a few kB of each row, so the rows of a block stay in cache). */
const GRAM_COLUMNS = 512;
/** Rows per block of {@linkcode gram}. */
const GRAM_ROWS = 24;

/**
 * The Gram matrix of the rows of `z` (n × p, row-major), lower and upper.
 * Tiled over columns and rows for the cache; each entry's sum runs over the
 * columns in order, carried from tile to tile, so it equals the plain dot
 * product to the bit.
 */
function gram(z: Float64Array, n: number, p: number): Float64Array {
  const k = new Float64Array(n * n);
  for (let j0 = 0; j0 < p; j0 += GRAM_COLUMNS) {
    const j1 = Math.min(p, j0 + GRAM_COLUMNS);
    for (let i0 = 0; i0 < n; i0 += GRAM_ROWS) {
      const i1 = Math.min(n, i0 + GRAM_ROWS);
      for (let m0 = 0; m0 <= i0; m0 += GRAM_ROWS) {
        for (let i = i0; i < i1; i++) {
          const ri = i * p, m1 = Math.min(i + 1, m0 + GRAM_ROWS);
          let m = m0;
          // Four entries at a time share the loads of row i.
          for (; m + 3 < m1; m += 4) {
            const r0 = m * p, r1 = r0 + p, r2 = r1 + p, r3 = r2 + p, e = i * n + m;
            let s0 = k[e], s1 = k[e + 1], s2 = k[e + 2], s3 = k[e + 3];
            for (let j = j0; j < j1; j++) {
              const v = z[ri + j];
              s0 += v * z[r0 + j];
              s1 += v * z[r1 + j];
              s2 += v * z[r2 + j];
              s3 += v * z[r3 + j];
            }
            k[e] = s0;
            k[e + 1] = s1;
            k[e + 2] = s2;
            k[e + 3] = s3;
          }
          for (; m < m1; m++) {
            const r0 = m * p;
            let s0 = k[i * n + m];
            for (let j = j0; j < j1; j++) s0 += z[ri + j] * z[r0 + j];
            k[i * n + m] = s0;
          }
        }
      }
    }
  }
  for (let i = 0; i < n; i++) for (let m = 0; m < i; m++) k[m * n + i] = k[i * n + m];
  return k;
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
  const z = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    const row = x[i];
    for (let j = 0; j < p; j++) z[i * p + j] = row[j] - mean[j];
  }
  const k = gram(z, n, p);
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
  // Each weight adds its cards' terms in card order, as W = ZᵀA reads.
  const a = best.dual;
  for (let i = 0; i < n; i++) {
    const ri = i * p, ai = i * classes;
    for (let j = 0; j < p; j++) {
      const v = z[ri + j], base = j * classes;
      for (let c = 0; c < classes; c++) weights[base + c] += v * a[ai + c];
    }
  }
  return { mean, weights, intercept, alpha: best.alpha };
}
