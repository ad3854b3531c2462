/**
 * Runtime throughput on virtual time: twin-steps/s of a plant through the
 * whole runtime (twins, actors, observation, change feed, calculated points,
 * alarms and the diagnosis and optimisation supervisors, as `startPlant`
 * starts them) beside the bare simulators of the same plant stepped in a
 * plain loop in the same run, and the wall time of one simulated day. Each
 * round also runs the live path alone (runtime, calculated points, alarms)
 * and the runtime alone, reported as `parts`, to show where the time goes.
 *
 * @module
 */
import { loadPlantFile, type Plant } from "../plant/plant_file.ts";
import { PLANT_SECTIONS } from "../app/plant_sections.ts";
import { startPlant } from "../app/start_plant.ts";
import { startAlarms } from "../actors/alarms/start_alarms.ts";
import { Runtime } from "../runtime/runtime.ts";
import { twinSeed } from "../runtime/twin_seed.ts";
import type { PointValues, Simulator } from "../simulators/simulator.ts";
import { type KindRegistry, loadKinds } from "../twins/registry.ts";
import { type BenchResult, benchResult } from "./bench_result.ts";

/** Step the plant's simulators in a bare loop; returns twin-steps per second. */
export function bareSimulatorRate(plant: Plant, kinds: KindRegistry, steps: number): number {
  const values = new Map<string, PointValues>(plant.twins.map((t) => [t.id, {}]));
  const sims: Simulator[] = [];
  // The same per-kind memo the runtime hands its simulators (wells share
  // solved cards), so both sides do the same simulator work.
  const memos = new Map<string, Map<string, unknown>>();
  for (const c of plant.twins) {
    const def = kinds.get(c.kind)!;
    if (c.parent || !def.simulator) continue;
    sims.push(def.simulator({
      id: c.id,
      params: c.params,
      seed: twinSeed(plant.seed, c.id),
      children: plant.twins.filter((k) => k.parent === c.id),
      lookup: (id) => values.get(id),
      declared: (id) => {
        const kind = plant.twins.find((t) => t.id === id)?.kind;
        return kind ? { own: kinds.get(kind)!.points, extra: {} } : undefined;
      },
      memo: memos.get(c.kind) ?? memos.set(c.kind, new Map()).get(c.kind),
    }));
  }
  let twinSteps = 0;
  const t0 = performance.now();
  for (let s = 1; s <= steps; s++) {
    for (const sim of sims) {
      sim.step(plant.stepS, s * plant.stepS);
      for (const id of sim.feeds) sim.read(id, values.get(id)!);
      twinSteps += sim.feeds.length;
    }
  }
  return twinSteps / ((performance.now() - t0) / 1000);
}

/**
 * How much of the plant runs: `plant` everything `startPlant` starts (the
 * benchmark's figure); `live` the runtime with calculated points and
 * alarms only; `twins` the runtime alone (twins, machines, observation,
 * change feed, and the diagnosis inside the twins, such as each well's
 * card).
 */
export type RuntimePart = "plant" | "live" | "twins";

/** Run `steps` steps through the runtime on virtual time; returns twin-steps per second. */
export function runtimeRate(
  plant: Plant,
  kinds: KindRegistry,
  steps: number,
  part: RuntimePart = "plant",
): number {
  const { runtime, stop } = startPart(plant, kinds, part);
  const t0 = performance.now();
  runtime.runFor(steps * plant.stepS * 1000);
  const rate = runtime.stats.twinSteps / ((performance.now() - t0) / 1000);
  stop();
  return rate;
}

function startPart(
  plant: Plant,
  kinds: KindRegistry,
  part: RuntimePart,
): { runtime: Runtime; stop(): void } {
  if (part === "plant") return startPlant(plant, kinds, { virtual: true });
  const runtime = new Runtime(plant, kinds, { virtual: true });
  const alarms = part === "live" ? startAlarms(runtime) : undefined;
  return {
    runtime,
    stop() {
      alarms?.stop();
      runtime.shutdown();
    },
  };
}

/** Wall seconds for one simulated day of the plant through the runtime. */
export function simulatedDaySeconds(plant: Plant, kinds: KindRegistry): number {
  const { runtime, stop } = startPlant(plant, kinds, { virtual: true });
  const t0 = performance.now();
  runtime.runFor(86_400_000);
  const s = (performance.now() - t0) / 1000;
  stop();
  return s;
}

/** Median and range of `xs`, rounded for printing. */
function spread(xs: number[]): { median: number; min: number; max: number; runs: number[] } {
  const r = (x: number) => Number(x.toPrecision(4));
  return {
    median: r(median(xs)),
    min: r(Math.min(...xs)),
    max: r(Math.max(...xs)),
    runs: xs.map(r),
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The runtime benchmarks for the plant file at `path`. */
export async function runRuntimeBench(path: string, rounds = 7): Promise<BenchResult[]> {
  const kinds = await loadKinds();
  const plant = await loadPlantFile(path, kinds, PLANT_SECTIONS);
  const steps = 600;
  // Warm both paths up so the JIT has compiled the hot loops.
  bareSimulatorRate(plant, kinds, 120);
  runtimeRate(plant, kinds, 120);
  // Interleaved rounds, the order alternating, so that drift on a shared
  // machine falls on both; the figure is the median of the per-round ratios.
  const bare: number[] = [];
  const rt: number[] = [];
  const parts: Record<"live" | "twins", number[]> = { live: [], twins: [] };
  for (let k = 0; k < rounds; k++) {
    if (k % 2 === 0) {
      bare.push(bareSimulatorRate(plant, kinds, steps));
      rt.push(runtimeRate(plant, kinds, steps));
    } else {
      rt.push(runtimeRate(plant, kinds, steps));
      bare.push(bareSimulatorRate(plant, kinds, steps));
    }
    for (const part of ["live", "twins"] as const) {
      parts[part].push(runtimeRate(plant, kinds, steps, part) / bare[k]);
    }
  }
  const ratios = rt.map((r, k) => r / bare[k]);
  const day = simulatedDaySeconds(plant, kinds);
  const twins = plant.twins.length;
  const rate = Object.assign(
    benchResult(
      "runtime_twin_steps_per_s",
      median(rt),
      "twin-steps/s",
      median(bare),
      `${twins} twins, virtual time; baseline: the bare simulators of the same plant in a plain loop; ${rounds} interleaved rounds of ${steps} steps, value and baseline are medians, ratio_median the median of the per-round ratios (goal: ratio_median >= 0.6)`,
    ),
    {
      ratio_median: spread(ratios).median,
      ratio_runs: spread(ratios),
      // Where the time goes: the same rounds with less of the plant started.
      parts: {
        live_path_ratio: spread(parts.live),
        twins_only_ratio: spread(parts.twins),
      },
    },
  );
  return [
    rate,
    benchResult(
      "demo_day_wall_s",
      day,
      "s",
      (86_400 * twins) / median(bare),
      "one simulated day at 1 s steps through the runtime; baseline: the same day for the bare simulators; goal <= 20 s",
    ),
  ];
}

if (import.meta.main) {
  const path = Deno.args[0] ?? new URL("../plants/demo.json", import.meta.url).pathname;
  for (const r of await runRuntimeBench(path)) console.log(JSON.stringify(r));
}
