/**
 * The embedded historian: point samples in a plant's SQLite database, one
 * table per level and UTC day, with 1-minute and 1-hour rollups kept as the
 * samples come in.
 *
 * Each point's newest minute and hour are open buckets held in memory; a
 * bucket is written once, when the first sample of a later bucket arrives,
 * in the same transaction as that sample. So a rollup row is never written
 * more than once for samples in time order, and after a crash the rollups
 * still agree with the raw samples that survived: the open buckets are
 * rebuilt from the newest minute of raw samples and the newest hour of
 * minute rows (bounded reads), never from a scan of history. A sample older
 * than its point's open minute (a late one) is merged into its closed
 * buckets at once.
 *
 * @module
 */
import type { DatabaseSync, StatementSync } from "node:sqlite";
import type { PointValue } from "../twins/point.ts";
import {
  dayOf,
  DaySet,
  MAX_TS,
  MIN_TS,
  parsePartitionName,
  partitionName,
} from "./day_partitions.ts";
import {
  type BucketRow,
  type HistoryQuery,
  type HistoryStore,
  type PointSample,
  type RawRow,
  type Resolution,
  ROLLUP_MS,
  type SeriesResult,
  type StoredSeries,
} from "./history_store.ts";
import { migrate } from "./plant_database.ts";
import { bucketStart, RollupBucket } from "./rollup_bucket.ts";
import { decodeQuality, decodeValue, type Encoded, encodeSample } from "./sample_codec.ts";

/** The `history` component's schema steps (see {@linkcode migrate}). */
const SCHEMA: readonly string[] = [
  `CREATE TABLE series (
     id INTEGER PRIMARY KEY,
     twin TEXT NOT NULL,
     point TEXT NOT NULL,
     unit TEXT NOT NULL DEFAULT '',
     UNIQUE (twin, point)
   )`,
];

/** Columns of a day table of raw samples; `value` has no type so it keeps what it is given. */
const RAW_COLUMNS = `series INTEGER NOT NULL, ts INTEGER NOT NULL, value, flags INTEGER NOT NULL,
  PRIMARY KEY (series, ts)`;
/** Columns of a day table of rollup buckets. */
const ROLLUP_COLUMNS = `series INTEGER NOT NULL, bucket INTEGER NOT NULL,
  min REAL, max REAL, sum REAL NOT NULL, num INTEGER NOT NULL, count INTEGER NOT NULL,
  last, last_flags INTEGER NOT NULL, last_ts INTEGER NOT NULL,
  PRIMARY KEY (series, bucket)`;

/** Options for {@linkcode SqliteHistoryStore}. */
export interface SqliteHistoryStoreOptions {
  /** Close the database when the store closes (default true). */
  ownsDatabase?: boolean;
  /** Where to report samples refused for a bad time. Default console.error. */
  log?(message: string): void;
}

/** What the store knows about one point. */
interface Series {
  readonly id: number;
  readonly twin: string;
  readonly point: string;
  readonly unit: string;
  /** Whether `lastTs` and the open buckets have been read from the database. */
  loaded: boolean;
  /** Newest source time stored, or -Infinity. */
  lastTs: number;
  /** The open minute: the one holding `lastTs`, not yet written. */
  minute: RollupBucket | undefined;
  /** The open hour's closed minutes (the open minute is not in it yet), not yet written. */
  hour: RollupBucket | undefined;
}

/** Counters for `/metrics` and tests. */
export interface HistoryStoreStats {
  /** Samples written. */
  samples: number;
  /** Batches committed. */
  batches: number;
  /** Samples refused (a time outside 1970-9999 or not a number). */
  refused: number;
}

