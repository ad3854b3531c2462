/**
 * Reduces a well's sample to what its machine needs to know: is it
 * pumping, is the rod string whole, is the pump filling.
 *
 * A parted rod is recognised the way a pump-off controller's minimum-load
 * alarm does it, from the card alone: with the pump gone the rods carry no
 * fluid load, so the peak falls below even the buoyant weight of the whole
 * string plus its Mills dynamic term W_r·α. An intact pump always peaks
 * above that (it adds the fluid load on top).
 *
 * @module
 */
import type { PointValues } from "../../simulators/simulator.ts";
import {
  buoyantRodWeight,
  GRAVITY,
  type RodStringSpec,
  rodWeightInAir,
} from "../../simulators/well/rod_string.ts";
import type { WellParams } from "./params.ts";

/** Discrete observations a well reports to its machine. */
export type WellObservation = "stopped" | "rod_parted" | "low_fill" | "producing";

/** Peak load below this fraction of W_rb + W_r·α means the rods have parted. */
export const ROD_PART_RATIO = 0.95;

/** Buoyant and in-air weight of a params' rod string, N, computed once per params object. */
const weights = new WeakMap<WellParams, { buoyant: number; air: number }>();

function rodWeights(params: WellParams): { buoyant: number; air: number } {
  let w = weights.get(params);
  if (!w) {
    const rods: RodStringSpec = {
      sections: params.rods.map((r) => ({ diameterM: r.diameter_mm / 1000, lengthM: r.length_m })),
      modulusPa: params.rod_modulus_pa,
      densityKgM3: params.rod_density_kg_m3,
    };
    w = { buoyant: buoyantRodWeight(rods, params.fluid_density_kg_m3), air: rodWeightInAir(rods) };
    weights.set(params, w);
  }
  return w;
}

/**
 * Smallest peak polished-rod load, kN, an intact string can show at `spm`:
 * buoyant weight plus the Mills acceleration term at the bottom of the stroke.
 */
export function minimumIntactPeakKn(params: WellParams, spm: number): number {
  const w = (2 * Math.PI * spm) / 60;
  const alpha = (params.stroke_length_m / 2) * w * w * (1 + params.crank_pitman_ratio) / GRAVITY;
  const rods = rodWeights(params);
  return (rods.buoyant + rods.air * alpha) / 1000;
}

/** The observation for one sample of a well's points. */
export function observeWell(values: Readonly<PointValues>, params: WellParams): WellObservation {
  if (values.pumping !== true) return "stopped";
  const peak = values.peak_load, spm = values.spm;
  if (typeof peak === "number" && typeof spm === "number" && spm > 0) {
    if (peak < ROD_PART_RATIO * minimumIntactPeakKn(params, spm)) return "rod_parted";
  }
  const fill = values.fillage;
  if (typeof fill === "number" && fill < params.pumped_off_fillage_pct) return "low_fill";
  return "producing";
}
