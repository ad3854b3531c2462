import assert from "node:assert/strict";
import { PLANT_SECTIONS } from "../app/plant_sections.ts";
import { childConfigs, validatePlant } from "../plant/plant_file.ts";
import { Runtime } from "../runtime/runtime.ts";
import { loadKinds } from "../twins/registry.ts";
import type { BucketRow, RawRow } from "./history_store.ts";
import { HistoryRecorder } from "./history_recorder.ts";
import { policyLookup } from "./recording_policy.ts";
import { openDatabaseFile, openPlantDatabase, plantDatabasePath } from "./plant_database.ts";
import { SqliteHistoryStore } from "./sqlite_history_store.ts";

const kinds = await loadKinds();
const T0 = Date.UTC(2026, 0, 1);
const DAY = 86_400_000;
/** Every sample stored, as the tests of the flushing and the queue need. */
const EVERY = policyLookup({ defaults: { max_interval_s: 0 }, kinds: {}, points: [] });

/** A simulated cooling site, and a second one fed by a driver (the test plays the driver). */
function plant(only?: "remote") {
  const twins = [
    { id: "site", kind: "cooling_site" },
    { id: "remote", kind: "cooling_site", source: { type: "modbus" } },
  ];
  return validatePlant(
    {
      name: "rec",
      start: new Date(T0).toISOString(),
      twins: twins.filter((t) => !only || t.id === only),
    },
    kinds,
    PLANT_SECTIONS,
    "<recorder test>",
  );
}

async function withStore(fn: (store: SqliteHistoryStore, dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "fieldtwin-recorder-" });
  const store = new SqliteHistoryStore(openPlantDatabase(dir, "rec"));
  try {
    await fn(store, dir);
  } finally {
    store.close();
    await Deno.remove(dir, { recursive: true });
  }
}

async function rawOf(store: SqliteHistoryStore, twin: string, point: string, to = T0 + DAY) {
  const [s] = await store.query({ series: [{ twin, point }], from: 0, to, resolution: "raw" });
  return s.rows as RawRow[];
}

Deno.test("virtual time: samples are recorded with their own time, in flushes of N steps", async () => {
  await withStore(async (store) => {
    const rt = new Runtime(plant(), kinds, { virtual: true });
    const rec = new HistoryRecorder(rt, store, { flushSteps: 60, policy: EVERY });
    const seen: [number, unknown][] = [];
    rt.onStep(() => {
      const site = rt.twins.get("site")!;
      seen.push([site.pointTs("supply_temp"), site.values.supply_temp]);
    });
    try {
      rt.runFor(150_000);
      // 150 steps: two flushes of 60 went out, 30 steps wait for the next.
      assert.equal(rec.stats.flushes, 2);
      assert.equal((await rawOf(store, "site", "supply_temp")).length, 120);
      rec.flush();
      const rows = await rawOf(store, "site", "supply_temp");
      assert.deepEqual(rows.map((r) => [r.ts, r.value]), seen);
      assert.equal(rows[0].ts, T0 + 1000);
      assert.ok(rows.every((r) => r.quality === "good"));
      // The driver-fed twin never got a sample: nothing of it is recorded.
      assert.equal(store.has("remote"), false);
    } finally {
      rec.stop();
      rt.shutdown();
    }
  });
});

