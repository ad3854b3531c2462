/**
 * The card as the classifier reads it: two series over one stroke, position
 * and load at {@linkcode SERIES_POINTS} equal phases from the lowest
 * position. Position is scaled to 0..1; load is divided by the highest load,
 * so the lowest over the highest load (how much of the load is rod weight,
 * which separates thin cards from full ones) stays in the shape. Nothing
 * depends on units, depth or stroke length.
 *
 * @module
 */
import { trimPadding } from "./card_features.ts";

/** Phases per channel. */
export const SERIES_POINTS = 128;

/** Position (0..1) then load (over its highest), each at {@linkcode SERIES_POINTS} phases. */
export function cardSeries(position: ArrayLike<number>, load: ArrayLike<number>): Float64Array {
  const n = trimPadding(position, load);
  let start = 0, lo = Infinity, hi = -Infinity, fHi = -Infinity;
  for (let i = 0; i < n; i++) {
    if (position[i] < position[start]) start = i;
    lo = Math.min(lo, position[i]);
    hi = Math.max(hi, position[i]);
    fHi = Math.max(fHi, load[i]);
  }
  const span = hi - lo > 0 ? hi - lo : 1, top = fHi > 0 ? fHi : 1;
  const out = new Float64Array(2 * SERIES_POINTS);
  for (let k = 0; k < SERIES_POINTS; k++) {
    const t = (k * n) / SERIES_POINTS, i = Math.floor(t), r = t - i;
    const a = (start + i) % n, b = (start + i + 1) % n;
    out[k] = (position[a] + r * (position[b] - position[a]) - lo) / span;
    out[SERIES_POINTS + k] = (load[a] + r * (load[b] - load[a])) / top;
  }
  return out;
}
