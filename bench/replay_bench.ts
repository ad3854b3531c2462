/**
 * Replay throughput: rows per second of a whole replay of the example
 * plants (reading the file, then feeding every row through the twins, the
 * calculated points and the alarm engine on virtual time at `max` speed),
 * beside reading the same file alone (parse and convert, no twins) in the
 * same run. A SKAB valve1 CSV and a 3W Parquet file, from
 * ../shared/datasets; skipped with a note when that folder is missing.
 *
 * `REPLAY_BENCH_ROUNDS` (default 5) rounds each after one warm-up round;
 * the median is printed.
 *
 * @module
 */
import { PLANT_SECTIONS } from "../app/plant_sections.ts";
import { loadPlantFile } from "../plant/plant_file.ts";
import { loadPlantRecordings } from "../replay/plant_recordings.ts";
import { ReplayRun } from "../replay/replay_run.ts";
import { loadKinds } from "../twins/registry.ts";
import { type BenchResult, benchResult } from "./bench_result.ts";

const PLANTS: [string, string][] = [
  ["skab", "../plants/skab_replay.json"],
  ["3w", "../plants/3w_replay.json"],
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

/** Replay rows/s for each example plant beside parsing its file alone. */
export async function runReplayBench(): Promise<BenchResult[]> {
  const kinds = await loadKinds();
  const rounds = Number(Deno.env.get("REPLAY_BENCH_ROUNDS") ?? 5);
  const out: BenchResult[] = [];
  for (const [name, rel] of PLANTS) {
    const plant = await loadPlantFile(
      new URL(rel, import.meta.url).pathname,
      kinds,
      PLANT_SECTIONS,
    );
    try {
      await loadPlantRecordings(plant, kinds);
    } catch (e) {
      console.error(`replay bench: skipping ${name}: ${(e as Error).message}`);
      continue;
    }
    const parse: number[] = [];
    const whole: number[] = [];
    const feedOnly: number[] = [];
    let rows = 0;
    // One round more than counted: the first warms the JIT and the caches.
    for (let r = -1; r < rounds; r++) {
      // Alternated, so drift on a shared machine falls on both alike.
      let t = performance.now();
      const recs = await loadPlantRecordings(plant, kinds);
      const parseMs = performance.now() - t;
      rows = recs.reduce((n, x) => n + x.report.rows, 0);
      if (r >= 0) parse.push(rows / (parseMs / 1000));
      t = performance.now();
      const run = await ReplayRun.create({ plant, kinds, speed: "max" });
      const t1 = performance.now();
      const status = await run.run();
      const t2 = performance.now();
      if (status.state !== "finished") throw new Error(`${name}: replay ${status.state}`);
      if (r < 0) continue;
      whole.push(status.feed.rowsFed / ((t2 - t) / 1000));
      feedOnly.push(status.feed.rowsFed / ((t2 - t1) / 1000));
    }
    const note = `${rows} rows; baseline: reading the file alone (parse, convert), same run; ` +
      `median of ${rounds}`;
    out.push(
      benchResult(`replay_${name}_rows_per_s`, median(whole), "rows/s", median(parse), note),
    );
    out.push(
      benchResult(
        `replay_${name}_feed_rows_per_s`,
        median(feedOnly),
        "rows/s",
        median(parse),
        "rows through twins, calculated points and alarms once read (virtual time, max speed); " +
          "baseline: reading the file alone",
      ),
    );
  }
  return out;
}

if (import.meta.main) {
  for (const r of await runReplayBench()) console.log(JSON.stringify(r));
}
