/**
 * How old a value is, read against the runtime clock the server streams
 * (never the browser's own clock: the plant may run on virtual time), and
 * how that age reads on screen.
 *
 * @module
 */
import type { Point } from "./api_types.ts";

/** What {@linkcode pointAge} needs of the live store. */
export interface RuntimeClock {
  /** Runtime clock from the stream's `clock` frames (epoch ms); 0 before the first. */
  readonly clockNow: number;
  /** Newest sample time seen (epoch ms); stands in for the clock until a `clock` frame comes. */
  readonly latestTs: number;
}

/** The runtime's time as the page last heard it (epoch ms); 0 when it has heard nothing yet. */
export function runtimeNow(clock: RuntimeClock): number {
  return Math.max(clock.clockNow, clock.latestTs);
}

/** A point's age in ms at `now`; undefined when it was never sampled or the time is unknown. */
export function pointAge(point: Point | undefined, now: number): number | undefined {
  if (!point || !point.ts || !now) return undefined;
  // A sample may arrive a little before the clock frame that covers it.
  return Math.max(0, now - point.ts);
}

/** An age in words: `now`, `3 s ago`, `4 min ago`, `2 h 5 min ago`, `3 d 4 h ago`. */
export function formatAge(ms: number | undefined): string {
  if (ms === undefined) return "never";
  const s = Math.floor(ms / 1000);
  if (s < 1) return "now";
  if (s < 60) return `${s} s ago`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min ago`;
  const h = Math.floor(min / 60);
  if (h < 24) return min % 60 ? `${h} h ${min % 60} min ago` : `${h} h ago`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h ago` : `${d} d ago`;
}
