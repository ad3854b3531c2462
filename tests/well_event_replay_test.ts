/**
 * Online 3W event detection inside the flowing well twin: a generated
 * recording (normal, then severe slugging from 2 h 10 min) replayed on virtual
 * time through a flowing well; the twin's `detected_event` turns 3 only
 * after the onset, with `detected_event_since` dating it, and its
 * diagnostic alarm comes up after the onset too.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { PLANT_SECTIONS } from "../app/plant_sections.ts";
import {
  generatedWellCsv,
  generatedWellSignals,
} from "../diagnosis/events/generated_well_recording.ts";
import { W3_SIGNALS } from "../diagnosis/events/w3_parquet.ts";
import { W3_SIGNAL_POINTS } from "../diagnosis/events/well_event_supervisor.ts";
import { validatePlant } from "../plant/plant_file.ts";
import { ReplayRun } from "../replay/replay_run.ts";
import { loadKinds } from "../twins/registry.ts";

const kinds = await loadKinds();
const T0 = Date.parse("2021-06-01T00:00:00Z");
const ONSET_S = 7_800;

Deno.test("flowing well: slugging replayed on virtual time is detected online after its onset, with a diagnostic alarm", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const signals = generatedWellSignals({ seconds: 10_800, onset: ONSET_S, event: 3, seed: 5 });
    await Deno.writeTextFile(join(dir, "well.csv"), generatedWellCsv(signals, T0));
    const file = join(dir, "plant.json");
    const plant = validatePlant(
      {
        name: "well-event-replay-test",
        step_s: 1,
        twins: [{ id: "w1", kind: "flowing_well", source: { type: "replay" } }],
        recordings: [{
          id: "gen",
          file: "well.csv",
          format: "csv",
          twin: "w1",
          csv: { delimiter: ",", time_column: "timestamp" },
          points: W3_SIGNALS.map((s) => ({
            column: s,
            point: W3_SIGNAL_POINTS[s],
            unit: s.startsWith("P-") ? "Pa" : "degC",
          })),
        }],
        alarms: {
          definitions: [{
            name: "event_detected",
            twin: "w1",
            priority: "diagnostic",
            condition: { type: "expression", expr: "detected_event > 0" },
          }],
        },
      },
      kinds,
      PLANT_SECTIONS,
      file,
    );
    const run = await ReplayRun.create({ plant: { ...plant, file }, kinds, speed: "max" });
    const rt = run.started.runtime;
    const twin = rt.twins.get("w1")!;
    const seen: { t: number; cls: unknown; since: unknown; status: unknown }[] = [];
    rt.onStep((now) => {
      const v = twin.values;
      const last = seen.at(-1);
      if (!last || last.cls !== v.detected_event || last.status !== v.event_detection) {
        seen.push({
          t: now,
          cls: v.detected_event,
          since: v.detected_event_since,
          status: v.event_detection,
        });
      }
    });
    const raised: number[] = [];
    run.started.alarms.engine.onEvent((p) => {
      if (p.entry.alarm === "w1/event_detected" && p.entry.action === "activate") {
        assert.equal(p.entry.priority, "diagnostic");
        raised.push(p.entry.time);
      }
    });
    const status = await run.run();
    assert.equal(status.state, "finished");

    const onset = T0 + ONSET_S * 1000;
    // Warming up for the first 2-hour window, then normal, then slugging.
    assert.deepEqual(seen.map((s) => [s.cls, s.status]), [
      [undefined, "warming_up"],
      [0, "watching"],
      [3, "watching"],
    ]);
    const slug = seen[2];
    assert.ok(
      slug.t > onset && slug.t < onset + 3_600_000,
      `detected at ${new Date(slug.t).toISOString()}`,
    );
    assert.ok(Date.parse(String(slug.since)) > onset && Date.parse(String(slug.since)) <= slug.t);
    assert.equal(twin.values.detected_event, 3);
    assert.equal(raised.length, 1);
    assert.ok(raised[0] >= slug.t - 1000, "the alarm follows the detection, not the onset alone");
    assert.match(run.started.prometheus(), /fieldtwin_well_events_detected 1\n/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
