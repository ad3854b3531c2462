/**
 * A pump station: N parallel pumps lift from a sump through a main into a
 * cylindrical tank, which feeds a demand node (base demand times an hourly
 * pattern) through an outlet pipe. In auto mode each pump follows its level
 * control (start below one level, stop above another: lead/lag); in manual
 * mode commands run the pumps; off stops them all.
 *
 * The hydraulics are EPANET's extended-period scheme: the network is solved
 * with the tank as a fixed head, flows are held over a sub-step, and the tank
 * level integrates the net inflow. A step is split wherever something changes
 * inside it — a pattern boundary, a pump ramp, the overload relay, the tank
 * reaching a control level or its limits — so a control acts at the exact
 * moment the level crosses its setting even with 60 s steps (EPANET splits
 * its time step the same way). Pump energy accumulates as power times time
 * at the solution of each sub-step, as EPANET's energy report does.
 *
 * @module
 */
import {
  type Actuation,
  checkModel,
  type PointValues,
  type Simulator,
  type SimulatorState,
} from "../simulator.ts";
import { Random, type RandomState } from "../random.ts";
import { hazenWilliamsResistance, HW_EXPONENT } from "./hazen_williams.ts";
import { maxShutoff, solveForFlow, solveParallel } from "./operating_point.ts";
import { actuatePump } from "./pump_actuation.ts";
import { G } from "./pump_curve.ts";
import { inspectPump, writePumpPoints } from "./pump_points.ts";
import { PumpUnit, type PumpUnitState } from "./pump_unit.ts";
import {
  type LevelControlConfig,
  pumpConfigInStation,
  type StationConfig,
  type StationMode,
  stationPumpId,
} from "./station_config.ts";

/** Faults a station can be given (pump faults go to the pumps). */
export const STATION_FAULTS = ["pipe_leak", "level_sensor_drift"] as const;

/** A station fault name. */
export type StationFault = typeof STATION_FAULTS[number];

/** Leak at severity 1, as a fraction of base demand at the initial tank pressure. */
export const LEAK_FRACTION = 0.3;

/** Level-sensor drift rate at severity 1, m/h (the sensor reads high). */
export const DRIFT_RATE_M_PER_H = 0.25;

/** Largest level-sensor drift, m. */
export const DRIFT_MAX_M = 2;

/** Control modes a station accepts. */
export const STATION_MODES: readonly StationMode[] = ["auto", "manual", "off"];

const LEVEL_TOL = 1e-6;

/** EPANET's QZERO, 1e-6 cfs, in m3/s: a tank with less net flow sets no event time. */
const EPANET_QZERO = 1e-6 * 0.028316846592;
const LOG_LIMIT = 200;

/** A pump starting or stopping, for the switch log. */
export interface SwitchEvent {
  /** Simulated time, s. */
  tS: number;
  /** Pump twin id. */
  pump: string;
  /** What happened. */
  action: "start" | "stop" | "trip";
  /** Why. */
  reason: "auto" | "command" | "mode" | "overload";
}

/** Construction options for {@linkcode StationSimulator}. */
export interface StationSimulatorOptions {
  /** Twin id of the station. */
  id: string;
  /** The station. */
  config: StationConfig;
  /** Seed for measurement noise. */
  seed: number;
  /** Called with every pump switch, beyond the last 200 that {@linkcode StationSimulator.switchLog} keeps. */
  onSwitch?: (e: SwitchEvent) => void;
}

/** What {@linkcode StationSimulator.snapshot} holds. */
interface StationState {
  configured: { mode: StationMode; controls: (LevelControlConfig | null)[] };
  mode: StationMode;
  controls: (LevelControlConfig | null)[];
  units: PumpUnitState[];
  level: number;
  hGuess: number;
  t: number;
  rng: RandomState;
  flows: [number, number, number, number];
  heads: [number, number];
  full: boolean;
  empty: boolean;
  lastRate: number;
  volumes: [number, number, number];
  fullS: number;
  schedule: number[][] | null;
  scheduleHour: number;
  faults: [number, number, number];
  log: SwitchEvent[];
  settled: boolean;
}

