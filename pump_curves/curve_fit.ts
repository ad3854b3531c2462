/**
 * Pump curves fitted to operating data: a polynomial of degree 2 or 3 in
 * flow (head, efficiency or power), and EPANET's power function
 * h = A - B q^C for head. Units are whatever the data are in; the
 * coefficients are in the same units.
 *
 * The power function is nonlinear only in C: for a fixed C, A and B are a
 * linear least-squares fit (mathjs), so the best C is found by a scan over
 * C followed by a golden-section refinement of the residual (the residual is
 * smooth and, over the physical range, has one minimum near the scan's best).
 *
 * @module
 */
import { leastSquares } from "./least_squares.ts";

/** Goodness of a fit on its data. */
export interface FitQuality {
  /** Coefficient of determination, 1 - SSres/SStot. */
  r2: number;
  /** Root-mean-square error, in the unit of y. */
  rmse: number;
  /** Points fitted. */
  n: number;
}

/** A polynomial y = c0 + c1 q + c2 q² (+ c3 q³). */
export interface PolynomialFit extends FitQuality {
  /** Kind of fit. */
  form: "polynomial";
  /** Coefficients, lowest power first. */
  coefficients: number[];
}

/** EPANET's power function h = A - B q^C. */
export interface PowerFit extends FitQuality {
  /** Kind of fit. */
  form: "power";
  /** Shutoff head. */
  a: number;
  /** Flow coefficient. */
  b: number;
  /** Flow exponent. */
  c: number;
}

/** Range of the exponent C searched by {@linkcode fitPowerFunction}. */
export const POWER_EXPONENT_RANGE = [0.2, 8] as const;

/** Value of a polynomial (coefficients lowest power first) at q. */
export function polyValue(coefficients: readonly number[], q: number): number {
  let y = 0;
  for (let i = coefficients.length - 1; i >= 0; i--) y = y * q + coefficients[i];
  return y;
}

/** Value of h = A - B q^C at q ≥ 0. */
export function powerValue(f: { a: number; b: number; c: number }, q: number): number {
  return f.a - f.b * Math.pow(q, f.c);
}

/** R², RMSE and n of predictions against data. */
export function fitQuality(y: readonly number[], predicted: readonly number[]): FitQuality {
  const n = y.length;
  const mean = y.reduce((s, v) => s + v, 0) / n;
  let ssRes = 0, ssTot = 0;
  for (let i = 0; i < n; i++) {
    ssRes += (y[i] - predicted[i]) ** 2;
    ssTot += (y[i] - mean) ** 2;
  }
  return { r2: ssTot > 0 ? 1 - ssRes / ssTot : ssRes === 0 ? 1 : 0, rmse: Math.sqrt(ssRes / n), n };
}

function checkData(q: readonly number[], y: readonly number[], need: number, what: string): void {
  if (q.length !== y.length) {
    throw new Error(`${what}: ${q.length} flows but ${y.length} values`);
  }
  if (q.length < need) throw new Error(`${what}: needs at least ${need} points, got ${q.length}`);
  q.forEach((v, i) => {
    if (!Number.isFinite(v) || v < 0) throw new Error(`${what}: flow at point ${i} is ${v}`);
    if (!Number.isFinite(y[i])) throw new Error(`${what}: value at point ${i} is ${y[i]}`);
  });
}

/**
 * Least-squares polynomial of `degree` (2 or 3) through (q, y). Flows are
 * scaled to [0, 1] inside so the normal equations stay well conditioned.
 */
export function fitPolynomial(
  q: readonly number[],
  y: readonly number[],
  degree: 2 | 3,
): PolynomialFit {
  checkData(q, y, degree + 1, `polynomial fit of degree ${degree}`);
  const qmax = Math.max(...q) || 1;
  const rows = q.map((v) => {
    const x = v / qmax;
    return Array.from({ length: degree + 1 }, (_, k) => x ** k);
  });
  const scaled = leastSquares(rows, y);
  const coefficients = scaled.map((c, k) => c / qmax ** k);
  return {
    form: "polynomial",
    coefficients,
    ...fitQuality(y, q.map((v) => polyValue(coefficients, v))),
  };
}

/** Best A, B for a fixed C (flows scaled by qmax), and the residual sum of squares. */
function linearPart(
  x: readonly number[],
  h: readonly number[],
  c: number,
): { a: number; bs: number; sse: number } {
  const rows = x.map((v) => [1, -Math.pow(v, c)]);
  const [a, bs] = leastSquares(rows, h);
  let sse = 0;
  for (let i = 0; i < x.length; i++) sse += (h[i] - a + bs * Math.pow(x[i], c)) ** 2;
  return { a, bs, sse };
}

/**
 * Fit h = A - B q^C (EPANET's power head curve) to (q, h) by least squares:
 * A and B by mathjs linear least squares at each trial C, C by a scan over
 * {@linkcode POWER_EXPONENT_RANGE} refined by golden section.
 */
export function fitPowerFunction(q: readonly number[], h: readonly number[]): PowerFit {
  checkData(q, h, 3, "power-function fit");
  const qmax = Math.max(...q);
  if (!(qmax > 0)) throw new Error("power-function fit: every flow is zero");
  const x = q.map((v) => v / qmax);
  const [lo, hi] = POWER_EXPONENT_RANGE;
  // Scan in log C: the residual changes about as much from 0.2 to 0.4 as from 4 to 8.
  const steps = 48;
  let best: number = lo, bestSse = Infinity;
  const cAt = (k: number) => lo * Math.pow(hi / lo, k / steps);
  for (let k = 0; k <= steps; k++) {
    const c = cAt(k);
    const { sse } = linearPart(x, h, c);
    if (sse < bestSse) [best, bestSse] = [c, sse];
  }
  const kBest = Math.round(steps * Math.log(best / lo) / Math.log(hi / lo));
  let a: number = cAt(Math.max(0, kBest - 1)), b: number = cAt(Math.min(steps, kBest + 1));
  const phi = (Math.sqrt(5) - 1) / 2;
  let c1 = b - phi * (b - a), c2 = a + phi * (b - a);
  let f1 = linearPart(x, h, c1).sse, f2 = linearPart(x, h, c2).sse;
  for (let i = 0; i < 60 && b - a > 1e-10 * b; i++) {
    if (f1 < f2) {
      [b, c2, f2] = [c2, c1, f1];
      c1 = b - phi * (b - a);
      f1 = linearPart(x, h, c1).sse;
    } else {
      [a, c1, f1] = [c1, c2, f2];
      c2 = a + phi * (b - a);
      f2 = linearPart(x, h, c2).sse;
    }
  }
  const c = (a + b) / 2;
  const { a: A, bs } = linearPart(x, h, c);
  const fit = { a: A, b: bs / Math.pow(qmax, c), c };
  return { form: "power", ...fit, ...fitQuality(h, q.map((v) => powerValue(fit, v))) };
}

/** Efficiency (fraction) from hydraulic data: η = ρ g Q H / P (SI units: m3/s, m, W). */
export function efficiencyFromPower(
  qM3s: number,
  headM: number,
  powerW: number,
  specificGravity = 1,
): number {
  return 1000 * specificGravity * 9.80665 * qM3s * headM / powerW;
}
