/**
 * Axes for the small SVG plots: round tick values (1, 2 or 5 times a power of
 * ten) that cover the data, and the linear map from data to pixels.
 *
 * @module
 */

/** An axis: its rounded range and the tick values on it. */
export interface Axis {
  /** Lower end (a tick). */
  lo: number;
  /** Upper end (a tick). */
  hi: number;
  /** Distance between ticks. */
  step: number;
  /** Tick values from lo to hi. */
  ticks: number[];
}

/** Round ticks covering [min, max] with about `count` intervals. */
export function niceAxis(min: number, max: number, count = 5): Axis {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return niceAxis(0, 1, count);
  if (max < min) [min, max] = [max, min];
  if (max === min) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
    min -= pad;
    max += pad;
  }
  const raw = (max - min) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw * 0.999) ?? 10 * mag;
  const lo = Math.floor(min / step + 1e-9) * step;
  const hi = Math.ceil(max / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let i = 0, v = lo; v <= hi + step * 1e-6; v = lo + ++i * step) {
    // Multiples of a fractional step pick up binary noise (0.30000000000000004).
    ticks.push(Number(v.toPrecision(12)));
  }
  return { lo, hi, step, ticks };
}

/** Map `v` from [d0, d1] to [r0, r1]. */
export function scale(v: number, d0: number, d1: number, r0: number, r1: number): number {
  return d1 === d0 ? (r0 + r1) / 2 : r0 + ((v - d0) / (d1 - d0)) * (r1 - r0);
}

/** The smallest and largest finite values of a series. */
export function extent(values: readonly number[]): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : [0, 1];
}

/** A tick label with no more decimals than the step needs. */
export function tickLabel(v: number, step: number): string {
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  return v.toFixed(decimals);
}
