/**
 * The embedded historian: point samples in a plant's SQLite database, one
 * table per level and UTC day, with 1-minute and 1-hour rollups kept up to
 * date as each batch comes in. A batch and the rollups it changes commit in
 * one transaction, so after a crash the rollups always agree with the raw
 * samples that survived.
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
import { decodeQuality, decodeValue, encodeSample } from "./sample_codec.ts";

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
  /** Newest source time stored; undefined until read from the database. */
  lastTs: number | undefined;
  /** Newest time written by the batch in progress. */
  pendingTs: number | undefined;
  /** The batch's open minute and hour buckets. */
  minute: RollupBucket | undefined;
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
    const touched: Series[] = [];
    const minutes: [Series, RollupBucket][] = [];
    const hours: [Series, RollupBucket][] = [];
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
        const d = dayOf(ts);
        if (d !== day) {
          day = d;
          upsert = this.#rawUpsert(d);
        }
        if (st.pendingTs === undefined) {
          st.pendingTs = this.#lastTs(st);
          touched.push(st);
        }
        // A sample counts towards the rollups once: when it is newer than
        // anything stored, or older but not stored yet. The same time again
        // is the same sample with a new quality (a point gone stale).
        let counts = ts > st.pendingTs;
        if (!counts && ts < st.pendingTs) counts = !this.#rawExists(d, st.id, ts);
        const e = encodeSample(s.value, s.quality);
        upsert!.run(st.id, ts, e.value, e.flags);
        written++;
        if (ts > st.pendingTs) st.pendingTs = ts;
        if (counts && s.quality !== "bad") this.#addToRollups(st, ts, s.value, minutes, hours);
      }
      for (const st of touched) {
        if (st.minute) this.#closeMinute(st, minutes, hours);
        if (st.hour) hours.push([st, st.hour]);
        st.hour = undefined;
      }
      for (const [st, b] of minutes) this.#rollupUpsert("1m", b.start).run(...rollupArgs(st, b));
      for (const [st, b] of hours) this.#rollupUpsert("1h", b.start).run(...rollupArgs(st, b));
      this.#db.exec("COMMIT");
    } catch (e) {
      this.#db.exec("ROLLBACK");
      for (const st of touched) {
        st.pendingTs = undefined;
        st.minute = st.hour = undefined;
      }
      // Tables created in the rolled-back transaction are gone again.
      this.#loadPartitions();
      throw e;
    }
    for (const st of touched) {
      st.lastTs = st.pendingTs;
      st.pendingTs = undefined;
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
        const limit = q.limit ?? Infinity;
        const { rows, truncated } = q.resolution === "raw"
          ? (q.stepMs ? this.#rawBuckets(st.id, q, limit) : this.#raw(st.id, q, limit))
          : this.#rollups(st.id, q, limit);
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
          st.lastTs = -Infinity;
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
      lastTs: undefined,
      pendingTs: undefined,
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

  /** Newest stored time of a series, read once from the newest day that has it. */
  #lastTs(st: Series): number {
    if (st.lastTs !== undefined) return st.lastTs;
    st.lastTs = -Infinity;
    for (const day of this.#days.raw.newestFirst()) {
      const row = this.#stmt(
        "max",
        "raw",
        day,
        (t) => `SELECT max(ts) AS ts FROM ${t} WHERE series = ?`,
      )
        .get(st.id) as { ts: number | null };
      if (row.ts !== null) {
        st.lastTs = row.ts;
        break;
      }
    }
    return st.lastTs;
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

  #addToRollups(
    st: Series,
    ts: number,
    value: PointValue,
    minutes: [Series, RollupBucket][],
    hours: [Series, RollupBucket][],
  ): void {
    const start = bucketStart(ts, ROLLUP_MS["1m"]);
    if (st.minute && st.minute.start !== start) this.#closeMinute(st, minutes, hours);
    (st.minute ??= new RollupBucket(start)).add(ts, value);
  }

  /** Move the series' open minute to the batch's minutes and fold it into its hour. */
  #closeMinute(st: Series, minutes: [Series, RollupBucket][], hours: [Series, RollupBucket][]) {
    const m = st.minute!;
    st.minute = undefined;
    minutes.push([st, m]);
    const start = bucketStart(m.start, ROLLUP_MS["1h"]);
    if (st.hour && st.hour.start !== start) {
      hours.push([st, st.hour]);
      st.hour = undefined;
    }
    (st.hour ??= new RollupBucket(start)).merge(m);
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

  #rollups(id: number, q: HistoryQuery, limit: number) {
    const level = q.resolution as "1m" | "1h";
    const step = q.stepMs;
    const from = bucketStart(q.from, ROLLUP_MS[level]);
    const out: BucketRow[] = [];
    let open: RollupBucket | undefined;
    for (const day of this.#days[level].between(dayOf(from), dayOf(q.to))) {
      const stmt = this.#stmt(
        "range",
        level,
        day,
        (t) =>
          `SELECT bucket, min, max, sum, num, count, last, last_flags, last_ts FROM ${t} ` +
          `WHERE series = ? AND bucket >= ? AND bucket <= ? ORDER BY bucket`,
        true,
      );
      const got = stmt.all(id, from, q.to) as unknown as [
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
      for (const [bucket, min, max, sum, num, count, last, lastFlags, lastTs] of got) {
        const b = new RollupBucket(step ? bucketStart(bucket, step) : bucket);
        b.min = min;
        b.max = max;
        b.sum = sum;
        b.num = num;
        b.count = count;
        b.last = decodeValue(last, lastFlags);
        b.lastTs = lastTs;
        if (!step) {
          if (out.length >= limit) return { rows: out, truncated: true };
          out.push(b.row());
          continue;
        }
        if (open && open.start !== b.start) {
          if (out.length >= limit) return { rows: out, truncated: true };
          out.push(open.row());
          open = undefined;
        }
        if (open) open.merge(b);
        else open = b;
      }
    }
    if (open) {
      if (out.length >= limit) return { rows: out, truncated: true };
      out.push(open.row());
    }
    return { rows: out, truncated: false };
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
