import assert from "node:assert/strict";
import type { PointValue, Quality } from "../twins/point.ts";
import type { BucketRow, PointSample, RawRow } from "./history_store.ts";
import { openDatabaseFile, openPlantDatabase, plantDatabasePath } from "./plant_database.ts";
import { SqliteHistoryStore } from "./sqlite_history_store.ts";

const T0 = Date.UTC(2026, 0, 1);
const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

function sample(
  point: string,
  ts: number,
  value: PointValue,
  quality: Quality = "good",
  twin = "p1",
): PointSample {
  return { twin, point, ts, value, quality, unit: point === "flow" ? "m3/h" : "" };
}

async function withStore(fn: (store: SqliteHistoryStore, dir: string) => Promise<void> | void) {
  const dir = await Deno.makeTempDir({ prefix: "fieldtwin-history-" });
  const store = new SqliteHistoryStore(openPlantDatabase(dir, "test plant"));
  try {
    await fn(store, dir);
  } finally {
    store.close();
    await Deno.remove(dir, { recursive: true });
  }
}

async function raw(store: SqliteHistoryStore, point: string, from: number, to: number) {
  const [s] = await store.query({ series: [{ twin: "p1", point }], from, to, resolution: "raw" });
  return s.rows as RawRow[];
}

async function buckets(
  store: SqliteHistoryStore,
  point: string,
  resolution: "raw" | "1m" | "1h",
  from: number,
  to: number,
  stepMs?: number,
) {
  const [s] = await store.query({
    series: [{ twin: "p1", point }],
    from,
    to,
    resolution,
    stepMs,
  });
  return s.rows as BucketRow[];
}

/** Buckets computed the plain way from a list of samples, to check the store's against. */
function expectBuckets(samples: [number, number, Quality][], width: number): BucketRow[] {
  const by = new Map<number, [number, number][]>();
  for (const [ts, v, q] of samples) {
    if (q === "bad") continue;
    const b = Math.floor(ts / width) * width;
    if (!by.has(b)) by.set(b, []);
    by.get(b)!.push([ts, v]);
  }
  return [...by.keys()].sort((a, b) => a - b).map((b) => {
    const xs = by.get(b)!;
    const vs = xs.map(([, v]) => v);
    const last = xs.reduce((a, c) => (c[0] >= a[0] ? c : a))[1];
    return {
      ts: b,
      min: Math.min(...vs),
      max: Math.max(...vs),
      mean: vs.reduce((a, c) => a + c, 0) / vs.length,
      last,
      count: vs.length,
    };
  });
}

function close(actual: BucketRow[], expected: BucketRow[]) {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < actual.length; i++) {
    const { mean, ...rest } = actual[i];
    const { mean: want, ...wantRest } = expected[i];
    assert.deepEqual(rest, wantRest, `bucket ${i}`);
    assert.ok(Math.abs(mean! - want!) < 1e-9, `mean of bucket ${i}: ${mean} vs ${want}`);
  }
}

Deno.test("samples round-trip with their own time, value type and quality", async () => {
  await withStore(async (store) => {
    store.write([
      sample("flow", T0 + 1000, 12.5),
      sample("running", T0 + 1000, true),
      sample("mode", T0 + 1000, "auto"),
      sample("flow", T0 + 2000, 13, "uncertain"),
      sample("running", T0 + 2000, false, "bad"),
      sample("mode", T0 + 2000, "manual"),
      sample("flow", T0 + 3000, NaN, "bad"),
    ]);
    assert.deepEqual(await raw(store, "flow", T0, T0 + 10_000), [
      { ts: T0 + 1000, value: 12.5, quality: "good" },
      { ts: T0 + 2000, value: 13, quality: "uncertain" },
      { ts: T0 + 3000, value: NaN, quality: "bad" },
    ]);
    assert.deepEqual((await raw(store, "running", T0, T0 + 10_000)).map((r) => r.value), [
      true,
      false,
    ]);
    assert.deepEqual((await raw(store, "mode", T0, T0 + 10_000)).map((r) => r.value), [
      "auto",
      "manual",
    ]);
    // The range is inclusive at both ends.
    assert.deepEqual((await raw(store, "flow", T0 + 2000, T0 + 2000)).map((r) => r.ts), [
      T0 + 2000,
    ]);
    assert.deepEqual(store.series().find((s) => s.point === "flow"), {
      twin: "p1",
      point: "flow",
      unit: "m3/h",
    });
    assert.ok(store.has("p1") && store.has("p1", "mode") && !store.has("p1", "nope"));
  });
});

