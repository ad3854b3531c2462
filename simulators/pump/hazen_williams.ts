/**
 * Hazen-Williams friction loss in SI, with the constant EPANET uses: EPANET
 * computes r = 4.727 C^-1.852 d^-4.871 L in US units (ft, cfs) and converts
 * litres per second with 28.317 L/cfs, which in SI is
 * h = 10.667 C^-1.852 d^-4.871 L Q^1.852 (h, d, L in m; Q in m3/s).
 *
 * @module
 */

/** Hazen-Williams flow exponent. */
export const HW_EXPONENT = 1.852;

/** Hazen-Williams diameter exponent. */
export const HW_DIAMETER_EXPONENT = 4.871;

/** EPANET's Hazen-Williams constant converted to SI (about 10.667). */
export const HW_SI_CONSTANT = 4.727 * Math.pow(0.3048, HW_DIAMETER_EXPONENT) *
  Math.pow(1000 / 28.317, HW_EXPONENT);

/** Resistance r of a pipe so that h = r Q^1.852 (h in m, Q in m3/s). */
export function hazenWilliamsResistance(lengthM: number, diameterM: number, c: number): number {
  return HW_SI_CONSTANT * lengthM / (Math.pow(c, HW_EXPONENT) *
    Math.pow(diameterM, HW_DIAMETER_EXPONENT));
}

/** Friction head loss in m for flow `q` (m3/s) through resistance `r`, signed with the flow. */
export function hazenWilliamsHeadloss(r: number, q: number): number {
  return q >= 0 ? r * Math.pow(q, HW_EXPONENT) : -r * Math.pow(-q, HW_EXPONENT);
}
