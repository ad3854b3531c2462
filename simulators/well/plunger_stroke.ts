/**
 * The plunger stroke of a rod pump estimated statically, the way the
 * classic design methods do (API RP 11L; Coberly's overtravel): the
 * polished-rod stroke, less the stretch of the rods under the fluid load
 * that the plunger picks up and drops each stroke, plus the overtravel the
 * rods' own inertia gives at the ends of the stroke. It needs no wave
 * equation, so it is the first guess a well uses to find its producing
 * level before solving its card once; the card then gives the true rate.
 *
 * @module
 */
import { rodArea, type RodStringSpec, stretchPerNewton } from "./rod_string.ts";

/**
 * Stretch of the string per m/s² of acceleration at the polished rod, m:
 * each element carries the mass below it, so a section of length l over
 * mass M below stretches ρ·l²/(2E) + M·l/(E·A).
 */
export function inertialStretchPerAcceleration(spec: RodStringSpec): number {
  let stretch = 0, below = 0;
  for (let i = spec.sections.length - 1; i >= 0; i--) {
    const s = spec.sections[i], area = rodArea(s.diameterM);
    stretch += (spec.densityKgM3 * s.lengthM * s.lengthM) / (2 * spec.modulusPa) +
      (below * s.lengthM) / (spec.modulusPa * area);
    below += spec.densityKgM3 * area * s.lengthM;
  }
  return stretch;
}

/**
 * Plunger stroke, m: stroke S less the fluid-load stretch Fo·ΣL/(EA),
 * plus the overtravel. The polished rod's acceleration swings from about
 * +S·ω²/2 at the bottom of the stroke to −S·ω²/2 at the top (a crank's
 * asymmetry moves the two ends but not their difference), and the string
 * stretches with it.
 *
 * @param spec the rod string
 * @param strokeLengthM polished-rod stroke S, m
 * @param spm strokes per minute
 * @param fluidLoadN fluid load Ap·(Pd − Pi), N
 */
export function staticPlungerStroke(
  spec: RodStringSpec,
  strokeLengthM: number,
  spm: number,
  fluidLoadN: number,
): number {
  const omega = (2 * Math.PI * spm) / 60;
  const overtravel = strokeLengthM * omega * omega * inertialStretchPerAcceleration(spec);
  return Math.max(0, strokeLengthM - fluidLoadN * stretchPerNewton(spec) + overtravel);
}