Deno.test("rollups kept batch by batch equal rollups computed from every raw sample", async () => {
  await withStore(async (store) => {
    // Three hours of a sawtooth at 7 s, written in batches of uneven size
    // that split minutes and hours, with some bad samples and a few late
    // ones (older than what is already stored).
    const all: [number, number, Quality][] = [];
    for (let ts = T0 + 500; ts < T0 + 3 * HOUR; ts += 7_000) {
      const q: Quality = ts % 13 === 0 ? "bad" : ts % 5 === 0 ? "uncertain" : "good";
      all.push([ts, ((ts - T0) / 1000) % 97, q]);
    }
    const late = all.filter((_, i) => i % 50 === 25);
    const onTime = all.filter((_, i) => i % 50 !== 25);
    let i = 0;
    for (const size of [1, 37, 500, 3, 900]) {
      store.write(onTime.slice(i, i + size).map(([ts, v, q]) => sample("temp", ts, v, q)));
      i += size;
    }
    store.write(onTime.slice(i).map(([ts, v, q]) => sample("temp", ts, v, q)));
    store.write(late.map(([ts, v, q]) => sample("temp", ts, v, q)));
    // Writing a batch again changes nothing: the same sample is stored once.
    store.write(all.slice(100, 200).map(([ts, v, q]) => sample("temp", ts, v, q)));

    const to = T0 + 3 * HOUR;
    assert.equal((await raw(store, "temp", T0, to)).length, all.length);
    close(await buckets(store, "temp", "1m", T0, to), expectBuckets(all, MIN));
    close(await buckets(store, "temp", "1h", T0, to), expectBuckets(all, HOUR));
    // A step over the 1-minute rollups, and the same step over raw samples.
    close(await buckets(store, "temp", "1m", T0, to, 15 * MIN), expectBuckets(all, 15 * MIN));
    close(await buckets(store, "temp", "raw", T0, to, 15 * MIN), expectBuckets(all, 15 * MIN));
  });
});

