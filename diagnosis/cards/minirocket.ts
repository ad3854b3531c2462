/**
 * MiniRocket features of a univariate series (Dempster, Schmidt and Webb,
 * "MiniRocket", KDD 2021): the 84 kernels of length 9 whose weights are -1
 * except three 2s, at exponentially spaced dilations, each convolution
 * output compared with several biases; a feature is the proportion of
 * positive values (PPV) of output minus bias. The biases are quantiles of
 * the output on training series drawn with a seeded generator, so fitting
 * is deterministic. The convolutions use the paper's trick: with weights
 * -1 and 2, a kernel's output is minus the sum of the nine shifted series
 * plus three times the sum of its three chosen ones.
 *
 * @module
 */
import { Random } from "../../simulators/random.ts";

/** Kernel length. */
const KERNEL = 9;
/** The 84 kernels: the three positions (of 9) that weigh 2. */
const KERNELS: readonly (readonly [number, number, number])[] = (() => {
  const out: [number, number, number][] = [];
  for (let a = 0; a < KERNEL; a++) {
    for (let b = a + 1; b < KERNEL; b++) {
      for (let c = b + 1; c < KERNEL; c++) out.push([a, b, c]);
    }
  }
  return out;
})();

/** A fitted transform for series of one length. */
export interface MiniRocketParams {
  /** Series length. */
  length: number;
  /** Dilations, increasing. */
  dilations: number[];
  /** Biases per dilation and kernel (`dilations.length` × 84 groups). */
  featuresPerDilation: number[];
  /** Every bias, dilation after dilation, kernel after kernel. */
  biases: Float32Array;
}

/** Features {@linkcode miniRocketTransform} writes for `p`. */
export function miniRocketFeatureCount(p: MiniRocketParams): number {
  return p.biases.length;
}

/** Low-discrepancy quantile levels (golden-ratio sequence), as in the paper. */
function quantileLevels(n: number): Float64Array {
  const phi = (Math.sqrt(5) + 1) / 2;
  return Float64Array.from({ length: n }, (_, i) => ((i + 1) * phi) % 1);
}

/** Output of kernel `k` alone at dilation `d` on `x`, into `out`. */
function convolveOne(x: ArrayLike<number>, d: number, k: number, out: Float64Array): void {
  const n = x.length, [a, b, c] = KERNELS[k];
  for (let t = 0; t < n; t++) {
    let s = 0;
    for (let j = 0; j < KERNEL; j++) {
      const u = t + (j - 4) * d;
      if (u >= 0 && u < n) s += (j === a || j === b || j === c ? 2 : -1) * x[u];
    }
    out[t] = s;
  }
}

/**
 * Fit the transform: dilations for the series length, and biases from the
 * outputs on training series drawn by a seeded generator.
 *
 * @param series training series, all of one length
 * @param features about how many features to make (a multiple of 84 at most this)
 * @param seed generator seed
 */
export function fitMiniRocket(
  series: readonly ArrayLike<number>[],
  features: number,
  seed: number,
): MiniRocketParams {
  if (series.length === 0) throw new Error("MiniRocket: no series to fit on");
  const n = series[0].length;
  if (n < KERNEL) throw new Error(`MiniRocket: series of ${n} points, need ${KERNEL}`);
  const perKernel = Math.max(1, Math.floor(features / KERNELS.length));
  const maxDilations = Math.min(perKernel, 32);
  const multiplier = perKernel / maxDilations;
  const maxExponent = Math.log2((n - 1) / (KERNEL - 1));
  const dilations: number[] = [], counts: number[] = [];
  for (let i = 0; i < maxDilations; i++) {
    const d = Math.floor(2 ** (maxDilations > 1 ? (maxExponent * i) / (maxDilations - 1) : 0));
    if (dilations.at(-1) === d) counts[counts.length - 1]++;
    else {
      dilations.push(d);
      counts.push(1);
    }
  }
  const featuresPerDilation = counts.map((c) => Math.floor(c * multiplier));
  let left = perKernel - featuresPerDilation.reduce((a, b) => a + b, 0);
  for (let i = 0; left > 0; i = (i + 1) % featuresPerDilation.length, left--) {
    featuresPerDilation[i]++;
  }
  const rng = new Random(seed, "minirocket");
  const total = featuresPerDilation.reduce((a, b) => a + b, 0) * KERNELS.length;
  const biases = new Float32Array(total);
  const sorted = new Float64Array(n);
  let o = 0;
  dilations.forEach((d, di) => {
    const nf = featuresPerDilation[di];
    const levels = quantileLevels(KERNELS.length * nf);
    for (let k = 0; k < KERNELS.length; k++) {
      const x = series[Math.floor(rng.next() * series.length)];
      if (x.length !== n) throw new Error(`MiniRocket: series of ${x.length} points, not ${n}`);
      convolveOne(x, d, k, sorted);
      sorted.sort();
      for (let f = 0; f < nf; f++) {
        const pos = levels[k * nf + f] * (n - 1), i = Math.floor(pos), r = pos - i;
        biases[o++] = sorted[i] + r * (sorted[Math.min(i + 1, n - 1)] - sorted[i]);
      }
    }
  });
  return { length: n, dilations, featuresPerDilation, biases };
}

/**
 * What {@linkcode miniRocketTransform} precomputes for one fitted transform,
 * so that a series costs no allocation: scratch buffers for the shifted
 * series and one kernel's output, and, per dilation and kernel, the order
 * of its biases (so outputs can be counted against all of them at once).
 */