Deno.test("a new source time is a new sample; a quality change keeps the point's time", async () => {
  await withStore(async (store) => {
    const rt = new Runtime(plant("remote"), kinds, { virtual: true });
    const rec = new HistoryRecorder(rt, store, { flushSteps: 1, policy: EVERY });
    const remote = rt.twins.get("remote")!;
    try {
      remote.update({ supply_temp: 30, fan_speed: 50 }, T0 + 500);
      rt.runFor(1000);
      assert.equal(rec.stats.captured, 2);
      // The same sample again (a driver re-reading an unchanged register
      // with the same time) is not queued again.
      remote.update({ supply_temp: 30, fan_speed: 50 }, T0 + 500);
      rt.runFor(1000);
      assert.equal(rec.stats.captured, 2);
      // A new reading: only the time moved for one point, the value for the other.
      remote.update({ supply_temp: 30, fan_speed: 55 }, T0 + 1500);
      rt.runFor(1000);
      // The read fails: both go bad, keeping their values and times.
      remote.update({ supply_temp: 0, fan_speed: 0 }, T0 + 2500, "bad");
      rt.runFor(1000);
      rec.flush();
      assert.equal(rec.stats.captured, 6);
      assert.deepEqual(await rawOf(store, "remote", "supply_temp"), [
        { ts: T0 + 500, value: 30, quality: "good" },
        { ts: T0 + 1500, value: 30, quality: "bad" },
      ]);
      assert.deepEqual(await rawOf(store, "remote", "fan_speed"), [
        { ts: T0 + 500, value: 50, quality: "good" },
        { ts: T0 + 1500, value: 55, quality: "bad" },
      ]);
      assert.deepEqual(
        store.series().filter((x) => x.twin === "remote").map((x) => x.point).sort(),
        ["fan_speed", "supply_temp"],
      );
      // The rollup counted the sample at 1500 once, while it was good.
      const [b] = await store.query({
        series: [{ twin: "remote", point: "fan_speed" }],
        from: T0,
        to: T0 + 60_000,
        resolution: "1m",
      });
      assert.deepEqual(b.rows, [{ ts: T0, min: 50, max: 55, mean: 52.5, last: 55, count: 2 }]);
    } finally {
      rec.stop();
      rt.shutdown();
    }
  });
});

Deno.test("real time: a driver's sample is written within the flush interval with no step at all", async () => {
  await withStore(async (store) => {
    const rt = new Runtime(plant(), kinds, {}); // real clock, step loop never started
    const rec = new HistoryRecorder(rt, store, { flushMs: 50 });
    try {
      const ts = rt.clock.now();
      rt.twins.get("remote")!.update({ supply_temp: 31.5 }, ts);
      const deadline = performance.now() + 5_000;
      while (!store.has("remote", "supply_temp")) {
        assert.ok(performance.now() < deadline, "the sample never reached the store");
        await new Promise((r) => setTimeout(r, 10));
      }
      assert.deepEqual(await rawOf(store, "remote", "supply_temp", ts + 1), [
        { ts, value: 31.5, quality: "good" },
      ]);
    } finally {
      rec.stop();
      rt.shutdown();
    }
  });
});

Deno.test("a store that refuses writes keeps the queue, bounded, and catches up when it recovers", async () => {
  await withStore(async (store, dir) => {
    const rt = new Runtime(plant(), kinds, { virtual: true });
    const logs: string[] = [];
    const rec = new HistoryRecorder(rt, store, {
      flushSteps: 10,
      maxPending: 5_000,
      log: (m) => logs.push(m),
      policy: EVERY,
    });
    const db = openDatabaseFile(plantDatabasePath(dir, "rec"));
    try {
      rt.runFor(10_000); // the day table exists after the first flush
      db.exec(
        "CREATE TRIGGER refuse BEFORE INSERT ON raw_20260101 BEGIN SELECT RAISE(ABORT, 'disk full'); END",
      );
      rt.runFor(20_000);
      assert.ok(rec.stats.failures >= 1);
      assert.match(
        logs[0],
        /history: writing \d+ samples failed; holding them and retrying: disk full/,
      );
      const held = rec.pending;
      assert.ok(held > 0);
      db.exec("DROP TRIGGER refuse");
      rt.runFor(10_000);
      assert.equal(rec.pending, 0);
      assert.match(logs.at(-1)!, /writing works again/);
      // Every step's sample arrived, the held ones included.
      const rows = await rawOf(store, "site", "supply_temp");
      assert.deepEqual(
        rows.map((r) => r.ts),
        Array.from({ length: 40 }, (_, i) => T0 + (i + 1) * 1000),
      );

      // Refusing long enough overflows the queue: the oldest go, counted and logged.
      db.exec(
        "CREATE TRIGGER refuse BEFORE INSERT ON raw_20260101 BEGIN SELECT RAISE(ABORT, 'disk full'); END",
      );
      rt.runFor(600_000);
      assert.ok(rec.stats.dropped > 0);
      assert.ok(rec.pending <= 5_000);
      assert.ok(
        logs.some((m) => /write queue is full \(5000 samples\); dropped the oldest/.test(m)),
      );
      assert.match(rec.prometheus(), /fieldtwin_history_samples_dropped_total [1-9]/);
      db.exec("DROP TRIGGER refuse");
    } finally {
      db.close();
      rec.stop();
      rt.shutdown();
    }
  });
});