Deno.test("after a crash the finished minutes come back from the journal; a close keeps them all", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fieldtwin-history-" });
  const path = plantDatabasePath(dir, "test plant");
  try {
    // 90 minutes at 10 s, written 5 minutes at a time; the samples of the
    // last minute and a half are bad, so they count in no rollup.
    const all: [number, number, Quality][] = [];
    for (let ts = T0; ts < T0 + 90 * MIN; ts += 10_000) {
      all.push([ts, (ts / 10_000) % 11, ts >= T0 + 88 * MIN + 30_000 ? "bad" : "good"]);
    }
    const db = openDatabaseFile(path);
    const first = new SqliteHistoryStore(db, { ownsDatabase: false });
    for (let t = T0; t < T0 + 90 * MIN; t += 5 * MIN) {
      first.write(
        all.filter(([ts]) => ts >= t && ts < t + 5 * MIN).map(([ts, v, q]) =>
          sample("temp", ts, v, q)
        ),
      );
    }
    // The process dies: nothing more of `first` reaches the disk.
    db.close();

    // Hour 0 was written whole (one packed row, one hour row); of hour 1
    // the journal holds every minute before the newest good sample's.
    const peek = openDatabaseFile(path);
    const rows = (t: string) =>
      (peek.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
    assert.equal(rows("m1_20260101"), 1);
    assert.equal(rows("h1_20260101"), 1);
    assert.ok(rows("rollup_journal") >= 1);
    peek.close();
    const inProgress = T0 + 88 * MIN; // the minute of the newest good sample
    const finished = all.filter(([ts]) => ts < inProgress);

    const again = new SqliteHistoryStore(openDatabaseFile(path));
    close(await buckets(again, "temp", "1m", T0, T0 + 2 * HOUR), expectBuckets(finished, MIN));
    close(await buckets(again, "temp", "1h", T0, T0 + 2 * HOUR), expectBuckets(finished, HOUR));
    // It goes on from there, and a clean close writes everything.
    const next: [number, number, Quality][] = [[T0 + 95 * MIN, 100, "good"], [
      T0 + 125 * MIN,
      7,
      "good",
    ]];
    again.write(next.map(([ts, v, q]) => sample("temp", ts, v, q)));
    again.close();

    const third = new SqliteHistoryStore(openDatabaseFile(path));
    try {
      const kept = [...finished, ...next];
      close(await buckets(third, "temp", "1m", T0, T0 + 3 * HOUR), expectBuckets(kept, MIN));
      close(await buckets(third, "temp", "1h", T0, T0 + 3 * HOUR), expectBuckets(kept, HOUR));
      const j = openDatabaseFile(path);
      assert.equal(
        (j.prepare("SELECT count(*) AS n FROM rollup_journal").get() as { n: number }).n,
        0,
      );
      j.close();
    } finally {
      third.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("an hour written by one run and continued by the next is merged, not replaced", async () => {
  await withStore(async (store, dir) => {
    const path = plantDatabasePath(dir, "test plant");
    const a: [number, number, Quality][] = [[T0 + 1000, 1, "good"], [T0 + 61_000, 2, "good"]];
    store.write(a.map(([ts, v, q]) => sample("temp", ts, v, q)));
    store.close();
    const next = new SqliteHistoryStore(openDatabaseFile(path));
    try {
      // The same minute and a later one of the same hour, then the next hour.
      const b: [number, number, Quality][] = [
        [T0 + 62_000, 3, "good"],
        [T0 + 5 * MIN, 4, "good"],
        [T0 + HOUR + 1000, 5, "good"],
      ];
      next.write(b.map(([ts, v, q]) => sample("temp", ts, v, q)));
      next.write([sample("temp", T0 + 2 * HOUR, 6)]); // hour 1 ends: hour 0 is written again
      const want = [...a, ...b, [T0 + 2 * HOUR, 6, "good"]] as [number, number, Quality][];
      close(await buckets(next, "temp", "1m", T0, T0 + 3 * HOUR), expectBuckets(want, MIN));
      close(await buckets(next, "temp", "1h", T0, T0 + 3 * HOUR), expectBuckets(want, HOUR));
    } finally {
      next.close();
    }
  });
});

Deno.test("a quality change at the same time updates the stored sample and counts once", async () => {
  await withStore(async (store) => {
    store.write([sample("flow", T0 + 1000, 5), sample("flow", T0 + 2000, 6)]);
    store.write([sample("flow", T0 + 2000, 6, "uncertain")]);
    assert.deepEqual(await raw(store, "flow", T0, T0 + MIN), [
      { ts: T0 + 1000, value: 5, quality: "good" },
      { ts: T0 + 2000, value: 6, quality: "uncertain" },
    ]);
    const [b] = await buckets(store, "flow", "1m", T0, T0 + MIN);
    assert.equal(b.count, 2);
    assert.equal(b.mean, 5.5);
  });
});

Deno.test("a batch that fails keeps nothing of itself, and the store goes on", async () => {
  await withStore(async (store, dir) => {
    store.write([sample("flow", T0 + 1000, 5)]);
    // Make the database refuse one row mid-batch, as a full disk would.
    const db = openDatabaseFile(plantDatabasePath(dir, "test plant"));
    db.exec(
      `CREATE TRIGGER refuse BEFORE INSERT ON raw_20260101 WHEN NEW.t1 = ${T0 + 3000} ` +
        "BEGIN SELECT RAISE(ABORT, 'injected failure'); END",
    );
    assert.throws(
      () => store.write([sample("flow", T0 + 2000, 6), sample("flow", T0 + 3000, 666)]),
      /injected failure/,
    );
    assert.deepEqual((await raw(store, "flow", T0, T0 + MIN)).map((r) => r.value), [5]);
    assert.equal((await buckets(store, "flow", "1m", T0, T0 + MIN))[0].count, 1);
    db.exec("DROP TRIGGER refuse");
    db.close();
    // The failed batch did not move the series' newest time: its first
    // sample, written again, is new and counts.
    store.write([sample("flow", T0 + 2000, 6)]);
    assert.deepEqual((await raw(store, "flow", T0, T0 + MIN)).map((r) => r.value), [5, 6]);
    assert.equal((await buckets(store, "flow", "1m", T0, T0 + MIN))[0].count, 2);
  });
});

Deno.test("a limit cuts the rows and says so", async () => {
  await withStore(async (store) => {
    store.write(
      Array.from({ length: 10 }, (_, i) => sample("flow", T0 + DAY - 5000 + i * 1000, i)),
    );
    const [s] = await store.query({
      series: [{ twin: "p1", point: "flow" }],
      from: T0,
      to: T0 + 2 * DAY,
      resolution: "raw",
      limit: 7,
    });
    assert.equal(s.truncated, true);
    assert.deepEqual((s.rows as RawRow[]).map((r) => r.value), [0, 1, 2, 3, 4, 5, 6]);
    const [all] = await store.query({
      series: [{ twin: "p1", point: "flow" }],
      from: T0,
      to: T0 + 2 * DAY,
      resolution: "raw",
      limit: 10,
    });
    assert.equal(all.truncated, false);
    assert.equal(all.rows.length, 10);
  });
});

Deno.test("retention drops whole days older than each level's cutoff", async () => {
  await withStore(async (store) => {
    for (let d = 0; d < 5; d++) {
      store.write([
        sample("flow", T0 + d * DAY + HOUR, d),
        sample("flow", T0 + d * DAY + 2 * HOUR, d),
      ]);
    }
    // Raw keeps days from day 3 on (the cutoff falls inside day 3, which stays whole);
    // the 1-minute level from day 1; the hour level everything.
    const dropped = store.prune({ raw: T0 + 3 * DAY + 5 * HOUR, "1m": T0 + DAY, "1h": T0 });
    assert.equal(dropped, 3 + 1);
    assert.deepEqual(
      [...new Set((await raw(store, "flow", T0, T0 + 5 * DAY)).map((r) => r.value))],
      [3, 4],
    );
    assert.deepEqual(
      (await buckets(store, "flow", "1m", T0, T0 + 5 * DAY)).map((b) => b.last),
      [1, 1, 2, 2, 3, 3, 4, 4],
    );
    assert.equal((await buckets(store, "flow", "1h", T0, T0 + 5 * DAY)).length, 10);
    assert.equal(store.prune({ raw: T0 + 3 * DAY + 5 * HOUR, "1m": T0 + DAY, "1h": T0 }), 0);
    // New data still lands after a drop.
    store.write([sample("flow", T0 + 5 * DAY, 5)]);
    assert.equal((await raw(store, "flow", T0, T0 + 6 * DAY)).at(-1)?.value, 5);
  });
});

Deno.test("a reopened store keeps its series and does not count a stored sample twice", async () => {
  await withStore(async (store, dir) => {
    store.write([sample("flow", T0 + 1000, 1), sample("flow", T0 + 2000, 2)]);
    store.close();
    const again = new SqliteHistoryStore(openDatabaseFile(plantDatabasePath(dir, "test plant")));
    try {
      assert.deepEqual(again.series().map((s) => s.point), ["flow"]);
      again.write([sample("flow", T0 + 2000, 2), sample("flow", T0 + 1000, 1)]);
      again.write([sample("flow", T0 + 3000, 3)]);
      const [b] = await buckets(again, "flow", "1m", T0, T0 + MIN);
      assert.deepEqual(b, { ts: T0, min: 1, max: 3, mean: 2, last: 3, count: 3 });
    } finally {
      again.close();
    }
  });
});

Deno.test("samples dated outside 1970-9999 are refused and reported, the rest stored", async () => {
  const logs: string[] = [];
  const dir = await Deno.makeTempDir();
  const store = new SqliteHistoryStore(openPlantDatabase(dir, "x"), { log: (m) => logs.push(m) });
  try {
    store.write([sample("flow", -5, 1), sample("flow", NaN, 2), sample("flow", T0, 3)]);
    assert.equal(store.stats.refused, 2);
    assert.match(
      logs[0],
      /refused 1 sample\(s\) with a time outside 1970-9999, latest p1\.flow at -5/,
    );
    assert.deepEqual((await raw(store, "flow", 0, T0 + 1)).map((r) => r.value), [3]);
  } finally {
    store.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the plant's file name is made safe and the directory is created", async () => {
  assert.equal(plantDatabasePath("data/", "Demo plant/../x"), "data/Demo_plant_.._x.sqlite");
  assert.equal(plantDatabasePath("data", "..."), "data/plant.sqlite");
  const dir = await Deno.makeTempDir();
  try {
    const db = openPlantDatabase(`${dir}/a/b`, "demo");
    const mode = db.prepare("PRAGMA journal_mode").get() as { journal_mode: string };
    db.close();
    assert.equal(mode.journal_mode, "wal");
    assert.ok((await Deno.stat(`${dir}/a/b/demo.sqlite`)).isFile);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a file of the first version (a row per raw sample and per minute) is converted on opening", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fieldtwin-history-v1-" });
  try {
    const path = plantDatabasePath(dir, "old");
    const db = openDatabaseFile(path);
    db.exec(`
      CREATE TABLE schema_versions (component TEXT PRIMARY KEY, version INTEGER NOT NULL);
      INSERT INTO schema_versions VALUES ('history', 1);
      CREATE TABLE series (id INTEGER PRIMARY KEY, twin TEXT NOT NULL, point TEXT NOT NULL,
        unit TEXT NOT NULL DEFAULT '', UNIQUE (twin, point));
      INSERT INTO series VALUES (1, 'p1', 'flow', 'm3/h'), (2, 'p1', 'mode', '');
      CREATE TABLE raw_20260101 (series INTEGER NOT NULL, ts INTEGER NOT NULL, value,
        flags INTEGER NOT NULL, PRIMARY KEY (series, ts)) WITHOUT ROWID;
      CREATE TABLE m1_20260101 (series INTEGER NOT NULL, bucket INTEGER NOT NULL, min REAL,
        max REAL, sum REAL NOT NULL, num INTEGER NOT NULL, count INTEGER NOT NULL, last,
        last_flags INTEGER NOT NULL, last_ts INTEGER NOT NULL, PRIMARY KEY (series, bucket))
        WITHOUT ROWID;
    `);
    const row = db.prepare("INSERT INTO raw_20260101 VALUES (?, ?, ?, ?)");
    for (let i = 0; i < 300; i++) row.run(1, T0 + i * 1000, i % 7, i === 5 ? 1 : 0);
    row.run(2, T0 + 2 * HOUR, "auto", 2 << 2);
    const m1 = db.prepare("INSERT INTO m1_20260101 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    m1.run(1, T0, 0, 6, 180, 60, 60, 3, 0, T0 + 59_000);
    m1.run(1, T0 + HOUR + MIN, 1, 2, 3, 2, 2, 2, 0, T0 + HOUR + MIN + 1000);
    db.close();

    const logs: string[] = [];
    const store = new SqliteHistoryStore(openDatabaseFile(path), { log: (m) => logs.push(m) });
    try {
      const rows = await raw(store, "flow", T0, T0 + HOUR);
      assert.equal(rows.length, 300);
      assert.deepEqual(rows[5], { ts: T0 + 5000, value: 5, quality: "uncertain" });
      assert.deepEqual(await raw(store, "mode", T0, T0 + 3 * HOUR), [
        { ts: T0 + 2 * HOUR, value: "auto", quality: "good" },
      ]);
      assert.deepEqual(await buckets(store, "flow", "1m", T0, T0 + 2 * HOUR), [
        { ts: T0, min: 0, max: 6, mean: 3, last: 3, count: 60 },
        { ts: T0 + HOUR + MIN, min: 1, max: 2, mean: 1.5, last: 2, count: 2 },
      ]);
      assert.equal(logs.length, 2);
    } finally {
      store.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
