/**
 * Which data answers a range: raw samples for short ranges, 1-minute
 * buckets up to a few days, 1-hour buckets beyond, so a trend gets a few
 * thousand rows per point at most whatever range it asks for. A step asks
 * for buckets of that width, read from the coarsest level that divides it.
 *
 * @module
 */
import { type Resolution, ROLLUP_MS } from "./history_store.ts";

/** Ranges up to this long are answered with raw samples. */
export const RAW_UP_TO_MS = 2 * 3_600_000;
/** Ranges up to this long are answered with 1-minute buckets; longer ones with 1-hour buckets. */
export const MINUTES_UP_TO_MS = 3 * 86_400_000;

/** What to read for a range. */
export interface ResolutionChoice {
  /** The level read. */
  resolution: Resolution;
  /** Buckets of this width built from it, or undefined for the level's own rows. */
  stepMs: number | undefined;
}

/**
 * Choose the level for `from`..`to`: by `step` when given (`raw`, or a
 * bucket width in ms), else by the span.
 */
export function chooseResolution(
  from: number,
  to: number,
  step?: "raw" | number,
): ResolutionChoice {
  if (step === "raw") return { resolution: "raw", stepMs: undefined };
  if (step !== undefined) {
    for (const level of ["1h", "1m"] as const) {
      const width = ROLLUP_MS[level];
      if (step % width === 0) {
        return { resolution: level, stepMs: step === width ? undefined : step };
      }
    }
    return { resolution: "raw", stepMs: step };
  }
  const span = to - from;
  if (span <= RAW_UP_TO_MS) return { resolution: "raw", stepMs: undefined };
  if (span <= MINUTES_UP_TO_MS) return { resolution: "1m", stepMs: undefined };
  return { resolution: "1h", stepMs: undefined };
}