/** The simulator feeding a pump-station twin and its pump twins. */
export class StationSimulator implements Simulator {
  readonly feeds: readonly string[];
  /** Twin id of the station. */
  readonly id: string;
  /** Twin ids of the pumps, in config order. */
  readonly pumpIds: readonly string[];
  /** The pumps, in config order. */
  readonly units: readonly PumpUnit[];

  #cfg: StationConfig;
  /** EPANET's rules (no ramps, no cavitation head loss, a full tank closes its inlet). */
  #epanet: boolean;
  #byId = new Map<string, number>();
  #controls: (LevelControlConfig | undefined)[];
  #mode: StationMode;
  #area: number;
  #level: number;
  #rMain: number;
  #rOut: number;
  #pattern: Float64Array;
  #pRef: number;
  #hGuess = 0;
  #t = 0;
  #rng: Random;
  // Hydraulic state of the latest solve.
  #qin = 0;
  #demand = 0;
  #delivered = 0;
  #leak = 0;
  #headerHead = 0;
  #deliveryHead = 0;
  #full = false;
  #empty = false;
  /** Level change rate over the latest integrated sub-step, m/s. */
  #lastRate = 0;
  // Cumulative volumes, m3.
  #vin = 0;
  #vout = 0;
  #vleak = 0;
  /** Seconds the tank has spent full with its inlet closed or throttled. */
  #fullS = 0;
  /** An applied 24-hour schedule (speed ratio per hour and pump, 0 off), run in manual mode. */
  #schedule: number[][] | undefined;
  /** Hour of day whose schedule row was applied last. */
  #scheduleHour = -1;
  // Station faults.
  #leakSeverity = 0;
  #driftSeverity = 0;
  #drift = 0;
  #log: SwitchEvent[] = [];
  #onSwitch: ((e: SwitchEvent) => void) | undefined;
  /** The latest solve is of the current state (no command or control action since). */
  #settled = false;

