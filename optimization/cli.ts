/**
 * `deno task optimize-station <station> [options]`: the cheapest 24-hour
 * pump schedule for a station under a time-of-use tariff, confirmed by our
 * station simulator and by EPANET, beside the station's own lead/lag rule.
 *
 * `<station>` is a plant file (its first pump station, or `--station ID`),
 * a JSON file of pump-station params, or `random:SEED` (a seeded random
 * station, twins/pump_station/random_station.ts).
 *
 * @module
 */
import { Workspace } from "epanet-js";
import { parseArgs } from "node:util";
import { dayFromHour } from "./rolling_day.ts";
import { type StationParams, stationParams } from "../twins/pump_station/params.ts";
import { randomStation } from "../twins/pump_station/random_station.ts";
import {
  compareWithEpanet,
  type OptimizeReport,
  optimizeStation,
  type ProposedSchedule,
  type SolverName,
  SOLVERS,
} from "./optimize_station.ts";
import type { ScheduleLimits } from "./schedule_run.ts";
import { DEFAULT_TARIFF, parseTariff, type Tariff } from "./tariff.ts";

const USAGE = `usage: deno task optimize-station <plant.json | params.json | random:SEED> [options]
  --station ID        the pump station's twin id in a plant file (default: the first)
  --solver de|pso|ga  single-objective solver (default de)
  --pareto            also the cost-vs-pump-starts Pareto front (NSGA-II)
  --tariff FILE       24 hourly prices per kWh as JSON (default: off-peak 0.08, shoulder 0.14, peak 0.30)
  --seed N            solver seed (default 1)
  --generations N     default 150
  --population N      default 40
  --model epanet|field  hydraulics rules to optimise under (default: the station's own)
  --min-delivery-kpa P  lowest pressure at the demand node at any time (default none)
  --max-inflow-m3h Q    largest pumped inflow at any time (default none)
  --start-hour H      plan the 24 h from hour H of the day (0-23, default 0): a rolling horizon
  --no-epanet         skip the EPANET check
  --json              print the report as JSON`;

/** Load a station from a plant file, a params file or `random:SEED`; errors name the source. */
export async function loadStation(source: string, stationId?: string): Promise<StationParams> {
  const m = /^random:(\d+)$/.exec(source);
  if (m) return randomStation(Number(m[1]));
  const raw = JSON.parse(await Deno.readTextFile(source));
  let params: unknown = raw;
  if (Array.isArray(raw?.twins)) {
    const twin = raw.twins.find((t: { id: string; kind: string }) =>
      t.kind === "pump_station" && (stationId === undefined || t.id === stationId)
    );
    if (!twin) {
      throw new Error(
        `${source}: no pump station${stationId ? ` with id "${stationId}"` : ""} in twins`,
      );
    }
    params = twin.params ?? {};
  }
  const r = stationParams.safeParse(params);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new Error(`${source}: params.${i.path.join(".")}: ${i.message}`);
  }
  return r.data;
}

function fmtSpeed(s: number, vfd: boolean): string {
  return s <= 0 ? "  -  " : vfd ? s.toFixed(2).padStart(5) : "  on ";
}

/** The schedule as a table: hour, price, each pump, level at the hour's end, energy. */
export function scheduleTable(
  config: StationParams,
  p: ProposedSchedule,
  tariff: Tariff,
  startHour = 0,
): string[] {
  const head = "hour  price  " + config.pumps.map((q) => q.suffix.padStart(5)).join(" ") +
    "  level_m    kWh";
  return [
    head,
    ...p.schedule.map((row, h) =>
      `${String((h + startHour) % 24).padStart(4)}  ${tariff[h].toFixed(3)}  ` +
      row.map((s, i) => fmtSpeed(s, config.pumps[i].vfd)).join(" ") +
      `  ${p.run.levels[h + 1].toFixed(2).padStart(7)}  ${
        p.run.hourlyKWh[h].toFixed(1).padStart(6)
      }`
    ),
  ];
}

