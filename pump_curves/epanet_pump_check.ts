/**
 * Check our reading of an .inp file's pumps against EPANET itself
 * (epanet-js): the pump type EPANET chose (EN_getpumptype), its head curve's
 * points (EN_getcurve), and the coefficients. EPANET's API does not return a
 * pump's h = a - b q^c, so the coefficients are checked by what they do:
 * each pump is put alone between two reservoirs, EPANET solves the flow it
 * delivers against three heads, and that flow is compared with the flow our
 * coefficients give at the same head.
 *
 * @module
 */
import { LinkProperty, Project, type PumpType, type Workspace } from "epanet-js";
import { HeadCurve } from "../simulators/pump/pump_curve.ts";
import type { InpPump, InpPumps } from "./inp_pumps.ts";

/** EPANET's view of one pump beside ours. */
export interface EpanetPumpCheck {
  /** Pump id. */
  id: string;
  /** EPANET's pump type name. */
  epanetType: "ConstHP" | "PowerFunc" | "Custom" | "NoCurve";
  /** Whether EPANET's type matches the form we derived. */
  typeMatches: boolean;
  /** Whether EPANET's head-curve points equal ours. */
  pointsMatch: boolean;
  /** Heads probed, file units. */
  probeHeads: number[];
  /** Flow EPANET delivers against each probe head. */
  epanetFlows: number[];
  /** Flow our curve gives at each probe head. */
  ourFlows: number[];
  /** Largest relative flow difference over the probes. */
  maxRelativeFlowDiff: number;
}

const TYPE_NAMES = ["ConstHP", "PowerFunc", "Custom", "NoCurve"] as const;

/** Flow at which `curve` (at nominal speed) gives head `h`, by bisection. */
function flowAtHead(curve: HeadCurve, h: number): number {
  let lo = 0, hi = curve.runout(1);
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (curve.head(mid, 1) > h) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** The .inp of one pump lifting from a reservoir at 0 to one at `head`, in `units`. */
function probeInp(pump: InpPump, units: string, head: number): string {
  const curve = pump.points.map((p) => ` C  ${p.x}  ${p.y}`).join("\n");
  return [
    "[TITLE]",
    "pump probe",
    "[RESERVOIRS]",
    " LOW  0",
    ` HIGH  ${head}`,
    "[JUNCTIONS]",
    " J  0  0",
    "[PIPES]",
    // A short, very wide pipe: its head loss is far below the probe's resolution.
    " P  J  HIGH  1  100000  140  0  Open",
    "[PUMPS]",
    " PU  LOW  J  HEAD C",
    "[CURVES]",
    curve,
    "[OPTIONS]",
    ` Units  ${units}`,
    " Headloss  H-W",
    " Accuracy  0.0000001",
    " Trials  500",
    "[END]",
    "",
  ].join("\n");
}

/** Flow EPANET's pump delivers against `head`, file units. */
function epanetFlow(ws: Workspace, pump: InpPump, units: string, head: number): number {
  const p = new Project(ws);
  ws.writeFile("probe.inp", probeInp(pump, units, head));
  p.open("probe.inp", "probe.rpt", "");
  try {
    p.solveH();
    return p.getLinkValue(p.getLinkIndex("PU"), LinkProperty.Flow);
  } finally {
    p.close();
  }
}

/**
 * Open `text` in EPANET and compare each pump's type, curve points and
 * delivered flows with `ours` (from {@linkcode readInpPumps}).
 */
export function checkPumpsWithEpanet(
  ws: Workspace,
  text: string,
  ours: InpPumps,
): EpanetPumpCheck[] {
  const p = new Project(ws);
  ws.writeFile("pumps.inp", text);
  const warn = console.warn;
  console.warn = () => {};
  const checks: EpanetPumpCheck[] = [];
  try {
    p.open("pumps.inp", "pumps.rpt", "");
    // EPANET 2.3 decides a pump's curve type when it opens the hydraulics (updatepumpparams);
    // before that every HEAD pump reads as Custom.
    p.openH();
    for (const pump of ours.pumps) {
      const link = p.getLinkIndex(pump.id);
      const type = TYPE_NAMES[p.getPumpType(link) as PumpType] ?? "NoCurve";
      const expected = pump.form === "constant_power"
        ? "ConstHP"
        : pump.form === "custom"
        ? "Custom"
        : "PowerFunc";
      let pointsMatch = pump.form === "constant_power";
      const check: EpanetPumpCheck = {
        id: pump.id,
        epanetType: type,
        typeMatches: type === expected,
        pointsMatch,
        probeHeads: [],
        epanetFlows: [],
        ourFlows: [],
        maxRelativeFlowDiff: 0,
      };
      if (pump.form !== "constant_power") {
        const c = p.getCurve(p.getHeadCurveIndex(link));
        pointsMatch = c.x.length === pump.points.length &&
          pump.points.every((pt, i) =>
            Math.abs(pt.x - c.x[i]) <= 1e-9 * Math.max(1, pt.x) &&
            Math.abs(pt.y - c.y[i]) <= 1e-9 * Math.max(1, pt.y)
          );
        check.pointsMatch = pointsMatch;
        const curve = HeadCurve.fromPoints(pump.points.map((pt) => ({ q: pt.x, h: pt.y })));
        const top = curve.shutoff(1);
        for (const f of [0.3, 0.6, 0.9]) {
          const h = f * top;
          const qe = epanetFlow(ws, pump, ours.flowUnits, h);
          const qo = flowAtHead(curve, h);
          check.probeHeads.push(h);
          check.epanetFlows.push(qe);
          check.ourFlows.push(qo);
          const d = Math.abs(qe - qo) / Math.max(Math.abs(qe), 1e-12);
          if (d > check.maxRelativeFlowDiff) check.maxRelativeFlowDiff = d;
        }
      }
      checks.push(check);
    }
    p.closeH();
  } finally {
    p.close();
    console.warn = warn;
  }
  return checks;
}
