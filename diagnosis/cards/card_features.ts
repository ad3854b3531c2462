/**
 * Features of a dynamometer card that do not depend on the well's size: the
 * card is trimmed of zero padding, turned to start at its lowest position,
 * and scaled so position and load each run over 0..1. What is left is its
 * shape (the load along the upstroke and the downstroke at fixed positions,
 * position and load at fixed phases of the stroke, a few Fourier
 * descriptors of the closed curve) plus scale-free numbers (area against the
 * bounding box, lowest over highest load, where the top of the stroke falls
 * in time). Field cards from many wells and the simulator's cards therefore
 * land in one feature space.
 *
 * @module
 */

/** Points per half-stroke in the position-resampled shape. */
export const SHAPE_POINTS = 24;
/** Points over the stroke in the phase-resampled curve. */
export const PHASE_POINTS = 24;
/** Fourier descriptors kept (magnitudes of harmonics 2..FOURIER+1, over the first). */
export const FOURIER = 6;

/** Names of the feature vector's entries, in order. */
export const FEATURE_NAMES: readonly string[] = [
  ...Array.from({ length: SHAPE_POINTS }, (_, i) => `up_load_${i}`),
  ...Array.from({ length: SHAPE_POINTS }, (_, i) => `down_load_${i}`),
  ...Array.from({ length: PHASE_POINTS }, (_, i) => `phase_pos_${i}`),
  ...Array.from({ length: PHASE_POINTS }, (_, i) => `phase_load_${i}`),
  ...Array.from({ length: FOURIER }, (_, i) => `fourier_${i + 2}`),
  "area",
  "min_over_max_load",
  "top_phase",
  "up_mean_load",
  "down_mean_load",
];

/** Drop trailing (0, 0) samples: fixed-length files pad short cards with zeros. */
export function trimPadding(x: ArrayLike<number>, f: ArrayLike<number>): number {
  let n = x.length;
  while (n > 8 && x[n - 1] === 0 && f[n - 1] === 0) n--;
  return n;
}

/** Linear interpolation of y(x) at `at`; `xs` must be non-decreasing. */
function interp(xs: Float64Array, ys: Float64Array, at: number): number {
  const n = xs.length;
  if (at <= xs[0]) return ys[0];
  if (at >= xs[n - 1]) return ys[n - 1];
  let lo = 0, hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= at) lo = mid;
    else hi = mid;
  }
  const dx = xs[hi] - xs[lo];
  return dx > 0 ? ys[lo] + ((at - xs[lo]) / dx) * (ys[hi] - ys[lo]) : ys[hi];
}

/**
 * Resample one half-stroke at `m` equally spaced positions 0..1 into `out`
 * from `offset`; returns the mean load. `rising` false walks it backwards,
 * so the downstroke too is read with positions rising.
 */
function halfStroke(
  xs: Float64Array,
  fs: Float64Array,
  rising: boolean,
  m: number,
  out: Float64Array,
  offset: number,
): number {
  const n = xs.length;
  const px = new Float64Array(n), pf = new Float64Array(n);
  // A running maximum makes the path monotone through small reversals (rod vibration).
  let run = -Infinity;
  for (let i = 0; i < n; i++) {
    const j = rising ? i : n - 1 - i;
    run = Math.max(run, xs[j]);
    px[i] = run;
    pf[i] = fs[j];
  }
  let mean = 0;
  for (let k = 0; k < m; k++) {
    const v = interp(px, pf, k / (m - 1));
    out[offset + k] = v;
    mean += v;
  }
  return mean / m;
}

/** The feature vector of a card given by positions and loads (any units). */
export function cardFeatures(
  position: ArrayLike<number>,
  load: ArrayLike<number>,
): Float64Array {
  const n = trimPadding(position, load);
  let start = 0, lo = Infinity, hi = -Infinity, fLo = Infinity, fHi = -Infinity;
  for (let i = 0; i < n; i++) {
    if (position[i] < position[start]) start = i;
    lo = Math.min(lo, position[i]);
    hi = Math.max(hi, position[i]);
    fLo = Math.min(fLo, load[i]);
    fHi = Math.max(fHi, load[i]);
  }
  const xSpan = hi - lo > 0 ? hi - lo : 1, fSpan = fHi - fLo > 0 ? fHi - fLo : 1;
  const x = new Float64Array(n), f = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const j = (start + i) % n;
    x[i] = (position[j] - lo) / xSpan;
    f[i] = (load[j] - fLo) / fSpan;
  }
  let top = 0;
  for (let i = 1; i < n; i++) if (x[i] > x[top]) top = i;
  const out = new Float64Array(FEATURE_NAMES.length);
  let o = 0;
  const upMean = halfStroke(
    x.subarray(0, top + 1),
    f.subarray(0, top + 1),
    true,
    SHAPE_POINTS,
    out,
    o,
  );
  o += SHAPE_POINTS;
  const dx = new Float64Array(n - top + 1), df = new Float64Array(n - top + 1);
  dx.set(x.subarray(top));
  df.set(f.subarray(top));
  dx[n - top] = x[0];
  df[n - top] = f[0];
  const downMean = halfStroke(dx, df, false, SHAPE_POINTS, out, o);
  o += SHAPE_POINTS;
  for (let k = 0; k < PHASE_POINTS; k++) {
    const t = (k * n) / PHASE_POINTS, i = Math.floor(t), r = t - i, j = (i + 1) % n;
    out[o + k] = x[i] + r * (x[j] - x[i]);
    out[o + PHASE_POINTS + k] = f[i] + r * (f[j] - f[i]);
  }
  o += 2 * PHASE_POINTS;
  // Fourier descriptors of the closed curve x + i·f: magnitudes relative to the first harmonic.
  const mags = new Float64Array(FOURIER + 2);
  // One table of the n-th roots of unity serves every harmonic (trigonometry was most of the cost).
  const tc = new Float64Array(n), ts = new Float64Array(n);
  for (let m = 0; m < n; m++) {
    tc[m] = Math.cos((2 * Math.PI * m) / n);
    ts[m] = Math.sin((2 * Math.PI * m) / n);
  }
  for (let h = 1; h <= FOURIER + 1; h++) {
    let re = 0, im = 0;
    for (let i = 0, m = 0; i < n; i++, m = (m + h) % n) {
      const c = tc[m], s = -ts[m];
      re += x[i] * c - f[i] * s;
      im += x[i] * s + f[i] * c;
    }
    mags[h] = Math.hypot(re, im) / n;
  }
  for (let h = 2; h <= FOURIER + 1; h++) out[o++] = mags[1] > 0 ? mags[h] / mags[1] : 0;
  let area = 0;
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    area += 0.5 * (f[i] + f[j]) * (x[j] - x[i]);
  }
  out[o++] = Math.abs(area);
  out[o++] = fHi > 0 ? Math.max(0, fLo) / fHi : 0;
  out[o++] = top / n;
  out[o++] = upMean;
  out[o++] = downMean;
  return out;
}
