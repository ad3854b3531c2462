/**
 * EPANET (epanet-js, EPANET 2.3 in WebAssembly) as the oracle for the station
 * simulator: run a station for a day in both, and measure how far apart they
 * are in the figures the fidelity tolerances are written in — the tank level
 * every hour, each pump's energy, and each pump switch's time.
 *
 * Switches are the level controls' commands (EPANET's pump setting going to
 * or from zero), not EPANET's momentary status, which also goes closed while
 * a running pump cannot lift against the head (XHEAD) or feeds a full tank.
 *
 * @module
 */
import {
  AnalysisStatistic,
  InitHydOption,
  LinkProperty,
  NodeProperty,
  Project,
  Workspace,
} from "epanet-js";
import { inpPumpId, stationToInp } from "./inp_export.ts";
import type { StationConfig } from "./station_config.ts";
import { StationSimulator, type SwitchEvent } from "./station_simulator.ts";

/** A pump starting (on) or stopping at a time. */
export interface PumpSwitch {
  /** Pump index in config order. */
  pump: number;
  /** Started (true) or stopped (false). */
  on: boolean;
  /** Time, s. */
  tS: number;
}

/** What a day's run gives: the tank level every hour, energy per pump, switch times. */
export interface DayRun {
  /** Tank level at 0, 1, ..., 24 h, m. */
  levels: number[];
  /** Energy per pump, kWh. */
  energyKWh: number[];
  /** Pump switches after the start, in time order. */
  switches: PumpSwitch[];
  /**
   * Times (s) of solutions that did not converge (EPANET only): EPANET's
   * answer there is not a hydraulic solution, so it cannot judge ours.
   */
  unbalancedS?: number[];
  /** Warnings EPANET gave during the run (EPANET only). */
  warnings?: number;
}

/** Relative flow change above which a solution did not converge (the exported accuracy). */
const UNBALANCED_RELATIVE_ERROR = 1e-5;

/** Largest link flow change, L/s, below which a non-converged solution is still at rest. */
const UNBALANCED_FLOW_CHANGE_LPS = 0.01;

/** Load the EPANET engine once; pass the workspace to {@linkcode runEpanetDay}. */
export async function epanetWorkspace(): Promise<Workspace> {
  const ws = new Workspace();
  await ws.loadModule();
  return ws;
}

/**
 * Run .inp text through EPANET step by step (runH / nextH) for `durationS`
 * and collect the hourly tank levels, energy per pump (power at each
 * solution times the step that follows it, as EPANET's energy report adds
 * it) and the control switches of the pumps `pumpIds`.
 */
export function runEpanetDay(
  ws: Workspace,
  inp: string,
  pumpIds: readonly string[],
  tankElevation: number,
  durationS = 86_400,
): DayRun {
  const p = new Project(ws);
  ws.writeFile("oracle.inp", inp);
  // epanet-js prints each warning (negative pressures behind a closed outlet, for one) to
  // console.warn, thousands a day: count them instead. The run is synchronous, so the
  // console is restored before anything else can write to it.
  const warn = console.warn;
  let warnings = 0;
  console.warn = () => warnings++;
  p.open("oracle.inp", "oracle.rpt", "oracle.out");
  try {
    const tank = p.getNodeIndex("TANK");
    const links = pumpIds.map((id) => p.getLinkIndex(id));
    p.openH();
    p.initH(InitHydOption.NoSave);
    const levels: number[] = [];
    const energyKWh = links.map(() => 0);
    const switches: PumpSwitch[] = [];
    const on = links.map(() => false);
    let tstep = 0;
    const unbalancedS: number[] = [];
    do {
      const t = p.runH();
      if (t % 3600 === 0 && t <= durationS) {
        levels.push(p.getNodeValue(tank, NodeProperty.Head) - tankElevation);
      }
      const power = links.map((l, i) => {
        const opened = p.getLinkValue(l, LinkProperty.Setting) > 0;
        if (t > 0 && opened !== on[i]) switches.push({ pump: i, on: opened, tS: t });
        on[i] = opened;
        return p.getLinkValue(l, LinkProperty.Energy);
      });
      // A solve that stopped short of the accuracy asked for (1e-5) is no answer while
      // flows move or a pump is meant to run (EPANET can leave a pump that would lift shut
      // when every flow starts at zero); with all pumps off and no flow it is harmless.
      if (
        p.getStatistic(AnalysisStatistic.RelativeError) > UNBALANCED_RELATIVE_ERROR &&
        (p.getStatistic(AnalysisStatistic.MaxFlowChange) > UNBALANCED_FLOW_CHANGE_LPS ||
          on.some((o) => o))
      ) unbalancedS.push(t);
      tstep = p.nextH();
      power.forEach((kw, i) => energyKWh[i] += kw * tstep / 3600);
    } while (tstep > 0);
    p.closeH();
    return { levels, energyKWh, switches, unbalancedS, warnings };
  } finally {
    p.close();
    console.warn = warn;
  }
}

