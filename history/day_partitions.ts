/**
 * History is kept in one table per level and UTC day (`raw_20260101`,
 * `m1_20260101`, `h1_20260101`), so retention drops whole tables instead
 * of deleting rows one by one, which on a plant writing thousands of
 * samples a second would cost as much as writing them.
 *
 * @module
 */
import type { Resolution } from "./history_store.ts";

/** One day in ms. */
export const DAY_MS = 86_400_000;

/** Earliest time the store keeps (1970-01-01). */
export const MIN_TS = 0;
/** Latest time the store keeps (the end of year 9999), so a day always has an 8-digit name. */
export const MAX_TS = 253_402_300_799_999;

const PREFIX: Record<Resolution, string> = { raw: "raw", "1m": "m1", "1h": "h1" };
const LEVEL: Record<string, Resolution> = { raw: "raw", m1: "1m", h1: "1h" };

/** The UTC day number (days since 1970-01-01) holding `ts`. */
export function dayOf(ts: number): number {
  return Math.floor(ts / DAY_MS);
}

/** The table of `level` for UTC day `day`. */
export function partitionName(level: Resolution, day: number): string {
  const ymd = new Date(day * DAY_MS).toISOString().slice(0, 10).replaceAll("-", "");
  return `${PREFIX[level]}_${ymd}`;
}

/** The level and day of a partition table's name, or undefined for any other table. */
export function parsePartitionName(name: string): { level: Resolution; day: number } | undefined {
  const m = /^(raw|m1|h1)_(\d{4})(\d{2})(\d{2})$/.exec(name);
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[2]), Number(m[3]) - 1, Number(m[4]));
  if (!Number.isFinite(ms) || partitionName(LEVEL[m[1]], ms / DAY_MS) !== name) return undefined;
  return { level: LEVEL[m[1]], day: ms / DAY_MS };
}

/** The sorted day numbers of one level's tables, with range lookups. */
export class DaySet {
  #days: number[] = [];

  /** Whether the day has a table. */
  has(day: number): boolean {
    return this.#find(day) >= 0;
  }

  /** Record a day's table. */
  add(day: number): void {
    if (this.has(day)) return;
    this.#days.push(day);
    this.#days.sort((a, b) => a - b);
  }

  /** Forget a day's table. */
  delete(day: number): void {
    const i = this.#find(day);
    if (i >= 0) this.#days.splice(i, 1);
  }

  /** Days from `first` to `last`, both included, ascending. */
  between(first: number, last: number): number[] {
    return this.#days.filter((d) => d >= first && d <= last);
  }

  /** Days before `day`, ascending. */
  before(day: number): number[] {
    return this.#days.filter((d) => d < day);
  }

  /** Every day, newest first. */
  newestFirst(): number[] {
    return [...this.#days].reverse();
  }

  #find(day: number): number {
    let lo = 0, hi = this.#days.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const d = this.#days[mid];
      if (d === day) return mid;
      if (d < day) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
}
