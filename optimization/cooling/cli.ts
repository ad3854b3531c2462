/**
 * `deno task optimize-cooling <plant.json> [--site ID] [options]`: fan and
 * pump setpoints for a cooling site that draw the least power with every
 * rig a margin below its throttle temperature, checked in the simulator,
 * and the energy they save over a day against the site's default control at
 * a range of daily mean ambients.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { PLANT_SECTIONS } from "../../app/plant_sections.ts";
import { loadPlantFile } from "../../plant/plant_file.ts";
import { twinSeed } from "../../runtime/twin_seed.ts";
import { CoolingSiteSimulator } from "../../simulators/cooling/cooling_site_simulator.ts";
import type { CoolingSiteConfig } from "../../simulators/cooling/site_config.ts";
import { loadKinds } from "../../twins/registry.ts";
import { type CoolingDay, coolingDays } from "./cooling_day.ts";
import {
  COOLING_SOLVERS,
  type CoolingProposal,
  type CoolingSolverName,
  optimizeCooling,
} from "./optimize_cooling.ts";
import { type CoolingSetpoints, defaultSetpoints } from "./steady_state.ts";

const USAGE = `usage: deno task optimize-cooling <plant.json> [options]
  --site ID           the cooling site's twin id (default: the first)
  --solver de|pso|ga  solver (default de)
  --seed N            solver seed, and the seed of the days' heat loads (default 1)
  --margin K          kelvin below the rigs' throttle temperature to keep (default 2)
  --mode auto|manual  propose a supply setpoint (auto) or a fan speed (manual); default: the site's
  --pump-min PCT      lowest pump speed to propose (default 30)
  --ambient C         ambient for the single proposal (default: the site's daily mean)
  --heat-kw Q         heat into the coolant (default: every rig at full clock)
  --days LIST         daily mean ambients for the energy table (default 0,10,20,30)
  --json              print the proposal and the days as JSON`;

/** A cooling site of a plant file with its effective config (the simulator's seeded variation applied). */
export async function loadSite(
  file: string,
  siteId?: string,
): Promise<{ id: string; config: CoolingSiteConfig }> {
  const plant = await loadPlantFile(file, await loadKinds(), PLANT_SECTIONS);
  const twin = plant.twins.find((t) =>
    t.kind === "cooling_site" && (siteId === undefined || t.id === siteId)
  );
  if (!twin) {
    throw new Error(`${file}: no cooling site${siteId ? ` with id "${siteId}"` : ""} in twins`);
  }
  const sim = new CoolingSiteSimulator({
    id: twin.id,
    config: twin.params as CoolingSiteConfig,
    seed: twinSeed(plant.seed, twin.id),
  });
  return { id: twin.id, config: sim.config };
}

function fmtSetpoints(s: CoolingSetpoints): string {
  return s.mode === "auto"
    ? `auto, supply ${s.supplyC.toFixed(1)} degC, pump ${s.pumpPct.toFixed(1)} %`
    : `manual, fans ${s.fanPct.toFixed(1)} %, pump ${s.pumpPct.toFixed(1)} %`;
}

/** The proposal in words: setpoints, power, outlet and margin, both ways. */
export function proposalLines(p: CoolingProposal): string[] {
  const cur = p.currentSimulated, sim = p.simulated;
  const line = (name: string, s: CoolingSetpoints, kw: number, outlet: number, fan: number) =>
    `${name}: ${fmtSetpoints(s)} -> fans at ${fan.toFixed(1)} %, ${kw.toFixed(2)} kW, rig outlet ${
      outlet.toFixed(2)
    } degC`;
  return [
    line(
      "current ",
      p.current,
      cur?.powerKw ?? p.currentModel.powerKw,
      cur?.outletC ?? p.currentModel.outletC,
      cur?.fanPct ?? p.currentModel.fanPct,
    ),
    line(
      "proposed",
      p.proposed,
      sim?.powerKw ?? p.model.powerKw,
      sim?.outletC ?? p.model.outletC,
      sim?.fanPct ?? p.model.fanPct,
    ),
    `saving ${p.savingKw.toFixed(2)} kW (${p.savingPct.toFixed(1)} %); rig outlet ${
      p.outletMarginK.toFixed(2)
    } K below the ${p.limitC} degC throttle limit (search margin ${p.marginK} K)`,
    `simulator check: ${
      p.feasible
        ? `keeps the limit, settled after ${((sim?.seconds ?? 0) / 60).toFixed(0)} min`
        : "BREAKS the limit"
    }${p.withinMargin ? "" : "; no setpoints keep the margin, so this cools as hard as it can"}`,
    `search: ${p.evaluations} model evaluations, ${p.elapsedMs.toFixed(0)} ms with the check`,
  ];
}

