/**
 * A physics check beside the card classifier: does the downhole card carry
 * the fluid load the well's hydrostatics imply? On a normalised card a
 * tubing leak and a well flowing through its pump look like a healthy card
 * carrying less load, so the classifier calls them regular work; a twin that
 * knows its plunger area, discharge and intake pressures can see the load
 * is missing. Where it went tells them apart: a tubing hole returns part of
 * what the pump lifts to the annulus, so the well produces clearly less
 * than the plunger displaces; a flowing well still delivers all of it.
 *
 * @module
 */
import type { DownholeCard } from "./gibbs_downhole.ts";

/** What a well twin knows of its hydraulics at the time of a card. */
export interface WellHydraulics {
  /** Plunger area, m². */
  plungerAreaM2: number;
  /** Pressure above the plunger with tight tubing (tubing head + liquid column), Pa gauge. */
  dischargePa: number;
  /** Pump intake pressure from the fluid level or a gauge, Pa gauge. */
  intakePa: number;
  /** Measured liquid production, m³/d. */
  productionM3d: number;
  /** Strokes per minute. */
  spm: number;
}

/** Measures of one downhole card the check needs. */
export interface CardLoadMeasures {
  /** Mean upstroke minus mean downstroke load over the middle half of the stroke, N. */
  fluidLoadN: number;
  /** Plunger stroke (highest minus lowest downhole position), m. */
  plungerStrokeM: number;
}

/** Outcome of the check. */
export interface FluidLoadCheck {
  /** Card fluid load over the hydrostatic one (1 = all carried). */
  loadRatio: number;
  /** Production over plunger displacement (about 1 for a tight, full pump). */
  productionRatio: number;
  /** The class the check names, or undefined when the load is carried. */
  label: "OIL_ROD_LEAKAGE" | "WORK_WITH_FLOAT" | undefined;
}

/** Below this share of the hydrostatic fluid load the load counts as lost (a tight healthy pump carries 1.0). */
export const LOST_LOAD_RATIO = 0.85;

/** Fluid load and plunger stroke of `dh` (loads over the middle half of each stroke, so valve transfers do not count). */
export function cardLoadMeasures(dh: DownholeCard): CardLoadMeasures {
  const x = dh.position, f = dh.load, n = x.length;
  let lo = 0, hi = 0;
  for (let i = 1; i < n; i++) {
    if (x[i] < x[lo]) lo = i;
    if (x[i] > x[hi]) hi = i;
  }
  const stroke = x[hi] - x[lo];
  const a = x[lo] + 0.25 * stroke, b = x[lo] + 0.75 * stroke;
  let up = 0, nUp = 0, down = 0, nDown = 0;
  // Time order: from the lowest point to the highest is the upstroke, the rest the downstroke.
  for (let k = 0; k < n; k++) {
    const i = (lo + k) % n;
    if (x[i] < a || x[i] > b) continue;
    const rising = k <= (hi - lo + n) % n;
    if (rising) (up += f[i], nUp++);
    else (down += f[i], nDown++);
  }
  const fluidLoadN = nUp > 0 && nDown > 0 ? up / nUp - down / nDown : 0;
  return { fluidLoadN, plungerStrokeM: stroke };
}

/** Compare a card's measures with the fluid load and displacement `w`'s hydraulics imply. */
export function checkFluidLoad(m: CardLoadMeasures, w: WellHydraulics): FluidLoadCheck {
  const expected = w.plungerAreaM2 * Math.max(0, w.dischargePa - w.intakePa);
  const displacementM3d = w.plungerAreaM2 * m.plungerStrokeM * w.spm * 60 * 24;
  const loadRatio = expected > 0 ? m.fluidLoadN / expected : 1;
  const productionRatio = displacementM3d > 0 ? w.productionM3d / displacementM3d : 1;
  // A well with (almost) no differential or no stroke has nothing to compare.
  const usable = expected > 0 && displacementM3d > 0 && Number.isFinite(loadRatio) &&
    Number.isFinite(productionRatio);
  let label: FluidLoadCheck["label"];
  if (usable && loadRatio < LOST_LOAD_RATIO) {
    // A hole loses production with the load; a flowing well loses load but keeps its production.
    const leaking = productionRatio < 1 - (1 - loadRatio) / 2;
    label = leaking ? "OIL_ROD_LEAKAGE" : "WORK_WITH_FLOAT";
  }
  return { loadRatio, productionRatio, label };
}
