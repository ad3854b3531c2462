/**
 * What the reports page downloads: a report kind, a time range (a preset
 * ending at the runtime's now, or given ISO times) and, for history, a twin
 * and its points, turned into the `/api/reports/{kind}.{csv,xlsx}` query.
 *
 * @module
 */

/** Report kinds, as the server names them. */
export const REPORT_KINDS = ["history", "journal", "commands", "audit"] as const;
/** A report kind. */
export type ReportKind = typeof REPORT_KINDS[number];

/** Range presets: the last day, the last week, or given times. */
export type RangePreset = "24h" | "7d" | "custom";

/** The page's choices. */
export interface ReportChoice {
  /** Which report. */
  kind: ReportKind;
  /** Which range. */
  preset: RangePreset;
  /** Custom start, ISO 8601 (no zone means UTC). */
  from: string;
  /** Custom end, ISO 8601. */
  to: string;
  /** History: the twin. */
  twin: string;
  /** History: its points. */
  points: readonly string[];
}

const SPAN_MS = { "24h": 86_400_000, "7d": 7 * 86_400_000 } as const;

/**
 * The query for `choice` with presets ending at `now` (the runtime clock, epoch
 * ms), or the reason no report can be asked for yet.
 */
export function reportQuery(
  choice: ReportChoice,
  now: number,
): { query: URLSearchParams } | { missing: string } {
  const q = new URLSearchParams();
  if (choice.kind === "history") {
    if (!choice.twin) return { missing: "Choose a twin." };
    if (choice.points.length === 0) return { missing: "Choose at least one point." };
    q.set("twin", choice.twin);
    q.set("point", choice.points.join(","));
  }
  if (choice.preset === "custom") {
    const from = choice.from.trim(), to = choice.to.trim();
    if (from) q.set("from", from);
    if (to) q.set("to", to);
  } else {
    if (!now) return { missing: "Waiting for the runtime clock." };
    q.set("from", new Date(now - SPAN_MS[choice.preset]).toISOString());
    q.set("to", new Date(now).toISOString());
  }
  // The JSON routes answer 1,000 rows by default; a report wants the range whole.
  if (choice.kind !== "commands") q.set("limit", "100000");
  return { query: q };
}

/** The download path of a report. */
export function reportPath(kind: ReportKind, format: "csv" | "xlsx", q: URLSearchParams): string {
  return `/api/reports/${kind}.${format}?${q}`;
}
