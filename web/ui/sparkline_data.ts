/**
 * The data behind the fleet cards' sparklines: the last hour of a point in
 * 1-minute rollup means, read for many points at once (as few
 * `GET /api/history` requests as the API's per-request limit allows), laid
 * on a fixed grid of minutes with gaps where nothing was recorded, and
 * turned into line segments for a small canvas.
 *
 * @module
 */

/** The span a sparkline covers. */
export const SPARK_SPAN_MS = 3_600_000;
/** Its bucket width: the store's 1-minute rollups. */
export const SPARK_STEP_MS = 60_000;
/** Most points one history request may name (the API's own limit). */
export const SPARK_SERIES_PER_REQUEST = 50;

/** The key of one sparkline: `twin:point`, as the history API's `series` parameter names it. */
export function sparkKey(twin: string, point: string): string {
  return `${twin}:${point}`;
}

/**
 * The history requests for `keys` over the hour ending at `now`: 1-minute
 * buckets, at most {@linkcode SPARK_SERIES_PER_REQUEST} points per request;
 * `from` is aligned to a whole minute so every request shares one grid.
 */
export function sparkRequestPaths(keys: readonly string[], now: number): string[] {
  const to = Math.floor(now / SPARK_STEP_MS) * SPARK_STEP_MS + SPARK_STEP_MS - 1;
  const from = to + 1 - SPARK_SPAN_MS;
  const paths: string[] = [];
  for (let i = 0; i < keys.length; i += SPARK_SERIES_PER_REQUEST) {
    const q = new URLSearchParams({
      series: keys.slice(i, i + SPARK_SERIES_PER_REQUEST).join(","),
      from: String(from),
      to: String(to),
      step: "1m",
    });
    paths.push(`/api/history?${q}`);
  }
  return paths;
}

/**
 * Bucket rows (`[ts, min, max, mean, last, count]`) as one value per minute
 * from `from` on, `slots` of them: the mean (or `last` for a value without
 * one), null for a minute without samples.
 */
export function sparkValues(
  rows: readonly unknown[][],
  from: number,
  slots: number,
): (number | null)[] {
  const out: (number | null)[] = new Array(slots).fill(null);
  for (const row of rows) {
    const i = Math.floor((Number(row[0]) - from) / SPARK_STEP_MS);
    if (i < 0 || i >= slots) continue;
    const mean = row[3], last = row[4];
    const v = typeof mean === "number" ? mean : typeof last === "boolean" ? Number(last) : last;
    out[i] = typeof v === "number" && Number.isFinite(v) ? v : null;
  }
  return out;
}

/**
 * Line segments (broken at gaps) drawing `values` across `width` x
 * `height`, lowest value at the bottom; a value that never moved is drawn
 * through the middle. Empty when there is nothing to draw.
 */
export function sparkSegments(
  values: readonly (number | null)[],
  width: number,
  height: number,
): [number, number][][] {
  let lo = Infinity, hi = -Infinity;
  for (const v of values) {
    if (v === null) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo > hi) return [];
  const pad = 1.5;
  const x = (i: number) => values.length < 2 ? width / 2 : (i / (values.length - 1)) * width;
  const y = (v: number) =>
    hi === lo ? height / 2 : pad + (1 - (v - lo) / (hi - lo)) * (height - 2 * pad);
  const segments: [number, number][][] = [];
  let current: [number, number][] | undefined;
  values.forEach((v, i) => {
    if (v === null) {
      current = undefined;
      return;
    }
    if (!current) segments.push(current = []);
    current.push([x(i), y(v)]);
  });
  return segments;
}
