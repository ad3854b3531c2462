/**
 * `GET /api/history`: point history over a range, for one or more points,
 * raw or rolled up by the range (or by `step`), as JSON or as CSV
 * (`Accept: text/csv`). Documented in docs/http_api.md and docs/history.md.
 *
 * @module
 */
import type {
  BucketRow,
  HistoryStore,
  RawRow,
  SeriesKey,
  SeriesResult,
} from "../../history/history_store.ts";
import { chooseResolution } from "../../history/resolution.ts";
import type { Runtime } from "../../runtime/runtime.ts";
import { HttpError, json, listParam } from "../http_error.ts";
import type { Router } from "../router.ts";

/** Most points one request may name. */
export const MAX_SERIES = 50;
/** Most rows per point an answer holds (and the default `limit`). */
export const MAX_ROWS = 100_000;
/**
 * Most rows in one answer, over all its points: a request for many points
 * gets fewer rows each, so no answer holds the event loop for long.
 */
export const MAX_TOTAL_ROWS = 200_000;
/** The range when neither `from` nor a span is given: the latest hour. */
const DEFAULT_SPAN_MS = 3_600_000;

const ISO_8601 =
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * A time given as ISO 8601 (a date-time without a zone is UTC) or as epoch
 * milliseconds; throws a 400 naming `param`.
 */
export function parseTime(value: string, param: string): number {
  const v = value.trim().toUpperCase().replace(" ", "T");
  let ms = NaN;
  if (/^-?\d+$/.test(v)) ms = Number(v);
  else {
    const m = ISO_8601.exec(v);
    if (m) ms = Date.parse(m[1] || !v.includes(":") ? v : `${v}Z`);
  }
  if (!Number.isFinite(ms)) {
    throw new HttpError(
      400,
      `?${param}: expected an ISO 8601 time (2026-01-01T06:00:00Z) or epoch milliseconds, ` +
        `got "${value}"`,
    );
  }
  return ms;
}

/** `raw`, a duration (`10s`, `5m`, `1h`, `1d`) or milliseconds; throws a 400 naming `?step`. */
export function parseStep(value: string): "raw" | number {
  const v = value.trim();
  if (v === "raw") return "raw";
  let ms = NaN;
  if (/^\d+$/.test(v)) ms = Number(v);
  else {
    const m = DURATION.exec(v);
    if (m) ms = Number(m[1]) * UNIT_MS[m[2]];
  }
  if (!Number.isInteger(ms) || ms < 1) {
    throw new HttpError(
      400,
      `?step: expected "raw", a duration such as 10s, 5m, 1h or 1d, or whole milliseconds, ` +
        `got "${value}"`,
    );
  }
  return ms;
}

/** Add `GET /api/history` to `router`; without a store it says history is off. */
export function historyRoutes(router: Router, runtime: Runtime, store?: HistoryStore): void {
  router.on("GET", "/api/history", async ({ req, url, query: q }) => {
    if (!store) {
      throw new HttpError(
        404,
        "this plant records no history (it was started with --no-history)",
      );
    }
    const series = seriesOf(url, runtime, store);
    const to = q.has("to") ? parseTime(q.get("to")!, "to") : runtime.clock.now();
    const from = q.has("from") ? parseTime(q.get("from")!, "from") : to - DEFAULT_SPAN_MS;
    if (from > to) {
      throw new HttpError(
        400,
        `?from (${new Date(from).toISOString()}) is after ?to (${new Date(to).toISOString()})`,
      );
    }
    const step = q.has("step") ? parseStep(q.get("step")!) : undefined;
    const limit = q.has("limit") ? Number(q.get("limit")) : MAX_ROWS;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_ROWS) {
      throw new HttpError(
        400,
        `?limit: expected a whole number from 1 to ${MAX_ROWS}, got "${q.get("limit")}"`,
      );
    }
    const { resolution, stepMs } = chooseResolution(from, to, step);
    const perPoint = Math.min(limit, Math.floor(MAX_TOTAL_ROWS / series.length));
    const results = await store.query({ series, from, to, resolution, stepMs, limit: perPoint });
    const bucketed = resolution !== "raw" || stepMs !== undefined;
    const answer = {
      from,
      to,
      resolution,
      step: stepMs ?? null,
      columns: bucketed ? BUCKET_COLUMNS : RAW_COLUMNS,
    };
    if (/\btext\/csv\b/i.test(req.headers.get("accept") ?? "")) {
      return new Response(toCsv(results, bucketed), {
        headers: { "content-type": "text/csv; charset=utf-8" },
      });
    }
    return json({
      ...answer,
      series: results.map((r) => ({
        twin: r.twin,
        point: r.point,
        unit: r.unit,
        truncated: r.truncated,
        rows: bucketed
          ? (r.rows as BucketRow[]).map((b) => [b.ts, b.min, b.max, b.mean, b.last, b.count])
          : (r.rows as RawRow[]).map((s) => [s.ts, s.value, s.quality]),
      })),
    });
  }, {
    summary: "Point history, raw or rolled up by range (CSV with Accept: text/csv)",
    query: ["twin", "point", "series", "from", "to", "step", "limit"],
  });
}

