/**
 * Vogel's inflow performance relationship for a solution-gas-drive
 * reservoir (Vogel 1968): q = qmax·(1 − 0.2·(Pwf/Pr) − 0.8·(Pwf/Pr)²).
 *
 * @module
 */

/**
 * Liquid inflow rate at flowing bottom-hole pressure `pwf`.
 *
 * @param pwf flowing bottom-hole pressure (same unit as `pr`)
 * @param pr static reservoir pressure
 * @param qMax absolute open flow (rate at Pwf = 0), any rate unit
 * @returns rate in the unit of `qMax`; 0 at or above Pr, qMax at or below 0
 */
export function vogelRate(pwf: number, pr: number, qMax: number): number {
  if (pwf >= pr) return 0;
  const x = pwf <= 0 ? 0 : pwf / pr;
  return qMax * (1 - 0.2 * x - 0.8 * x * x);
}

/**
 * Flowing bottom-hole pressure that gives rate `q` (inverse of
 * {@linkcode vogelRate}); Pr for q ≤ 0, 0 for q ≥ qMax.
 */
export function vogelPwf(q: number, pr: number, qMax: number): number {
  if (q <= 0) return pr;
  if (q >= qMax) return 0;
  // 0.8x² + 0.2x − (1 − q/qMax) = 0, positive root.
  const c = 1 - q / qMax;
  return pr * ((-0.2 + Math.sqrt(0.04 + 3.2 * c)) / 1.6);
}
