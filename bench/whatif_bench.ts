/**
 * What-if sweep throughput: 16 variants of a plant (demand from x0.8 to
 * x1.55, ambient from -4 to +11 K) run on workers, at most the core count
 * at once, beside the same 16 runs one after the other in this process
 * (warm, no worker start-up) in the same run. The ratio is the sweep's
 * speed-up; the goal is close to the core count. A third figure, the same
 * sweep on one worker at a time, shows what worker start-up costs.
 *
 * WHATIF_BENCH_PLANT (default plants/alarms_example.json) and
 * WHATIF_BENCH_HOURS (default 6) choose the work; WHATIF_BENCH_ROUNDS
 * (default 3) the rounds whose median is reported.
 *
 * @module
 */
import { PLANT_SECTIONS } from "../app/plant_sections.ts";
import { loadPlantFile } from "../plant/plant_file.ts";
import { loadKinds } from "../twins/registry.ts";
import { runWhatif } from "../whatif/whatif_run.ts";
import { parseWhatifSpec } from "../whatif/whatif_spec.ts";
import { prepareRuns, WhatifStudy } from "../whatif/whatif_study.ts";
import { type BenchResult, benchResult } from "./bench_result.ts";

/** Number of variants in the sweep. */
export const SWEEP_SIZE = 16;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The sweep benchmark figures. */
export async function runWhatifBench(
  path = Deno.env.get("WHATIF_BENCH_PLANT") ??
    new URL("../plants/alarms_example.json", import.meta.url).pathname,
  // Two simulated days per variant: with 6 h runs (about 0.15 s each) the
  // workers' start-up (loading the module graph, about 1.5 s) hid the sweep.
  hours = Number(Deno.env.get("WHATIF_BENCH_HOURS") ?? 48),
  rounds = Number(Deno.env.get("WHATIF_BENCH_ROUNDS") ?? 3),
): Promise<BenchResult[]> {
  const kinds = await loadKinds();
  const plant = await loadPlantFile(path, kinds, PLANT_SECTIONS);
  const spec = parseWhatifSpec({
    duration: `${hours}h`,
    baseline: false,
    variants: Array.from({ length: SWEEP_SIZE }, (_, i) => ({
      name: `v${i}`,
      overrides: {
        ...(plant.twins.some((t) => t.kind === "pump_station")
          ? { demand: { scale: 0.8 + 0.05 * i } }
          : {}),
        ...(plant.twins.some((t) => t.kind === "cooling_site")
          ? { ambient: { offset_c: i - 4 } }
          : {}),
      },
    })),
  });
  const runs = prepareRuns(spec, plant, kinds);
  const cores = navigator.hardwareConcurrency;
  const onWorkers = async (parallel: number) => {
    const t0 = performance.now();
    const study = new WhatifStudy("bench", spec, runs, { parallel });
    await study.done;
    if (study.status !== "done") throw new Error(`sweep ${study.status}: ${study.error}`);
    return { s: (performance.now() - t0) / 1000, kpis: study.results!.runs.map((r) => r.kpis) };
  };
  const inARow = () => {
    const t0 = performance.now();
    const kpis = runs.map((r) => runWhatif(r, kinds).kpis);
    return { s: (performance.now() - t0) / 1000, kpis };
  };
  // Warm the in-process path (JIT) and the module cache the workers load from.
  runWhatif({ ...runs[0], durationMs: Math.min(runs[0].durationMs, 600_000) }, kinds);
  await onWorkers(cores);

  const sweep: number[] = [];
  const row: number[] = [];
  const single: number[] = [];
  for (let k = 0; k < rounds; k++) {
    // Alternate the order so drift on a shared machine falls on both.
    const a = k % 2 === 0 ? await onWorkers(cores) : undefined;
    const b = inARow();
    const c = a ?? await onWorkers(cores);
    sweep.push(c.s);
    row.push(b.s);
    if (JSON.stringify(c.kpis) !== JSON.stringify(b.kpis)) {
      throw new Error("the sweep on workers and the runs in a row disagree");
    }
  }
  single.push((await onWorkers(1)).s);
  const ratios = row.map((r, k) => r / sweep[k]);
  const r4 = (x: number) => Number(x.toPrecision(4));
  const note =
    `${SWEEP_SIZE} variants x ${hours} h of "${plant.name}" (${plant.twins.length} twins, alarms on), ` +
    `${cores} workers at once vs the same runs one after the other in-process; ${rounds} rounds, medians`;
  return [
    Object.assign(
      benchResult(
        "whatif_sweep_speedup",
        median(row) / median(sweep),
        "x",
        cores,
        `${note}; goal: close to the core count (baseline = cores)`,
      ),
      {
        sweep_s: r4(median(sweep)),
        in_a_row_s: r4(median(row)),
        speedup_runs: ratios.map(r4),
      },
    ),
    benchResult(
      "whatif_sweep_wall_s",
      median(sweep),
      "s",
      median(row),
      `${note}; baseline: the 16 in a row`,
    ),
    benchResult(
      "whatif_sweep_one_worker_s",
      single[0],
      "s",
      median(row),
      "the same sweep one worker at a time (start-up of 16 workers included); baseline: the 16 in a row in-process",
    ),
  ];
}

if (import.meta.main) {
  for (const r of await runWhatifBench()) console.log(JSON.stringify(r));
}
