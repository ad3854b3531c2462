/**
 * Memory: resident set size of a runtime holding 10,000 twins, beside the
 * same process holding one twin, each in a fresh child process.
 *
 * @module
 */
import { type BenchResult, benchResult } from "./bench_result.ts";
import { startTaskV8Flags } from "./start_flags.ts";

async function probe(n: number): Promise<{ twins: number; rss: number }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      ...startTaskV8Flags(),
      "--allow-read",
      "--allow-env",
      "bench/rss_probe.ts",
      String(n),
    ],
    cwd: new URL("..", import.meta.url).pathname,
    stderr: "inherit",
  }).output();
  if (!out.success) throw new Error(`rss probe for ${n} twins failed`);
  return JSON.parse(new TextDecoder().decode(out.stdout).trim().split("\n").at(-1)!);
}

/** The memory benchmark. */
export async function runRssBench(): Promise<BenchResult[]> {
  const base = await probe(0);
  const big = await probe(10_000);
  return [benchResult(
    "rss_10k_twins_mb",
    big.rss / 2 ** 20,
    "MiB",
    base.rss / 2 ** 20,
    `${big.twins} twins (demo mix) after one simulated minute; baseline: the runtime with ${base.twins} twin; goal <= 500 MB`,
  )];
}

if (import.meta.main) { for (const r of await runRssBench()) console.log(JSON.stringify(r)); }
