/**
 * `deno task pump-curves --fit <data.csv>`: head and efficiency curves fitted
 * to operating data (see operating_data.ts), with R², RMSE and physics checks.
 *
 * `deno task pump-curves <file.inp> [--no-epanet]`: each pump of an EPANET
 * .inp file with its head curve, the form and coefficients EPANET derives
 * (h = A - B Q^C in the file's units), and EPANET's own view of the pump
 * (epanet-js: pump type, curve points, and the flow it delivers at three
 * heads beside ours). Exits 1 when EPANET disagrees.
 *
 * @module
 */
import { Workspace } from "epanet-js";
import { checkPumpsWithEpanet, type EpanetPumpCheck } from "./epanet_pump_check.ts";
import { type InpPump, type InpPumps, readInpPumps } from "./inp_pumps.ts";
import { efficiencyHasOnePeak, headFallsWithFlow } from "./physics_checks.ts";
import { powerValue } from "./curve_fit.ts";
import { fitOperatingData, type OperatingFits, readOperatingCsv } from "./operating_data.ts";

/** Largest relative flow difference from EPANET's pump at which our coefficients agree. */
export const EPANET_FLOW_TOLERANCE = 1e-4;

function g(x: number, digits = 6): string {
  return String(Number(x.toPrecision(digits)));
}

/** A power function in words, e.g. `h = 104 - 1.69e-5 Q^1.773`. */
export function formatPower(f: { a: number; b: number; c: number }): string {
  return `h = ${g(f.a)} - ${g(f.b, 5)} Q^${g(f.c, 5)}`;
}

/** The lines printed for one pump. */
export function describePump(p: InpPump, file: InpPumps, check?: EpanetPumpCheck): string[] {
  const units = `Q in ${file.flowUnits}, h in ${file.headUnit}`;
  const out = [
    `pump ${p.id}  ${p.from} -> ${p.to}` + (p.speed !== 1 ? `  speed ${p.speed}` : "") +
    (p.pattern ? `  pattern ${p.pattern}` : ""),
  ];
  if (p.form === "constant_power") {
    out.push(`  constant power ${p.power} (${file.headUnit === "m" ? "kW" : "hp"}), no head curve`);
  } else {
    const pts = p.points.map((pt) => `(${g(pt.x)}, ${g(pt.y)})`).join(" ");
    out.push(`  head curve ${p.curveId}: ${p.points.length} point(s) ${pts}`);
  }
  if (p.coefficients) {
    const kind = p.form === "single_point" ? "1-point" : "3-point";
    out.push(`  EPANET ${kind} power function: ${formatPower(p.coefficients)}  (${units})`);
    const qRun = Math.pow(p.coefficients.a / p.coefficients.b, 1 / p.coefficients.c);
    const falls = headFallsWithFlow((q) => powerValue(p.coefficients!, q), 0, qRun);
    out.push(
      `  shutoff ${g(p.coefficients.a)}, run-out ${g(qRun)}; head falls with flow: ${
        falls.ok ? "yes" : falls.reason
      }`,
    );
  } else if (p.form === "custom") {
    out.push(`  EPANET custom curve (linear between points)`);
    if (p.fitted) {
      out.push(
        `  least-squares power function: ${formatPower(p.fitted)}  R² ${g(p.fitted.r2, 5)}, RMSE ${
          g(p.fitted.rmse, 4)
        } (${units})`,
      );
    }
  }
  if (p.efficiencyPoints?.length) {
    const e = p.efficiencyPoints;
    const peak = efficiencyHasOnePeak(
      (q) => interp(e, q) / 100,
      e[0].x,
      e[e.length - 1].x,
    );
    out.push(
      `  efficiency curve ${p.efficiencyCurveId}: ${
        e.map((pt) => `(${g(pt.x)}, ${g(pt.y)} %)`).join(" ")
      }; one peak: ${peak.ok ? `yes, at ${g(peak.peakFlow)}` : peak.reason}`,
    );
  } else if (p.form !== "constant_power") {
    out.push(`  efficiency ${file.globalEfficiency} % (global)`);
  }
  if (check) {
    const probes = check.probeHeads.map((h, i) =>
      `h ${g(h, 4)}: EPANET Q ${g(check.epanetFlows[i])}, ours ${g(check.ourFlows[i])}`
    ).join("; ");
    out.push(
      `  epanet-js: pump type ${check.epanetType} (${
        check.typeMatches ? "matches" : "DIFFERS"
      }), ` +
        `curve points ${check.pointsMatch ? "match" : "DIFFER"}` +
        (probes
          ? `; ${probes}; largest difference ${g(100 * check.maxRelativeFlowDiff, 3)} %`
          : ""),
    );
  }
  return out;
}

