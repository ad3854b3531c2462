/**
 * One point's trend as columns a chart draws: history rows (raw samples or
 * rollup buckets) read from `GET /api/history`, joined with the live
 * samples the stream brings, with no gap and no duplicate at the seam. Bad
 * samples become gaps (null) and are counted; uncertain ones are kept and
 * marked; buckets missing where the plant recorded nothing become gaps too.
 *
 * @module
 */
import type { PointValue, Quality } from "./api_types.ts";

/** One point of a `GET /api/history` JSON answer. */
export interface HistorySeriesJson {
  /** Twin id. */
  twin: string;
  /** Point name. */
  point: string;
  /** Unit. */
  unit: string;
  /** Whether the answer was cut at its row limit. */
  truncated: boolean;
  /** `[ts, value, quality]` (raw) or `[ts, min, max, mean, last, count]` (buckets). */
  rows: unknown[][];
}

/** A `GET /api/history` JSON answer. */
export interface HistoryAnswer {
  /** First time included (epoch ms). */
  from: number;
  /** Last time included (epoch ms). */
  to: number;
  /** Level read: `raw`, `1m` or `1h`. */
  resolution: string;
  /** Bucket width when not the level's own, else null. */
  step: number | null;
  /** Names of the row columns. */
  columns: string[];
  /** One entry per point. */
  series: HistorySeriesJson[];
}

/** A point's trend in columns, oldest first; the chart's data. */
export interface TrendSeries {
  /** Sample or bucket times (epoch ms). */
  ts: number[];
  /** Values (bucket means); null is a gap. */
  value: (number | null)[];
  /** Bucket minimum, null for raw and live samples. */
  min: (number | null)[];
  /** Bucket maximum, null for raw and live samples. */
  max: (number | null)[];
  /** The value again where its sample was uncertain (drawn as a marker), else null. */
  uncertain: (number | null)[];
  /** Whether the history part is buckets. */
  bucketed: boolean;
  /** Bucket width (ms) when bucketed. */
  stepMs: number | undefined;
  /** Rows that came from history. */
  historyRows: number;
  /** Samples appended from the live stream. */
  liveSamples: number;
  /** Bad samples, drawn as gaps. */
  bad: number;
  /** Uncertain samples, marked. */
  uncertainCount: number;
}

const LEVEL_MS: Record<string, number> = { "1m": 60_000, "1h": 3_600_000 };

/** An empty trend (a point with no history yet, or a plant without history). */
export function emptySeries(): TrendSeries {
  return {
    ts: [],
    value: [],
    min: [],
    max: [],
    uncertain: [],
    bucketed: false,
    stepMs: undefined,
    historyRows: 0,
    liveSamples: 0,
    bad: 0,
    uncertainCount: 0,
  };
}

const num = (v: unknown): number | null => typeof v === "number" && Number.isFinite(v) ? v : null;

/** A number for a plotted value: numbers as they are, booleans as 0 and 1, else null. */
export function plotValue(v: PointValue | unknown): number | null {
  if (typeof v === "boolean") return v ? 1 : 0;
  return num(v);
}

/**
 * The trend of one point of `answer`: raw rows as samples (bad ones as
 * gaps), bucket rows as mean with min and max, and a gap wherever buckets
 * are missing (more than one and a half widths between two).
 */
export function seriesFromHistory(answer: HistoryAnswer, s: HistorySeriesJson): TrendSeries {
  const out = emptySeries();
  const bucketed = answer.columns.length > 3;
  out.bucketed = bucketed;
  if (bucketed) {
    const stepMs = answer.step ?? LEVEL_MS[answer.resolution] ?? 60_000;
    out.stepMs = stepMs;
    let prev: number | undefined;
    for (const row of s.rows) {
      const ts = Number(row[0]);
      if (prev !== undefined && ts - prev > stepMs * 1.5) pushGap(out, prev + stepMs);
      out.ts.push(ts);
      out.min.push(num(row[1]));
      out.max.push(num(row[2]));
      out.value.push(num(row[3]) ?? plotValue(row[4]));
      out.uncertain.push(null);
      prev = ts;
    }
  } else {
    for (const row of s.rows) pushSample(out, Number(row[0]), row[1], row[2] as Quality);
  }
  out.historyRows = s.rows.length;
  out.liveSamples = 0;
  return out;
}

