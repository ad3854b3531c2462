/**
 * Reads every recording a plant's `recordings` section names, and starts
 * feeding them into a runtime: what `deno task start` does for a plant
 * with replayed twins, and what a replay run does on its own clock.
 * Problems found in the files are logged, one line each for the first few
 * and a summary per recording; the reports keep them all (up to a bound).
 *
 * @module
 */
import { dirname } from "node:path";
import type { Plant } from "../plant/plant_file.ts";
import type { Runtime } from "../runtime/runtime.ts";
import type { KindRegistry } from "../twins/registry.ts";
import { iso, type Recording, type RecordingReport } from "./recording.ts";
import type { RecordingsConfig } from "./recordings_section.ts";
import { loadRecording } from "./recording_loader.ts";
import { extraPointsOf, type FeedOptions, ReplayFeed } from "./replay_feed.ts";

/** Issue lines logged per recording; the report holds the rest. */
const LOGGED_ISSUES = 10;

/** The `recordings` section of a plant (empty when it has none). */
export function recordingsOf(plant: Plant): RecordingsConfig {
  return (plant.sections.recordings as RecordingsConfig | undefined) ?? [];
}

/** Read every recording of `plant`; relative files are relative to the plant file's folder. */
export async function loadPlantRecordings(
  plant: Plant,
  kinds: KindRegistry,
  opts: { baseDir?: string; log?: (message: string) => void } = {},
): Promise<Recording[]> {
  const baseDir = opts.baseDir ?? (plant.file ? dirname(plant.file) : Deno.cwd());
  const twins = new Map(plant.twins.map((t) => [t.id, t]));
  const unitOf = (twin: string, point: string) => {
    const config = twins.get(twin);
    return config && kinds.get(config.kind)?.points[point]?.unit;
  };
  const out: Recording[] = [];
  for (const config of recordingsOf(plant)) {
    const rec = await loadRecording(config, baseDir, unitOf);
    if (opts.log) logReport(rec.report, opts.log);
    out.push(rec);
  }
  return out;
}

/** Log what reading a recording found: a summary line and the first issues. */
export function logReport(report: RecordingReport, log: (message: string) => void): void {
  const counts = Object.entries(report.counts).map(([k, n]) => `${n} ${k}`).join(", ");
  log(
    `replay: recording "${report.id}" (${report.file}): ${report.accepted} of ${report.rows} rows` +
      (report.first !== null ? `, ${iso(report.first)} to ${iso(report.last!)}` : "") +
      (counts ? `; ${report.skipped} skipped; issues: ${counts}` : "; no issues"),
  );
  for (const issue of report.issues.slice(0, LOGGED_ISSUES)) {
    log(
      `replay: ${report.file} row ${issue.row}${issue.line ? ` (line ${issue.line})` : ""}: ` +
        `${issue.message}${issue.skipped ? " (row skipped)" : ""}`,
    );
  }
  const more = Object.values(report.counts).reduce((a, b) => a + (b ?? 0), 0) - LOGGED_ISSUES;
  if (more > 0) log(`replay: ${report.file}: ${more} more issues in the report`);
}

/**
 * Read a plant's recordings and feed them into `runtime` from its clock's
 * now; undefined when the plant has no recordings.
 */
export async function startReplay(
  runtime: Runtime,
  opts: FeedOptions & { baseDir?: string; log?: (message: string) => void } = {},
): Promise<ReplayFeed | undefined> {
  const configs = recordingsOf(runtime.plant);
  if (configs.length === 0) return undefined;
  const recordings = await loadPlantRecordings(runtime.plant, runtime.kinds, opts);
  return new ReplayFeed(runtime, recordings, {
    ...opts,
    loop: opts.loop ?? configs.some((c) => c.loop),
    extraPoints: extraPointsOf(configs),
  });
}