/** The days as a table: mean ambient, heat, energy both ways, saving, hours kept. */
export function dayTable(days: CoolingDay[]): string[] {
  return [
    "mean_degC  heat_kW  default_kWh  proposed_kWh  saving_%  hours_ok  default_hot_hours",
    ...days.map((d) =>
      [
        d.input.meanC.toFixed(1).padStart(9),
        d.input.heatKw.toFixed(0).padStart(7),
        d.baselineKwh.toFixed(1).padStart(11),
        d.proposedKwh.toFixed(1).padStart(12),
        d.savingPct.toFixed(1).padStart(8),
        `${d.feasibleHours}/24`.padStart(8),
        String(d.baselineHotHours).padStart(17),
      ].join("  ")
    ),
  ];
}

function num(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`--${name} must be a number, got "${v}"`);
  return n;
}

/** Run the CLI; returns the exit code (1 when the proposal breaks the limit). */
export async function main(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      site: { type: "string" },
      solver: { type: "string", default: "de" },
      seed: { type: "string", default: "1" },
      margin: { type: "string" },
      mode: { type: "string" },
      "pump-min": { type: "string" },
      ambient: { type: "string" },
      "heat-kw": { type: "string" },
      days: { type: "string", default: "0,10,20,30" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help || positionals.length !== 1) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  if (!(values.solver in COOLING_SOLVERS)) throw new Error("--solver must be de, pso or ga");
  if (values.mode !== undefined && values.mode !== "auto" && values.mode !== "manual") {
    throw new Error("--mode must be auto or manual");
  }
  const { id, config } = await loadSite(positionals[0], values.site);
  const opts = {
    solver: values.solver as CoolingSolverName,
    seed: num(values.seed, "seed"),
    marginK: num(values.margin, "margin"),
    mode: values.mode as "auto" | "manual" | undefined,
    pumpMinPct: num(values["pump-min"], "pump-min"),
  };
  const means = values.days.split(",").filter((s) => s.trim() !== "").map((s) =>
    num(s.trim(), "days")!
  );
  const fullHeat = config.rigs * config.rig_power_kw * config.coolant_heat_fraction;
  const state = {
    ambientC: num(values.ambient, "ambient") ?? config.ambient_mean_c,
    heatKw: num(values["heat-kw"], "heat-kw") ?? fullHeat,
  };
  const proposal = optimizeCooling(config, state, defaultSetpoints(config), opts);
  const days = coolingDays(config, means, opts.seed ?? 1, opts);
  if (values.json) {
    console.log(JSON.stringify({ site: id, state, proposal, days }, null, 2));
  } else {
    console.log(
      `${id}: ${config.rigs} rigs, ${state.heatKw.toFixed(0)} kW into the coolant, ambient ${
        state.ambientC.toFixed(1)
      } degC`,
    );
    for (const l of proposalLines(proposal)) console.log(l);
    console.log("");
    console.log(
      `a day at each mean ambient (swing +-${config.ambient_amplitude_c} K, peak at ${config.ambient_peak_hour}:00; heat 80-100 % of full, seed ${
        opts.seed ?? 1
      }), fans + pumps energy, setpoints proposed each hour, each hour checked in the simulator:`,
    );
    for (const l of dayTable(days)) console.log(l);
  }
  return proposal.feasible ? 0 : 1;
}

if (import.meta.main) {
  try {
    Deno.exit(await main(Deno.args));
  } catch (e) {
    console.error(`optimize-cooling: ${(e as Error).message}`);
    Deno.exit(2);
  }
}
