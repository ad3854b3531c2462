/**
 * A trend in words: the caption a screen reader gets (range, resolution,
 * extent, latest value, quality) and the line under a chart that reads the
 * row under the cursor.
 *
 * @module
 */
import { displayUnit, formatClock, formatNumber } from "./display_format.ts";
import { latestValue, type TrendSeries, valueExtent } from "./trend_series.ts";

/** The words a screen reader gets for a chart: range, resolution, extent, latest, quality. */
export function trendSummary(
  point: string,
  unit: string,
  s: TrendSeries,
  from: number,
  to: number,
): string {
  const u = displayUnit(unit);
  const fmt = (v: number) => (u ? `${formatNumber(v)} ${u}` : formatNumber(v));
  const range = `${formatClock(from)} to ${formatClock(to)} UTC`;
  const what = s.bucketed
    ? `${s.historyRows} buckets of ${stepWords(s.stepMs ?? 60_000)} (mean, with min-max band)`
    : `${s.historyRows} recorded samples`;
  const live = s.liveSamples ? `, ${s.liveSamples} live` : "";
  const ext = valueExtent(s);
  const last = latestValue(s);
  const values = ext
    ? `; from ${fmt(ext[0])} to ${fmt(ext[1])}${last !== undefined ? `, latest ${fmt(last)}` : ""}`
    : "; no values in this range";
  const quality = [
    s.bad ? `${s.bad} bad shown as gaps` : "",
    s.uncertainCount ? `${s.uncertainCount} uncertain marked` : "",
  ].filter(Boolean).join(", ");
  return `${point.replaceAll("_", " ")}, ${range}: ${what}${live}${values}${
    quality ? `; ${quality}` : ""
  }.`;
}

/** A bucket width in words: `1 min`, `15 min`, `1 h`, `1 d`. */
export function stepWords(ms: number): string {
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000} d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${ms / 1000} s`;
}

/** What the cursor reads at row `i`: time, value with unit, the bucket's range, quality. */
export function cursorReadout(
  s: TrendSeries,
  i: number | null | undefined,
  unit: string,
): string {
  if (i === null || i === undefined || i >= s.ts.length) return "";
  const fmt = (v: number) => (unit ? `${formatNumber(v)} ${unit}` : formatNumber(v));
  const v = s.value[i], lo = s.min[i], hi = s.max[i];
  const value = v === null ? "no value (gap)" : fmt(v);
  const band = lo !== null && hi !== null ? ` (min ${fmt(lo)}, max ${fmt(hi)})` : "";
  const mark = s.uncertain[i] !== null ? ", uncertain" : "";
  return `${formatClock(s.ts[i])} UTC · ${value}${band}${mark}`;
}
