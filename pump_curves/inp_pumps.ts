/**
 * Pumps and their curves read from EPANET .inp text ([PUMPS], [CURVES],
 * [ENERGY], [OPTIONS] Units), and the head curve EPANET derives from each:
 * a single design point (Q0, H0) becomes the power function through
 * (0, 1.33334 H0), (Q0, H0), (2 Q0, 0), i.e. h ≈ 4/3 H0 - (H0/3)(q/Q0)²; three
 * points starting at zero flow become the power function through them
 * (EPANET's `powercurve`); any other table is a custom curve interpolated
 * linearly, for which the least-squares power function is given beside it.
 * Coefficients are in the file's own units (flow units of `Units`, head in ft
 * for US units and m for SI units).
 *
 * @module
 */
import { fitPowerCurve, SINGLE_POINT_SHUTOFF_RATIO } from "../simulators/pump/pump_curve.ts";
import { fitPowerFunction, type PowerFit } from "./curve_fit.ts";

/** A curve point in file units. */
export interface InpPoint {
  /** x value (flow). */
  x: number;
  /** y value (head, efficiency % ...). */
  y: number;
}

/** The head-curve form EPANET gives a pump. */
export type InpPumpForm = "single_point" | "three_point" | "custom" | "constant_power";

/** One pump of an .inp file with the curve EPANET derives for it. */
export interface InpPump {
  /** Link id. */
  id: string;
  /** Upstream node id. */
  from: string;
  /** Downstream node id. */
  to: string;
  /** 1-based line of the pump in the file. */
  line: number;
  /** Head-curve id (absent for a POWER pump). */
  curveId?: string;
  /** Head-curve points in file units. */
  points: InpPoint[];
  /** Constant power (POWER keyword), kW or hp by the file's units. */
  power?: number;
  /** Relative speed (SPEED keyword, default 1). */
  speed: number;
  /** Speed pattern id (PATTERN keyword). */
  pattern?: string;
  /** The form EPANET uses. */
  form: InpPumpForm;
  /** EPANET's power-function coefficients h = a - b q^c (single- and three-point curves). */
  coefficients?: { a: number; b: number; c: number };
  /** Least-squares power function of a custom curve (our fit, not EPANET's). */
  fitted?: PowerFit;
  /** Efficiency-curve id from [ENERGY] `Pump <id> Efficiency <curve>`. */
  efficiencyCurveId?: string;
  /** Efficiency-curve points (flow, %). */
  efficiencyPoints?: InpPoint[];
}

/** What an .inp file says about its pumps. */
export interface InpPumps {
  /** Flow units (`Units` in [OPTIONS]; EPANET's default is GPM). */
  flowUnits: string;
  /** Head unit: ft for US flow units, m for SI. */
  headUnit: "ft" | "m";
  /** Global pump efficiency, % ([ENERGY] Global Efficiency, default 75). */
  globalEfficiency: number;
  /** The pumps in file order. */
  pumps: InpPump[];
}

const SI_UNITS = new Set(["LPS", "LPM", "MLD", "CMH", "CMD", "CMS"]);

/** One data row of a section: its fields and 1-based line number. */
interface Row {
  fields: string[];
  line: number;
}

/** Split .inp text into sections of data rows (comments and blank lines dropped). */
export function inpSections(text: string): Map<string, Row[]> {
  const sections = new Map<string, Row[]>();
  let current: Row[] | undefined;
  text.split(/\r?\n/).forEach((raw, i) => {
    const body = raw.split(";")[0].trim();
    if (!body) return;
    const head = /^\[([A-Za-z_]+)\]/.exec(body);
    if (head) {
      const name = head[1].toUpperCase();
      current = sections.get(name) ?? [];
      sections.set(name, current);
      return;
    }
    current?.push({ fields: body.split(/\s+/), line: i + 1 });
  });
  return sections;
}

function num(s: string | undefined, where: string): number {
  const v = Number(s);
  if (s === undefined || !Number.isFinite(v)) throw new Error(`${where}: "${s}" is not a number`);
  return v;
}

/**
 * Read the pumps of .inp `text` (named `file` in errors) with the head curve
 * EPANET derives for each. Throws a sentence naming the file and line of a
 * pump or curve row it cannot read.
 */