/** Point history in SQLite; see the module doc. */
export class SqliteHistoryStore implements HistoryStore {
  /** Counters. */
  readonly stats: HistoryStoreStats = { samples: 0, batches: 0, refused: 0 };
  readonly #db: DatabaseSync;
  readonly #ownsDb: boolean;
  readonly #log: (message: string) => void;
  readonly #byTwin = new Map<string, Map<string, Series>>();
  readonly #days: Record<Resolution, DaySet> = {
    raw: new DaySet(),
    "1m": new DaySet(),
    "1h": new DaySet(),
  };
  readonly #stmts = new Map<string, StatementSync>();
  readonly #insertSeries: StatementSync;
  readonly #encoded: Encoded = { value: null, flags: 0 };
  #closed = false;

  /** Use `db` (opened with {@linkcode openPlantDatabase}); creates the tables it lacks. */
  constructor(db: DatabaseSync, opts: SqliteHistoryStoreOptions = {}) {
    this.#db = db;
    this.#ownsDb = opts.ownsDatabase ?? true;
    this.#log = opts.log ?? ((m) => console.error(m));
    migrate(db, "history", SCHEMA);
    this.#insertSeries = db.prepare(
      "INSERT INTO series (twin, point, unit) VALUES (?, ?, ?) RETURNING id",
    );
    for (const row of db.prepare("SELECT id, twin, point, unit FROM series").all()) {
      const r = row as { id: number; twin: string; point: string; unit: string };
      this.#remember(r.id, r.twin, r.point, r.unit);
    }
    this.#loadPartitions();
  }

  /** Store a batch in one transaction; see {@linkcode HistoryWriter.write}. */
  write(samples: readonly PointSample[]): void {
    if (this.#closed) throw new Error("history store is closed");
    if (samples.length === 0) return;
    const series = this.#resolve(samples);
    const e = this.#encoded;
    let written = 0;
    this.#db.exec("BEGIN IMMEDIATE");
    try {
      let day = NaN;
      let upsert: StatementSync | undefined;
      for (let i = 0; i < samples.length; i++) {
        const s = samples[i];
        const ts = Math.round(s.ts);
        if (!(ts >= MIN_TS && ts <= MAX_TS)) {
          this.#refuse(s);
          continue;
        }
        const st = series[i];
        if (!st.loaded) this.#load(st);
        const d = dayOf(ts);
        if (d !== day) {
          day = d;
          upsert = this.#rawUpsert(d);
        }
        // A sample counts towards the rollups once: when it is newer than
        // anything stored, or older but not stored yet. The same time again
        // is the same sample with a new quality (a point gone stale).
        let counts = ts > st.lastTs;
        if (!counts && ts < st.lastTs) counts = !this.#rawExists(d, st.id, ts);
        encodeSample(s.value, s.quality, e);
        upsert!.run(st.id, ts, e.value, e.flags);
        written++;
        if (counts && s.quality !== "bad") this.#roll(st, ts, s.value);
        if (ts > st.lastTs) st.lastTs = ts;
      }
      this.#db.exec("COMMIT");
    } catch (e) {
      this.#db.exec("ROLLBACK");
      // What the batch did in memory is undone by reading it back.
      for (const st of series) st.loaded = false;
      // Tables created in the rolled-back transaction are gone again.
      this.#loadPartitions();
      throw e;
    }
    this.stats.samples += written;
    this.stats.batches++;
  }

  /** Read ranges; see {@linkcode HistoryStore.query}. */
  query(q: HistoryQuery): Promise<SeriesResult[]> {
    try {
      return Promise.resolve(q.series.map((key) => {
        const st = this.#byTwin.get(key.twin)?.get(key.point);
        const out: SeriesResult = {
          twin: key.twin,
          point: key.point,
          unit: st?.unit ?? "",
          rows: [],
          truncated: false,
        };
        if (!st) return out;
        if (!st.loaded) this.#load(st);
        const limit = q.limit ?? Infinity;
        const { rows, truncated } = q.resolution === "raw"
          ? (q.stepMs ? this.#rawBuckets(st.id, q, limit) : this.#raw(st.id, q, limit))
          : this.#rollups(st, q, limit);
        out.rows = rows;
        out.truncated = truncated;
        return out;
      }));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** Whether any history of `twin` (or of its `point`) is stored. */
  has(twin: string, point?: string): boolean {
    const points = this.#byTwin.get(twin);
    return point === undefined ? !!points : !!points?.has(point);
  }

  /** Every point with history. */
  series(): StoredSeries[] {
    const out: StoredSeries[] = [];
    for (const points of this.#byTwin.values()) {
      for (const s of points.values()) out.push({ twin: s.twin, point: s.point, unit: s.unit });
    }
    return out;
  }

  /** Drop whole day tables older than each level's cutoff. */
  prune(before: Readonly<Record<Resolution, number>>): number {
    let dropped = 0;
    for (const level of ["raw", "1m", "1h"] as const) {
      // A day goes only when all of it is older than the cutoff.
      for (const day of this.#days[level].before(dayOf(before[level]))) {
        const table = partitionName(level, day);
        for (const key of [...this.#stmts.keys()]) {
          if (key.endsWith(` ${table}`)) this.#stmts.delete(key);
        }
        this.#db.exec(`DROP TABLE IF EXISTS ${table}`);
        this.#days[level].delete(day);
        dropped++;
      }
    }
    return dropped;
  }

  /** Close the store (and its database when it owns it). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#stmts.clear();
    if (this.#ownsDb) this.#db.close();
  }

  /** The series of every sample, creating the unknown ones in their own transaction. */
  #resolve(samples: readonly PointSample[]): Series[] {
    const out = new Array<Series>(samples.length);
    let missing: number[] | undefined;
    for (let i = 0; i < samples.length; i++) {
      const st = this.#byTwin.get(samples[i].twin)?.get(samples[i].point);
      if (st) out[i] = st;
      else (missing ??= []).push(i);
    }
    if (!missing) return out;
    this.#db.exec("BEGIN IMMEDIATE");
    const created: Series[] = [];
    try {
      for (const i of missing) {
        const s = samples[i];
        let st = this.#byTwin.get(s.twin)?.get(s.point);
        if (!st) {
          const { id } = this.#insertSeries.get(s.twin, s.point, s.unit ?? "") as { id: number };
          st = this.#remember(id, s.twin, s.point, s.unit ?? "");
          st.loaded = true; // new: nothing stored, nothing open
          created.push(st);
        }
        out[i] = st;
      }
      this.#db.exec("COMMIT");
    } catch (e) {
      this.#db.exec("ROLLBACK");
      for (const st of created) this.#byTwin.get(st.twin)?.delete(st.point);
      throw e;
    }
    return out;
  }

  #remember(id: number, twin: string, point: string, unit: string): Series {
    let points = this.#byTwin.get(twin);
    if (!points) this.#byTwin.set(twin, points = new Map());
    const st: Series = {
      id,
      twin,
      point,
      unit,
      loaded: false,
      lastTs: -Infinity,
      minute: undefined,
      hour: undefined,
    };
    points.set(point, st);
    return st;
  }

  #refuse(s: PointSample): void {
    if (this.stats.refused++ === 0 || this.stats.refused % 10_000 === 0) {
      this.#log(
        `history: refused ${this.stats.refused} sample(s) with a time outside 1970-9999, ` +
          `latest ${s.twin}.${s.point} at ${s.ts}`,
      );
    }
  }

  /**
   * Read a series' newest stored time and rebuild its open buckets: the
   * open minute (the one of its newest sample that is not bad, the newest
   * the rollups counted) from its raw samples, the open hour from its
   * minute rows.
   */
  #load(st: Series): void {
    st.lastTs = -Infinity;
    st.minute = st.hour = undefined;
    let counted = -Infinity;
    for (const day of this.#days.raw.newestFirst()) {
      if (st.lastTs === -Infinity) {
        const row = this.#stmt(
          "max",
          "raw",
          day,
          (t) => `SELECT max(ts) AS ts FROM ${t} WHERE series = ?`,
        ).get(st.id) as { ts: number | null };
        if (row.ts !== null) st.lastTs = row.ts;
      }
      if (st.lastTs === -Infinity) continue;
      // Walks back from the newest sample; stops at the first that is not bad.
      const good = this.#stmt(
        "good",
        "raw",
        day,
        (t) => `SELECT ts FROM ${t} WHERE series = ? AND (flags & 3) != 2 ORDER BY ts DESC LIMIT 1`,
      ).get(st.id) as { ts: number } | undefined;
      if (good) {
        counted = good.ts;
        break;
      }
    }
    st.loaded = true;
    if (counted === -Infinity) return;
    const minute = bucketStart(counted, ROLLUP_MS["1m"]);
    const hour = bucketStart(counted, ROLLUP_MS["1h"]);
    st.minute = new RollupBucket(minute);
    st.hour = new RollupBucket(hour);
    const raw = this.#stmt(
      "scan",
      "raw",
      dayOf(minute),
      (t) =>
        `SELECT ts, value, flags FROM ${t} WHERE series = ? AND ts >= ? AND ts <= ? ORDER BY ts`,
      true,
    ).all(st.id, minute, minute + ROLLUP_MS["1m"] - 1) as unknown as [number, unknown, number][];
    for (const [ts, value, flags] of raw) {
      if (decodeQuality(flags) !== "bad") st.minute.add(ts, decodeValue(value, flags));
    }
    if (this.#days["1m"].has(dayOf(hour))) {
      for (const b of this.#storedBuckets("1m", dayOf(hour), st.id, hour, minute - 1)) {
        st.hour.merge(b);
      }
    }
  }

  /** Add a counted sample to the series' rollups, writing the buckets it closes. */
  #roll(st: Series, ts: number, value: PointValue): void {
    const minute = bucketStart(ts, ROLLUP_MS["1m"]);
    if (st.minute?.start === minute) {
      st.minute.add(ts, value);
      return;
    }
    if (!st.minute || minute > st.minute.start) {
      // A later minute: the open one is complete.
      if (st.minute) {
        this.#writeBucket("1m", st, st.minute);
        st.hour!.merge(st.minute);
      }
      st.minute = new RollupBucket(minute);
      st.minute.add(ts, value);
      const hour = bucketStart(minute, ROLLUP_MS["1h"]);
      if (st.hour?.start !== hour) {
        if (st.hour && st.hour.count > 0) this.#writeBucket("1h", st, st.hour);
        st.hour = new RollupBucket(hour);
      }
      return;
    }
    // A late sample in a closed minute: merge it into that minute now, and
    // into its hour, open or closed.
    const one = new RollupBucket(minute);
    one.add(ts, value);
    this.#writeBucket("1m", st, one);
    const hour = bucketStart(minute, ROLLUP_MS["1h"]);
    if (st.hour?.start === hour) st.hour.add(ts, value);
    else {
      const h = new RollupBucket(hour);
      h.add(ts, value);
      this.#writeBucket("1h", st, h);
    }
  }

  #writeBucket(level: "1m" | "1h", st: Series, b: RollupBucket): void {
    this.#rollupUpsert(level, b.start).run(...rollupArgs(st, b));
  }

  #rawExists(day: number, id: number, ts: number): boolean {
    if (!this.#days.raw.has(day)) return false;
    return this.#stmt(
      "exists",
      "raw",
      day,
      (t) => `SELECT 1 AS x FROM ${t} WHERE series = ? AND ts = ?`,
    ).get(id, ts) !== undefined;
  }

  #raw(id: number, q: HistoryQuery, limit: number): { rows: RawRow[]; truncated: boolean } {
    const rows: RawRow[] = [];
    for (const day of this.#days.raw.between(dayOf(q.from), dayOf(q.to))) {
      const left = limit - rows.length;
      const stmt = this.#stmt(
        "range",
        "raw",
        day,
        (t) =>
          `SELECT ts, value, flags FROM ${t} WHERE series = ? AND ts >= ? AND ts <= ? ` +
          `ORDER BY ts LIMIT ?`,
        true,
      );
      // One row past the limit tells whether the limit cut anything.
      const got = stmt.all(id, q.from, q.to, Number.isFinite(left) ? left + 1 : -1) as unknown as [
        number,
        unknown,
        number,
      ][];
      for (const [ts, value, flags] of got) {
        if (rows.length >= limit) return { rows, truncated: true };
        rows.push({ ts, value: decodeValue(value, flags), quality: decodeQuality(flags) });
      }
    }
    return { rows, truncated: false };
  }

  /** Raw samples aggregated into `stepMs` buckets (bad samples left out, as in the rollups). */
  #rawBuckets(id: number, q: HistoryQuery, limit: number) {
    const step = q.stepMs!;
    const out: BucketRow[] = [];
    let open: RollupBucket | undefined;
    for (const day of this.#days.raw.between(dayOf(q.from), dayOf(q.to))) {
      const stmt = this.#stmt(
        "scan",
        "raw",
        day,
        (t) =>
          `SELECT ts, value, flags FROM ${t} WHERE series = ? AND ts >= ? AND ts <= ? ORDER BY ts`,
        true,
      );
      for (
        const [ts, value, flags] of stmt.all(id, q.from, q.to) as unknown as [
          number,
          unknown,
          number,
        ][]
      ) {
        if (decodeQuality(flags) === "bad") continue;
        const start = bucketStart(ts, step);
        if (open && open.start !== start) {
          if (out.length >= limit) return { rows: out, truncated: true };
          out.push(open.row());
          open = undefined;
        }
        (open ??= new RollupBucket(start)).add(ts, decodeValue(value, flags));
      }
    }
    if (open) {
      if (out.length >= limit) return { rows: out, truncated: true };
      out.push(open.row());
    }
    return { rows: out, truncated: false };
  }

  /** Rollup rows of a range, the open buckets included, as the level's own rows or in steps. */
  #rollups(st: Series, q: HistoryQuery, limit: number) {
    const level = q.resolution as "1m" | "1h";
    const step = q.stepMs;
    const from = bucketStart(q.from, ROLLUP_MS[level]);
    const out: BucketRow[] = [];
    let pending: RollupBucket | undefined;
    // Stored rows first, then the open bucket, which is newer than all of them.
    const buckets = function* (this: SqliteHistoryStore): Generator<RollupBucket> {
      for (const day of this.#days[level].between(dayOf(from), dayOf(q.to))) {
        yield* this.#storedBuckets(level, day, st.id, from, q.to);
      }
      const open = this.#openBucket(st, level);
      if (open && open.start >= from && open.start <= q.to) yield open;
    }.call(this);
    for (const b of buckets) {
      const start = step ? bucketStart(b.start, step) : b.start;
      if (pending && pending.start === start) {
        pending.merge(b);
        continue;
      }
      if (pending) {
        if (out.length >= limit) return { rows: out, truncated: true };
        out.push(pending.row());
      }
      pending = new RollupBucket(start);
      pending.merge(b);
    }
    if (pending) {
      if (out.length >= limit) return { rows: out, truncated: true };
      out.push(pending.row());
    }
    return { rows: out, truncated: false };
  }

  /** The open bucket of a level as a row would hold it (the open hour includes the open minute). */
  #openBucket(st: Series, level: "1m" | "1h"): RollupBucket | undefined {
    if (!st.minute) return undefined;
    if (level === "1m") return st.minute.count > 0 ? st.minute : undefined;
    const hour = new RollupBucket(st.hour!.start);
    hour.merge(st.hour!);
    hour.merge(st.minute);
    return hour.count > 0 ? hour : undefined;
  }

  /** Stored buckets of one day table from `from` to `to` (bucket starts), oldest first. */
  #storedBuckets(
    level: "1m" | "1h",
    day: number,
    id: number,
    from: number,
    to: number,
  ): RollupBucket[] {
    const got = this.#stmt(
      "range",
      level,
      day,
      (t) =>
        `SELECT bucket, min, max, sum, num, count, last, last_flags, last_ts FROM ${t} ` +
        `WHERE series = ? AND bucket >= ? AND bucket <= ? ORDER BY bucket`,
      true,
    ).all(id, from, to) as unknown as [
      number,
      number | null,
      number | null,
      number,
      number,
      number,
      unknown,
      number,
      number,
    ][];
    return got.map(([bucket, min, max, sum, num, count, last, lastFlags, lastTs]) => {
      const b = new RollupBucket(bucket);
      b.min = min;
      b.max = max;
      b.sum = sum;
      b.num = num;
      b.count = count;
      b.last = decodeValue(last, lastFlags);
      b.lastTs = lastTs;
      return b;
    });
  }

  #rawUpsert(day: number): StatementSync {
    return this.#stmt(
      "upsert",
      "raw",
      day,
      (t) =>
        `INSERT INTO ${t} (series, ts, value, flags) VALUES (?, ?, ?, ?) ` +
        `ON CONFLICT (series, ts) DO UPDATE SET value = excluded.value, flags = excluded.flags`,
      false,
      true,
    );
  }

  #rollupUpsert(level: "1m" | "1h", bucket: number): StatementSync {
    return this.#stmt(
      "upsert",
      level,
      dayOf(bucket),
      (t) =>
        `INSERT INTO ${t} (series, bucket, min, max, sum, num, count, last, last_flags, last_ts) ` +
        `VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (series, bucket) DO UPDATE SET ` +
        // min(x, NULL) is NULL in SQLite, so each side stands in for a missing other.
        `min = min(coalesce(min, excluded.min), coalesce(excluded.min, min)), ` +
        `max = max(coalesce(max, excluded.max), coalesce(excluded.max, max)), ` +
        `sum = sum + excluded.sum, num = num + excluded.num, count = count + excluded.count, ` +
        `last = CASE WHEN excluded.last_ts >= last_ts THEN excluded.last ELSE last END, ` +
        `last_flags = CASE WHEN excluded.last_ts >= last_ts THEN excluded.last_flags ` +
        `ELSE last_flags END, ` +
        `last_ts = max(last_ts, excluded.last_ts)`,
      false,
      true,
    );
  }

  /**
   * A cached statement on one day table; `create` makes the table first
   * (inside the caller's transaction).
   */
  #stmt(
    kind: string,
    level: Resolution,
    day: number,
    sql: (table: string) => string,
    arrays = false,
    create = false,
  ): StatementSync {
    const table = partitionName(level, day);
    const key = `${kind} ${table}`;
    let stmt = this.#stmts.get(key);
    if (stmt) return stmt;
    if (create && !this.#days[level].has(day)) {
      const columns = level === "raw" ? RAW_COLUMNS : ROLLUP_COLUMNS;
      this.#db.exec(`CREATE TABLE IF NOT EXISTS ${table} (${columns}) WITHOUT ROWID`);
      this.#days[level].add(day);
    }
    stmt = this.#db.prepare(sql(table));
    // Rows as arrays skip building an object per row; the typings lack the method.
    if (arrays) (stmt as unknown as { setReturnArrays(on: boolean): void }).setReturnArrays(true);
    this.#stmts.set(key, stmt);
    return stmt;
  }

  #loadPartitions(): void {
    for (const level of ["raw", "1m", "1h"] as const) this.#days[level] = new DaySet();
    this.#stmts.clear();
    const tables = this.#db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all();
    for (const { name } of tables as { name: string }[]) {
      const p = parsePartitionName(name);
      if (p) this.#days[p.level].add(p.day);
    }
  }
}

/** The bound parameters of a rollup upsert. */
function rollupArgs(st: Series, b: RollupBucket): (number | string | null)[] {
  const last = encodeSample(b.last, "good");
  return [st.id, b.start, b.min, b.max, b.sum, b.num, b.count, last.value, last.flags, b.lastTs];
}
