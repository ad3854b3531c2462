/**
 * The time range a trend shows and the history query that fills it: range
 * presets that follow the runtime clock, zoom to a selection, pan by half a
 * span, and the bucket width that keeps a chart at a few points per pixel
 * whatever the range (raw samples for short ranges, as the API would pick).
 *
 * @module
 */

/** A range preset: its label and span. */
export interface TrendPreset {
  /** Button label. */
  label: string;
  /** Span in ms. */
  spanMs: number;
}

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/** The range presets offered above every trend. */
export const TREND_PRESETS: readonly TrendPreset[] = [
  { label: "1 h", spanMs: HOUR },
  { label: "24 h", spanMs: DAY },
  { label: "7 d", spanMs: 7 * DAY },
  { label: "30 d", spanMs: 30 * DAY },
];

/** The narrowest range a zoom goes to. */
export const MIN_SPAN_MS = MINUTE;
/** The widest range a zoom-out goes to (the default retention). */
export const MAX_SPAN_MS = 90 * DAY;

/**
 * What a trend shows: `live` ranges end at the runtime's now and slide with
 * it (live values are appended); fixed ranges stay where the user put them.
 */
export type TrendRange =
  | { live: true; spanMs: number }
  | { live: false; from: number; to: number };

/** The range's ends at runtime time `now` (epoch ms). */
export function rangeBounds(range: TrendRange, now: number): { from: number; to: number } {
  return range.live ? { from: now - range.spanMs, to: now } : { from: range.from, to: range.to };
}

/** The range's span in ms. */
export function rangeSpan(range: TrendRange): number {
  return range.live ? range.spanMs : range.to - range.from;
}

/**
 * Zoom to `from`..`to` (a drag-selection), no narrower than
 * {@linkcode MIN_SPAN_MS} around its middle; the result is fixed, not live.
 */
export function zoomTo(from: number, to: number): TrendRange {
  const lo = Math.min(from, to), hi = Math.max(from, to);
  if (hi - lo >= MIN_SPAN_MS) return { live: false, from: Math.round(lo), to: Math.round(hi) };
  const mid = (lo + hi) / 2;
  return {
    live: false,
    from: Math.round(mid - MIN_SPAN_MS / 2),
    to: Math.round(mid + MIN_SPAN_MS / 2),
  };
}

/**
 * Zoom by `factor` around the range's middle (below 1 zooms in, above 1
 * out), within {@linkcode MIN_SPAN_MS} and {@linkcode MAX_SPAN_MS}; a live
 * range stays live (its end stays at now).
 */
export function zoomBy(range: TrendRange, factor: number, now: number): TrendRange {
  const span = Math.min(MAX_SPAN_MS, Math.max(MIN_SPAN_MS, rangeSpan(range) * factor));
  if (range.live) return { live: true, spanMs: Math.round(span) };
  const mid = (range.from + range.to) / 2;
  const to = Math.min(now, mid + span / 2);
  return { live: false, from: Math.round(to - span), to: Math.round(to) };
}

/**
 * Move the range by `fraction` of its span (negative is earlier). A range
 * moved to or past `now` becomes live again, so "later" ends on the live edge.
 */
export function panBy(range: TrendRange, fraction: number, now: number): TrendRange {
  const span = rangeSpan(range);
  const { from } = rangeBounds(range, now);
  const newFrom = from + span * fraction;
  if (newFrom + span >= now) return { live: true, spanMs: span };
  return { live: false, from: Math.round(newFrom), to: Math.round(newFrom + span) };
}

/** Raw samples answer ranges up to this long (the history API's own limit for raw). */
export const RAW_SPAN_MS = 2 * HOUR;

/** Bucket widths a trend asks for: multiples of the store's 1-minute and 1-hour rollups. */
export const TREND_STEPS_MS: readonly number[] = [
  MINUTE,
  5 * MINUTE,
  15 * MINUTE,
  HOUR,
  6 * HOUR,
  DAY,
];

/**
 * The bucket width for a chart `widthPx` wide over `spanMs`: none (raw
 * samples) up to {@linkcode RAW_SPAN_MS}, else the finest width from
 * {@linkcode TREND_STEPS_MS} that gives at most about two buckets per pixel
 * (at least 600 and at most 2,000 buckets), so a phone asks for fewer rows
 * than a desktop and a 30-day range reads hourly buckets.
 */
export function chooseStep(spanMs: number, widthPx: number): number | undefined {
  if (spanMs <= RAW_SPAN_MS) return undefined;
  const most = Math.min(2_000, Math.max(600, Math.round(widthPx * 2)));
  for (const step of TREND_STEPS_MS) {
    if (spanMs / step <= most) return step;
  }
  return TREND_STEPS_MS[TREND_STEPS_MS.length - 1];
}

/** The step as the API writes it: `1m`, `15m`, `1h`, `6h`, `1d`. */
export function stepParam(stepMs: number): string {
  if (stepMs % DAY === 0) return `${stepMs / DAY}d`;
  if (stepMs % HOUR === 0) return `${stepMs / HOUR}h`;
  if (stepMs % MINUTE === 0) return `${stepMs / MINUTE}m`;
  return String(stepMs);
}

/** The `GET /api/history` path for `points` of `twin` over `from`..`to` in buckets of `stepMs`. */
export function historyPath(
  twin: string,
  points: readonly string[],
  from: number,
  to: number,
  stepMs: number | undefined,
): string {
  const q = new URLSearchParams({
    twin,
    point: points.join(","),
    from: String(Math.floor(from)),
    to: String(Math.ceil(to)),
  });
  if (stepMs !== undefined) q.set("step", stepParam(stepMs));
  return `/api/history?${q}`;
}

/** The preset whose span a range has, for marking its button pressed. */
export function presetOf(range: TrendRange): TrendPreset | undefined {
  return range.live ? TREND_PRESETS.find((p) => p.spanMs === range.spanMs) : undefined;
}

/** How long a live bucketed range runs on live samples before it is read again: ten buckets, at least 10 min. */
export function rereadAfter(stepMs: number): number {
  return Math.max(10 * stepMs, 600_000);
}
