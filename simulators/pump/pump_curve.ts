/**
 * Centrifugal pump curves the way EPANET builds them: a head curve from one
 * design point, from three points (power function fitted exactly as EPANET's
 * `powercurve`), or from a table interpolated linearly; an efficiency curve;
 * shaft power; and the affinity laws for a speed ratio.
 *
 * Internal units are SI: flow in m3/s, head in m, power in W.
 *
 * @module
 */

/** Standard gravity, m/s2. */
export const G = 9.80665;

/** Density of water at specific gravity 1, kg/m3. */
export const WATER_DENSITY = 1000;

/**
 * Shutoff head of a single-point curve as a multiple of its design head:
 * EPANET's constant 1.33334 (`updatepumpparams`), a hair above 4/3.
 */
export const SINGLE_POINT_SHUTOFF_RATIO = 1.33334;

/** Coefficients of a power-function head curve H = a - b Q^c. */
export interface PowerCurve {
  /** Shutoff head (head at zero flow). */
  a: number;
  /** Positive coefficient of the flow term. */
  b: number;
  /** Flow exponent. */
  c: number;
}

/**
 * Fit H = a - b Q^c through (0, h0), (q1, h1), (q2, h2) exactly as EPANET's
 * `powercurve()` does; returns undefined when the points cannot make such a
 * curve (EPANET's error 227). Units are whatever the points are in.
 */
export function fitPowerCurve(
  h0: number,
  h1: number,
  h2: number,
  q1: number,
  q2: number,
): PowerCurve | undefined {
  const tiny = 1e-6;
  if (h0 < tiny || h0 - h1 < tiny || h1 - h2 < tiny || q1 < tiny || q2 - q1 < tiny) {
    return undefined;
  }
  const h4 = h0 - h1;
  const h5 = h0 - h2;
  const c = Math.log(h5 / h4) / Math.log(q2 / q1);
  if (!(c > 0 && c <= 20)) return undefined;
  const b = h4 / Math.pow(q1, c);
  return { a: h0, b, c };
}

/** A head-curve point in SI units. */
export interface HeadPoint {
  /** Flow, m3/s. */
  q: number;
  /** Head, m. */
  h: number;
}

/** Which EPANET curve form a head curve uses. */
export type HeadCurveForm = "single" | "power" | "table";

/**
 * A pump's head curve at nominal speed, evaluated at any speed ratio `s`
 * through the affinity laws: H(Q, s) = s^2 H(Q / s, 1).
 */
export class HeadCurve {
  /** The curve form chosen from the points, as EPANET chooses it. */
  readonly form: HeadCurveForm;
  /** Power-function coefficients (single and power forms). */
  readonly power: PowerCurve | undefined;
  /** Design (rated) flow at nominal speed, m3/s: the point the curve was built around. */
  readonly designFlow: number;
  #qs: Float64Array;
  #hs: Float64Array;
  #a = 0;
  #b = 0;
  #c = 0;

  private constructor(form: HeadCurveForm, points: readonly HeadPoint[], power?: PowerCurve) {
    this.form = form;
    this.power = power;
    this.#qs = Float64Array.from(points, (p) => p.q);
    this.#hs = Float64Array.from(points, (p) => p.h);
    if (power) {
      this.#a = power.a;
      this.#b = power.b;
      this.#c = power.c;
    }
    this.designFlow = form === "single"
      ? points[0].q
      : form === "power"
      ? points[1].q
      : points[Math.floor(points.length / 2)].q;
  }

  /**
   * Build a curve from points as EPANET does: one point (Q0, H0) gives the
   * power function through (0, 1.33334 H0), (Q0, H0), (2 Q0, 0); three points starting at
   * zero flow give a fitted power function; anything else is a table with
   * strictly increasing flows and decreasing heads, interpolated linearly.
   * Throws a sentence saying what is wrong with the points.
   */
  static fromPoints(points: readonly HeadPoint[]): HeadCurve {
    if (points.length === 0) throw new Error("a head curve needs at least one point");
    if (points.length === 1) {
      const { q, h } = points[0];
      if (!(q > 0 && h > 0)) {
        throw new Error("a single-point head curve needs flow > 0 and head > 0");
      }
      const power = fitPowerCurve(SINGLE_POINT_SHUTOFF_RATIO * h, h, 0, q, 2 * q)!;
      return new HeadCurve("single", points, power);
    }
    if (points.length === 3 && points[0].q === 0) {
      const [p0, p1, p2] = points;
      const power = fitPowerCurve(p0.h, p1.h, p2.h, p1.q, p2.q);
      if (!power) {
        throw new Error(
          "a three-point head curve needs flows 0 < q1 < q2 and heads h0 > h1 > h2 " +
            "that fit H = a - b Q^c with 0 < c <= 20",
        );
      }
      return new HeadCurve("power", points, power);
    }
    for (let i = 1; i < points.length; i++) {
      if (!(points[i].q > points[i - 1].q)) {
        throw new Error(`head curve flows must increase (point ${i})`);
      }
      if (!(points[i].h < points[i - 1].h)) {
        throw new Error(`head curve heads must decrease (point ${i})`);
      }
    }
    return new HeadCurve("table", points);
  }

  /**
   * Head in m at flow `q` (m3/s) and speed ratio `s`. A negative flow (back
   * through the pump) extends the curve as EPANET's head-loss function does:
   * H = a + b |Q|^c for a power curve, the first segment's line for a table.
   */
  head(q: number, s: number): number {
    if (s <= 0) return 0;
    if (this.form !== "table") {
      const t = this.#b * Math.pow(s, 2 - this.#c) * Math.pow(Math.abs(q), this.#c);
      return s * s * this.#a - (q < 0 ? -t : t);
    }
    const x = q / s;
    const qs = this.#qs, hs = this.#hs, n = qs.length;
    let k = 1;
    while (k < n - 1 && x > qs[k]) k++;
    const h = hs[k - 1] + (hs[k] - hs[k - 1]) * (x - qs[k - 1]) / (qs[k] - qs[k - 1]);
    return s * s * h;
  }

