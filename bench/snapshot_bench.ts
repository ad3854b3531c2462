/**
 * Fork "from now" cost on a whole plant: taking the snapshot (twins,
 * simulators, machine timers, online learners) while the step loop waits,
 * writing it as the JSON file `GET /api/whatif/snapshot` sends, and
 * restoring it into a fork, beside one plant step measured in the same run.
 * Sizes are of the JSON file, with the learners' share.
 *
 * SNAPSHOT_BENCH_PLANT (default plants/demo.json), SNAPSHOT_BENCH_WARM_H
 * (virtual hours run first so learners have trained, default 1) and
 * SNAPSHOT_BENCH_ROUNDS (default 7) choose the work.
 *
 * @module
 */
import { PLANT_SECTIONS } from "../app/plant_sections.ts";
import { startPlant } from "../app/start_plant.ts";
import { loadPlantFile } from "../plant/plant_file.ts";
import { loadKinds } from "../twins/registry.ts";
import { forkRunning } from "../whatif/fork_base.ts";
import { restoreSnapshot, takeSnapshot } from "../whatif/plant_snapshot.ts";
import { snapshotToJson } from "../whatif/snapshot_file.ts";
import { type BenchResult, benchResult } from "./bench_result.ts";

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const spread = (xs: number[]) =>
  `${Math.min(...xs).toFixed(1)}-${Math.max(...xs).toFixed(1)} ms over ${xs.length}`;

/** The snapshot benchmark figures. */
export async function runSnapshotBench(
  path = Deno.env.get("SNAPSHOT_BENCH_PLANT") ??
    new URL("../plants/demo.json", import.meta.url).pathname,
  warmH = Number(Deno.env.get("SNAPSHOT_BENCH_WARM_H") ?? 1),
  rounds = Number(Deno.env.get("SNAPSHOT_BENCH_ROUNDS") ?? 7),
): Promise<BenchResult[]> {
  const kinds = await loadKinds();
  const plant = await loadPlantFile(path, kinds, PLANT_SECTIONS);
  const running = startPlant(plant, kinds, { virtual: true, log: () => {} });
  try {
    running.runtime.runFor(warmH * 3600_000);
    const step: number[] = [], take: number[] = [], write: number[] = [], restore: number[] = [];
    let text = "";
    for (let r = 0; r < rounds; r++) {
      let t = performance.now();
      running.runtime.runFor(running.runtime.stepMs);
      step.push(performance.now() - t);
      t = performance.now();
      const snapshot = takeSnapshot(running);
      take.push(performance.now() - t);
      t = performance.now();
      text = snapshotToJson(snapshot);
      write.push(performance.now() - t);
      const fork = startPlant(forkRunning(running.runtime, snapshot.atMs), kinds, {
        virtual: true,
        dayStartMs: snapshot.dayStartMs,
        log: () => {},
      });
      try {
        t = performance.now();
        restoreSnapshot(fork, structuredClone(snapshot));
        restore.push(performance.now() - t);
      } finally {
        fork.stop();
      }
    }
    const doc = JSON.parse(text);
    const bytes = (x: unknown) => new TextEncoder().encode(JSON.stringify(x)).length;
    const size = new TextEncoder().encode(text).length;
    const learners = bytes(doc.learners);
    const baseline = median(step);
    const twins = running.runtime.twins.size;
    return [
      benchResult(
        "snapshot_take_ms",
        median(take),
        "ms",
        baseline,
        `${twins} twins; ${spread(take)}; baseline: one plant step`,
      ),
      benchResult("snapshot_json_write_ms", median(write), "ms", baseline, spread(write)),
      benchResult("snapshot_restore_ms", median(restore), "ms", baseline, spread(restore)),
      benchResult(
        "snapshot_json_mb",
        size / 1e6,
        "MB",
        null,
        `learners ${(learners / 1e6).toFixed(3)} MB, timers ${doc.timers.length}`,
      ),
    ];
  } finally {
    running.stop();
  }
}

if (import.meta.main) {
  for (const r of await runSnapshotBench()) console.log(JSON.stringify(r));
}
