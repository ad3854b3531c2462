/**
 * Real-coded variation operators on the unit box, as NSGA-II uses them (Deb
 * and Agrawal): simulated binary crossover (SBX) and polynomial mutation.
 *
 * @module
 */
import type { Random } from "../simulators/random.ts";

/** Distribution index of SBX (larger keeps children nearer their parents). */
export const SBX_ETA = 15;

/** Distribution index of polynomial mutation. */
export const MUTATION_ETA = 20;

/** Two children of `a` and `b` by SBX, each variable crossed with probability 0.5. */
export function sbx(
  a: Float64Array,
  b: Float64Array,
  rng: Random,
  eta = SBX_ETA,
): [Float64Array, Float64Array] {
  const c1 = Float64Array.from(a), c2 = Float64Array.from(b);
  for (let j = 0; j < a.length; j++) {
    if (rng.next() >= 0.5) continue;
    const u = rng.next();
    const beta = u <= 0.5
      ? Math.pow(2 * u, 1 / (eta + 1))
      : Math.pow(1 / (2 * (1 - u)), 1 / (eta + 1));
    const x1 = 0.5 * ((1 + beta) * a[j] + (1 - beta) * b[j]);
    const x2 = 0.5 * ((1 - beta) * a[j] + (1 + beta) * b[j]);
    c1[j] = x1 < 0 ? 0 : x1 > 1 ? 1 : x1;
    c2[j] = x2 < 0 ? 0 : x2 > 1 ? 1 : x2;
  }
  return [c1, c2];
}

/** Polynomial mutation of each variable with probability `rate` (default 1/dim), in place. */
export function mutate(
  x: Float64Array,
  rng: Random,
  rate = 1 / x.length,
  eta = MUTATION_ETA,
): void {
  for (let j = 0; j < x.length; j++) {
    if (rng.next() >= rate) continue;
    const u = rng.next();
    const d = u < 0.5
      ? Math.pow(2 * u, 1 / (eta + 1)) - 1
      : 1 - Math.pow(2 * (1 - u), 1 / (eta + 1));
    const v = x[j] + d;
    x[j] = v < 0 ? 0 : v > 1 ? 1 : v;
  }
}
