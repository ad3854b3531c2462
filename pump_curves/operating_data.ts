/**
 * Fit a pump's head and efficiency curves to operating data read from CSV:
 * columns `flow_lps` and `head_m`, and `efficiency_pct` or `power_kw` (shaft
 * power; efficiency is then ρ g Q H / P with `specific_gravity`, default 1).
 * Head gets EPANET's power function and polynomials of degree 2 and 3;
 * efficiency gets polynomials of degree 2 and 3; each with R², RMSE and the
 * physics checks over the data's flow range.
 *
 * @module
 */
import { parse as parseCsv } from "csv-parse/sync";
import {
  efficiencyFromPower,
  fitPolynomial,
  fitPowerFunction,
  type PolynomialFit,
  polyValue,
  type PowerFit,
  powerValue,
} from "./curve_fit.ts";
import { type CheckResult, efficiencyHasOnePeak, headFallsWithFlow } from "./physics_checks.ts";

/** One row of operating data. */
export interface OperatingPoint {
  /** Flow, L/s. */
  flowLps: number;
  /** Head, m. */
  headM: number;
  /** Efficiency, fraction, when known. */
  efficiency?: number;
}

/** Head and efficiency fits with their checks. */
export interface OperatingFits {
  /** Points used. */
  n: number;
  /** Flow range of the data, L/s. */
  flowRange: [number, number];
  /** Head: EPANET's power function. */
  headPower: PowerFit & { check: CheckResult };
  /** Head: quadratic. */
  headQuadratic: PolynomialFit & { check: CheckResult };
  /** Head: cubic. */
  headCubic: PolynomialFit & { check: CheckResult };
  /** Efficiency (fraction): quadratic, when the data have efficiency or power. */
  efficiencyQuadratic?: PolynomialFit & { check: CheckResult & { peakFlow: number } };
  /** Efficiency (fraction): cubic. */
  efficiencyCubic?: PolynomialFit & { check: CheckResult & { peakFlow: number } };
}

/** Read operating data from CSV text; errors name the file, line and column. */
export function readOperatingCsv(
  text: string,
  file = "data.csv",
  specificGravity = 1,
): OperatingPoint[] {
  const rows = parseCsv(text, { columns: true, skip_empty_lines: true, trim: true }) as Record<
    string,
    string
  >[];
  if (!rows.length) throw new Error(`${file}: no data rows`);
  const cols = Object.keys(rows[0]);
  for (const c of ["flow_lps", "head_m"]) {
    if (!cols.includes(c)) {
      throw new Error(`${file}: missing column "${c}" (have ${cols.join(", ")})`);
    }
  }
  const hasEff = cols.includes("efficiency_pct"), hasPower = cols.includes("power_kw");
  return rows.map((r, i) => {
    const line = i + 2;
    const num = (c: string) => {
      const v = Number(r[c]);
      if (r[c] === "" || !Number.isFinite(v)) {
        throw new Error(`${file}:${line}: column ${c} is "${r[c]}", not a number`);
      }
      return v;
    };
    const p: OperatingPoint = { flowLps: num("flow_lps"), headM: num("head_m") };
    if (p.flowLps < 0) throw new Error(`${file}:${line}: flow_lps must be >= 0`);
    if (hasEff) p.efficiency = num("efficiency_pct") / 100;
    else if (hasPower) {
      const kw = num("power_kw");
      if (kw > 0) {
        p.efficiency = efficiencyFromPower(p.flowLps / 1000, p.headM, kw * 1000, specificGravity);
      }
    }
    return p;
  });
}

/** Fit head and efficiency curves to operating points. */
export function fitOperatingData(points: readonly OperatingPoint[]): OperatingFits {
  const q = points.map((p) => p.flowLps), h = points.map((p) => p.headM);
  const lo = Math.min(...q), hi = Math.max(...q);
  const headPower = fitPowerFunction(q, h);
  const headQuadratic = fitPolynomial(q, h, 2);
  const headCubic = fitPolynomial(q, h, 3);
  const fits: OperatingFits = {
    n: points.length,
    flowRange: [lo, hi],
    headPower: { ...headPower, check: headFallsWithFlow((x) => powerValue(headPower, x), lo, hi) },
    headQuadratic: {
      ...headQuadratic,
      check: headFallsWithFlow((x) => polyValue(headQuadratic.coefficients, x), lo, hi),
    },
    headCubic: {
      ...headCubic,
      check: headFallsWithFlow((x) => polyValue(headCubic.coefficients, x), lo, hi),
    },
  };
  const withEff = points.filter((p) => p.efficiency !== undefined);
  if (withEff.length >= 4) {
    const eq = withEff.map((p) => p.flowLps), ee = withEff.map((p) => p.efficiency!);
    const e2 = fitPolynomial(eq, ee, 2), e3 = fitPolynomial(eq, ee, 3);
    const elo = Math.min(...eq), ehi = Math.max(...eq);
    fits.efficiencyQuadratic = {
      ...e2,
      check: efficiencyHasOnePeak((x) => polyValue(e2.coefficients, x), elo, ehi),
    };
    fits.efficiencyCubic = {
      ...e3,
      check: efficiencyHasOnePeak((x) => polyValue(e3.coefficients, x), elo, ehi),
    };
  }
  return fits;
}
