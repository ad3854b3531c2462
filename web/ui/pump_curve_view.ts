/**
 * What the pump-curve panel draws, as plain data: the resource
 * `GET /api/twins/{pump}/curves` answers, the live operating point read from
 * the twin's streamed points, the fitted and design curves sampled as x-y
 * lines, the fitted curves moved to the pump's current speed by the
 * affinity laws, and the equations as text.
 *
 * @module
 */

/** A fitted curve's physics check. */
export interface CurveCheckView {
  /** Whether it passes. */
  ok: boolean;
  /** Why not. */
  reason?: string;
}

/** The `GET /api/twins/{pump}/curves` resource (flows in L/s, heads in m, efficiency in %). */
export interface PumpCurvesView {
  /** Pump twin id. */
  twin: string;
  /** Points kept. */
  n: number;
  /** The points at nominal speed. */
  points: { flow_lps: number; head_m: number; efficiency_pct: number | null; ts: number }[];
  /** The fits, when there are enough points. */
  fit: null | {
    flow_range_lps: [number, number];
    head: {
      a: number;
      b: number;
      c: number;
      r2: number;
      rmse: number;
      n: number;
      check: CurveCheckView;
    };
    efficiency: null | {
      coefficients: number[];
      r2: number;
      rmse: number;
      n: number;
      check: CurveCheckView & { peak_flow_lps: number | null };
    };
  };
  /** Why there is no fit. */
  reason?: string;
  /** The design curves of the pump's params. */
  design: null | {
    form: string;
    head: { flow_lps: number; head_m: number }[];
    efficiency: { flow_lps: number; efficiency_pct: number }[];
  };
}

/** The live operating point, at the pump's actual speed. */
export interface OperatingPointView {
  /** Flow, L/s. */
  flowLps: number;
  /** Head, m. */
  headM: number;
  /** Efficiency, %, when reported. */
  efficiencyPct?: number;
  /** Speed, % of nominal. */
  speedPct: number;
}

/** An x-y line. */
export type XY = [number, number][];

/** The operating point from a pump twin's streamed points (flow in m3/h), when it turns. */
export function operatingPoint(
  points: Record<string, { value: unknown } | undefined>,
): OperatingPointView | undefined {
  const flow = points.flow?.value, head = points.head?.value, speed = points.speed?.value;
  if (typeof flow !== "number" || typeof head !== "number" || typeof speed !== "number") {
    return undefined;
  }
  if (!(speed > 0)) return undefined;
  const eff = points.efficiency?.value;
  return {
    flowLps: flow / 3.6,
    headM: head,
    speedPct: speed,
    ...(typeof eff === "number" ? { efficiencyPct: eff } : {}),
  };
}

/** h = A - B Q^C. */
export function powerHead(f: { a: number; b: number; c: number }, q: number): number {
  return f.a - f.b * Math.pow(q, f.c);
}

/** A polynomial, coefficients lowest power first. */
export function polynomial(coefficients: readonly number[], q: number): number {
  let y = 0;
  for (let i = coefficients.length - 1; i >= 0; i--) y = y * q + coefficients[i];
  return y;
}

/**
 * Sample `f` at `steps + 1` flows over [q0, q1] at speed ratio `s` (1 is
 * nominal): head by the affinity laws H_s(Q) = s² H(Q/s), efficiency by
 * EPANET's Sarbu-Borza correction (`kind` says which). Samples where the
 * value is negative are left out.
 */
export function sampleCurve(
  f: (q: number) => number,
  q0: number,
  q1: number,
  s = 1,
  kind: "head" | "efficiency" = "head",
  steps = 60,
): XY {
  const out: XY = [];
  for (let i = 0; i <= steps; i++) {
    const q = q0 + (q1 - q0) * i / steps;
    const base = f(q / s);
    const y = kind === "head"
      ? s * s * base
      : s === 1
      ? base
      : 100 - (100 - base) * Math.pow(1 / s, 0.1);
    if (Number.isFinite(y) && y >= 0) out.push([q, y]);
  }
  return out;
}

/** Flow where the fitted head reaches zero (or `fallback` when it never does). */
export function fittedRunout(f: { a: number; b: number; c: number }, fallback: number): number {
  return f.a > 0 && f.b > 0 && f.c > 0 ? Math.pow(f.a / f.b, 1 / f.c) : fallback;
}

/** A number for an equation: 5 significant digits, exponent form when small. */
export function coefficientText(x: number): string {
  if (x === 0) return "0";
  const a = Math.abs(x);
  return a < 1e-3 || a >= 1e6 ? x.toExponential(4) : String(Number(x.toPrecision(5)));
}

/** The fitted head curve as an equation. */
export function headEquation(f: { a: number; b: number; c: number }): string {
  return `H = ${coefficientText(f.a)} − ${coefficientText(f.b)} · Q^${coefficientText(f.c)}`;
}

/** A fitted efficiency polynomial as an equation (η in %). */
export function efficiencyEquation(coefficients: readonly number[]): string {
  return "η = " + coefficients.map((c, k) => {
    const term = k === 0
      ? coefficientText(Math.abs(c))
      : k === 1
      ? `${coefficientText(Math.abs(c))} · Q`
      : `${coefficientText(Math.abs(c))} · Q^${k}`;
    return k === 0 ? (c < 0 ? `−${term}` : term) : `${c < 0 ? "−" : "+"} ${term}`;
  }).join(" ");
}
