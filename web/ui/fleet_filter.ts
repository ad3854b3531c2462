/**
 * Which twins the fleet grid shows: filters by kind, by mode and by words in
 * the id or name (and whether to show cards or a table), kept in the page's query string so a filtered view can be
 * bookmarked or shared; and the counts by kind and mode for the summary.
 *
 * @module
 */
import type { TwinView } from "./api_types.ts";

/** The grid's filter. */
export interface FleetFilter {
  /** Only this kind, when set. */
  kind?: string;
  /** Only this mode, when set. */
  mode?: string;
  /** Words that must all appear in the id or name (case-insensitive). */
  q: string;
  /** Show a table instead of cards. */
  table?: boolean;
}

/** Read a filter from a query string (`?kind=rtu&mode=stale&q=north`). */
export function parseFilter(search: string): FleetFilter {
  const p = new URLSearchParams(search);
  return {
    kind: p.get("kind") || undefined,
    mode: p.get("mode") || undefined,
    q: p.get("q") ?? "",
    table: p.get("view") === "table" || undefined,
  };
}

/** Write a filter as a query string; empty when nothing is filtered. */
export function filterQuery(f: FleetFilter): string {
  const p = new URLSearchParams();
  if (f.kind) p.set("kind", f.kind);
  if (f.mode) p.set("mode", f.mode);
  // Kept untrimmed: the search box reads back from the URL while the user types.
  if (f.q.trim()) p.set("q", f.q);
  if (f.table) p.set("view", "table");
  const s = p.toString();
  return s ? `?${s}` : "";
}

/** Whether any part of the filter is set. */
export function isFiltered(f: FleetFilter): boolean {
  return Boolean(f.kind || f.mode || f.q.trim());
}

/** The twins that pass the filter, in their original order. */
export function filterTwins(twins: Iterable<TwinView>, f: FleetFilter): TwinView[] {
  const words = f.q.toLowerCase().split(/\s+/).filter(Boolean);
  const out: TwinView[] = [];
  for (const t of twins) {
    if (f.kind && t.kind !== f.kind) continue;
    if (f.mode && t.mode !== f.mode) continue;
    if (words.length) {
      const hay = t.id === t.name ? t.id.toLowerCase() : `${t.id} ${t.name}`.toLowerCase();
      if (!words.every((w) => hay.includes(w))) continue;
    }
    out.push(t);
  }
  return out;
}

/** How many twins there are, per kind and per mode. */
export interface FleetCounts {
  /** All twins. */
  total: number;
  /** Per kind: its total and its twins per mode. */
  byKind: Map<string, { total: number; byMode: Map<string, number> }>;
  /** Per mode across kinds. */
  byMode: Map<string, number>;
}

/** Count twins by kind and mode. */
export function countFleet(twins: Iterable<TwinView>): FleetCounts {
  const counts: FleetCounts = { total: 0, byKind: new Map(), byMode: new Map() };
  for (const t of twins) {
    counts.total++;
    let k = counts.byKind.get(t.kind);
    if (!k) counts.byKind.set(t.kind, k = { total: 0, byMode: new Map() });
    k.total++;
    k.byMode.set(t.mode, (k.byMode.get(t.mode) ?? 0) + 1);
    counts.byMode.set(t.mode, (counts.byMode.get(t.mode) ?? 0) + 1);
  }
  return counts;
}
