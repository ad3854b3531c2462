/**
 * The check every simulator's snapshot test makes: a twin simulator built
 * from the same params and restored from a snapshot (passed through
 * structured clone, as it crosses to a worker) gives the same points as the
 * original, step for step, bit for bit.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { PointValues, Simulator } from "./simulator.ts";

/** Options for {@linkcode assertContinues}. */
export interface RoundTripOptions {
  /** Step length, s. */
  dtS?: number;
  /** Simulated time of the first step's end, s. */
  fromS?: number;
  /** Steps to compare after the restore. */
  steps?: number;
  /** Called before each compared step with the step index, on both simulators (commands). */
  each?(sim: Simulator, index: number): void;
}

/**
 * Restore `fresh` from `original`'s snapshot and step both `steps` times,
 * asserting every twin's points are equal after the restore and each step.
 * Returns the last points of the original, for further checks.
 */
export function assertContinues(
  original: Simulator,
  fresh: Simulator,
  opts: RoundTripOptions = {},
): Record<string, PointValues> {
  const dtS = opts.dtS ?? 1, steps = opts.steps ?? 200;
  const state = structuredClone(original.snapshot!());
  fresh.restore!(state);
  const read = (sim: Simulator) => {
    const out: Record<string, PointValues> = {};
    for (const id of sim.feeds) sim.read(id, out[id] = {});
    return out;
  };
  assert.deepEqual(read(fresh), read(original), "points right after the restore");
  let t = opts.fromS ?? 0;
  for (let i = 0; i < steps; i++) {
    opts.each?.(original, i);
    opts.each?.(fresh, i);
    t += dtS;
    original.step(dtS, t);
    fresh.step(dtS, t);
    assert.deepEqual(read(fresh), read(original), `points after step ${i + 1}`);
  }
  return read(original);
}