const RAW_COLUMNS = ["ts", "value", "quality"];
const BUCKET_COLUMNS = ["ts", "min", "max", "mean", "last", "count"];

/** The points a request names through `twin` + `point` and through `series=twin:point`. */
function seriesOf(url: URL, runtime: Runtime, store: HistoryStore): SeriesKey[] {
  const out: SeriesKey[] = [];
  const twin = url.searchParams.get("twin") ?? undefined;
  const points = listParam(url.searchParams.get("point") ?? undefined);
  if (twin !== undefined && !points?.length) {
    throw new HttpError(400, `?twin needs ?point (one or more point names, comma-separated)`);
  }
  if (points?.length && twin === undefined) {
    throw new HttpError(400, `?point needs ?twin (or name points as ?series=twin:point)`);
  }
  for (const point of points ?? []) out.push(known(runtime, store, twin!, point, "point"));
  for (const value of url.searchParams.getAll("series")) {
    for (const item of listParam(value) ?? []) {
      const cut = item.lastIndexOf(":");
      if (cut <= 0 || cut === item.length - 1) {
        throw new HttpError(400, `?series: expected twin:point, got "${item}"`);
      }
      out.push(known(runtime, store, item.slice(0, cut), item.slice(cut + 1), "series"));
    }
  }
  if (out.length === 0) {
    throw new HttpError(
      400,
      "name at least one point: ?twin=ID&point=a,b or ?series=twin:point (repeatable)",
    );
  }
  if (out.length > MAX_SERIES) {
    throw new HttpError(
      400,
      `too many points: ${out.length} (at most ${MAX_SERIES} per request); split the request`,
    );
  }
  return out;
}

/** A point that the plant has now or that history holds; otherwise a 400 naming it. */
function known(
  runtime: Runtime,
  store: HistoryStore,
  twin: string,
  point: string,
  param: string,
): SeriesKey {
  const live = runtime.twins.get(twin);
  if (!live && !store.has(twin)) {
    throw new HttpError(400, `?${param}: unknown twin "${twin}"`);
  }
  const declared = live?.pointSpecs().some(([name]) => name === point);
  if (!declared && !store.has(twin, point)) {
    const names = live ? live.pointSpecs().map(([n]) => n) : store.series()
      .filter((s) => s.twin === twin).map((s) => s.point);
    throw new HttpError(
      400,
      `?${param}: twin "${twin}" has no point "${point}"; its points: ${names.join(", ")}`,
    );
  }
  return { twin, point };
}

/** One CSV table for every point: a row per sample or bucket, with the point's name on it. */
function toCsv(results: SeriesResult[], bucketed: boolean): string {
  const lines = [
    ["twin", "point", "unit", "time", ...(bucketed ? BUCKET_COLUMNS : RAW_COLUMNS)].join(","),
  ];
  for (const r of results) {
    const head = `${csvField(r.twin)},${csvField(r.point)},${csvField(r.unit)}`;
    for (const row of r.rows) {
      const time = new Date(row.ts).toISOString();
      const rest = bucketed
        ? [row.ts, ...bucketFields(row as BucketRow)]
        : [row.ts, (row as RawRow).value, (row as RawRow).quality];
      lines.push(`${head},${time},${rest.map(csvField).join(",")}`);
    }
  }
  return lines.join("\r\n") + "\r\n";
}

function bucketFields(b: BucketRow): unknown[] {
  return [b.min, b.max, b.mean, b.last, b.count];
}

/** A CSV field (RFC 4180): quoted when it holds a comma, quote or line break; empty for null. */
/** One CSV field, quoted when it holds a quote, comma or line break. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}