function summary(r: OptimizeReport): string[] {
  const b = r.baseline;
  return [
    `baseline (lead/lag level control): cost ${b.cost.toFixed(2)}, ${
      b.energyKWh.toFixed(1)
    } kWh, ` +
    `${b.starts} starts, end level ${b.levels[24].toFixed(2)} m` +
    (b.broken.length ? ` (breaks: ${b.broken.join("; ")})` : ""),
    `${r.solver}: cost ${r.best.run.cost.toFixed(2)}, ${r.best.run.energyKWh.toFixed(1)} kWh, ` +
    `${r.best.run.starts} starts, end level ${r.best.run.levels[24].toFixed(2)} m; ` +
    `saving ${r.savingPct.toFixed(1)} % against the baseline ` +
    `(${
      r.savingRefilledPct.toFixed(1)
    } % against it with its end-level deficit refilled off-peak, ` +
    `${r.baselineRefilledCost.toFixed(2)}); ` +
    `simulator check at 60 s steps: ${
      r.best.feasible ? "feasible" : `INFEASIBLE (${r.best.run.broken.join("; ")})`
    }`,
    `search: ${r.evaluations} simulator runs in ${
      (r.elapsedMs / 1000).toFixed(1)
    } s (seed ${r.seed})`,
  ];
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      station: { type: "string" },
      solver: { type: "string", default: "de" },
      pareto: { type: "boolean", default: false },
      tariff: { type: "string" },
      seed: { type: "string", default: "1" },
      generations: { type: "string", default: "150" },
      population: { type: "string", default: "40" },
      model: { type: "string" },
      "min-delivery-kpa": { type: "string" },
      "max-inflow-m3h": { type: "string" },
      "no-epanet": { type: "boolean", default: false },
      "start-hour": { type: "string", default: "0" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help || positionals.length !== 1) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  if (!(values.solver in SOLVERS)) {
    console.error(`optimize-station: --solver must be one of ${Object.keys(SOLVERS).join(", ")}`);
    return 2;
  }
  const ints: Record<string, number> = {};
  const startHour = Number(values["start-hour"]);
  if (!Number.isInteger(startHour) || startHour < 0 || startHour > 23) {
    console.error(
      `optimize-station: --start-hour must be an hour 0-23, got "${values["start-hour"]}"`,
    );
    return 2;
  }
  for (const k of ["seed", "generations", "population"] as const) {
    const v = Number(values[k]);
    if (!Number.isInteger(v) || v < (k === "seed" ? 0 : 1)) {
      console.error(`optimize-station: --${k} must be a whole number, got "${values[k]}"`);
      return 2;
    }
    ints[k] = v;
  }
  const limits: ScheduleLimits = {};
  for (
    const [flag, key] of [
      ["min-delivery-kpa", "minDeliveryKpa"],
      ["max-inflow-m3h", "maxInflowM3h"],
    ] as const
  ) {
    const raw = values[flag];
    if (raw === undefined) continue;
    const v = Number(raw);
    if (!Number.isFinite(v) || v < 0) {
      console.error(`optimize-station: --${flag} must be a number >= 0, got "${raw}"`);
      return 2;
    }
    limits[key] = v;
  }
  let config: StationParams;
  let tariff = DEFAULT_TARIFF;
  try {
    config = await loadStation(positionals[0], values.station);
    if (values.model === "epanet" || values.model === "field") {
      config = { ...config, model: values.model };
    } else if (values.model !== undefined) throw new Error(`--model must be epanet or field`);
    if (values.tariff) tariff = parseTariff(await Deno.readTextFile(values.tariff), values.tariff);
    // The day planned starts at --start-hour; rows print with their clock hours.
    ({ config, tariff } = dayFromHour(config, tariff, startHour));
  } catch (e) {
    console.error(`optimize-station: ${(e as Error).message}`);
    return 1;
  }
  const report = optimizeStation(config, tariff, {
    solver: values.solver as SolverName,
    seed: ints.seed,
    generations: ints.generations,
    populationSize: ints.population,
    pareto: values.pareto,
    limits,
  });
  let epanet: ReturnType<typeof compareWithEpanet> | undefined;
  if (!values["no-epanet"]) {
    const ws = new Workspace();
    await ws.loadModule();
    epanet = compareWithEpanet(ws, config, report.best, tariff);
  }
  if (values.json) {
    console.log(JSON.stringify({ ...report, epanet }, null, 1));
    return report.best.feasible ? 0 : 1;
  }
  console.log(
    `station ${positionals[0]}: ${config.pumps.length} pumps, model ${config.model ?? "field"}`,
  );
  for (const line of scheduleTable(config, report.best, tariff, startHour)) console.log(line);
  for (const line of summary(report)) console.log(line);
  if (epanet) {
    console.log(
      `EPANET on the same schedule: cost ${epanet.epanetCost.toFixed(2)} (ours ${
        epanet.ourCost.toFixed(2)
      }, ` +
        `${epanet.costDiffPct.toFixed(2)} % apart), largest hourly level difference ` +
        `${epanet.maxLevelDiffM.toFixed(3)} m, lowest level ${epanet.epanetMinLevel.toFixed(2)} m` +
        (config.model !== "epanet"
          ? " (the station runs field rules: ramps and an altitude valve EPANET lacks)"
          : ""),
    );
  }
  if (report.front) {
    console.log(`Pareto front (cost vs pump starts), ${report.front.length} schedules:`);
    for (const p of report.front) {
      console.log(
        `  cost ${p.run.cost.toFixed(2)}  starts ${p.run.starts}  ${
          p.feasible ? "feasible" : "INFEASIBLE"
        }`,
      );
    }
  }
  return report.best.feasible ? 0 : 1;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
