/**
 * Geometry and static mechanics of a tapered sucker-rod string: section
 * areas, weights in air and in the well fluid, elastic stretch.
 *
 * @module
 */

/** Standard gravity, m/s². */
export const GRAVITY = 9.81;

/** One section of a tapered rod string, listed top to bottom. */
export interface RodSection {
  /** Rod diameter, m. */
  diameterM: number;
  /** Section length, m. */
  lengthM: number;
}

/** A tapered rod string: sections top to bottom and the steel's properties. */
export interface RodStringSpec {
  /** Sections from the polished rod down to the pump. */
  sections: readonly RodSection[];
  /** Young's modulus E, Pa. */
  modulusPa: number;
  /** Rod density, kg/m³. */
  densityKgM3: number;
}

/** Cross-section area of a round rod of diameter `d` m, m². */
export function rodArea(diameterM: number): number {
  return (Math.PI / 4) * diameterM * diameterM;
}

/** Total length of the string (= pump depth), m. */
export function rodLength(spec: RodStringSpec): number {
  let l = 0;
  for (const s of spec.sections) l += s.lengthM;
  return l;
}

/** Longitudinal wave speed a = √(E/ρ), m/s. */
export function waveSpeed(spec: RodStringSpec): number {
  return Math.sqrt(spec.modulusPa / spec.densityKgM3);
}

/** Mass of the whole string, kg. */
export function rodMass(spec: RodStringSpec): number {
  let m = 0;
  for (const s of spec.sections) m += spec.densityKgM3 * rodArea(s.diameterM) * s.lengthM;
  return m;
}

/** Weight of the string in air, N. */
export function rodWeightInAir(spec: RodStringSpec): number {
  return rodMass(spec) * GRAVITY;
}

/**
 * Weight of the string submerged in fluid of density `fluidKgM3`, N: the
 * conventional distributed-buoyancy simplification W·(1 − ρf/ρs).
 */
export function buoyantRodWeight(spec: RodStringSpec, fluidKgM3: number): number {
  return rodWeightInAir(spec) * (1 - fluidKgM3 / spec.densityKgM3);
}

/** Buoyant weight of the part of the string above `depthM`, N. */
export function buoyantWeightAbove(spec: RodStringSpec, fluidKgM3: number, depthM: number): number {
  let w = 0, top = 0;
  const perM3 = (spec.densityKgM3 - fluidKgM3) * GRAVITY;
  for (const s of spec.sections) {
    const len = Math.max(0, Math.min(s.lengthM, depthM - top));
    w += perM3 * rodArea(s.diameterM) * len;
    top += s.lengthM;
  }
  return w;
}

/** Elastic stretch per newton of load hung at the bottom, Σ L/(E·A), m/N. */
export function stretchPerNewton(spec: RodStringSpec): number {
  let k = 0;
  for (const s of spec.sections) k += s.lengthM / (spec.modulusPa * rodArea(s.diameterM));
  return k;
}