function pushGap(out: TrendSeries, ts: number): void {
  out.ts.push(ts);
  out.value.push(null);
  out.min.push(null);
  out.max.push(null);
  out.uncertain.push(null);
}

function pushSample(out: TrendSeries, ts: number, value: unknown, quality: Quality): void {
  const v = quality === "bad" ? null : plotValue(value);
  if (quality === "bad") out.bad++;
  if (quality === "uncertain" && v !== null) out.uncertainCount++;
  // A sample stored again at the same time (its quality changed) replaces the earlier one.
  const last = out.ts.length - 1;
  if (last >= 0 && out.ts[last] === ts) {
    out.value[last] = v;
    out.uncertain[last] = quality === "uncertain" ? v : null;
    return;
  }
  out.ts.push(ts);
  out.value.push(v);
  out.min.push(null);
  out.max.push(null);
  out.uncertain.push(quality === "uncertain" ? v : null);
}

/** A live sample of one point, as the stream gives it. */
export interface LiveSample {
  /** Source time (epoch ms, runtime clock). */
  ts: number;
  /** The value. */
  value: PointValue;
  /** Its quality. */
  quality: Quality;
}

/**
 * Append a live sample when it is newer than everything the trend holds
 * (so a sample that history already has, or an older one, is not drawn
 * twice); returns whether it was appended. A point whose quality changed
 * without a new sample keeps its time: the newest sample takes the new quality.
 */
export function appendLive(series: TrendSeries, sample: LiveSample): boolean {
  if (!sample.ts) return false;
  const last = series.ts.length - 1;
  const lastTs = last >= 0 ? series.ts[last] : -Infinity;
  if (sample.ts < lastTs) return false;
  if (sample.ts === lastTs) {
    if (series.bucketed && series.liveSamples === 0) return false; // the bucket's start, not a sample
    const v = sample.quality === "bad" ? null : plotValue(sample.value);
    const before = series.value[last];
    const beforeUncertain = series.uncertain[last];
    series.value[last] = v;
    series.uncertain[last] = sample.quality === "uncertain" ? v : null;
    return before !== v || beforeUncertain !== series.uncertain[last];
  }
  pushSample(series, sample.ts, sample.value, sample.quality);
  series.liveSamples++;
  return true;
}

/**
 * History joined with the live samples seen while it was being read: those
 * newer than its last row are appended in time order, the rest dropped.
 */
export function joinLive(series: TrendSeries, live: readonly LiveSample[]): TrendSeries {
  const sorted = [...live].sort((a, b) => a.ts - b.ts);
  for (const s of sorted) appendLive(series, s);
  return series;
}

/** Drop what lies before `from` (a live range sliding on), keeping one row before it so the line enters the chart. */
export function trimBefore(series: TrendSeries, from: number): void {
  let cut = 0;
  while (cut + 1 < series.ts.length && series.ts[cut + 1] < from) cut++;
  if (cut === 0) return;
  for (const col of [series.ts, series.value, series.min, series.max, series.uncertain]) {
    col.splice(0, cut);
  }
}

/** Smallest and largest plotted value (min and max of buckets included); undefined when none. */
export function valueExtent(series: TrendSeries): [number, number] | undefined {
  let lo = Infinity, hi = -Infinity;
  for (const col of [series.value, series.min, series.max]) {
    for (const v of col) {
      if (v === null) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return lo <= hi ? [lo, hi] : undefined;
}

/** The latest plotted value, if any. */
export function latestValue(series: TrendSeries): number | undefined {
  for (let i = series.value.length - 1; i >= 0; i--) {
    const v = series.value[i];
    if (v !== null) return v;
  }
  return undefined;
}
