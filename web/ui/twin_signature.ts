/**
 * What a fleet card or row shows of a twin, as one string. Every twin gets a
 * new version every second whether or not anything visible moved, so views
 * compare signatures to skip re-rendering unchanged twins.
 *
 * @module
 */
import type { KeyPoint, TwinView } from "./api_types.ts";
import { formatWithUnit } from "./display_format.ts";

/** The visible state of `t` with key points `keys`: equal strings render the same. */
export function twinSignature(t: TwinView, keys: readonly KeyPoint[]): string {
  let s = `${t.name}\u0000${t.mode}\u0000${t.running}`;
  for (const k of keys) {
    const p = t.points[k.name];
    s += p ? `\u0000${formatWithUnit(p.value, p.unit)}\u0001${p.quality}` : "\u0000-";
  }
  return s;
}