export interface MiniRocketPlan {
  /** The transform planned for. */
  params: MiniRocketParams;
  /** The nine shifted series, then their sum. */
  shifted: Float64Array[];
  /** One kernel's output. */
  output: Float64Array;
  /** Per bias (as stored), its rank among its kernel's biases at its dilation. */
  rank: Int32Array;
  /** The biases sorted increasing within each dilation and kernel group. */
  sorted: Float64Array;
  /** Outputs per rank bucket, one group at a time. */
  buckets: Int32Array;
}

/** Groups with at least this many biases are counted by bucketing outputs; smaller ones bias by bias. */
const BUCKET_FROM = 3;

/** Precompute what transforming series with `p` needs (see {@linkcode MiniRocketPlan}). */
export function planMiniRocket(p: MiniRocketParams): MiniRocketPlan {
  const n = p.length;
  const rank = new Int32Array(p.biases.length), sorted = new Float64Array(p.biases.length);
  let b = 0, most = 0;
  p.dilations.forEach((_, di) => {
    const nf = p.featuresPerDilation[di];
    most = Math.max(most, nf);
    for (let k = 0; k < KERNELS.length; k++, b += nf) {
      const order = Array.from({ length: nf }, (_, f) => f)
        .sort((u, v) => p.biases[b + u] - p.biases[b + v] || u - v);
      order.forEach((f, r) => {
        rank[b + f] = r;
        sorted[b + r] = p.biases[b + f];
      });
    }
  });
  return {
    params: p,
    shifted: Array.from({ length: KERNEL + 1 }, () => new Float64Array(n)),
    output: new Float64Array(n),
    rank,
    sorted,
    buckets: new Int32Array(most + 1),
  };
}

/** Fill `shifted[j]` with `x` shifted by (j − 4)·d (zeros outside) and `shifted[9]` with their sum. */
function shift(x: ArrayLike<number>, d: number, shifted: Float64Array[]): void {
  const n = x.length, sum = shifted[KERNEL];
  sum.fill(0);
  for (let j = 0; j < KERNEL; j++) {
    const g = shifted[j], off = (j - 4) * d;
    const from = Math.max(0, -off), to = Math.min(n, n - off);
    g.fill(0);
    for (let t = from; t < to; t++) g[t] = x[t + off];
    for (let t = 0; t < n; t++) sum[t] += g[t];
  }
}

/**
 * Write the features of `x` into `out` from `offset`: per dilation, kernel
 * and bias, the proportion of outputs above the bias. Every other kernel
 * (alternating with the dilation) reads only the outputs whose receptive
 * field lies inside the series, as in the paper.
 *
 * Each kernel's output is computed once and counted against all its biases
 * at that dilation: few biases one by one, more by putting each output in
 * the bucket of how many (sorted) biases lie below it (a binary search) and
 * summing buckets, which makes the same counts with fewer comparisons.
 * Pass a plan ({@linkcode planMiniRocket}) when transforming many series.
 */
export function miniRocketTransform(
  p: MiniRocketParams,
  x: ArrayLike<number>,
  out: Float32Array,
  offset = 0,
  plan: MiniRocketPlan = planMiniRocket(p),
): void {
  const n = p.length;
  if (x.length !== n) throw new Error(`MiniRocket: series of ${x.length} points, not ${n}`);
  if (plan.params !== p) throw new Error("MiniRocket: plan made for another transform");
  const { shifted, output: c, rank, sorted, buckets } = plan;
  const sum = shifted[KERNEL], biases = p.biases;
  let o = offset;
  for (let di = 0; di < p.dilations.length; di++) {
    const d = p.dilations[di];
    shift(x, d, shifted);
    const nf = p.featuresPerDilation[di], pad = 4 * d;
    for (let k = 0; k < KERNELS.length; k++) {
      const [a, b, cc] = KERNELS[k];
      const ga = shifted[a], gb = shifted[b], gc = shifted[cc];
      const inner = (di + k) % 2 === 1 && n - 2 * pad > 0;
      const lo = inner ? pad : 0, hi = inner ? n - pad : n, len = hi - lo;
      for (let t = lo; t < hi; t++) c[t] = 3 * (ga[t] + gb[t] + gc[t]) - sum[t];
      if (nf < BUCKET_FROM) {
        for (let f = 0; f < nf; f++) {
          const bias = biases[o - offset + f];
          let pos = 0;
          for (let t = lo; t < hi; t++) if (c[t] > bias) pos++;
          out[o + f] = pos / len;
        }
      } else {
        // Bucket m holds the outputs above exactly m of the sorted biases; an
        // output is above sorted bias r when it is in a bucket past r.
        const g = o - offset;
        buckets.fill(0, 0, nf + 1);
        for (let t = lo; t < hi; t++) {
          const v = c[t];
          let l = 0, h = nf;
          while (l < h) {
            const m = (l + h) >> 1;
            if (sorted[g + m] < v) l = m + 1;
            else h = m;
          }
          buckets[l]++;
        }
        let above = len;
        for (let r = 0; r < nf; r++) {
          above -= buckets[r];
          buckets[r] = above;
        }
        for (let f = 0; f < nf; f++) out[o + f] = buckets[rank[g + f]] / len;
      }
      o += nf;
    }
  }
}
