/**
 * Run a 24-hour pump schedule through our station simulator and measure what
 * the optimizer needs: energy and cost per hour under a tariff, the tank
 * level every hour, demand not delivered, delivery pressure, pump starts,
 * and how far the run breaks the station's limits (tank levels, end level
 * not below the start, pressure and flow limits).
 *
 * A schedule holds one speed ratio per hour and pump: 0 is off, otherwise
 * the pump runs at that fraction of nominal speed (a fixed-speed pump only
 * at its own speed). The station runs in manual mode and the schedule's
 * commands go through the simulator's own command handler (`actuate`), as
 * an operator's would.
 *
 * @module
 */
import type { StationConfig } from "../simulators/pump/station_config.ts";
import { StationSimulator } from "../simulators/pump/station_simulator.ts";
import type { PointValues } from "../simulators/simulator.ts";
import type { Tariff } from "./tariff.ts";

/** Hours in a schedule. */
export const HOURS = 24;

/** Per hour (0..23), per pump (config order): speed ratio, 0 = off. */
export type Schedule = number[][];

/** Limits a schedule must keep beyond the tank's own min/max levels. */
export interface ScheduleLimits {
  /** Lowest tank level allowed at any hour, m (default the tank's min level). */
  minLevelM?: number;
  /** Highest tank level allowed at any hour, m (default the tank's max level). */
  maxLevelM?: number;
  /** Lowest pressure at the demand node at any hour, kPa (default none). */
  minDeliveryKpa?: number;
  /** Largest pumped inflow at any hour, m3/h (default none). */
  maxInflowM3h?: number;
  /** Whether the level at 24 h must be at least the starting level (default true). */
  endAtLeastStart?: boolean;
  /** How far above the starting level the end level must be, m (default 0). */
  endMarginM?: number;
  /**
   * Whether the tank may fill to its max level, closing (EPANET) or throttling (altitude
   * valve) its inlet while pumps are scheduled to run (default false: a schedule that
   * relies on it runs pumps for nothing, and its hourly cost is not its minute-by-minute one).
   */
  allowFull?: boolean;
}

/** What a day on a schedule gives. */
export interface ScheduleRun {
  /** Energy cost of the day under the tariff. */
  cost: number;
  /** Energy, kWh. */
  energyKWh: number;
  /** Energy per hour, kWh. */
  hourlyKWh: number[];
  /** Tank level at 0, 1, ..., 24 h, m. */
  levels: number[];
  /** Volume pumped into the main, m3. */
  pumpedM3: number;
  /** Seconds the tank spent full. */
  fullSeconds: number;
  /** Demand volume not delivered (empty tank), m3. */
  unmetM3: number;
  /** Lowest delivery pressure at an hour's end, kPa. */
  minDeliveryKpa: number;
  /** Per hour and pump, the share of the hour's steps that ended with the pump on. */
  onFraction: number[][];
  /** Pump starts over the day (a pump off, or stopped at the start, then on). */
  starts: number;
  /** Sum of the limit violations, each in its own unit scaled to metres of tank level. */
  violation: number;
  /** The limits broken, in words (empty when feasible). */
  broken: string[];
}

/** Options for {@linkcode runSchedule}. */
export interface RunScheduleOptions {
  /** Simulation step, s (default 3600: the simulator splits each hour at its own events). */
  stepS?: number;
  /** Limits to check. */
  limits?: ScheduleLimits;
}

/** Pump starts in a schedule, counting pumps running at the start as already on. */
export function countStarts(config: StationConfig, schedule: Schedule): number {
  let starts = 0;
  config.pumps.forEach((p, i) => {
    let on = config.mode !== "off" && p.initial_status === "running";
    for (const hour of schedule) {
      const next = hour[i] > 0;
      if (next && !on) starts++;
      on = next;
    }
  });
  return starts;
}

/** The station set up to be run by hand from a schedule. */
function manualConfig(config: StationConfig, schedule: Schedule): StationConfig {
  return {
    ...config,
    mode: "manual",
    pumps: config.pumps.map((p, i) => ({
      ...p,
      initial_status: schedule[0][i] > 0 ? "running" : "stopped",
      speed_pct: p.vfd && schedule[0][i] > 0 ? 100 * schedule[0][i] : p.speed_pct,
    })),
  };
}

/** Apply hour `h` of the schedule through the simulator's command handler. */
function applyHour(sim: StationSimulator, config: StationConfig, hour: readonly number[]): void {
  config.pumps.forEach((p, i) => {
    const id = sim.pumpIds[i];
    const s = hour[i];
    if (s > 0) {
      if (p.vfd) sim.actuate(id, { type: "set_speed", args: { pct: 100 * s } });
      if (!sim.units[i].on) sim.actuate(id, { type: "start", args: {} });
    } else if (sim.units[i].on) sim.actuate(id, { type: "stop", args: {} });
  });
}