Deno.test("retention drops days older than the runtime clock minus the retention", async () => {
  await withStore(async (store) => {
    // History from 100, 50 and 1 day(s) before the plant's start.
    for (const daysAgo of [100, 50, 1]) {
      store.write([{
        twin: "site",
        point: "supply_temp",
        ts: T0 - daysAgo * DAY,
        value: daysAgo,
        quality: "good",
      }]);
    }
    const rt = new Runtime(plant(), kinds, { virtual: true });
    const rec = new HistoryRecorder(rt, store, { flushSteps: 1, retentionMs: { raw: 30 * DAY } });
    try {
      rt.runFor(1000);
      const rows = await rawOf(store, "site", "supply_temp", T0 + 1000);
      assert.deepEqual(rows.map((r) => r.value).slice(0, 1), [1]);
      // Rollups keep the default 90 days: the 50-day-old hour is still there.
      const [h] = await store.query({
        series: [{ twin: "site", point: "supply_temp" }],
        from: 0,
        to: T0 - 1,
        resolution: "1h",
      });
      assert.deepEqual((h.rows as BucketRow[]).map((b) => b.last), [50, 1]);
      assert.equal(rec.stats.prunedDays, 2 + 1 + 1); // raw: 100 and 50 days ago; 1m and 1h: 100
    } finally {
      rec.stop();
      rt.shutdown();
    }
  });
});

Deno.test("a pump dropped and restored by reconfiguration (a new twin under the same number) is recorded again", async () => {
  await withStore(async (store) => {
    const station = kinds.get("pump_station")!;
    const p = validatePlant(
      {
        name: "rec-set",
        start: new Date(T0).toISOString(),
        twins: [{ id: "ps", kind: "pump_station" }],
      },
      kinds,
      PLANT_SECTIONS,
    );
    const rt = new Runtime(p, kinds, { virtual: true });
    const rec = new HistoryRecorder(rt, store, { flushSteps: 60, policy: EVERY });
    const old = rt.config("ps")!;
    const reconfigure = (pumps: unknown[]) => {
      const params = station.params.parse({ pumps });
      rt.reconfigureTwin("ps", [{ ...old, params }, ...childConfigs(station, old, params)]);
    };
    const running = (suffix: string) => ({ suffix, initial_status: "running" });
    reconfigure([running("p1"), running("p2")]);
    rt.runFor(60_000);
    const before = rt.twins.get("ps-p2")!;
    reconfigure([running("p1")]);
    rt.runFor(60_000);
    reconfigure([running("p1"), running("p2")]);
    const after = rt.twins.get("ps-p2")!;
    assert.notEqual(after, before, "a new twin object");
    assert.equal(after.index, before.index, "under the same number");
    rt.runFor(60_000);
    rec.stop();
    const rows = await rawOf(store, "ps-p2", "flow");
    // A sample every step while it exists: the first minute and the third.
    const inFirst = rows.filter((r) => r.ts <= T0 + 60_000).length;
    const inThird = rows.filter((r) => r.ts > T0 + 120_000).length;
    assert.ok(inFirst >= 59, `first minute: ${inFirst}`);
    assert.ok(inThird >= 59, `after it came back: ${inThird}`);
  });
});

Deno.test("a point added to a twin while it is recorded is recorded from then on; the others go on", async () => {
  await withStore(async (store) => {
    const rt = new Runtime(plant("remote"), kinds, { virtual: true });
    const rec = new HistoryRecorder(rt, store, { flushSteps: 60, policy: EVERY });
    const remote = rt.twins.get("remote")!;
    let added = false;
    rt.onStep((now) => {
      const values: Record<string, number> = { supply_temp: 30 + (now - T0) / 1e5 };
      if (added) values.extra_kw = (now - T0) / 1000;
      remote.update(values, now);
    });
    rt.runFor(30_000);
    remote.addPoints({ extra_kw: { unit: "kW", description: "added later" } });
    added = true;
    rt.runFor(30_000);
    rec.stop();
    const supply = await rawOf(store, "remote", "supply_temp");
    const extra = await rawOf(store, "remote", "extra_kw");
    assert.ok(supply.length >= 59, `supply_temp: ${supply.length} samples`);
    assert.ok(extra.length >= 29 && extra.length <= 31, `extra_kw: ${extra.length} samples`);
    assert.ok(extra.every((r) => r.ts > T0 + 30_000));
  });
});
