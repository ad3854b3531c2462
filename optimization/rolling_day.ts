/**
 * A planned day that starts at another hour than midnight (a rolling
 * horizon): the 24 h from `hour` on are planned as a day of their own, with
 * the demand pattern and the tariff turned so that the plan's hour 0 is the
 * clock's `hour`, and the plan's rows are turned back into clock hours so
 * that `apply_schedule` (which runs row h at hour h of the day) runs each
 * where it was planned. Rows for the hours before `hour` are tomorrow's.
 *
 * @module
 */
import type { StationConfig } from "../simulators/pump/station_config.ts";
import type { Tariff } from "./tariff.ts";

/** The station and tariff as seen from `hour` (0..23): the plan's day starts there. */
export function dayFromHour<C extends StationConfig>(
  config: C,
  tariff: Tariff,
  hour: number,
): { config: C; tariff: Tariff } {
  if (!Number.isInteger(hour) || hour < 0 || hour > 23) {
    throw new Error(`start_hour must be an hour of the day, 0 to 23, got ${hour}`);
  }
  if (hour === 0) return { config, tariff };
  const shiftS = hour * 3600;
  const { pattern, pattern_step_s: step } = config.demand;
  if (shiftS % step !== 0) {
    throw new Error(
      `start_hour ${hour}: the demand pattern's step (${step} s) does not divide ${shiftS} s, ` +
        `so the pattern cannot start on that hour`,
    );
  }
  return {
    config: { ...config, demand: { ...config.demand, pattern: turn(pattern, shiftS / step) } } as C,
    tariff: turn(tariff, hour),
  };
}

/** The rows of a schedule planned from `hour`, put back in clock-hour order. */
export function clockOrder<T>(planRows: readonly T[], hour: number): T[] {
  return turn(planRows, planRows.length - (hour % planRows.length));
}

/** Hour of the day of `nowMs` for simulators that count days from `dayStartMs`. */
export function hourOfDay(nowMs: number, dayStartMs: number): number {
  const dayMs = 86_400_000;
  return Math.floor((((nowMs - dayStartMs) % dayMs) + dayMs) % dayMs / 3_600_000);
}

// `xs` read from index `by` on, wrapping: out[i] = xs[(i + by) % n].
function turn<T>(xs: readonly T[], by: number): T[] {
  const n = xs.length;
  if (n === 0) return [];
  const k = ((by % n) + n) % n;
  return [...xs.slice(k), ...xs.slice(0, k)];
}
