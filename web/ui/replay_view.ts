/**
 * What the replay page shows, as plain data: the speeds offered, a start
 * request from the form, the run's position and seek targets, the rows of
 * the twins table, and the report and expectation lines. Kept free of
 * Preact so it is tested without a browser.
 *
 * @module
 */
import type { ExpectationResult } from "../../replay/expectations.ts";
import type { RecordingReport } from "../../replay/recording.ts";
import type { FeedPosition } from "../../replay/replay_feed.ts";
import type { TwinView } from "../../twins/twin.ts";
import type { KeyPoint } from "./api_types.ts";

/** A replay run as `GET /api/replay/{id}` gives it. */
export interface ReplayRunInfo {
  /** Run id. */
  id: string;
  /** Plant name. */
  plant: string;
  /** State. */
  state: "running" | "paused" | "finished" | "cancelled" | "failed";
  /** Speed. */
  speed: number | "max";
  /** Fraction done, 0..1. */
  progress: number;
  /** Where the feed is. */
  feed: FeedPosition;
  /** Recorded time it stops at. */
  to: number | null;
  /** What reading the recordings found. */
  reports: RecordingReport[];
  /** Alarms raised. */
  alarmsRaised: number;
  /** Expectation results once finished. */
  expectations: ExpectationResult[] | null;
  /** Why it failed. */
  error: string | null;
}

/** The speeds the page offers, as the select shows them and the API takes them. */
export const SPEEDS: readonly { label: string; value: number | "max" }[] = [
  { label: "1x", value: 1 },
  { label: "10x", value: 10 },
  { label: "60x", value: 60 },
  { label: "max", value: "max" },
];

/** The example plants with recordings, offered in the plant select. */
export const EXAMPLE_PLANTS: readonly string[] = [
  "plants/skab_replay.json",
  "plants/3w_replay.json",
];

/** A speed from the select's text: `max` or a positive number; undefined otherwise. */
export function parseSpeed(text: string): number | "max" | undefined {
  if (text.trim() === "max") return "max";
  const n = Number(text);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

/** The form's fields. */
export interface StartForm {
  /** Plant file path. */
  plant: string;
  /** Speed as the select holds it. */
  speed: string;
  /** Expectations JSON, or empty. */
  expect: string;
  /** Loop. */
  loop: boolean;
}

/**
 * The `POST /api/replay` body for a form, or the error to show beside it
 * (naming the field) when the form cannot be sent.
 */
export function startBody(
  form: StartForm,
): { ok: true; body: Record<string, unknown> } | { ok: false; error: string } {
  const plant = form.plant.trim();
  if (!plant) return { ok: false, error: "plant: choose an example or type a plant file path" };
  const speed = parseSpeed(form.speed);
  if (speed === undefined) {
    return { ok: false, error: `speed: "${form.speed}" is not max or a positive number` };
  }
  const body: Record<string, unknown> = { plant, speed, loop: form.loop };
  if (form.expect.trim()) {
    try {
      body.expect = JSON.parse(form.expect);
    } catch (e) {
      return { ok: false, error: `expectations: not JSON (${(e as Error).message})` };
    }
  }
  return { ok: true, body };
}

/** Epoch ms as ISO 8601 UTC, or a dash for none. */
export function isoTime(ms: number | null | undefined): string {
  return typeof ms === "number" && Number.isFinite(ms) ? new Date(ms).toISOString() : "—";
}

/** The recorded span a seek slider covers: the feed's start to where the run stops. */
export function seekSpan(run: ReplayRunInfo): { from: number; to: number } {
  const end = run.to !== null && Number.isFinite(run.to)
    ? Math.min(run.to, run.feed.end)
    : run.feed.end;
  return { from: run.feed.start, to: Math.max(run.feed.start, end) };
}

/** The recorded time a slider fraction (0..1) stands for, rounded to the second. */
export function seekTime(run: ReplayRunInfo, fraction: number): number {
  const { from, to } = seekSpan(run);
  const f = Math.max(0, Math.min(1, fraction));
  return from + Math.round(((to - from) * f) / 1000) * 1000;
}

/** Whether a run can still be controlled. */
export function isLive(run: ReplayRunInfo | undefined): boolean {
  return run?.state === "running" || run?.state === "paused";
}

/** One cell of the twins table. */
export interface TwinCell {
  /** Point name. */
  point: string;
  /** Raw value (null before the first row). */
  value: number | boolean | string | null;
  /** Unit. */
  unit: string;
  /** Quality. */
  quality: string;
  /** Recorded time of the value, or null. */
  ts: number | null;
}

/** One row of the twins table. */
export interface TwinRow {
  /** Twin id. */
  id: string;
  /** Kind. */
  kind: string;
  /** Mode. */
  mode: string;
  /** The points shown. */
  cells: TwinCell[];
}

/**
 * The twins table: each twin's points that the replay has fed or its kind
 * marks key, key points first; points never given a value and not key are
 * left out, so a twin fed one column shows that column.
 */
export function twinRows(
  twins: readonly TwinView[],
  keyPoints: ReadonlyMap<string, readonly KeyPoint[]>,
): TwinRow[] {
  return twins.map((t) => {
    const key = (keyPoints.get(t.kind) ?? []).map((k) => k.name);
    const fed = Object.keys(t.points).filter((p) => t.points[p].value !== null && !key.includes(p));
    const names = [...key.filter((p) => p in t.points), ...fed];
    return {
      id: t.id,
      kind: t.kind,
      mode: t.mode,
      cells: names.map((p) => {
        const pt = t.points[p];
        return {
          point: p,
          value: pt.value,
          unit: pt.unit,
          quality: pt.quality,
          ts: pt.ts > 0 ? pt.ts : null,
        };
      }),
    };
  });
}

/** One line of the report: a recording's issue with its row. */
export interface IssueLine {
  /** Recording id. */
  recording: string;
  /** Issue kind. */
  kind: string;
  /** Row, or `row-until` for a run. */
  rows: string;
  /** Whether the row was skipped. */
  skipped: boolean;
  /** In words. */
  message: string;
}

/** The reports' issues, one line each, in the order the server gives them. */
export function issueLines(reports: readonly RecordingReport[]): IssueLine[] {
  return reports.flatMap((r) =>
    r.issues.map((i) => ({
      recording: r.id,
      kind: i.kind,
      rows: i.until !== undefined && i.until !== i.row ? `${i.row}-${i.until}` : String(i.row),
      skipped: i.skipped,
      message: i.message,
    }))
  );
}

/** A report's summary sentence: rows readable and issues counted beyond those listed. */
export function reportSummary(r: RecordingReport): string {
  const total = Object.values(r.counts).reduce((n, c) => n + (c ?? 0), 0);
  const more = total > r.issues.length ? `, ${total - r.issues.length} more not listed` : "";
  const issues = total === 0 ? "no issues" : `${total} issue${total === 1 ? "" : "s"}${more}`;
  return `${r.id}: ${r.accepted} of ${r.rows} rows readable, ${issues}`;
}

/** An expectation result as a line: pass or fail, what, and when. */
export function expectationLine(e: ExpectationResult): string {
  const when = e.at === null
    ? ""
    : e.passed
    ? ` (met at ${isoTime(e.at)})`
    : ` (failed at ${isoTime(e.at)})`;
  return `${e.passed ? "pass" : "FAIL"}: ${e.what}${when}${e.detail ? `: ${e.detail}` : ""}`;
}
