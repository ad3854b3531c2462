import assert from "node:assert/strict";
import { PLANT_SECTIONS } from "../app/plant_sections.ts";
import { startPlant } from "../app/start_plant.ts";
import { validatePlant } from "../plant/plant_file.ts";
import { loadKinds } from "../twins/registry.ts";
import type { HistoryStore, SeriesResult } from "./history_store.ts";
import { openDatabaseFile, openPlantDatabase, plantDatabasePath } from "./plant_database.ts";
import { SqliteHistoryStore } from "./sqlite_history_store.ts";
import { WorkerHistoryStore } from "./worker_history_store.ts";

const T0 = Date.UTC(2026, 0, 1);
const HOUR = 3_600_000;
const kinds = await loadKinds();
const plant = validatePlant(
  {
    name: "worker-history",
    start: new Date(T0).toISOString(),
    seed: 7,
    step_s: 5,
    twins: [
      { id: "site", kind: "cooling_site" },
      { id: "well", kind: "well" },
      { id: "rtu", kind: "rtu", params: { assets: ["site", "well"] } },
    ],
  },
  kinds,
  PLANT_SECTIONS,
  "<test>",
);

/** Every series of `store` at every level over `[from, to]`, sorted by name. */
async function everything(store: HistoryStore, from: number, to: number) {
  const series = store.series().map(({ twin, point }) => ({ twin, point }))
    .sort((a, b) => `${a.twin}.${a.point}`.localeCompare(`${b.twin}.${b.point}`));
  const at = (resolution: "raw" | "1m" | "1h") => store.query({ series, from, to, resolution });
  return { series, raw: await at("raw"), "1m": await at("1m"), "1h": await at("1h") };
}

/** Record `hours` of the plant into `store`, with a query at 90 min (an hour in progress). */
async function record(store: HistoryStore, hours: number) {
  const started = startPlant(plant, kinds, { virtual: true, history: store });
  started.runtime.runFor(1.5 * HOUR);
  started.recorder!.flush();
  const midway = await everything(store, T0, T0 + 2 * HOUR);
  started.runtime.runFor((hours - 1.5) * HOUR);
  started.stop(); // closes the store: the worker's must have written everything
  return midway;
}

