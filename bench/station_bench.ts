/**
 * Pump-station benchmark: our station simulator over 24 h at 1-minute steps
 * against epanet-js (EPANET compiled to WebAssembly) solving the same
 * network, exported from the same params, over the same 24 h at 1-minute
 * hydraulic steps, both measured in this run. Goal: within 2x of EPANET.
 *
 * Beside it, fidelity over seeded random stations (twins/pump_station/
 * random_station.ts): the share within the tolerances (tank level 2 cm every
 * hour, pump energy 1 %, switch times 2 min) and the worst deviations.
 *
 * Run alone: `deno run --allow-read --allow-env bench/station_bench.ts`
 *
 * @module
 */
import { InitHydOption, Project, Workspace } from "epanet-js";
import { type BenchResult, benchResult } from "./bench_result.ts";
import {
  epanetWorkspace,
  fidelitySweep,
  formatFidelity,
} from "../simulators/pump/epanet_oracle.ts";
import { stationToInp } from "../simulators/pump/inp_export.ts";
import { randomStation } from "../twins/pump_station/random_station.ts";
import { StationSimulator } from "../simulators/pump/station_simulator.ts";
import { type StationParams, stationParams } from "../twins/pump_station/params.ts";

const PLANT = new URL("../plants/station_epanet.json", import.meta.url);
const WARMUP = 10;
const RUNS = 21;
/** Random stations compared with EPANET (the test suite runs the first 48). */
const FIDELITY_STATIONS = 300;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Build our station and run it for 24 h at `dt` s steps; returns a checksum to keep the work live. */
function runOurs(params: StationParams, dt: number): number {
  const sim = new StationSimulator({ id: "ps1", config: params, seed: 1 });
  for (let t = dt; t <= 86_400; t += dt) sim.step(dt, t);
  return sim.level;
}

/** Open, solve 24 h of hydraulics step by step, close. */
function runEpanet(ws: Workspace): number {
  const p = new Project(ws);
  p.open("station.inp", "station.rpt", "station.out");
  p.openH();
  p.initH(InitHydOption.NoSave);
  let steps = 0;
  let tstep = 0;
  do {
    p.runH();
    tstep = p.nextH();
    steps++;
  } while (tstep > 0);
  p.closeH();
  p.close();
  return steps;
}

/** Median ms of each function, run alternately so machine load falls on all of them alike. */
function timeAlternating(fns: (() => unknown)[], warmup = WARMUP, runs = RUNS): number[] {
  for (let i = 0; i < warmup; i++) for (const fn of fns) fn();
  const ms = fns.map(() => [] as number[]);
  for (let i = 0; i < runs; i++) {
    fns.forEach((fn, k) => {
      const t0 = performance.now();
      fn();
      ms[k].push(performance.now() - t0);
    });
  }
  return ms.map(median);
}

/** Time the station simulator beside EPANET on the reference station. */
export async function runStationBench(): Promise<BenchResult[]> {
  const plant = JSON.parse(await Deno.readTextFile(PLANT));
  const params = stationParams.parse(plant.twins[0].params);
  const ws = new Workspace();
  await ws.loadModule();
  ws.writeFile("station.inp", stationToInp(params));
  const [epanetMs, oursMinute] = timeAlternating([
    () => runEpanet(ws),
    () => runOurs(params, 60),
  ]);
  const [oursSecond] = timeAlternating([() => runOurs(params, 1)], 2, 5);
  const fidelity = fidelitySweep(
    await epanetWorkspace(),
    Array.from({ length: FIDELITY_STATIONS }, (_, i) => i),
    randomStation,
  );
  const w = fidelity.worst;
  const words = formatFidelity(fidelity);
  return [
    benchResult(
      "station_24h_1min_ms",
      oursMinute,
      "ms",
      epanetMs,
      "baseline: epanet-js, same network exported to .inp, 24 h at 1-min steps; goal ratio <= 2",
    ),
    benchResult(
      "station_24h_1s_ms",
      oursSecond,
      "ms",
      epanetMs,
      "our station at the runtime's 1 s steps (86,400 steps) vs epanet-js at 1-min steps",
    ),
    benchResult(
      "station_epanet_pass_pct",
      fidelity.compared ? 100 * fidelity.passed / fidelity.compared : 0,
      "%",
      null,
      `seeded random stations vs epanet-js, 24 h: ${words}; goal 100`,
    ),
    benchResult(
      "station_epanet_worst_level_m",
      w.levelM,
      "m",
      null,
      `largest hourly tank-level difference (seed ${w.levelSeed}); tolerance 0.02`,
    ),
    benchResult(
      "station_epanet_worst_energy_pct",
      w.energyPct,
      "%",
      null,
      `largest pump energy difference (seed ${w.energySeed}); tolerance 1`,
    ),
    benchResult(
      "station_epanet_worst_switch_min",
      w.switchMin,
      "min",
      null,
      `largest switch-time difference (seed ${w.switchSeed}); tolerance 2`,
    ),
  ];
}

if (import.meta.main) {
  for (const r of await runStationBench()) console.log(JSON.stringify(r));
}