/** Run a station through EPANET: export it to .inp and run that. */
export function runStationInEpanet(
  ws: Workspace,
  config: StationConfig,
  durationS = 86_400,
): DayRun {
  const ids = config.pumps.map((p) => inpPumpId(p.suffix));
  return runEpanetDay(
    ws,
    stationToInp(config, { durationS }),
    ids,
    config.tank.elevation_m,
    durationS,
  );
}

/** Run our station simulator from midnight for `durationS` at `dtS` steps. */
export function runStationDay(config: StationConfig, dtS = 60, durationS = 86_400): DayRun {
  const log: SwitchEvent[] = [];
  const sim = new StationSimulator({ id: "st", config, seed: 1, onSwitch: (e) => log.push(e) });
  const levels = [sim.level];
  for (let k = 1; k * dtS <= durationS + 1e-9; k++) {
    const t = k * dtS;
    sim.step(dtS, t);
    if (Math.abs(t / 3600 - Math.round(t / 3600)) < 1e-9) levels.push(sim.level);
  }
  const switches = log
    .filter((e) => e.tS > 0)
    .map((e) => ({ pump: sim.pumpIds.indexOf(e.pump), on: e.action === "start", tS: e.tS }));
  return { levels, energyKWh: sim.units.map((u) => u.energyJ / 3.6e6), switches };
}

/** How far one day is from the reference, in the units of the tolerances. */
export interface DayDeviation {
  /** Largest hourly tank-level difference, m. */
  levelM: number;
  /** Hour of that difference. */
  levelHour: number;
  /** Largest pump energy difference, % of the reference pump's energy. */
  energyPct: number;
  /** Largest pump energy difference, kWh. */
  energyKWh: number;
  /** Pump of that difference. */
  energyPump: number;
  /** Largest time difference between matching switches, s. */
  switchS: number;
  /** Switches one run has and the other lacks (matched per pump, in order). */
  unmatchedSwitches: number;
}

/** Tolerances of the fidelity comparison. */
export interface DayTolerance {
  /** Hourly tank level, m. */
  levelM: number;
  /** Pump energy, % of the reference. */
  energyPct: number;
  /** Pump energy below which a difference is not counted, kWh (a pump that barely ran). */
  energyFloorKWh: number;
  /** Switch time, s. */
  switchS: number;
}

/** The tolerances: 2 cm, 1 %, 2 minutes. */
export const FIDELITY_TOLERANCE: DayTolerance = {
  levelM: 0.02,
  energyPct: 1,
  energyFloorKWh: 0.05,
  switchS: 120,
};

/** Compare a day against the reference day. */
export function compareDays(ours: DayRun, ref: DayRun): DayDeviation {
  const d: DayDeviation = {
    levelM: 0,
    levelHour: 0,
    energyPct: 0,
    energyKWh: 0,
    energyPump: 0,
    switchS: 0,
    unmatchedSwitches: 0,
  };
  const hours = Math.min(ours.levels.length, ref.levels.length);
  d.unmatchedSwitches += Math.abs(ours.levels.length - ref.levels.length);
  for (let h = 0; h < hours; h++) {
    const x = Math.abs(ours.levels[h] - ref.levels[h]);
    if (x > d.levelM) {
      d.levelM = x;
      d.levelHour = h;
    }
  }
  ref.energyKWh.forEach((e, i) => {
    const diff = Math.abs((ours.energyKWh[i] ?? 0) - e);
    const pct = e > 0 ? 100 * diff / e : diff > 0 ? Infinity : 0;
    if (diff > d.energyKWh) d.energyKWh = diff;
    if (pct > d.energyPct) {
      d.energyPct = pct;
      d.energyPump = i;
    }
  });
  const pumps = Math.max(ours.energyKWh.length, ref.energyKWh.length);
  for (let i = 0; i < pumps; i++) {
    const a = ours.switches.filter((s) => s.pump === i);
    const b = ref.switches.filter((s) => s.pump === i);
    d.unmatchedSwitches += Math.abs(a.length - b.length);
    for (let k = 0; k < Math.min(a.length, b.length); k++) {
      if (a[k].on !== b[k].on) d.unmatchedSwitches++;
      const x = Math.abs(a[k].tS - b[k].tS);
      if (x > d.switchS) d.switchS = x;
    }
  }
  return d;
}