function interp(pts: readonly { x: number; y: number }[], q: number): number {
  if (q <= pts[0].x) return pts[0].y;
  for (let i = 1; i < pts.length; i++) {
    if (q <= pts[i].x) {
      return pts[i - 1].y +
        (pts[i].y - pts[i - 1].y) * (q - pts[i - 1].x) / (pts[i].x - pts[i - 1].x);
    }
  }
  return pts[pts.length - 1].y;
}

/** Whether EPANET agrees with every pump we read. */
export function epanetAgrees(checks: readonly EpanetPumpCheck[]): boolean {
  return checks.every((c) =>
    c.typeMatches && c.pointsMatch && c.maxRelativeFlowDiff <= EPANET_FLOW_TOLERANCE
  );
}

/** The lines printed for fits to operating data. */
export function describeFits(f: OperatingFits): string[] {
  const q = (x: { r2: number; rmse: number }) => `R² ${g(x.r2, 5)}, RMSE ${g(x.rmse, 4)}`;
  const ok = (c: { ok: boolean; reason?: string }) => c.ok ? "yes" : `NO (${c.reason})`;
  const poly = (c: readonly number[]) =>
    c.map((v, k) => k === 0 ? g(v) : `${v < 0 ? "-" : "+"} ${g(Math.abs(v), 5)} Q^${k}`).join(" ");
  const out = [
    `${f.n} points, flow ${g(f.flowRange[0], 4)} to ${g(f.flowRange[1], 4)} L/s`,
    `head, EPANET power function: ${formatPower(f.headPower)}  ${q(f.headPower)}; ` +
    `head falls with flow: ${ok(f.headPower.check)}`,
    `head, quadratic: h = ${poly(f.headQuadratic.coefficients)}  ${q(f.headQuadratic)}; ` +
    `falls: ${ok(f.headQuadratic.check)}`,
    `head, cubic: h = ${poly(f.headCubic.coefficients)}  ${q(f.headCubic)}; falls: ${
      ok(f.headCubic.check)
    }`,
  ];
  for (
    const [name, e] of [["quadratic", f.efficiencyQuadratic], ["cubic", f.efficiencyCubic]] as const
  ) {
    if (!e) continue;
    out.push(
      `efficiency (fraction), ${name}: ${poly(e.coefficients)}  ${q(e)}; one peak: ` +
        (e.check.ok ? `yes, at ${g(e.check.peakFlow, 4)} L/s` : ok(e.check)),
    );
  }
  return out;
}

async function main(args: string[]): Promise<number> {
  const fit = args.indexOf("--fit");
  if (fit >= 0) {
    const file = args[fit + 1];
    if (!file) {
      console.error("usage: deno task pump-curves --fit <data.csv>");
      return 2;
    }
    try {
      const fits = fitOperatingData(readOperatingCsv(await Deno.readTextFile(file), file));
      for (const line of describeFits(fits)) console.log(line);
      const bad = !fits.headPower.check.ok ||
        (fits.efficiencyQuadratic !== undefined && !fits.efficiencyQuadratic.check.ok);
      return bad ? 1 : 0;
    } catch (e) {
      console.error(`pump-curves: ${(e as Error).message}`);
      return 1;
    }
  }
  const files = args.filter((a) => !a.startsWith("--"));
  if (!files.length || args.includes("--help")) {
    console.error(
      "usage: deno task pump-curves <file.inp> [more.inp ...] [--no-epanet]\n" +
        "       deno task pump-curves --fit <data.csv>  (columns flow_lps, head_m, " +
        "efficiency_pct or power_kw)",
    );
    return files.length ? 0 : 2;
  }
  let ws: Workspace | undefined;
  if (!args.includes("--no-epanet")) {
    ws = new Workspace();
    await ws.loadModule();
  }
  let ok = true;
  for (const file of files) {
    let text: string;
    try {
      text = await Deno.readTextFile(file);
    } catch (e) {
      console.error(`pump-curves: cannot read ${file}: ${(e as Error).message}`);
      return 1;
    }
    let pumps: InpPumps;
    try {
      pumps = readInpPumps(text, file);
    } catch (e) {
      console.error(`pump-curves: ${(e as Error).message}`);
      return 1;
    }
    console.log(
      `${file}: ${pumps.pumps.length} pump(s), flow ${pumps.flowUnits}, head ${pumps.headUnit}`,
    );
    const checks = ws ? checkPumpsWithEpanet(ws, text, pumps) : [];
    pumps.pumps.forEach((p, i) => {
      for (const line of describePump(p, pumps, checks[i])) console.log(line);
    });
    if (ws && !epanetAgrees(checks)) ok = false;
  }
  if (!ok) console.error("pump-curves: EPANET disagrees with our reading (see DIFFERS above)");
  return ok ? 0 : 1;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
