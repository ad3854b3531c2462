/**
 * Axis labels of a trend in the UI's one time format (ISO dates, 24-hour
 * UTC times): times of day on short ranges with the date under the first
 * tick and under each new day, dates alone on ranges of days; value ticks
 * with as many decimals as their spacing needs.
 *
 * @module
 */
import { formatClock } from "./display_format.ts";
import { tickLabel } from "./plot_scale.ts";

const MINUTE = 60_000;
const DAY = 86_400_000;

/**
 * Labels for time ticks `splits` (epoch ms) spaced `incrMs` apart:
 * `YYYY-MM-DD` for whole days, else `HH:MM` (or `HH:MM:SS` below a minute)
 * with `\nYYYY-MM-DD` on the first tick and where the day changes.
 */
export function timeTickLabels(splits: readonly number[], incrMs: number): string[] {
  let day = "";
  return splits.map((ts) => {
    const text = formatClock(ts); // YYYY-MM-DD HH:MM:SS, UTC
    const date = text.slice(0, 10);
    if (incrMs >= DAY) return date;
    const time = incrMs >= MINUTE ? text.slice(11, 16) : text.slice(11);
    const label = date === day ? time : `${time}\n${date}`;
    day = date;
    return label;
  });
}

/** Labels for value ticks spaced `incr` apart (`39.98`, `40`, `40.02`; `80,000`). */
export function valueTickLabels(splits: readonly number[], incr: number): string[] {
  return splits.map((v) => {
    const text = tickLabel(v, incr || 1);
    const n = Number(text);
    if (Math.abs(n) >= 10_000 && Number.isInteger(n)) return n.toLocaleString("en-US");
    return text === "-0" ? "0" : text;
  });
}
