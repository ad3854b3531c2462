/**
 * Which points a twin's trends can draw and which they open on.
 *
 * @module
 */
import type { PointSpec } from "./api_types.ts";

/** Most points charted at once. */
export const MAX_TREND_POINTS = 6;

/** The points a trend can draw: numeric ones, in the kind's order. */
export function trendablePoints(specs: Record<string, PointSpec>): string[] {
  return Object.entries(specs).filter(([, s]) => (s.type ?? "number") === "number")
    .map(([n]) => n);
}

/** The points drawn when the page opens: the kind's key numeric points, else its first three. */
export function defaultTrendPoints(specs: Record<string, PointSpec>): string[] {
  const numeric = trendablePoints(specs);
  const keys = numeric.filter((n) => specs[n].key);
  return (keys.length ? keys : numeric.slice(0, 3)).slice(0, MAX_TREND_POINTS);
}