export function readInpPumps(text: string, file = "input.inp"): InpPumps {
  const s = inpSections(text);
  const at = (r: Row) => `${file}:${r.line}`;
  const units = s.get("OPTIONS")?.find((r) => /^units$/i.test(r.fields[0]))?.fields[1]
    ?.toUpperCase() ?? "GPM";
  const curves = new Map<string, InpPoint[]>();
  for (const r of s.get("CURVES") ?? []) {
    if (r.fields.length < 3) throw new Error(`${at(r)}: a curve row needs an id, x and y`);
    const [id, x, y] = r.fields;
    const pts = curves.get(id) ?? [];
    pts.push({ x: num(x, `${at(r)} curve ${id} x`), y: num(y, `${at(r)} curve ${id} y`) });
    curves.set(id, pts);
  }
  let globalEfficiency = 75;
  const effCurve = new Map<string, string>();
  for (const r of s.get("ENERGY") ?? []) {
    const [k1, k2, k3, k4] = r.fields.map((f) => f);
    if (/^global$/i.test(k1) && /^effic/i.test(k2 ?? "")) {
      globalEfficiency = num(k3, `${at(r)} global efficiency`);
    }
    if (/^pump$/i.test(k1) && /^effic/i.test(k3 ?? "") && k4) effCurve.set(k2, k4);
  }
  const pumps: InpPump[] = [];
  for (const r of s.get("PUMPS") ?? []) {
    const [id, from, to, ...rest] = r.fields;
    if (!to) throw new Error(`${at(r)}: a pump row needs an id and two nodes`);
    const pump: InpPump = { id, from, to, line: r.line, points: [], speed: 1, form: "custom" };
    for (let k = 0; k < rest.length; k += 2) {
      const key = rest[k].toUpperCase(), value = rest[k + 1];
      if (value === undefined) throw new Error(`${at(r)}: pump ${id}: ${key} has no value`);
      if (key === "HEAD") pump.curveId = value;
      else if (key === "POWER") pump.power = num(value, `${at(r)} pump ${id} POWER`);
      else if (key === "SPEED") pump.speed = num(value, `${at(r)} pump ${id} SPEED`);
      else if (key === "PATTERN") pump.pattern = value;
      else throw new Error(`${at(r)}: pump ${id}: unknown keyword ${rest[k]}`);
    }
    if (pump.curveId !== undefined) {
      const pts = curves.get(pump.curveId);
      if (!pts) {
        throw new Error(`${at(r)}: pump ${id}: head curve ${pump.curveId} is not in [CURVES]`);
      }
      pump.points = pts;
      derive(pump, `${at(r)}: pump ${id}`);
    } else if (pump.power !== undefined) {
      pump.form = "constant_power";
    } else {
      throw new Error(`${at(r)}: pump ${id} has neither a HEAD curve nor a POWER rating`);
    }
    const e = effCurve.get(id);
    if (e !== undefined) {
      pump.efficiencyCurveId = e;
      pump.efficiencyPoints = curves.get(e);
    }
    pumps.push(pump);
  }
  return {
    flowUnits: units,
    headUnit: SI_UNITS.has(units) ? "m" : "ft",
    globalEfficiency,
    pumps,
  };
}

/** EPANET's head-curve form and coefficients for a pump's points (`updatepumpparams`). */
function derive(pump: InpPump, where: string): void {
  const p = pump.points;
  if (p.length === 1) {
    const { x: q1, y: h1 } = p[0];
    const f = fitPowerCurve(SINGLE_POINT_SHUTOFF_RATIO * h1, h1, 0, q1, 2 * q1);
    if (!f) throw new Error(`${where}: a single-point curve needs flow > 0 and head > 0`);
    pump.form = "single_point";
    pump.coefficients = f;
    return;
  }
  if (p.length === 3 && p[0].x === 0) {
    const f = fitPowerCurve(p[0].y, p[1].y, p[2].y, p[1].x, p[2].x);
    if (!f) {
      throw new Error(`${where}: the three points do not fit h = a - b q^c (EPANET error 227)`);
    }
    pump.form = "three_point";
    pump.coefficients = f;
    return;
  }
  pump.form = "custom";
  if (p.length >= 3) pump.fitted = fitPowerFunction(p.map((v) => v.x), p.map((v) => v.y));
}