  /** dH/dQ in m per m3/s at flow `q` and speed ratio `s` (never positive). */
  slope(q: number, s: number): number {
    if (s <= 0) return 0;
    if (this.form !== "table") {
      if (q === 0) return this.#c > 1 ? 0 : this.#c === 1 ? -this.#b * s : -Infinity;
      return -this.#c * this.#b * Math.pow(s, 2 - this.#c) * Math.pow(Math.abs(q), this.#c - 1);
    }
    const x = q / s;
    const qs = this.#qs, hs = this.#hs, n = qs.length;
    let k = 1;
    while (k < n - 1 && x > qs[k]) k++;
    return s * (hs[k] - hs[k - 1]) / (qs[k] - qs[k - 1]);
  }

  /**
   * The highest head the pump delivers flow against at speed ratio `s`, m:
   * the head at zero flow, except for a table, where EPANET takes the head of
   * its first point (`Hmax`) even when that point has flow, and closes the
   * pump (status XHEAD) above it rather than extrapolating towards zero flow.
   */
  shutoff(s: number): number {
    if (s <= 0) return 0;
    return this.form === "table" ? s * s * this.#hs[0] : this.head(0, s);
  }

  /** Flow at zero head (run-out) at speed ratio `s`, m3/s. */
  runout(s: number): number {
    if (this.form !== "table") return s * Math.pow(this.#a / this.#b, 1 / this.#c);
    const qs = this.#qs, hs = this.#hs, n = qs.length;
    if (hs[n - 1] <= 0) {
      let k = 1;
      while (hs[k] > 0) k++;
      return s * (qs[k - 1] + hs[k - 1] * (qs[k] - qs[k - 1]) / (hs[k - 1] - hs[k]));
    }
    // Extend the last segment down to zero head, as EPANET extrapolates it.
    return s * (qs[n - 1] + hs[n - 1] * (qs[n - 1] - qs[n - 2]) / (hs[n - 2] - hs[n - 1]));
  }
}

/** An efficiency-curve point in SI units. */
export interface EfficiencyPoint {
  /** Flow, m3/s. */
  q: number;
  /** Efficiency as a fraction (0..1]. */
  e: number;
}

/**
 * Pump efficiency: a constant, or a table looked up at the flow scaled back
 * to nominal speed with the Sarbu-Borza speed correction, as EPANET 2.2 does.
 */
export class EfficiencyCurve {
  #qs: Float64Array;
  #es: Float64Array;
  #constant: number;

  private constructor(constant: number, points: readonly EfficiencyPoint[]) {
    this.#constant = constant;
    this.#qs = Float64Array.from(points, (p) => p.q);
    this.#es = Float64Array.from(points, (p) => p.e);
  }

  /** A constant efficiency (fraction), EPANET's global or per-pump efficiency. */
  static constant(e: number): EfficiencyCurve {
    if (!(e > 0 && e <= 1)) throw new Error("efficiency must be in (0, 1]");
    return new EfficiencyCurve(e, []);
  }

  /** An efficiency table with increasing flows (fractions). */
  static table(points: readonly EfficiencyPoint[]): EfficiencyCurve {
    if (points.length === 0) throw new Error("an efficiency curve needs at least one point");
    for (let i = 1; i < points.length; i++) {
      if (!(points[i].q > points[i - 1].q)) {
        throw new Error(`efficiency curve flows must increase (point ${i})`);
      }
    }
    return new EfficiencyCurve(NaN, points);
  }

  /** Whether the efficiency is a constant. */
  get isConstant(): boolean {
    return !Number.isNaN(this.#constant);
  }

  /** The constant efficiency, or NaN for a table. */
  get value(): number {
    return this.#constant;
  }

  /** Efficiency (fraction, clamped to [0.01, 1]) at flow `q` (m3/s) and speed ratio `s`. */
  at(q: number, s: number): number {
    let e = this.#constant;
    if (Number.isNaN(e)) {
      const x = s > 0 ? q / s : 0;
      const qs = this.#qs, es = this.#es, n = qs.length;
      if (x <= qs[0]) e = es[0];
      else if (x >= qs[n - 1]) e = es[n - 1];
      else {
        let k = 1;
        while (x > qs[k]) k++;
        e = es[k - 1] + (es[k] - es[k - 1]) * (x - qs[k - 1]) / (qs[k] - qs[k - 1]);
      }
      if (s > 0 && s !== 1) e = 1 - (1 - e) * Math.pow(1 / s, 0.1);
    }
    return e < 0.01 ? 0.01 : e > 1 ? 1 : e;
  }
}

/** Power drawn to lift `q` m3/s by `h` m at efficiency `eta`, W: P = rho g Q H / eta. */
export function shaftPower(q: number, h: number, eta: number, specificGravity = 1): number {
  return WATER_DENSITY * specificGravity * G * q * h / eta;
}

/** Affinity law for flow: Q2 = Q1 s. */
export function affinityFlow(q: number, s: number): number {
  return q * s;
}

/** Affinity law for head: H2 = H1 s^2. */
export function affinityHead(h: number, s: number): number {
  return h * s * s;
}

/** Affinity law for power: P2 = P1 s^3. */
export function affinityPower(p: number, s: number): number {
  return p * s * s * s;
}

/** Litres per second to m3/s. */
export function lpsToM3s(lps: number): number {
  return lps / 1000;
}

/** m3/s to m3/h. */
export function m3sToM3h(q: number): number {
  return q * 3600;
}
