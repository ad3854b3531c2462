/**
 * Run a pump schedule in EPANET (epanet-js): the station is exported to .inp
 * with no level controls and each pump given a speed pattern, one value per
 * hour (0 closes the pump, otherwise it is the pump's relative speed, as
 * EPANET reads a pump pattern), and the day's energy is priced per hour with
 * the same tariff. Beside our simulator's run of the same schedule this
 * checks the cost and levels the optimizer relied on.
 *
 * @module
 */
import { LinkProperty, NodeProperty, Project, type Workspace } from "epanet-js";
import { inpClock, inpPumpId, stationToInp } from "../simulators/pump/inp_export.ts";
import type { StationConfig } from "../simulators/pump/station_config.ts";
import { HOURS, type Schedule } from "./schedule_run.ts";
import type { Tariff } from "./tariff.ts";

/** EPANET's day on a schedule. */
export interface EpanetScheduleRun {
  /** Energy cost under the tariff. */
  cost: number;
  /** Energy, kWh. */
  energyKWh: number;
  /** Tank level at 0..24 h, m. */
  levels: number[];
  /** Lowest tank level at any hydraulic step, m. */
  minLevel: number;
  /** Warnings EPANET gave. */
  warnings: number;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** The station as .inp text with the schedule as pump speed patterns (no controls). */
export function scheduleToInp(config: StationConfig, schedule: Schedule): string {
  // One pattern time step serves the demand pattern and the hourly pump patterns.
  const d = config.demand;
  const step = gcd(Math.round(d.pattern_step_s), 3600);
  const perDemand = Math.round(d.pattern_step_s / step);
  const demandPattern = d.pattern.flatMap((v) => Array<number>(perDemand).fill(v));
  const cfg: StationConfig = {
    ...config,
    mode: "manual",
    demand: { ...d, pattern: demandPattern, pattern_step_s: step },
    pumps: config.pumps.map((p, i) => ({
      ...p,
      initial_status: schedule[0][i] > 0 ? "running" : "stopped",
    })),
  };
  const inp = stationToInp(cfg, { title: "fieldtwin pump station on an optimised schedule" });
  const perHour = 3600 / step;
  const patterns: string[] = [];
  const ids = config.pumps.map((p) => inpPumpId(p.suffix));
  ids.forEach((id, i) => {
    const values = schedule.flatMap((row) => Array<number>(perHour).fill(row[i]));
    for (let k = 0; k < values.length; k += 12) {
      patterns.push(` SCH_${id}  ${values.slice(k, k + 12).map((v) => String(v)).join("  ")}`);
    }
  });
  const lines = inp.split("\n");
  const out: string[] = [];
  let section = "";
  for (const line of lines) {
    const head = /^\[([A-Z]+)\]/.exec(line);
    if (head) section = head[1];
    if (section === "PUMPS" && !head && line.trim() && !line.trim().startsWith(";")) {
      const id = line.trim().split(/\s+/)[0];
      // The pattern gives the speed each hour, so a fixed SPEED would only be overridden.
      out.push(`${line.replace(/\s+SPEED\s+\S+/, "")}  PATTERN SCH_${id}`);
      continue;
    }
    out.push(line);
    if (head && section === "PATTERNS") out.push(...patterns);
  }
  return out.join("\n").replace(/ Pattern Timestep\s+\S+/, ` Pattern Timestep  ${inpClock(step)}`);
}

/** Run `schedule` in EPANET for 24 h and price it with `tariff`. */
export function runScheduleInEpanet(
  ws: Workspace,
  config: StationConfig,
  schedule: Schedule,
  tariff: Tariff,
): EpanetScheduleRun {
  const p = new Project(ws);
  ws.writeFile("schedule.inp", scheduleToInp(config, schedule));
  const warn = console.warn;
  let warnings = 0;
  console.warn = () => warnings++;
  try {
    p.open("schedule.inp", "schedule.rpt", "");
    const tank = p.getNodeIndex("TANK");
    const links = config.pumps.map((q) => p.getLinkIndex(inpPumpId(q.suffix)));
    p.openH();
    p.initH(0);
    const levels: number[] = [];
    let minLevel = Infinity;
    let cost = 0, energy = 0;
    let tstep = 0;
    do {
      const t = p.runH();
      const level = p.getNodeValue(tank, NodeProperty.Head) - config.tank.elevation_m;
      if (t % 3600 === 0 && t <= HOURS * 3600) levels.push(level);
      if (level < minLevel) minLevel = level;
      let kw = 0;
      for (const l of links) kw += p.getLinkValue(l, LinkProperty.Energy);
      tstep = p.nextH();
      const kwh = kw * tstep / 3600;
      energy += kwh;
      cost += kwh * tariff[Math.floor(t / 3600) % 24];
    } while (tstep > 0);
    p.closeH();
    return { cost, energyKWh: energy, levels, minLevel, warnings };
  } finally {
    p.close();
    console.warn = warn;
  }
}