/**
 * Run `config` for 24 h on `schedule` (or, with `schedule` undefined, on
 * the station's own level controls in auto mode: the baseline rule) and
 * price it with `tariff`.
 */
export function runSchedule(
  config: StationConfig,
  schedule: Schedule | undefined,
  tariff: Tariff,
  opts: RunScheduleOptions = {},
): ScheduleRun {
  const stepS = opts.stepS ?? 3600;
  if (!(stepS > 0 && 3600 % stepS === 0)) throw new Error("stepS must divide 3600");
  const cfg = schedule ? manualConfig(config, schedule) : { ...config, mode: "auto" as const };
  let baselineStarts = 0;
  const sim = new StationSimulator({
    id: "st",
    config: cfg,
    seed: 1,
    onSwitch: (e) => {
      if (e.action === "start") baselineStarts++;
    },
  });
  const out: PointValues = {};
  const levels = [sim.level];
  const hourlyKWh: number[] = [];
  let minDelivery = Infinity;
  let maxInflow = 0;
  let t = 0;
  let energyJ = 0;
  const onFraction: number[][] = [];
  const perHour = 3600 / stepS;
  const demandM3 = demandVolume(config);
  for (let h = 0; h < HOURS; h++) {
    if (schedule && h > 0) applyHour(sim, config, schedule[h]);
    const on = sim.units.map(() => 0);
    for (let k = 0; k < perHour; k++) {
      t += stepS;
      sim.step(stepS, t);
      sim.units.forEach((u, i) => on[i] += u.on ? 1 / perHour : 0);
      sim.read("st", out);
      if ((out.delivery_pressure as number) < minDelivery) {
        minDelivery = out.delivery_pressure as number;
      }
      if ((out.inflow as number) > maxInflow) maxInflow = out.inflow as number;
    }
    let e = 0;
    for (const u of sim.units) e += u.energyJ;
    hourlyKWh.push((e - energyJ) / 3.6e6);
    onFraction.push(on);
    energyJ = e;
    levels.push(sim.level);
  }
  const cost = hourlyKWh.reduce((s, e, h) => s + e * tariff[h], 0);
  const unmetM3 = Math.max(0, demandM3 - sim.volumes.delivered);
  const lim = opts.limits ?? {};
  const tank = config.tank;
  const lo = lim.minLevelM ?? tank.min_level_m;
  const hi = lim.maxLevelM ?? tank.max_level_m;
  const broken: string[] = [];
  let violation = 0;
  const add = (amount: number, words: string) => {
    if (amount > 1e-6) {
      violation += amount;
      broken.push(words);
    }
  };
  // Unmet demand counts as the tank level it would have taken to deliver it.
  add(unmetM3 / sim.tankArea, `${unmetM3.toFixed(1)} m3 of demand not delivered`);
  let below = 0, above = 0;
  for (const l of levels) {
    below += Math.max(0, lo - l);
    above += Math.max(0, l - hi);
  }
  add(below, `tank below ${lo} m`);
  add(above, `tank above ${hi} m`);
  if (lim.endAtLeastStart ?? true) {
    const need = levels[0] + (lim.endMarginM ?? 0);
    add(need - levels[HOURS], `end level ${levels[HOURS].toFixed(3)} m below ${need} m`);
  }
  if (!lim.allowFull) {
    // An hour full counts as 0.1 m of level: small beside running dry, never free.
    add(0.1 * sim.fullSeconds / 3600, `tank full for ${(sim.fullSeconds / 60).toFixed(0)} min`);
  }
  if (lim.minDeliveryKpa !== undefined) {
    add(
      (lim.minDeliveryKpa - minDelivery) / 9.80665,
      `delivery pressure ${minDelivery.toFixed(1)} kPa below ${lim.minDeliveryKpa}`,
    );
  }
  if (lim.maxInflowM3h !== undefined) {
    add(
      // An hour of the excess inflow, as tank level.
      (maxInflow - lim.maxInflowM3h) / sim.tankArea,
      `inflow ${maxInflow.toFixed(1)} m3/h above ${lim.maxInflowM3h}`,
    );
  }
  return {
    cost,
    energyKWh: energyJ / 3.6e6,
    hourlyKWh,
    levels,
    pumpedM3: sim.volumes.pumped,
    fullSeconds: sim.fullSeconds,
    unmetM3,
    minDeliveryKpa: minDelivery,
    onFraction,
    starts: schedule ? countStarts(config, schedule) : baselineStarts,
    violation,
    broken,
  };
}

/** Demand volume of the day, m3 (base demand times the pattern, repeating). */
export function demandVolume(config: StationConfig): number {
  const d = config.demand;
  const pat = d.pattern.length ? d.pattern : [1];
  let v = 0;
  for (let t = 0; t < 86_400; t += d.pattern_step_s) {
    const k = Math.floor(t / d.pattern_step_s) % pat.length;
    v += d.base_lps / 1000 * pat[k] * Math.min(d.pattern_step_s, 86_400 - t);
  }
  return v;
}
