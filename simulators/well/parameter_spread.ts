/**
 * Well-to-well scatter for wells built from one plant-file template. Real
 * wells drilled into one reservoir never share the same pressure,
 * productivity and water cut; a plant that asks for it (`spread_pct` on a
 * well) gets each well's values drawn once, from the well's own seed,
 * within ±spread of the configured ones, so twenty wells from four
 * templates do not move in lockstep and the same plant seed gives the same
 * field every run.
 *
 * @module
 */
import { Random } from "../random.ts";

/** The reservoir values a spread varies (SI units, as in the simulator's configuration). */
export interface ReservoirValues {
  /** Static reservoir pressure, Pa gauge. */
  reservoirPressurePa: number;
  /** Vogel absolute open flow, m³/d. */
  maxRateM3d: number;
  /** Water fraction of the liquid (0..1). */
  waterCut: number;
}

/**
 * `values` scattered by up to ±`spread` (a fraction: 0.15 for ±15 %), each
 * by its own uniform draw from the stream of well `id` under `seed`; a
 * spread of 0 returns them unchanged. Water cut stays within 0..1.
 */
export function spreadReservoir<T extends ReservoirValues>(
  values: T,
  spread: number,
  seed: number,
  id: string,
): T {
  if (!(spread > 0)) return values;
  // Its own stream, so a spread never shifts the well's noise sequence.
  const rng = new Random(seed, `well-spread:${id}`);
  const factor = () => 1 + spread * (2 * rng.next() - 1);
  return {
    ...values,
    reservoirPressurePa: values.reservoirPressurePa * factor(),
    maxRateM3d: values.maxRateM3d * factor(),
    waterCut: Math.min(1, Math.max(0, values.waterCut * factor())),
  };
}
