/**
 * `eval-3w <dir> --online`: replay each 3W file through a flowing well twin
 * (a plant of one well on virtual time, as `deno task replay` would) and
 * report what the twin's online detector said, beside the offline class of
 * the whole file: the class it ended on, when it first named the offline
 * class, and how long after the labelled onset that was. The label (`class`
 * column, the twin's `event_class` point) is read only for that delay; the
 * detector never sees it.
 *
 * @module
 */
import { basename, resolve } from "node:path";
import { PLANT_SECTIONS } from "../../app/plant_sections.ts";
import { validatePlant } from "../../plant/plant_file.ts";
import { ReplayRun } from "../../replay/replay_run.ts";
import type { KindRegistry } from "../../twins/registry.ts";
import { W3_SIGNALS } from "./w3_parquet.ts";
import { W3_SIGNAL_POINTS } from "./well_event_supervisor.ts";

/** What the twin's online detector did over one replayed file. */
export interface OnlineReplayResult {
  /** Class at the end of the recording (undefined: still warming up). */
  final: number | undefined;
  /** Recorded time of the first sample (epoch ms). */
  start: number;
  /** When the detector first named `target` (epoch ms), if it did. */
  firstNamed: number | undefined;
  /** First labelled non-normal row (transient or event), if any. */
  labelledOnset: number | undefined;
  /** Every change of the detected class: [time, class]. */
  changes: [number, number | undefined][];
  /** Rows replayed. */
  rows: number;
}

/**
 * Replay a 3W Parquet file through a flowing well twin on virtual time.
 *
 * @param path the file
 * @param kinds known kinds
 * @param target the class whose first naming is timed (the offline class)
 */
export async function replayWellEvents(
  path: string,
  kinds: KindRegistry,
  target: number,
): Promise<OnlineReplayResult> {
  const file = resolve(path);
  const doc = {
    name: "eval-3w-online",
    step_s: 1,
    twins: [{ id: "well", kind: "flowing_well", source: { type: "replay" } }],
    recordings: [{
      id: "3w",
      file,
      format: "parquet",
      parquet: { time_column: "timestamp", time_zone: "Z" },
      twin: "well",
      points: [
        ...W3_SIGNALS.map((s) => ({
          column: s,
          point: W3_SIGNAL_POINTS[s],
          unit: s.startsWith("P-") ? "Pa" : "degC",
        })),
        { column: "class", point: "event_class" },
      ],
    }],
  };
  const plant = validatePlant(doc, kinds, PLANT_SECTIONS, file);
  const run = await ReplayRun.create({ plant: { ...plant, file }, kinds, speed: "max" });
  const rt = run.started.runtime;
  const twin = rt.twins.get("well")!;
  const out: OnlineReplayResult = {
    final: undefined,
    start: 0,
    firstNamed: undefined,
    labelledOnset: undefined,
    changes: [],
    rows: 0,
  };
  let lastTs = 0;
  // Label onset from every row (the change feed), detections from the points written each step.
  rt.onChange((t) => {
    if (t !== twin || !(t.ts > lastTs)) return;
    lastTs = t.ts;
    if (out.rows++ === 0) out.start = t.ts;
    const label = t.values.event_class;
    if (out.labelledOnset === undefined && typeof label === "number" && label !== 0) {
      out.labelledOnset = t.ts;
    }
  });
  rt.onStep((now) => {
    const v = twin.values.detected_event;
    const cls = typeof v === "number" ? v : undefined;
    if (out.changes.length === 0 ? cls !== undefined : out.changes.at(-1)![1] !== cls) {
      const since = Date.parse(String(twin.values.detected_event_since));
      out.changes.push([Number.isFinite(since) ? since : now, cls]);
      if (cls === target && out.firstNamed === undefined) out.firstNamed = out.changes.at(-1)![0];
    }
  });
  const status = await run.run();
  if (status.state !== "finished") throw new Error(`${path}: replay ${status.state}`);
  out.final = out.changes.at(-1)?.[1];
  run.started.stop();
  return out;
}

function minutes(ms: number): string {
  return `${(ms / 60_000).toFixed(0)}min`;
}

/**
 * The `--online` line of one file: its name, the offline class, then the
 * online figures.
 */
export function onlineLine(name: string, offline: number, r: OnlineReplayResult): string {
  const parts = [basename(name), String(offline), `online=${r.final ?? "none"}`];
  parts.push(
    `named_after=${r.firstNamed === undefined ? "never" : minutes(r.firstNamed - r.start)}`,
  );
  if (r.labelledOnset !== undefined) {
    parts.push(`labelled_onset=${minutes(r.labelledOnset - r.start)}`);
    if (r.firstNamed !== undefined) parts.push(`delay=${minutes(r.firstNamed - r.labelledOnset)}`);
  }
  parts.push(`changes=${r.changes.map(([t, c]) => `${minutes(t - r.start)}:${c}`).join(",")}`);
  return parts.join(" ");
}