/** Whether a day's deviation is within the tolerances. */
export function withinTolerance(
  d: DayDeviation,
  ours: DayRun,
  ref: DayRun,
  tol: DayTolerance = FIDELITY_TOLERANCE,
): boolean {
  if (d.levelM > tol.levelM || d.switchS > tol.switchS || d.unmatchedSwitches > 0) return false;
  return ref.energyKWh.every((e, i) => {
    const diff = Math.abs((ours.energyKWh[i] ?? 0) - e);
    return diff <= tol.energyFloorKWh || diff <= tol.energyPct / 100 * e;
  });
}

/** One station's comparison in a sweep. */
export interface StationFidelity {
  /** Seed of the station. */
  seed: number;
  /** Number of pumps. */
  pumps: number;
  /** The deviations. */
  deviation: DayDeviation;
  /** Whether they are within the tolerances. */
  pass: boolean;
}

/** The result of comparing many stations with EPANET. */
export interface FidelitySummary {
  /** Stations compared (EPANET converged throughout). */
  compared: number;
  /** Stations within the tolerances. */
  passed: number;
  /** Seeds of stations left out because EPANET's own solution did not converge. */
  unbalanced: number[];
  /** Stations outside the tolerances. */
  failures: StationFidelity[];
  /** Largest deviations over the compared stations, with the seed of each. */
  worst: {
    levelM: number;
    levelSeed: number;
    energyPct: number;
    energySeed: number;
    switchMin: number;
    switchSeed: number;
  };
}

/**
 * Run each seed's station (built by `make`) for a day in our simulator at
 * 60 s steps and in EPANET, and sum up how they compare.
 */
export function fidelitySweep(
  ws: Workspace,
  seeds: readonly number[],
  make: (seed: number) => StationConfig,
  tol: DayTolerance = FIDELITY_TOLERANCE,
): FidelitySummary {
  const s: FidelitySummary = {
    compared: 0,
    passed: 0,
    unbalanced: [],
    failures: [],
    worst: { levelM: 0, levelSeed: -1, energyPct: 0, energySeed: -1, switchMin: 0, switchSeed: -1 },
  };
  for (const seed of seeds) {
    const config = make(seed);
    const ref = runStationInEpanet(ws, config);
    if (ref.unbalancedS?.length) {
      s.unbalanced.push(seed);
      continue;
    }
    const ours = runStationDay(config, 60);
    const deviation = compareDays(ours, ref);
    const pass = withinTolerance(deviation, ours, ref, tol);
    s.compared++;
    if (pass) s.passed++;
    else s.failures.push({ seed, pumps: config.pumps.length, deviation, pass });
    const w = s.worst;
    if (deviation.levelM > w.levelM) [w.levelM, w.levelSeed] = [deviation.levelM, seed];
    // A pump that barely ran is judged by its energy floor, not its percentage.
    const pct = deviation.energyKWh <= tol.energyFloorKWh ? 0 : deviation.energyPct;
    if (pct > w.energyPct) [w.energyPct, w.energySeed] = [pct, seed];
    const min = deviation.switchS / 60;
    if (min > w.switchMin) [w.switchMin, w.switchSeed] = [min, seed];
  }
  return s;
}

/** A fidelity summary in one line of words. */
export function formatFidelity(s: FidelitySummary): string {
  const w = s.worst;
  const pct = s.compared ? (100 * s.passed / s.compared).toFixed(1) : "0";
  return `${s.passed}/${s.compared} stations within tolerance (${pct} %); worst: tank level ` +
    `${w.levelM.toFixed(4)} m (seed ${w.levelSeed}), pump energy ${w.energyPct.toFixed(3)} % ` +
    `(seed ${w.energySeed}), switch ${w.switchMin.toFixed(2)} min (seed ${w.switchSeed}); ` +
    `${s.unbalanced.length} left out where EPANET did not converge` +
    (s.unbalanced.length ? ` (seeds ${s.unbalanced.join(", ")})` : "");
}
