/**
 * Start-up at scale: the demo plant scaled to 10,000, 30,000 and 100,000
 * twins (bench/scaled_demo.ts: the demo's mix of kinds, with its
 * calculated points and alarms), each started in a fresh child process
 * (bench/startup_probe.ts): validation, runtime, calculated points and
 * alarms, and the first step. Prints, per size, the median start time and
 * resident set size over the runs, with their spread.
 *
 * Baselines, from the same run: for time, the 10,000-twin time scaled
 * linearly to the size (a ratio above 1 means start-up grows faster than
 * the plant); for memory, the same probe with one copy of the demo mix
 * (346 twins). Goal: 100,000 twins in under 30 s and 1.5 GB.
 *
 *   deno run --allow-read --allow-env --allow-run bench/startup_bench.ts [runs]
 *
 * @module
 */
import { type BenchResult, benchResult } from "./bench_result.ts";
import type { StartupFigures } from "./startup_probe.ts";
import { startTaskV8Flags } from "./start_flags.ts";

/** Sizes measured, in twins. */
const SIZES = [10_000, 30_000, 100_000];

async function probe(n: number): Promise<StartupFigures> {
  const out = await new Deno.Command(Deno.execPath(), {
    // With the V8 flags of `deno task start`, which is what starts a plant.
    args: [
      "run",
      ...startTaskV8Flags(),
      "--allow-read",
      "--allow-env",
      "bench/startup_probe.ts",
      String(n),
    ],
    cwd: new URL("..", import.meta.url).pathname,
    stderr: "inherit",
  }).output();
  if (!out.success) throw new Error(`start-up probe for ${n} twins failed`);
  return JSON.parse(new TextDecoder().decode(out.stdout).trim().split("\n").at(-1)!);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const round = (x: number, digits = 1) => Number(x.toFixed(digits));

/** Median RSS and V8 heap in use after `phase`, as "rss / heap". */
function phaseMemory(figures: StartupFigures[], phase: keyof StartupFigures["rssMb"]): string {
  return `${median(figures.map((f) => f.rssMb[phase]))} / ${
    median(figures.map((f) => f.heapMb[phase]))
  }`;
}

/** Median and spread (min..max) of `xs` as text. */
function spread(xs: number[], digits = 1): string {
  return `median ${round(median(xs), digits)}, ${round(Math.min(...xs), digits)}..${
    round(Math.max(...xs), digits)
  } over ${xs.length} run(s)`;
}

/** Run the start-up benchmark, `runs` child processes per size (100k: at most `runs`, default 1). */
export async function runStartupBench(runs = 3, runsAt100k = 1): Promise<BenchResult[]> {
  const small: StartupFigures[] = [];
  for (let i = 0; i < runs; i++) small.push(await probe(346));
  const baseRss = median(small.map((f) => f.rss)) / 2 ** 20;
  const results: BenchResult[] = [];
  let perTwinS = NaN;
  for (const n of SIZES) {
    const figures: StartupFigures[] = [];
    for (let i = 0; i < (n >= 100_000 ? runsAt100k : runs); i++) figures.push(await probe(n));
    const total = figures.map((f) => f.totalS);
    const rss = figures.map((f) => f.rss / 2 ** 20);
    const f = figures[0];
    const wells = figures.map((x) => x.simulatorsS.well ?? 0);
    const sims = figures.map((x) => Object.values(x.simulatorsS).reduce((a, b) => a + b, 0));
    if (n === SIZES[0]) perTwinS = median(total) / f.twins;
    const label = `${Math.round(n / 1000)}k`;
    const parts = `validation ${spread(figures.map((x) => x.loadS))} s; runtime, calculated ` +
      `points and alarms ${spread(figures.map((x) => x.startS))} s, of which constructing ` +
      `simulators ${spread(sims)} s (wells ${spread(wells)} s); first step ${
        spread(figures.map((x) => x.firstStepS))
      } s`;
    results.push(
      benchResult(
        `startup_${label}_twins_s`,
        median(total),
        "s",
        perTwinS * f.twins,
        `${f.twins} twins, ${f.alarms} alarms, ${f.calculated} calculated points of the demo mix; ` +
          `${spread(total)} s; ${parts}; baseline: the ${
            SIZES[0] / 1000
          }k time scaled linearly; goal at 100k < 30 s`,
      ),
      benchResult(
        `startup_${label}_twins_rss_mb`,
        median(rss),
        "MiB",
        baseRss,
        `RSS after start and one step, ${spread(rss, 0)} MiB; by phase (RSS / V8 heap in use, ` +
          `medians, MiB): after validation ${phaseMemory(figures, "load")}, after start ${
            phaseMemory(figures, "start")
          }, after the first step ${phaseMemory(figures, "firstStep")}; baseline: the same probe ` +
          `with one copy of the demo mix (${small[0].twins} twins); goal at 100k < 1536 MiB`,
      ),
    );
  }
  return results;
}

if (import.meta.main) {
  const runs = Number(Deno.args[0] ?? "3");
  for (const r of await runStartupBench(runs, Number(Deno.args[1] ?? "1"))) {
    console.log(JSON.stringify(r));
  }
}