  /** Build a station; throws a sentence if a pump curve is invalid. */
  constructor(opts: StationSimulatorOptions) {
    const cfg = opts.config;
    this.#cfg = cfg;
    this.#onSwitch = opts.onSwitch;
    this.id = opts.id;
    this.pumpIds = cfg.pumps.map((p) => stationPumpId(opts.id, p.suffix));
    this.feeds = [opts.id, ...this.pumpIds];
    this.#epanet = cfg.model === "epanet";
    this.units = cfg.pumps.map((p) =>
      new PumpUnit(pumpConfigInStation(cfg, p), {
        cavitationHeadLoss: !this.#epanet,
        epanetExcessHead: this.#epanet,
      })
    );
    this.pumpIds.forEach((id, i) => this.#byId.set(id, i));
    this.#controls = cfg.pumps.map((p) => p.control ? { ...p.control } : undefined);
    this.#mode = cfg.mode;
    this.#area = Math.PI * cfg.tank.diameter_m * cfg.tank.diameter_m / 4;
    this.#level = cfg.tank.initial_level_m;
    this.#rMain = hazenWilliamsResistance(
      cfg.main.length_m,
      cfg.main.diameter_mm / 1000,
      cfg.main.hw_c,
    );
    this.#rOut = hazenWilliamsResistance(
      cfg.outlet.length_m,
      cfg.outlet.diameter_mm / 1000,
      cfg.outlet.hw_c,
    );
    this.#pattern = Float64Array.from(cfg.demand.pattern.length ? cfg.demand.pattern : [1]);
    this.#pRef = Math.max(
      1,
      cfg.tank.elevation_m + cfg.tank.initial_level_m - cfg.demand.elevation_m,
    );
    this.#rng = new Random(opts.seed, `station:${opts.id}`);
    this.#control(0);
    this.#settle(0);
    // The run may start at any time of day; the first step solves at its own start.
    this.#settled = false;
  }

  /** Control mode. */
  get mode(): StationMode {
    return this.#mode;
  }

  /** True tank level, m (what the level sensor would read without drift). */
  get level(): number {
    return this.#level;
  }

  /** Tank level as the sensor reports it, m. */
  get measuredLevel(): number {
    return this.#level + this.#drift;
  }

  /** Tank surface area, m2. */
  get tankArea(): number {
    return this.#area;
  }

  /** Cumulative pumped, delivered and leaked volumes since the start, m3. */
  get volumes(): { pumped: number; delivered: number; leaked: number } {
    return { pumped: this.#vin, delivered: this.#vout, leaked: this.#vleak };
  }

  /** Seconds since the start the tank spent full, its inlet closed or throttled. */
  get fullSeconds(): number {
    return this.#fullS;
  }

  /** Pump starts, stops and trips so far (the last 200). */
  get switchLog(): readonly SwitchEvent[] {
    return this.#log;
  }

  /** Advance `dtS` seconds ending at `tS`, splitting at every event inside the step. */
  step(dtS: number, tS: number): void {
    let t = tS - dtS;
    this.#runSchedule(t);
    this.#control(t);
    const units = this.units;
    const pstep = this.#cfg.demand.pattern_step_s;
    for (let guard = 0; tS - t > 1e-9 && guard < 1_000_000; guard++) {
      let h = tS - t;
      const boundary = (Math.floor(t / pstep + 1e-9) + 1) * pstep;
      if (boundary - t < h) h = boundary - t;
      if (this.#schedule) {
        // A schedule acts on the hour, wherever the hour falls inside a step.
        const hour = (Math.floor(t / 3600 + 1e-9) + 1) * 3600;
        if (hour - t < h) h = hour - t;
      }
      for (let i = 0; i < units.length; i++) {
        const m = units[i].maxSubstep();
        if (m < h) h = m;
      }
      // The end-of-step solve still holds if nothing has changed since: skip re-solving it.
      let same = this.#settled;
      for (let i = 0; i < units.length; i++) {
        const s = units[i].speedAfter(h / 2);
        if (s !== units[i].preparedSpeed) same = false;
        units[i].prepare(s);
      }
      if (!same) this.#solve(t);
      this.#settled = false;
      // A fault injected since the last step may have just overloaded a motor.
      for (let i = 0; i < units.length; i++) {
        const m = units[i].maxSubstep();
        if (m < h) h = m;
      }
      const qnet = this.#qin - this.#delivered - this.#leak;
      const hc = this.#timeToCrossing(qnet);
      if (hc < h) h = hc;
      this.#advance(qnet, h, t);
      t += h;
      this.#runSchedule(t);
      this.#control(t);
    }
    this.#t = tS;
    this.#settle(tS);
  }

  /** Report the station's or a pump's points. */
  read(id: string, out: PointValues): void {
    if (id !== this.id) {
      const i = this.#byId.get(id);
      if (i !== undefined) writePumpPoints(this.units[i], out);
      return;
    }
    const sgg = this.#cfg.specific_gravity * G;
    let running = 0;
    let power = 0;
    let energy = 0;
    for (let i = 0; i < this.units.length; i++) {
      const u = this.units[i];
      if (u.on) running++;
      power += u.powerW;
      energy += u.energyJ;
    }
    const measured = this.#level + this.#drift;
    out.mode = this.#mode;
    out.tank_level = measured;
    out.tank_volume = measured * this.#area;
    out.inflow = this.#qin * 3600;
    out.outflow = this.#delivered * 3600;
    out.demand = this.#demand * 3600;
    out.running_pumps = running;
    out.total_power = power / 1000;
    out.energy = energy / 3.6e6;
    out.energy_cost = energy / 3.6e6 * this.#cfg.energy_price;
    out.header_pressure = (this.#headerHead - this.#cfg.header.elevation_m) * sgg;
    out.delivery_pressure = (this.#deliveryHead - this.#cfg.demand.elevation_m) * sgg;
  }

  /** Apply a station command (to the station id) or a pump command (to a pump id). */
  actuate(id: string, action: Actuation): string | undefined {
    this.#settled = false;
    if (id === this.id) return this.#actuateStation(action);
    const i = this.#byId.get(id);
    if (i === undefined) return `station ${this.id} has no pump "${id}"`;
    const u = this.units[i];
    if (action.type === "start" || action.type === "stop") {
      if (this.#mode === "off") return `station ${this.id} is off; set its mode to manual first`;
      if (this.#mode === "auto" && this.#controls[i]) {
        return `station ${this.id} is in auto and its level control runs ${id}; ` +
          "set the station to manual first";
      }
    }
    const wasOn = u.on;
    const err = actuatePump(u, action);
    if (err === undefined && wasOn !== u.on) {
      this.#record(id, u.on ? "start" : "stop", "command");
    }
    return err;
  }

  /**
   * Tank, hydraulics, volumes, schedule, faults, switch log and every pump,
   * as plain data (see Simulator.snapshot). The configured mode and level
   * bands ride along so a restore can tell an override.
   */
  snapshot(): SimulatorState {
    return {
      model: "pump_station",
      configured: this.#configured(),
      mode: this.#mode,
      controls: this.#controls.map((c) => c ? { ...c } : null),
      units: this.units.map((u) => u.snapshot()),
      level: this.#level,
      hGuess: this.#hGuess,
      t: this.#t,
      rng: this.#rng.snapshot(),
      flows: [this.#qin, this.#demand, this.#delivered, this.#leak],
      heads: [this.#headerHead, this.#deliveryHead],
      full: this.#full,
      empty: this.#empty,
      lastRate: this.#lastRate,
      volumes: [this.#vin, this.#vout, this.#vleak],
      fullS: this.#fullS,
      schedule: this.#schedule?.map((row) => [...row]) ?? null,
      scheduleHour: this.#scheduleHour,
      faults: [this.#leakSeverity, this.#driftSeverity, this.#drift],
      log: this.#log.map((e) => ({ ...e })),
      settled: this.#settled,
    };
  }

  /**
   * Continue from {@linkcode StationSimulator.snapshot} of a station with
   * the same pumps. The mode and each pump's level band keep the running
   * values unless this station's params set them differently from the
   * snapshot's (an override); a schedule is dropped when the mode is overridden.
   */
  restore(state: SimulatorState): void {
    checkModel(state, "pump_station");
    const s = state as unknown as StationState;
    if (s.units.length !== this.units.length) {
      throw new Error(
        `station ${this.id} had ${s.units.length} pumps in the snapshot and has ${this.units.length} now`,
      );
    }
    const now = this.#configured();
    const modeKept = now.mode === s.configured.mode;
    if (modeKept) this.#mode = s.mode;
    this.#controls = this.#controls.map((c, i) =>
      JSON.stringify(now.controls[i]) === JSON.stringify(s.configured.controls[i])
        ? (s.controls[i] ? { ...s.controls[i]! } : undefined)
        : c
    );
    this.units.forEach((u, i) => u.restore(s.units[i]));
    this.#level = s.level;
    this.#hGuess = s.hGuess;
    this.#t = s.t;
    this.#rng.restore(s.rng);
    [this.#qin, this.#demand, this.#delivered, this.#leak] = s.flows;
    [this.#headerHead, this.#deliveryHead] = s.heads;
    this.#full = s.full;
    this.#empty = s.empty;
    this.#lastRate = s.lastRate;
    [this.#vin, this.#vout, this.#vleak] = s.volumes;
    this.#fullS = s.fullS;
    this.#schedule = modeKept && s.schedule ? s.schedule.map((row) => [...row]) : undefined;
    this.#scheduleHour = s.scheduleHour;
    [this.#leakSeverity, this.#driftSeverity, this.#drift] = s.faults;
    this.#log = s.log.map((e) => ({ ...e }));
    this.#settled = s.settled;
  }

  #configured(): StationState["configured"] {
    return {
      mode: this.#cfg.mode,
      controls: this.#cfg.pumps.map((p) => p.control ? { ...p.control } : null),
    };
  }

  /** Station state beyond its points, or a pump's curve and operating point. */
  inspect(id: string): Record<string, unknown> | undefined {
    if (id !== this.id) {
      const i = this.#byId.get(id);
      if (i === undefined) return undefined;
      return { ...inspectPump(this.units[i]), control: this.#controls[i] ?? null };
    }
    return {
      mode: this.#mode,
      true_level_m: this.#level,
      sensor_drift_m: this.#drift,
      tank_full: this.#full,
      tank_empty: this.#empty,
      leak_m3h: this.#leak * 3600,
      faults: {
        ...(this.#leakSeverity > 0 ? { pipe_leak: this.#leakSeverity } : {}),
        ...(this.#driftSeverity > 0 ? { level_sensor_drift: this.#driftSeverity } : {}),
      },
      controls: this.pumpIds.map((p, i) => ({ pump: p, ...(this.#controls[i] ?? {}) })),
      schedule: this.#schedule
        ? { hour: this.#scheduleHour, rows: this.#schedule.map((r) => [...r]) }
        : null,
      volumes_m3: this.volumes,
      switches: this.#log.slice(-50),
    };
  }

  /** Solve the end-of-step state so the points describe the plant at `tS`. */
  #settle(tS: number): void {
    for (let i = 0; i < this.units.length; i++) this.units[i].prepare(this.units[i].speed);
    this.#solve(tS);
    for (let i = 0; i < this.units.length; i++) this.units[i].vibrate(this.#rng);
    this.#settled = true;
  }

  /** Solve the network at time `t` for the prepared pump speeds. */
  #solve(t: number): void {
    const cfg = this.#cfg;
    const tankHead = cfg.tank.elevation_m + this.#level;
    const units = this.units;
    let h = 0;
    // EPANET closes pumps that cannot lift against the head (XHEAD) and reopens them as the
    // head falls; each change needs a new solution (a few passes at most).
    for (let pass = 0; pass < 2 * units.length + 2; pass++) {
      h = solveParallel(units, tankHead - cfg.sump.head_m, this.#rMain, HW_EXPONENT, this.#hGuess);
      let changed = false;
      for (let i = 0; i < units.length; i++) if (units[i].updateExcessHead(h)) changed = true;
      if (!changed) break;
    }
    let qin = 0;
    for (let i = 0; i < units.length; i++) qin += units[i].flow;
    const n = this.#pattern.length;
    const k = Math.floor(t / cfg.demand.pattern_step_s + 1e-9) % n;
    const demand = cfg.demand.base_lps / 1000 * this.#pattern[k < 0 ? k + n : k];
    let leak = 0;
    if (this.#leakSeverity > 0) {
      const p = tankHead - cfg.demand.elevation_m;
      leak = this.#leakSeverity * LEAK_FRACTION * cfg.demand.base_lps / 1000 *
        Math.sqrt(p > 0 ? p / this.#pRef : 0);
    }
    let delivered = demand;
    this.#full = false;
    this.#empty = false;
    const epanet = this.#epanet;
    // EPANET 2.3 counts a tank full or empty only at the limit itself (measured with
    // epanet-js: a level 1e-10 m short of it keeps the link open).
    const tol = epanet ? 0 : LEVEL_TOL;
    // EPANET closes the main into a full tank whenever the pumps push into it, and the
    // outlet of an empty tank whenever it would drain, whatever the other side does.
    if (
      this.#level >= cfg.tank.max_level_m - tol && (epanet ? qin > 0 : qin > demand + leak)
    ) {
      if (epanet) {
        // EPANET closes the main into a full tank: the pumps dead-head at the largest
        // shutoff head, deliver nothing and use no energy until the level falls.
        h = maxShutoff(units);
        for (let i = 0; i < units.length; i++) units[i].flow = 0;
        qin = 0;
      } else {
        // An altitude valve throttles the inlet so a full tank does not overflow.
        h = solveForFlow(units, demand + leak, h);
        qin = demand + leak;
      }
      this.#full = true;
    } else if (
      this.#level <= cfg.tank.min_level_m + tol &&
      (epanet ? demand + leak > 0 : demand + leak > qin)
    ) {
      // EPANET closes the outlet of an empty tank until the next solution, so the inflow
      // refills it meanwhile; the field model delivers what flows in and holds the level.
      const share = epanet ? 0 : demand + leak > 0 ? qin / (demand + leak) : 0;
      delivered = demand * share;
      leak *= share;
      this.#empty = true;
    }
    if (qin > 0) this.#hGuess = h;
    this.#qin = qin;
    this.#demand = demand;
    this.#delivered = delivered;
    this.#leak = leak;
    this.#headerHead = cfg.sump.head_m + h;
    const qo = delivered + leak;
    this.#deliveryHead = tankHead - this.#rOut * Math.pow(qo, HW_EXPONENT);
    for (let i = 0; i < units.length; i++) units[i].evaluate();
  }

  /**
   * Seconds until the level reaches a tank limit or a control level that would
   * act, or Infinity. Under EPANET's rules each time is rounded to whole
   * seconds and a time that rounds to zero does not split the step, as in
   * EPANET's `tanktimestep` and `controltimestep`.
   */
  #timeToCrossing(qnet: number): number {
    if (this.#epanet) return this.#epanetTimeToCrossing(qnet);
    const cfg = this.#cfg;
    const rate = qnet / this.#area;
    const level = this.#level;
    let best = Infinity;
    if (rate > 0 && level < cfg.tank.max_level_m - LEVEL_TOL) {
      best = (cfg.tank.max_level_m - level) / rate;
    } else if (rate < 0 && level > cfg.tank.min_level_m + LEVEL_TOL) {
      best = (level - cfg.tank.min_level_m) / -rate;
    }
    if (this.#mode !== "auto") return best;
    const measured = level + this.#drift;
    const mrate = rate + this.#driftRate();
    for (let i = 0; i < this.units.length; i++) {
      const c = this.#controls[i];
      const u = this.units[i];
      if (!c || !u.available) continue;
      let t = Infinity;
      if (!u.on && mrate < 0 && measured > c.start_below_m + LEVEL_TOL) {
        t = (measured - c.start_below_m) / -mrate;
      } else if (u.on && mrate > 0 && measured < c.stop_above_m - LEVEL_TOL) {
        t = (c.stop_above_m - measured) / mrate;
      }
      if (t < best) best = t;
    }
    return best;
  }

  /** EPANET's event times: whole seconds, from the tank limits and the controls that would act. */
  #epanetTimeToCrossing(qnet: number): number {
    const tank = this.#cfg.tank;
    const level = this.#level;
    let best = Infinity;
    const consider = (dl: number, rate: number) => {
      const t = Math.round(dl / rate);
      if (t > 0 && t < best) best = t;
    };
    const rate = qnet / this.#area;
    if (Math.abs(qnet) <= EPANET_QZERO) return best;
    if (rate > 0 && level < tank.max_level_m) consider(tank.max_level_m - level, rate);
    else if (rate < 0 && level > tank.min_level_m) consider(tank.min_level_m - level, rate);
    if (this.#mode !== "auto") return best;
    const measured = level + this.#drift;
    const mrate = rate + this.#driftRate();
    for (let i = 0; i < this.units.length; i++) {
      const c = this.#controls[i];
      const u = this.units[i];
      if (!c || !u.available) continue;
      if (!u.on && mrate < 0 && measured > c.start_below_m) {
        consider(c.start_below_m - measured, mrate);
      } else if (u.on && mrate > 0 && measured < c.stop_above_m) {
        consider(c.stop_above_m - measured, mrate);
      }
    }
    return best;
  }

  /** Integrate `h` seconds at the solved state. */
  #advance(qnet: number, h: number, t: number): void {
    const tank = this.#cfg.tank;
    const rate = qnet / this.#area;
    let level = this.#level + rate * h;
    if (this.#epanet) {
      // EPANET's tanklevels: a tank within one second of flow of full is full; the
      // empty test reads V - q <= Vmin, so a tank stops at empty only once it is a
      // second of flow past it (a level up to that much below empty stands).
      if (level + rate >= tank.max_level_m) level = tank.max_level_m;
      else if (level - rate <= tank.min_level_m) level = tank.min_level_m;
    } else {
      if (level > tank.max_level_m) level = tank.max_level_m;
      if (level < tank.min_level_m) level = tank.min_level_m;
    }
    this.#level = level;
    this.#lastRate = rate;
    this.#vin += this.#qin * h;
    this.#vout += this.#delivered * h;
    this.#vleak += this.#leak * h;
    if (this.#full) this.#fullS += h;
    const dr = this.#driftRate();
    if (dr > 0) this.#drift = Math.min(DRIFT_MAX_M, this.#drift + dr * h);
    for (let i = 0; i < this.units.length; i++) {
      const u = this.units[i];
      const before = u.status;
      u.integrate(h);
      if (u.status === "tripped" && before !== "tripped") {
        this.#record(this.pumpIds[i], "trip", "overload", t + h);
      }
    }
  }

  /**
   * Apply the level controls at time `t` (auto mode only). Under EPANET's
   * rules a control acts within one second of the latest flow of its level
   * (EPANET's `controls`), which covers event times rounded to whole seconds.
   */
  #control(t: number): void {
    if (this.#mode !== "auto") return;
    const measured = this.#level + this.#drift;
    const tol = this.#epanet ? Math.abs(this.#lastRate) : LEVEL_TOL;
    for (let i = 0; i < this.units.length; i++) {
      const c = this.#controls[i];
      const u = this.units[i];
      if (!c || !u.available) continue;
      if (!u.on && measured <= c.start_below_m + tol) {
        this.#settled = false;
        u.start();
        this.#record(this.pumpIds[i], "start", "auto", t);
      } else if (u.xhead && measured <= c.start_below_m + tol) {
        // EPANET applies a control whose condition holds at every step: its OPEN reopens
        // a pump closed for excess head, which the next solution then judges afresh.
        this.#settled = false;
        u.xhead = false;
      } else if (u.on && measured >= c.stop_above_m - tol) {
        this.#settled = false;
        u.stop();
        this.#record(this.pumpIds[i], "stop", "auto", t);
      }
    }
  }

  /** Take a 24 x pumps schedule and switch to manual mode to run it; returns why not. */
  #applySchedule(raw: unknown): string | undefined {
    const n = this.units.length;
    if (!Array.isArray(raw) || raw.length !== 24) {
      return "schedule must have 24 hourly rows";
    }
    for (let h = 0; h < 24; h++) {
      const row = raw[h];
      if (!Array.isArray(row) || row.length !== n) {
        return `schedule[${h}] must give a speed for each of the ${n} pumps`;
      }
      for (let i = 0; i < n; i++) {
        const v = row[i];
        if (typeof v !== "number" || !(v >= 0 && v <= 1)) {
          return `schedule[${h}][${i}] must be a speed ratio in [0, 1], got ${JSON.stringify(v)}`;
        }
        if (v > 0 && v < 1 && !this.units[i].vfd && v !== this.#cfg.pumps[i].speed_pct / 100) {
          return `schedule[${h}][${i}]: pump ${this.pumpIds[i]} has no variable-frequency drive; ` +
            "give 0 (off) or its own speed";
        }
      }
    }
    if (this.#mode === "off") return `station ${this.id} is off; set its mode to manual first`;
    this.#schedule = raw.map((row: number[]) => [...row]);
    this.#scheduleHour = -1;
    this.#mode = "manual";
    this.#runSchedule(this.#t);
    return undefined;
  }

  /** Apply the schedule's row for the hour of `t` once per hour. */
  #runSchedule(t: number): void {
    const rows = this.#schedule;
    if (!rows || this.#mode !== "manual") return;
    const hour = ((Math.floor(t / 3600 + 1e-9) % 24) + 24) % 24;
    if (hour === this.#scheduleHour) return;
    this.#scheduleHour = hour;
    this.#settled = false;
    rows[hour].forEach((s, i) => {
      const u = this.units[i];
      if (s > 0) {
        if (u.vfd) u.setSpeed(100 * s);
        if (!u.on && u.start() === undefined) this.#record(this.pumpIds[i], "start", "command", t);
      } else if (u.on) {
        u.stop();
        this.#record(this.pumpIds[i], "stop", "command", t);
      }
    });
  }

  #driftRate(): number {
    return this.#driftSeverity > 0 && this.#drift < DRIFT_MAX_M
      ? this.#driftSeverity * DRIFT_RATE_M_PER_H / 3600
      : 0;
  }

  #record(pump: string, action: SwitchEvent["action"], reason: SwitchEvent["reason"], t = this.#t) {
    const e = { tS: t, pump, action, reason };
    this.#log.push(e);
    if (this.#log.length > LOG_LIMIT) this.#log.shift();
    this.#onSwitch?.(e);
  }

  #actuateStation(action: Actuation): string | undefined {
    const args = action.args;
    switch (action.type) {
      case "set_mode": {
        const mode = args.mode as StationMode;
        if (!STATION_MODES.includes(mode)) {
          return `unknown mode "${args.mode}"; expected one of ${STATION_MODES.join(", ")}`;
        }
        this.#mode = mode;
        // Choosing a mode by hand ends an applied schedule.
        this.#schedule = undefined;
        if (mode === "off") {
          this.units.forEach((u, i) => {
            if (u.on) {
              u.stop();
              this.#record(this.pumpIds[i], "stop", "mode");
            }
          });
        }
        return undefined;
      }
      case "apply_schedule":
        return this.#applySchedule(args.schedule);
      case "clear_schedule":
        this.#schedule = undefined;
        return undefined;
      case "set_level_band": {
        const i = this.#byId.get(stationPumpId(this.id, String(args.pump)));
        if (i === undefined) return `station ${this.id} has no pump "${args.pump}"`;
        const start = Number(args.start_below_m), stop = Number(args.stop_above_m);
        const tank = this.#cfg.tank;
        if (!(start < stop)) return "start_below_m must be below stop_above_m";
        if (start < tank.min_level_m || stop > tank.max_level_m) {
          return `levels must lie within the tank's ${tank.min_level_m}..${tank.max_level_m} m`;
        }
        this.#controls[i] = { start_below_m: start, stop_above_m: stop };
        return undefined;
      }
      case "inject_fault": {
        const severity = args.severity === undefined ? 1 : Number(args.severity);
        if (!(severity > 0 && severity <= 1)) return "fault severity must be in (0, 1]";
        if (args.fault === "pipe_leak") this.#leakSeverity = severity;
        else if (args.fault === "level_sensor_drift") this.#driftSeverity = severity;
        else {
          return `unknown station fault "${args.fault}"; expected one of ${
            STATION_FAULTS.join(", ")
          }`;
        }
        return undefined;
      }
      case "clear_fault": {
        const f = args.fault;
        if (f !== undefined && !STATION_FAULTS.includes(f as StationFault)) {
          return `unknown station fault "${f}"; expected one of ${STATION_FAULTS.join(", ")}`;
        }
        if (f === undefined || f === "pipe_leak") this.#leakSeverity = 0;
        if (f === undefined || f === "level_sensor_drift") {
          this.#driftSeverity = 0;
          this.#drift = 0;
        }
        return undefined;
      }
      default:
        return `a pump station does not take the command "${action.type}"`;
    }
  }
}
