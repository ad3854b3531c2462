/**
 * The journal page's time range and filters: read from and written to the
 * page address, turned into the `GET /api/alarms/journal` query, converted
 * to and from the form's UTC date-time fields, and used to decide whether a
 * live journal entry belongs on the page.
 *
 * @module
 */
import type { JournalEntry } from "./api_types.ts";

/** The journal page's query; empty strings mean "no filter". */
export interface JournalPageQuery {
  /** From this time: ISO 8601 or epoch ms. */
  from: string;
  /** Up to this time: ISO 8601 or epoch ms. */
  to: string;
  /** Twin ids, comma-separated. */
  twin: string;
  /** Alarm ids, comma-separated. */
  alarm: string;
  /** Priorities, comma-separated. */
  priority: string;
  /** States reached, comma-separated. */
  state: string;
  /** Most entries to show. */
  limit: number;
}

/** Entries shown unless the address asks for another number. */
export const DEFAULT_JOURNAL_LIMIT = 500;

const FIELDS = ["from", "to", "twin", "alarm", "priority", "state"] as const;

/** Read the journal query from a query string. */
export function parseJournalQuery(search: string): JournalPageQuery {
  const p = new URLSearchParams(search);
  const limit = Number(p.get("limit"));
  const q: JournalPageQuery = {
    from: "",
    to: "",
    twin: "",
    alarm: "",
    priority: "",
    state: "",
    limit: Number.isInteger(limit) && limit >= 1 && limit <= 100_000
      ? limit
      : DEFAULT_JOURNAL_LIMIT,
  };
  for (const f of FIELDS) q[f] = (p.get(f) ?? "").trim();
  return q;
}

function params(q: JournalPageQuery): URLSearchParams {
  const p = new URLSearchParams();
  for (const f of FIELDS) if (q[f]) p.set(f, q[f]);
  return p;
}

/** The page's query string (`""` when nothing is set). */
export function journalQueryString(q: JournalPageQuery): string {
  const p = params(q);
  if (q.limit !== DEFAULT_JOURNAL_LIMIT) p.set("limit", String(q.limit));
  const s = p.toString().replaceAll("%2C", ",").replaceAll("%3A", ":");
  return s ? `?${s}` : "";
}

/** The API request for the query. */
export function journalApiPath(q: JournalPageQuery): string {
  const p = params(q);
  p.set("limit", String(q.limit));
  return `/api/alarms/journal?${p}`;
}

/** A time as the API reads it (ISO 8601 or epoch ms) to epoch ms; NaN if unreadable. */
export function parseTime(value: string): number {
  return /^\d+$/.test(value) ? Number(value) : Date.parse(value);
}

/** A time from the query as a `datetime-local` field value in UTC (`2026-01-01T10:30:00`). */
export function toInputValue(value: string): string {
  if (!value) return "";
  const t = parseTime(value);
  return Number.isNaN(t) ? "" : new Date(t).toISOString().slice(0, 19);
}

/** A `datetime-local` field value, read as UTC, to an ISO time for the query ("" stays ""). */
export function fromInputValue(value: string): string {
  if (!value) return "";
  const t = Date.parse(value.length === 16 ? `${value}:00Z` : `${value}Z`);
  return Number.isNaN(t) ? "" : new Date(t).toISOString();
}

const inList = (list: string, value: string) =>
  !list || list.split(",").map((s) => s.trim()).includes(value);

/** Whether a new entry matches the query (to add it to the page live). */
export function entryMatches(e: JournalEntry, q: JournalPageQuery): boolean {
  if (q.from && !(e.time >= parseTime(q.from))) return false;
  if (q.to && !(e.time <= parseTime(q.to))) return false;
  return inList(q.twin, e.twin) && inList(q.alarm, e.alarm) && inList(q.priority, e.priority) &&
    inList(q.state, e.state);
}
