/**
 * `deno task bench`: every benchmark, one JSON line per figure, each beside a
 * baseline measured in the same run.
 *
 * @module
 */
import type { BenchResult } from "./bench_result.ts";
import { runAlarmBench } from "./alarm_bench.ts";
import { runAnomalyBench } from "./anomaly_bench.ts";
import { runCardBench } from "./card_bench.ts";
import { runCoolingOptimizationBench } from "./cooling_optimization_bench.ts";
import { runCoolingDiagnosisBench } from "./cooling_diagnosis_bench.ts";
import { runFirstValueBench } from "./first_value_bench.ts";
import { runFleetRenderBench } from "./fleet_render_bench.ts";
import { runHistoryBench } from "./history_bench.ts";
import { runInfluxBench } from "./influx_bench.ts";
import { runLoginBench } from "./login_bench.ts";
import { runModbusBench } from "./modbus_bench.ts";
import { runOptimizationBench } from "./optimization_bench.ts";
import { runReplayBench } from "./replay_bench.ts";
import { runRssBench } from "./rss_bench.ts";
import { runRuntimeBench } from "./runtime_bench.ts";
import { runSnapshotBench } from "./snapshot_bench.ts";
import { runSseBench } from "./sse_bench.ts";
import { runStationBench } from "./station_bench.ts";
import { runStartupBench } from "./startup_bench.ts";
import { runWhatifBench } from "./whatif_bench.ts";

const demo = new URL("../plants/demo.json", import.meta.url).pathname;
const suites: [string, () => Promise<BenchResult[]>][] = [
  ["runtime", () => runRuntimeBench(demo)],
  ["station", () => runStationBench()],
  ["optimization", () => runOptimizationBench()],
  ["cooling_optimization", () => Promise.resolve(runCoolingOptimizationBench())],
  ["rss", () => runRssBench()],
  ["startup", () => runStartupBench()],
  ["alarms", () => runAlarmBench()],
  ["modbus", () => runModbusBench()],
  ["sse", () => runSseBench(demo)],
  ["history", () => runHistoryBench()],
  ["fleet_render", () => runFleetRenderBench()],
  ["first_value", () => runFirstValueBench()],
  ["replay", () => runReplayBench()],
  ["influx", () => runInfluxBench()],
  ["login", () => runLoginBench()],
  ["cards", () => runCardBench()],
  ["whatif", () => runWhatifBench()],
  ["snapshot", () => runSnapshotBench()],
  ["anomaly", () => runAnomalyBench()],
  ["cooling_diagnosis", () => Promise.resolve(runCoolingDiagnosisBench())],
];

const only = Deno.args[0];
let failed = false;
for (const [name, run] of suites) {
  if (only && only !== name) continue;
  try {
    for (const r of await run()) console.log(JSON.stringify(r));
  } catch (e) {
    failed = true;
    console.error(`bench ${name} failed: ${(e as Error).stack}`);
  }
}
Deno.exit(failed ? 1 : 0);