Deno.test("worker history store: stores and answers what the in-thread store does", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fieldtwin-worker-history-" });
  try {
    const inThread = await record(new SqliteHistoryStore(openPlantDatabase(dir, "a")), 3);
    const worker = new WorkerHistoryStore(plantDatabasePath(dir, "b"));
    const viaWorker = await record(worker, 3);
    assert.ok(worker.stats.samples > 1_000, `samples written: ${worker.stats.samples}`);
    assert.equal(worker.stats.failures, 0);
    // Queried while running, the hour in progress included.
    assert.deepEqual(viaWorker, inThread);
    const rows = (r: SeriesResult[]) => r.reduce((n, s) => n + s.rows.length, 0);
    assert.ok(
      rows(inThread["1m"]) > 50 * inThread.series.length,
      "minutes of the hour in progress",
    );
    // The files, read back after closing.
    const a = new SqliteHistoryStore(openPlantDatabase(dir, "a"));
    const b = new SqliteHistoryStore(openPlantDatabase(dir, "b"));
    try {
      const fa = await everything(a, T0, T0 + 4 * HOUR);
      const fb = await everything(b, T0, T0 + 4 * HOUR);
      assert.deepEqual(fb, fa);
      assert.ok(fa.series.length > 40, `series: ${fa.series.length}`);
      // Every hour was written on closing, the last one in progress too
      // (it holds the last step's samples, at 03:00:00).
      for (const s of fa["1h"]) assert.equal(s.rows.length, 4, `${s.twin}.${s.point} hours`);
      assert.ok(rows(fa.raw) >= worker.stats.samples * 0.99);
    } finally {
      a.close();
      b.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("worker history store: has and series cover the file and what was posted; closed refuses", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fieldtwin-worker-history-" });
  try {
    const before = new SqliteHistoryStore(openPlantDatabase(dir, "p"));
    before.write([{ twin: "old", point: "x", ts: T0, value: 1, quality: "good", unit: "m" }]);
    before.close();
    const store = new WorkerHistoryStore(plantDatabasePath(dir, "p"));
    assert.ok(store.has("old", "x"));
    assert.ok(!store.has("new"));
    store.write([{ twin: "new", point: "y", ts: T0 + 1, value: "on", quality: "uncertain" }]);
    assert.ok(store.has("new", "y"));
    assert.deepEqual(
      store.series().map((s) => `${s.twin}.${s.point} ${s.unit}`).sort(),
      ["new.y ", "old.x m"],
    );
    const [s] = await store.query({
      series: [{ twin: "new", point: "y" }],
      from: T0,
      to: T0 + 10,
      resolution: "raw",
    });
    assert.deepEqual(s.rows, [{ ts: T0 + 1, value: "on", quality: "uncertain" }]);
    store.close();
    assert.throws(() => store.write([]), /closed/);
    await assert.rejects(
      store.query({ series: [], from: 0, to: 1, resolution: "raw" }),
      /closed/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("worker history store: a file that cannot be opened is named", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fieldtwin-worker-history-" });
  try {
    await Deno.writeTextFile(`${dir}/not-a-dir`, "x");
    const path = `${dir}/not-a-dir/p.sqlite`;
    assert.throws(() => new WorkerHistoryStore(path), new RegExp(`cannot open history ${path}`));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("worker history store: prune runs after the batches before it, and reports what it dropped on the next call", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fieldtwin-worker-history-" });
  try {
    const store = new WorkerHistoryStore(plantDatabasePath(dir, "p"));
    const DAY = 24 * HOUR;
    // One sample on each of three days: three raw day tables.
    store.write([0, 1, 2].map((d) => ({
      twin: "t",
      point: "x",
      ts: T0 + d * DAY + HOUR,
      value: d,
      quality: "good" as const,
    })));
    // Nothing has been dropped yet when it is posted.
    assert.equal(store.prune({ raw: T0 + 2 * DAY, "1m": 0, "1h": 0 }), 0);
    const [s] = await store.query({
      series: [{ twin: "t", point: "x" }],
      from: T0,
      to: T0 + 3 * DAY,
      resolution: "raw",
    });
    // The query, answered after the prune, sees days 0 and 1 gone.
    assert.deepEqual(s.rows.map((r) => "value" in r ? r.value : undefined), [2]);
    assert.equal(store.stats.prunedDays, 2);
    assert.equal(store.prune({ raw: 0, "1m": 0, "1h": 0 }), 2);
    store.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("worker history store: writes wait only while more than maxInFlight samples are unwritten", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fieldtwin-worker-history-" });
  try {
    const chunk = (k: number, n: number) =>
      Array.from({ length: n }, (_, i) => ({
        twin: "t",
        point: `p${i % 50}`,
        ts: T0 + k * HOUR + i,
        value: i,
        quality: "good" as const,
      }));
    // A bound below one chunk: each write waits until the one before is written.
    const tight = new WorkerHistoryStore(plantDatabasePath(dir, "tight"), { maxInFlight: 100 });
    for (let k = 0; k < 5; k++) {
      tight.write(chunk(k, 1_000));
      assert.ok(tight.stats.batches >= k, `after write ${k}: ${tight.stats.batches} written`);
    }
    tight.close();
    assert.equal(tight.stats.samples, 5_000);
    // A bound of several chunks (the default's case: a flush in chunks) loses nothing either.
    const loose = new WorkerHistoryStore(plantDatabasePath(dir, "loose"), { maxInFlight: 1e6 });
    for (let k = 0; k < 5; k++) loose.write(chunk(k, 20_000));
    const [s] = await loose.query({
      series: [{ twin: "t", point: "p0" }],
      from: T0,
      to: T0 + 5 * HOUR,
      resolution: "raw",
    });
    assert.equal(s.rows.length, 5 * 400);
    loose.close();
    assert.equal(loose.stats.samples, 100_000);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("worker history store: batches held while the disk refuses are kept intact though their memory is reused, and written on recovery", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fieldtwin-worker-history-" });
  const logs: string[] = [];
  try {
    const path = plantDatabasePath(dir, "p");
    const store = new WorkerHistoryStore(path, { log: (m) => logs.push(m) });
    // Batch k: 2,000 samples of 20 points in hour k, values k * 1000 + i.
    const batch = (k: number) =>
      Array.from({ length: 2_000 }, (_, i) => ({
        twin: "t",
        point: `p${i % 20}`,
        ts: T0 + k * HOUR + i,
        value: k * 1_000 + i,
        quality: "good" as const,
      }));
    const all = { series: [{ twin: "t", point: "p0" }], from: T0, to: T0 + 8 * HOUR };
    const sync = () => store.query({ ...all, resolution: "raw" });
    store.write(batch(0));
    await sync(); // the day's table exists
    const db = openDatabaseFile(path);
    db.exec(
      "CREATE TRIGGER refuse BEFORE INSERT ON raw_20260101 BEGIN SELECT RAISE(ABORT, 'disk full'); END",
    );
    // Each refused batch is held; the next is built in the memory the one before used.
    for (let k = 1; k <= 4; k++) {
      store.write(batch(k));
      await sync();
    }
    assert.ok(store.stats.held >= 8_000, `held: ${store.stats.held}`);
    db.exec("DROP TRIGGER refuse");
    db.close();
    store.write(batch(5));
    const [s] = await sync();
    store.close();
    assert.equal(store.stats.held, 0);
    assert.ok(logs.some((l) => /disk full/.test(l)), logs.join("\n"));
    // Point p0's samples: every batch's own values, none overwritten by a later one.
    const expected = [0, 1, 2, 3, 4, 5].flatMap((k) =>
      Array.from({ length: 100 }, (_, j) => k * 1_000 + j * 20)
    );
    assert.deepEqual(s.rows.map((r) => ("value" in r ? r.value : undefined)), expected);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
