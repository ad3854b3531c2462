import assert from "node:assert/strict";
import { join } from "node:path";
import { PLANT_SECTIONS } from "../app/plant_sections.ts";
import { type Plant, validatePlant } from "../plant/plant_file.ts";
import { loadKinds } from "../twins/registry.ts";
import { ReplayRun } from "./replay_run.ts";

const kinds = await loadKinds();
const T0 = Date.parse("2020-03-09T10:00:00Z");

/**
 * A generated recording of 10 minutes at 1 Hz: flow (L/min) steady at
 * 32 with seeded noise, dropping to 25 from minute 4 to minute 6 (the
 * "valve closing"), and a 30 s hole at minute 8.
 */
function generatedCsv(): string {
  let seed = 42;
  const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  const lines = ["time;current;flow;pressure"];
  for (let s = 0; s < 600; s++) {
    if (s >= 480 && s < 510) continue;
    const low = s >= 240 && s < 360;
    const flow = (low ? 25 : 32) + (rand() - 0.5) * 0.4;
    lines.push(
      `${s};${(1.3 + rand() * 0.1).toFixed(4)};${flow.toFixed(3)};${
        (0.8 + rand() * 0.05).toFixed(4)
      }`,
    );
  }
  return lines.join("\n") + "\n";
}

async function fixture(): Promise<{ dir: string; plant: Plant }> {
  const dir = await Deno.makeTempDir();
  // Epoch seconds offset so the recording starts at T0.
  const csv = generatedCsv().replace(/^(\d+);/gm, (_, s) => `${T0 / 1000 + Number(s)};`);
  await Deno.writeTextFile(join(dir, "run.csv"), csv);
  const file = join(dir, "plant.json");
  const plant = validatePlant(
    {
      name: "replay-run-test",
      twins: [{ id: "p1", kind: "pump", source: { type: "replay" } }],
      recordings: [{
        id: "rig",
        file: "run.csv",
        format: "csv",
        twin: "p1",
        csv: { delimiter: ";", time_column: "time", time_format: "epoch_s" },
        points: [
          { column: "current", point: "motor_current", unit: "A" },
          { column: "flow", point: "flow", unit: "L/min" },
          { column: "pressure", point: "discharge_pressure", unit: "bar" },
        ],
        constants: { status: "running", running: true },
      }],
      alarms: {
        definitions: [{
          name: "low_flow",
          twin: "p1",
          priority: "high",
          condition: { type: "limit", point: "flow", l: 1.7, deadband: 0.05 },
          on_delay_s: 5,
        }],
      },
    },
    kinds,
    PLANT_SECTIONS,
    file,
  );
  return { dir, plant: { ...plant, file } };
}

/** Every change of p1 and every alarm journal entry of a whole run at max speed. */
async function trace(plant: Plant) {
  const run = await ReplayRun.create({ plant, kinds, speed: "max" });
  const twin = run.started.runtime.twins.get("p1")!;
  const changes: string[] = [];
  run.started.runtime.onChange((t) => {
    if (t === twin) changes.push(JSON.stringify([t.mode, t.values, t.times, t.quality]));
  });
  const journal: unknown[] = [];
  run.started.alarms.engine.journal.onAppend((e) => journal.push(e));
  const status = await run.run();
  return { status, changes, journal };
}

