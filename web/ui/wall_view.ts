/**
 * The wall display's settings and groups. Settings come from the address so
 * a wall screen is set up by its URL (`/wall?kind=cooling_site&per=50&every=20`):
 * which kind it shows (`all` for every twin), how many tiles a group holds,
 * and how many seconds each group stays before the next. Groups are runs of
 * twins in plant order (sites 1-50, 51-100, ...) so an operator learns where
 * a site sits; groups holding abnormal twins come first, worst first.
 *
 * @module
 */
import type { AlarmView } from "./api_types.ts";
import { type AlarmSummary, summarize } from "./alarm_store.ts";
import { type Concern, NORMAL_RANK } from "./twin_concern.ts";

/** Wall settings. */
export interface WallSettings {
  /** Kind shown, or undefined for every twin. */
  kind: string | undefined;
  /** Tiles per group. */
  per: number;
  /** Seconds each group stays. */
  every: number;
}

/** Defaults: 50 tiles (10 x 5 on a 1920 x 1080 screen), 15 s each. */
export const WALL_DEFAULTS = { per: 50, every: 15 } as const;

function bounded(text: string | null, min: number, max: number, fallback: number): number {
  const n = Number(text);
  if (text === null || text.trim() === "" || !Number.isFinite(n)) return fallback;
  return Math.min(max, Math.max(min, Math.round(n)));
}

/**
 * Read settings from a query string; `defaultKind` is the kind with most
 * twins (the 150-site grid), used when the address names none.
 */
export function parseWall(search: string, defaultKind?: string): WallSettings {
  const p = new URLSearchParams(search);
  const k = p.get("kind");
  return {
    kind: k === "all" ? undefined : k || defaultKind,
    per: bounded(p.get("per"), 4, 400, WALL_DEFAULTS.per),
    every: bounded(p.get("every"), 3, 3600, WALL_DEFAULTS.every),
  };
}

/** One group of tiles. */
export interface WallGroup<T> {
  /** Position of the first tile in plant order (0-based). */
  start: number;
  /** Its tiles, in plant order. */
  items: T[];
  /** Worst concern rank in it. */
  worst: number;
  /** Tiles in it that are abnormal. */
  abnormal: number;
}

/** Cut `items` into groups of `per` in plant order, abnormal groups first (stable). */
export function wallGroups<T extends { concern: Concern }>(
  items: readonly T[],
  per: number,
): WallGroup<T>[] {
  const groups: WallGroup<T>[] = [];
  for (let start = 0; start < items.length; start += per) {
    const slice = items.slice(start, start + per);
    let worst = NORMAL_RANK, abnormal = 0;
    for (const t of slice) {
      worst = Math.min(worst, t.concern.rank);
      if (t.concern.rank < NORMAL_RANK) abnormal++;
    }
    groups.push({ start, items: slice, worst, abnormal });
  }
  return groups.map((g, i) => [g, i] as const)
    .sort((a, b) => a[0].worst - b[0].worst || a[1] - b[1])
    .map(([g]) => g);
}

/** The kind with most twins (first on ties), or undefined for none. */
export function largestKind(kinds: Iterable<string>): string | undefined {
  const n = new Map<string, number>();
  for (const k of kinds) n.set(k, (n.get(k) ?? 0) + 1);
  let best: string | undefined, most = 0;
  for (const [k, c] of n) {
    if (c > most) [best, most] = [k, c];
  }
  return best;
}

/**
 * The annunciated alarms of the twins in `group` (the tiles on screen),
 * counted as the banner counts the plant's: the wall's bar shows these for
 * the group and the plant's total apart, so an operator reads what the
 * screen holds without mistaking it for the whole plant.
 */
export function groupAlarmSummary(
  group: WallGroup<{ t: { id: string } }> | undefined,
  byTwin: ReadonlyMap<string, readonly AlarmView[]>,
): AlarmSummary {
  const alarms: AlarmView[] = [];
  for (const { t } of group?.items ?? []) {
    for (const a of byTwin.get(t.id) ?? []) alarms.push(a);
  }
  return summarize(alarms);
}