Deno.test("replay: recorded times reach the twin, the alarm is raised in the dip, a gap makes points uncertain", async () => {
  const { dir, plant } = await fixture();
  try {
    const run = await ReplayRun.create({
      plant,
      kinds,
      speed: "max",
      expect: {
        expect: [
          { alarm: "p1/low_flow_l", raised_between: ["+240s", "+260s"] },
          { point: "p1.flow", within: [1.85, 1.95], from: "+10s", to: "+230s" },
          { point: "p1.flow", within: [1.85, 1.95], to: "+300s" },
          { mode: "p1", reaches: "running", by: "+2s" },
          { alarm: "p1/low_flow_l", not_raised_between: ["+400s", "+600s"] },
        ],
      },
    });
    const twin = run.started.runtime.twins.get("p1")!;
    const seen: { ts: number; quality: string }[] = [];
    run.started.runtime.onStep((now) => {
      if (now === T0 + 500_000) {
        seen.push({ ts: twin.pointTs("flow"), quality: twin.quality.flow ?? "good" });
      }
      if (now === T0 + 100_000) {
        seen.push({ ts: twin.pointTs("flow"), quality: twin.quality.flow ?? "good" });
      }
    });
    const status = await run.run();
    assert.equal(status.state, "finished");
    assert.equal(status.feed.rowsFed, 570);
    assert.equal(status.reports[0].counts.gap, 1);
    assert.equal(status.reports[0].issues[0].row, 481);
    // Recorded times are the clock's: the point at 100 s was sampled at exactly 100 s.
    assert.deepEqual(seen[0], { ts: T0 + 100_000, quality: "good" });
    // 20 s into the hole the flow is still the last sample's, and stale.
    assert.deepEqual(seen[1], { ts: T0 + 479_000, quality: "uncertain" });
    const results = status.expectations!;
    assert.deepEqual(results.map((r) => r.passed), [true, true, false, true, true]);
    assert.equal(results[0].at, T0 + 245_000, "on-delay of 5 s after the first low sample");
    assert.equal(results[2].at, T0 + 240_000);
    assert.match(results[2].detail, /^1\.5\d* at 2020-03-09T10:04:00\.000Z$/);
    assert.equal(status.alarmsRaised, 1);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("replay: the same recording twice gives identical twin outputs and alarms", async () => {
  const { dir, plant } = await fixture();
  try {
    const a = await trace(plant);
    const b = await trace(plant);
    assert.ok(a.changes.length > 570);
    assert.ok(a.journal.length >= 1);
    assert.deepEqual(b.changes, a.changes);
    assert.deepEqual(b.journal, a.journal);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("replay: the pace does not change the result: odd chunks of virtual time give the same trace as max", async () => {
  const { dir, plant } = await fixture();
  try {
    const fast = await trace(plant);
    const run = await ReplayRun.create({ plant, kinds, speed: "max" });
    const twin = run.started.runtime.twins.get("p1")!;
    const changes: string[] = [];
    run.started.runtime.onChange((t) => {
      if (t === twin) changes.push(JSON.stringify([t.mode, t.values, t.times, t.quality]));
    });
    const journal: unknown[] = [];
    run.started.alarms.engine.journal.onAppend((e) => journal.push(e));
    // As a paced run drives it: uneven slices of wall time times a speed.
    const chunks = [333, 1_250, 77, 4_000, 999];
    for (let i = 0; !run.feed.finished; i++) run.started.runtime.runFor(chunks[i % chunks.length]);
    const status = await run.run();
    assert.equal(status.state, "finished");
    assert.deepEqual(journal, fast.journal);
    assert.deepEqual(changes, fast.changes);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("replay: pause holds, seek jumps (offset shifts the times), loop starts over", async () => {
  const { dir, plant } = await fixture();
  try {
    const run = await ReplayRun.create({ plant, kinds, speed: "max" });
    const { runtime } = run.started;
    const twin = runtime.twins.get("p1")!;
    runtime.runFor(10_000);
    assert.equal(twin.pointTs("flow"), T0 + 10_000);
    run.feed.pause();
    runtime.runFor(5_000);
    assert.equal(twin.pointTs("flow"), T0 + 10_000, "paused: no new sample");
    assert.equal(run.feed.position(), T0 + 10_000);
    run.feed.resume();
    runtime.runFor(1_000);
    // Resumed after 5 s: recorded 11 s arrives at clock 16 s.
    assert.equal(run.feed.offset, 5_000);
    assert.equal(twin.pointTs("flow"), T0 + 16_000);
    run.feed.seek(T0 + 300_000);
    runtime.runFor(0);
    assert.equal(run.feed.position(), T0 + 300_000);
    assert.ok(twin.values.flow as number < 1.6, "seeked into the dip");
    assert.equal(twin.pointTs("flow"), T0 + 16_000, "the row at 300 s is shown at the clock's now");
    run.feed.seek(T0 + 599_000);
    run.feed.setLoop(true);
    runtime.runFor(3_000);
    assert.equal(run.feed.status().loops, 1);
    assert.ok(run.feed.position() < T0 + 5_000, "started over");
    assert.equal(run.feed.finished, false);
    run.cancel();
    const status = await run.run();
    assert.equal(status.state, "cancelled");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
