/**
 * The embedded historian: point samples in a plant's SQLite database, one
 * table per level and UTC day, with 1-minute and 1-hour rollups.
 *
 * Raw samples are rows `(series, ts, value, flags)`. Rollups are not
 * computed from the stored rows: a recorder that stores only some samples
 * (exception reporting) hands the store each point's minute aggregates of
 * every sample through {@linkcode SqliteHistoryStore.rollupsOf}; a caller
 * that writes every sample itself lets the store roll them up
 * ({@linkcode WriteOptions}).
 *
 * Each point's unfinished hours of minutes are held in memory
 * ({@linkcode HourMinutes}) and written once, when the plant's time has
 * moved past them: one packed row of minutes (`m1_YYYYMMDD`) and one hour
 * row (`h1_YYYYMMDD`) per point and hour, in the transaction of the batch
 * that moved time on. Until then the finished minutes are journaled, all
 * points of one hour in one row (`rollup_journal`), so a crash loses only
 * the minute in progress; the journal is read back on opening. Late data
 * for an hour already written is merged into its rows.
 *
 * @module
 */
import type { DatabaseSync, StatementSync } from "node:sqlite";
import type { PointValue, Quality } from "../twins/point.ts";
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
  type SampleColumns,
  type SeriesResult,
  type StoredSeries,
  type WriteOptions,
} from "./history_store.ts";
import { HourMinutes, hourOf, PackReader, PackWriter } from "./minute_pack.ts";
import { migrate } from "./plant_database.ts";
import type { MinuteRollups, MinuteSink } from "./recorded_points.ts";
import { bucketStart, RollupBucket } from "./rollup_bucket.ts";
import { BlockEncoder, type BlockSample, decodeBlock, latestByTime } from "./raw_block.ts";
import { decodeQuality, decodeValue, encodeSample, numericOf } from "./sample_codec.ts";

/** The `history` component's schema steps (see {@linkcode migrate}). */
const SCHEMA: readonly string[] = [
  `CREATE TABLE series (
     id INTEGER PRIMARY KEY,
     twin TEXT NOT NULL,
     point TEXT NOT NULL,
     unit TEXT NOT NULL DEFAULT '',
     UNIQUE (twin, point)
   )`,
  // Version 2: raw samples in blocks and minutes packed by the hour (both
  // converted on opening), and the journal of unwritten minutes.
  `CREATE TABLE rollup_journal (id INTEGER PRIMARY KEY, hour INTEGER NOT NULL, data BLOB NOT NULL)`,
];

/*
 * Every day table is keyed by hour first, then point: what an hour adds
 * goes to the end of the table, onto pages of its own. Keyed by point
 * first, every flush rewrote a page per point (4,900 on the demo plant)
 * however little each point had to add, and commits cost more than the
 * simulation.
 */

/**
 * Columns of a day table of raw samples: blocks of one point's samples
 * within one hour (see raw_block.ts); `id` = ((hour of the day x 2^26) +
 * series) x 2^22 + the block's start in ms after the hour; `t1` is the
 * latest time in the block and `n` its samples.
 */
const RAW_COLUMNS = `(id INTEGER PRIMARY KEY, series INTEGER NOT NULL, t0 INTEGER NOT NULL,
  t1 INTEGER NOT NULL, n INTEGER NOT NULL, data BLOB NOT NULL)`;
/** A raw block takes appends until it holds this many bytes (a row stays on its page). */
const BLOCK_BYTES = 2_000;
/**
 * Columns of a day table of packed minutes: one row per point and hour,
 * `id` = hour of the day x 2^27 + series (a rowid table, so a row of up to
 * 2.6 KB stays on its page).
 */
const MINUTE_COLUMNS =
  `(id INTEGER PRIMARY KEY, series INTEGER NOT NULL, hour INTEGER NOT NULL, minutes BLOB NOT NULL)`;
/** Columns of a day table of hour buckets; `id` as for minutes. */
const HOUR_COLUMNS = `(id INTEGER PRIMARY KEY, series INTEGER NOT NULL, bucket INTEGER NOT NULL,
  min REAL, max REAL, sum REAL NOT NULL, num INTEGER NOT NULL, count INTEGER NOT NULL,
  last, last_flags INTEGER NOT NULL, last_ts INTEGER NOT NULL)`;

/** The id of a point's row for the hour starting at `hour` (minutes and hour tables). */
function hourRowId(series: number, hour: number): number {
  return ((hour - dayOf(hour) * DAY) / HOUR) * 2 ** 27 + series;
}

/** The id of a point's raw block starting at `t0`. */
function blockId(series: number, t0: number): number {
  const hour = hourOf(t0);
  return (((hour - dayOf(hour) * DAY) / HOUR) * 2 ** 26 + series) * 2 ** 22 + (t0 - hour);
}

const MINUTE = ROLLUP_MS["1m"];
const HOUR = ROLLUP_MS["1h"];
const DAY = 86_400_000;

/** Options for {@linkcode SqliteHistoryStore}. */
export interface SqliteHistoryStoreOptions {
  /** Close the database when the store closes (default true). */
  ownsDatabase?: boolean;
  /** Where to report samples refused for a bad time. Default console.error. */
  log?(message: string): void;
}

/** Counters for `/metrics` and tests. */
export interface HistoryStoreStats {
  /** Samples written. */
  samples: number;
  /** Batches committed. */
  batches: number;
  /** Samples refused (a time outside 1970-9999 or not a number). */
  refused: number;
  /** Point-hours of rollups written. */
  hours: number;
}

/** The store's running rollup state, shared by its series. */
interface RollupState {
  /** Start of the newest minute any point has data in: the minutes before it are complete. */
  frontier: number;
  /** The frontier when the journal was last written. */
  journaled: number;
  /** Whether a minute before `journaled` changed (late data) and needs journaling. */
  late: boolean;
  /** Series with unwritten hours. */
  open: Set<Series>;
  /** Whether the store is closed (aggregates after it are dropped). */
  closed: boolean;
}

/** What the store knows about one point; also the sink of its minute aggregates. */
class Series implements MinuteSink {
  /** Row id in `series`, or -1 before it is written. */
  id: number;
  readonly twin: string;
  readonly point: string;
  readonly unit: string;
  /** Newest raw time stored (for rolling up written samples once), NaN until read. */
  lastTs = NaN;
  /** Hours of minutes not written yet, oldest first. */
  hours: HourMinutes[] = [];
  /** The raw block appends go to: its hour, start and size so far. */
  block: { hour: number; t0: number; bytes: number } | undefined;
  /** A written hour kept to be the next one (a point makes one a simulated hour). */
  spare: HourMinutes | undefined;
  /** Where this series' samples sit in the batch being written: the batch's mark, first, count. */
  mark = 0;
  first = 0;
  count = 0;
  readonly #state: RollupState;

  /** Whether this series belongs to the store whose rollup state is `state`. */
  of(state: RollupState): boolean {
    return this.#state === state;
  }

  constructor(id: number, twin: string, point: string, unit: string, state: RollupState) {
    this.id = id;
    this.twin = twin;
    this.point = point;
    this.unit = unit;
    this.#state = state;
  }

  add(
    start: number,
    count: number,
    num: number,
    min: number,
    max: number,
    sum: number,
    last: PointValue,
    lastTs: number,
  ): void {
    const s = this.#state;
    if (s.closed) return;
    this.hourAt(hourOf(start)).add(start, count, num, min, max, sum, last, lastTs);
    if (start > s.frontier) s.frontier = start;
    else if (start < s.journaled) s.late = true;
  }

  /** The unwritten hour starting at `hour`, made when missing. */
  hourAt(hour: number): HourMinutes {
    const hs = this.hours;
    const newest = hs[hs.length - 1];
    if (newest?.start === hour) return newest;
    let i = hs.length;
    while (i > 0 && hs[i - 1].start > hour) i--;
    if (i > 0 && hs[i - 1].start === hour) return hs[i - 1];
    const h = this.spare ?? new HourMinutes(hour);
    if (h === this.spare) {
      h.reset(hour);
      this.spare = undefined;
    }
    hs.splice(i, 0, h);
    this.#state.open.add(this);
    return h;
  }
}

/** Point history in SQLite; see the module doc. */
export class SqliteHistoryStore implements HistoryStore, MinuteRollups {
  /** Counters. */
  readonly stats: HistoryStoreStats = { samples: 0, batches: 0, refused: 0, hours: 0 };
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
  /** The latest statement of each kind and level, with its day. */
  readonly #lastStmt = new Map<string, { day: number; stmt: StatementSync }>();
  readonly #insertSeries: StatementSync;
  readonly #journalInsert: StatementSync;
  readonly #journalDelete: StatementSync;
  readonly #rollups: RollupState = {
    frontier: -Infinity,
    journaled: -Infinity,
    late: false,
    open: new Set(),
    closed: false,
  };
  readonly #pack = new PackWriter();
  readonly #journal = new PackWriter();
  readonly #blockWriter = new PackWriter();
  /** Batch positions grouped by series, reused across batches. */
  #order = new Int32Array(1024);
  #mark = 0;
  readonly #block = new BlockEncoder(this.#blockWriter);
  #closed = false;

  /** Use `db` (opened with {@linkcode openPlantDatabase}); creates the tables it lacks. */
  constructor(db: DatabaseSync, opts: SqliteHistoryStoreOptions = {}) {
    this.#db = db;
    this.#ownsDb = opts.ownsDatabase ?? true;
    this.#log = opts.log ?? ((m) => console.error(m));
    const before = schemaVersion(db);
    migrate(db, "history", SCHEMA);
    this.#insertSeries = db.prepare(
      "INSERT INTO series (twin, point, unit) VALUES (?, ?, ?) RETURNING id",
    );
    this.#journalInsert = db.prepare("INSERT INTO rollup_journal (hour, data) VALUES (?, ?)");
    this.#journalDelete = db.prepare("DELETE FROM rollup_journal WHERE hour < ?");
    for (const row of db.prepare("SELECT id, twin, point, unit FROM series").all()) {
      const r = row as { id: number; twin: string; point: string; unit: string };
      this.#remember(r.id, r.twin, r.point, r.unit);
    }
    if (before === 1) {
      this.#convertRawRows();
      this.#convertMinuteRows();
    }
    this.#loadPartitions();
    this.#readJournal();
  }

  /**
   * The sink of one point's minute aggregates (see {@linkcode MinuteRollups}):
   * what it is given is held with the point's unwritten hours and written
   * with the next batches.
   */
  rollupsOf(twin: string, point: string, unit: string): MinuteSink {
    return this.#byTwin.get(twin)?.get(point) ?? this.#remember(-1, twin, point, unit);
  }

  /** Store a batch in one transaction; see {@linkcode HistoryWriter.write}. */
  write(samples: readonly PointSample[], opts: WriteOptions = {}): void {
    this.writeColumns(new ArrayColumns(samples), 0, samples.length, opts);
  }

  /** Store samples `start` to `end` of a batch in columns; see {@linkcode HistoryWriter.writeColumns}. */
  writeColumns(batch: SampleColumns, start: number, end: number, opts: WriteOptions = {}): void {
    if (this.#closed) throw new Error("history store is closed");
    const rollup = opts.rollup ?? true;
    const r = this.#rollups;
    const closeBefore = hourOf(r.frontier);
    const journal = r.frontier > r.journaled || r.late;
    if (end <= start && !journal && !this.#hoursBefore(closeBefore)) return;
    // Each point's samples together, in the order they came (a counting sort).
    const n = Math.max(0, end - start);
    const series = new Array<Series>(n);
    const order: Series[] = [];
    const mark = ++this.#mark;
    for (let i = 0; i < n; i++) {
      const st = series[i] = this.#seriesAt(batch, start + i);
      if (st.mark !== mark) {
        st.mark = mark;
        st.count = 0;
        order.push(st);
      }
      st.count++;
    }
    let at = 0;
    for (const st of order) {
      st.first = at;
      at += st.count;
      st.count = 0;
    }
    if (this.#order.length < n) this.#order = new Int32Array(Math.max(n, 2 * this.#order.length));
    const idx = this.#order;
    for (let i = 0; i < n; i++) {
      const st = series[i];
      idx[st.first + st.count++] = start + i;
    }
    const created: Series[] = [];
    const counted: number[] = [];
    let written = 0;
    let done: (() => void) | undefined;
    this.#db.exec("BEGIN IMMEDIATE");
    try {
      for (const st of order) if (st.id < 0) this.#create(st, created);
      for (const st of r.open) if (st.id < 0) this.#create(st, created);
      for (const st of order) written += this.#writeRaw(st, batch, idx, rollup, counted);
      done = this.#persistRollups(closeBefore, journal);
      this.#db.exec("COMMIT");
    } catch (err) {
      this.#db.exec("ROLLBACK");
      for (const st of created) st.id = -1;
      // What the batch did in memory is undone by reading it back.
      for (const st of order) {
        st.lastTs = NaN;
        st.block = undefined;
      }
      // Tables created in the rolled-back transaction are gone again.
      this.#loadPartitions();
      throw err;
    }
    done();
    // Samples roll up once they are stored, so a refused batch, retried, counts once.
    for (const i of counted) {
      const value = batch.value(i);
      const x = numericOf(value);
      const ts = Math.round(batch.ts(i));
      series[i - start].add(
        bucketStart(ts, MINUTE),
        1,
        x === undefined ? 0 : 1,
        x ?? NaN,
        x ?? NaN,
        x ?? 0,
        value,
        ts,
      );
    }
    this.stats.samples += written;
    this.stats.batches++;
    if (counted.length > 0) this.#persist();
  }

  /**
   * Inside the batch's transaction: append a series' samples of the batch
   * to its open raw block (or new ones: a block holds one hour, samples
   * from its start on, and about 2 KB). Returns how many were written.
   */
  #writeRaw(
    st: Series,
    batch: SampleColumns,
    idx: Int32Array,
    rollup: boolean,
    counted: number[],
  ): number {
    const enc = this.#block;
    let hour = NaN;
    let t0 = 0;
    let t1 = -Infinity;
    let n = 0;
    let written = 0;
    const put = () => {
      if (n === 0) return;
      this.#rawUpsert(dayOf(hour)).run(
        blockId(st.id, t0),
        st.id,
        t0,
        t1,
        n,
        this.#blockWriter.view(),
      );
      st.block!.bytes += enc.length;
      n = 0;
      t1 = -Infinity;
    };
    for (let k = st.first; k < st.first + st.count; k++) {
      const i = idx[k];
      const raw = batch.ts(i);
      const ts = Math.round(raw);
      if (!(ts >= MIN_TS && ts <= MAX_TS)) {
        this.#refuse(batch.twin(i), batch.point(i), raw);
        continue;
      }
      const h = hourOf(ts);
      const quality = batch.quality(i);
      if (rollup && quality !== "bad") {
        // A late sample is looked up among the samples written, this batch's too.
        if (!(ts > st.lastTs)) put();
        if (this.#counts(st, ts)) counted.push(i);
      }
      const b = st.block;
      if (n > 0 && (h !== hour || ts < t0 || b!.bytes + enc.length >= BLOCK_BYTES)) put();
      if (n === 0) {
        const open = b !== undefined && b.hour === h && ts >= b.t0 && b.bytes < BLOCK_BYTES;
        if (!open) st.block = { hour: h, t0: ts, bytes: 0 };
        hour = h;
        t0 = st.block!.t0;
        enc.start(t0);
      }
      enc.add(ts, batch.value(i), quality);
      n++;
      if (ts > t1) t1 = ts;
      if (rollup && ts > st.lastTs) st.lastTs = ts;
      written++;
    }
    put();
    return written;
  }

  /**
   * Journal and write what the rollups of a batch finished, in a
   * transaction of their own. Should it fail, the batch written before it
   * can be written again: its samples are stored once and count once.
   */
  #persist(): void {
    const r = this.#rollups;
    const closeBefore = hourOf(r.frontier);
    const journal = r.frontier > r.journaled || r.late;
    if (!journal && !this.#hoursBefore(closeBefore)) return;
    const created: Series[] = [];
    let done: () => void;
    this.#db.exec("BEGIN IMMEDIATE");
    try {
      for (const st of r.open) if (st.id < 0) this.#create(st, created);
      done = this.#persistRollups(closeBefore, journal);
      this.#db.exec("COMMIT");
    } catch (err) {
      this.#db.exec("ROLLBACK");
      for (const st of created) st.id = -1;
      this.#loadPartitions();
      throw err;
    }
    done();
  }

  /**
   * Whether commits wait for the disk at checkpoints (default: yes,
   * `synchronous=NORMAL`). A run on virtual time turns it off
   * (`synchronous=OFF`): a killed process still leaves a whole store, a
   * power cut may not, and writes cost a third less.
   */
  syncToDisk(on: boolean): void {
    this.#db.exec(`PRAGMA synchronous = ${on ? "NORMAL" : "OFF"}`);
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
          : this.#rollupRows(st, q, limit);
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
    if (!points) return false;
    if (point !== undefined) return (points.get(point)?.id ?? -1) >= 0;
    for (const s of points.values()) if (s.id >= 0) return true;
    return false;
  }

  /** Every point with history. */
  series(): StoredSeries[] {
    const out: StoredSeries[] = [];
    for (const points of this.#byTwin.values()) {
      for (const s of points.values()) {
        if (s.id >= 0) out.push({ twin: s.twin, point: s.point, unit: s.unit });
      }
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
        this.#lastStmt.clear();
        this.#db.exec(`DROP TABLE IF EXISTS ${table}`);
        this.#days[level].delete(day);
        dropped++;
      }
    }
    return dropped;
  }

  /**
   * Write the unwritten hours (the one in progress too) and close the
   * store (and its database when it owns it). A later store on the same
   * database merges what it writes for the same hours.
   */
  close(): void {
    if (this.#closed) return;
    try {
      if (this.#rollups.open.size > 0) {
        this.#rollups.frontier = Infinity;
        this.write([]);
      }
    } catch (e) {
      this.#log(`history: writing the rollups on closing failed: ${(e as Error).message}`);
    }
    this.#closed = true;
    this.#rollups.closed = true;
    this.#stmts.clear();
    this.#lastStmt.clear();
    if (this.#ownsDb) this.#db.close();
  }

  /** The series of sample `i`, made in memory when unknown (written with the batch). */
  #seriesAt(batch: SampleColumns, i: number): Series {
    const sink = batch.sink(i);
    if (sink instanceof Series && sink.of(this.#rollups)) return sink;
    const twin = batch.twin(i);
    const point = batch.point(i);
    return this.#byTwin.get(twin)?.get(point) ?? this.#remember(-1, twin, point, batch.unit(i));
  }

  #create(st: Series, created: Series[]): void {
    const { id } = this.#insertSeries.get(st.twin, st.point, st.unit) as { id: number };
    st.id = id;
    st.lastTs = -Infinity; // new: nothing stored
    created.push(st);
  }

  #remember(id: number, twin: string, point: string, unit: string): Series {
    let points = this.#byTwin.get(twin);
    if (!points) this.#byTwin.set(twin, points = new Map());
    const st = new Series(id, twin, point, unit, this.#rollups);
    points.set(point, st);
    return st;
  }

  #refuse(twin: string, point: string, ts: number): void {
    if (this.stats.refused++ === 0 || this.stats.refused % 10_000 === 0) {
      this.#log(
        `history: refused ${this.stats.refused} sample(s) with a time outside 1970-9999, ` +
          `latest ${twin}.${point} at ${ts}`,
      );
    }
  }

  /**
   * Whether a written sample counts towards the rollups: when it is newer
   * than anything stored, or older but not stored yet. The same time again
   * is the same sample with a new quality (a point gone stale).
   */
  #counts(st: Series, ts: number): boolean {
    if (st.lastTs !== st.lastTs) st.lastTs = this.#newestRaw(st.id);
    if (ts > st.lastTs) return true;
    if (ts === st.lastTs) return false;
    return !this.#rawSamples(st.id, hourOf(ts), ts, ts).some((x) => x.ts === ts);
  }

  /** Newest raw time of a series, or -Infinity (an hour's look-up at a time, newest first). */
  #newestRaw(id: number): number {
    if (id < 0) return -Infinity;
    for (const day of this.#days.raw.newestFirst()) {
      const stmt = this.#stmt(
        "max",
        "raw",
        day,
        (t) => `SELECT max(t1) AS ts FROM ${t} WHERE id >= ? AND id < ?`,
      );
      for (let hour = day * DAY + 23 * HOUR; hour >= day * DAY; hour -= HOUR) {
        const first = blockId(id, hour);
        const row = stmt.get(first, first + 2 ** 22) as { ts: number | null };
        if (row.ts !== null) return row.ts;
      }
    }
    return -Infinity;
  }

  /** A series' stored samples of one hour from `from` to `to`, in time order, one per time. */
  #rawSamples(id: number, hour: number, from: number, to: number): BlockSample[] {
    const day = dayOf(hour);
    if (id < 0 || !this.#days.raw.has(day)) return [];
    const upTo = Math.min(to, hour + HOUR - 1);
    if (upTo < hour) return [];
    const blocks = this.#stmt(
      "range",
      "raw",
      day,
      // A block holds no sample before its start, so blocks starting after `to` are left out.
      (t) => `SELECT t0, data FROM ${t} WHERE id >= ? AND id <= ? AND t1 >= ? ORDER BY id`,
      true,
    ).all(blockId(id, hour), blockId(id, upTo), from) as unknown as [number, Uint8Array][];
    if (blocks.length === 0) return [];
    const all: BlockSample[] = [];
    for (const [t0, data] of blocks) decodeBlock(t0, data, all);
    return latestByTime(all).filter((x) => x.ts >= from && x.ts <= to);
  }

  /** The hours from the one holding `from` to the one holding `to` that have raw tables. */
  *#rawHours(from: number, to: number): Generator<number> {
    for (const day of this.#days.raw.between(dayOf(from), dayOf(to))) {
      const first = Math.max(hourOf(from), day * DAY);
      const last = Math.min(hourOf(to), day * DAY + 23 * HOUR);
      for (let h = first; h <= last; h += HOUR) yield h;
    }
  }

  /** Whether any series holds an unwritten hour before `hour`. */
  #hoursBefore(hour: number): boolean {
    for (const st of this.#rollups.open) if (st.hours[0].start < hour) return true;
    return false;
  }

  /**
   * Inside the batch's transaction: write every unwritten hour before
   * `closeBefore`, journal the finished minutes of the others, and drop
   * the journal of the written hours. Returns what to apply in memory once
   * the transaction commits.
   */
  #persistRollups(closeBefore: number, journal: boolean): () => void {
    const r = this.#rollups;
    const written: Series[] = [];
    const cleaned: [HourMinutes, number[]][] = [];
    const entries = new Map<number, PackWriter>();
    for (const st of r.open) {
      let k = 0;
      for (; k < st.hours.length && st.hours[k].start < closeBefore; k++) {
        this.#writeHour(st, st.hours[k]);
      }
      if (k > 0) written.push(st);
      if (!journal) continue;
      for (let j = k; j < st.hours.length; j++) {
        const h = st.hours[j];
        const minutes = h.dirtyBefore(r.frontier);
        if (minutes.length === 0) continue;
        let w = entries.get(h.start);
        if (!w) {
          entries.set(h.start, w = new PackWriter());
        }
        this.#pack.reset();
        h.pack(this.#pack, minutes);
        w.u32(st.id);
        w.u32(this.#pack.length);
        w.raw(this.#pack.view());
        cleaned.push([h, minutes]);
      }
    }
    if (written.length > 0) this.#journalDelete.run(closeBefore);
    for (const [hour, w] of entries) this.#journalInsert.run(hour, w.view());
    return () => {
      for (const st of written) {
        const before = st.hours.length;
        st.spare = st.hours[0];
        st.hours = st.hours.filter((h) => h.start >= closeBefore);
        this.stats.hours += before - st.hours.length;
        if (st.hours.length === 0) r.open.delete(st);
      }
      for (const [h, minutes] of cleaned) h.clean(minutes);
      if (journal) {
        r.journaled = r.frontier;
        r.late = false;
      }
    };
  }

  /** Write one point-hour: its packed minutes and its hour bucket, merged with rows already there. */
  #writeHour(st: Series, h: HourMinutes): void {
    const hourBucket = h.hour();
    if (!hourBucket) return;
    const day = dayOf(h.start);
    const id = hourRowId(st.id, h.start);
    this.#pack.reset();
    h.pack(this.#pack);
    const insert = this.#stmt(
      "insert",
      "1m",
      day,
      (t) =>
        `INSERT INTO ${t} (id, series, hour, minutes) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      false,
      true,
    );
    if (insert.run(id, st.id, h.start, this.#pack.view()).changes === 0) {
      // An earlier run wrote part of this hour (it stopped, or data came late).
      const row = this.#stmt("get", "1m", day, (t) => `SELECT minutes FROM ${t} WHERE id = ?`)
        .get(id) as { minutes: Uint8Array };
      const merged = new HourMinutes(h.start);
      merged.unpack(row.minutes, "merge");
      merged.merge(h);
      this.#pack.reset();
      merged.pack(this.#pack);
      this.#stmt("update", "1m", day, (t) => `UPDATE ${t} SET minutes = ? WHERE id = ?`)
        .run(this.#pack.view(), id);
    }
    this.#hourUpsert(day).run(id, ...hourArgs(st.id, hourBucket));
  }

  /** Rebuild the unwritten hours from the journal (after a crash). */
  #readJournal(): void {
    const rows = this.#db.prepare("SELECT hour, data FROM rollup_journal ORDER BY id").all() as {
      hour: number;
      data: Uint8Array;
    }[];
    const byId = new Map<number, Series>();
    for (const points of this.#byTwin.values()) for (const s of points.values()) byId.set(s.id, s);
    const r = this.#rollups;
    for (const { hour, data } of rows) {
      const reader = new PackReader(data);
      while (!reader.done) {
        const id = reader.u32();
        const pack = reader.raw(reader.u32());
        const st = byId.get(id);
        if (!st) continue;
        const newest = st.hourAt(hour).unpack(pack, "replace");
        // Every journaled minute was finished: time had reached the next one.
        if (newest + MINUTE > r.frontier) r.frontier = newest + MINUTE;
      }
    }
    r.journaled = r.frontier;
  }

  /**
   * Rebuild every version-1 table matching `glob` in one transaction: the
   * old table is renamed `old_<name>`, a new one made with `columns`, filled
   * by `fill(table)` from the old one, and the old one dropped. Returns how
   * many tables were rebuilt.
   */
  #rebuildTables(glob: string, columns: string, fill: (table: string) => void): number {
    const tables = (this.#db.prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name GLOB ?",
    ).all(glob) as { name: string }[]).map((t) => t.name);
    if (tables.length === 0) return 0;
    this.#db.exec("BEGIN IMMEDIATE");
    try {
      for (const table of tables) {
        this.#db.exec(`ALTER TABLE ${table} RENAME TO old_${table}`);
        this.#db.exec(`CREATE TABLE ${table} ${columns}`);
        fill(table);
        this.#db.exec(`DROP TABLE old_${table}`);
      }
      this.#db.exec("COMMIT");
    } catch (e) {
      this.#db.exec("ROLLBACK");
      throw e;
    }
    return tables.length;
  }

  /** Version 1 kept a row per raw sample: pack them into blocks. */
  #convertRawRows(): void {
    const days = this.#rebuildTables("raw_[0-9]*", RAW_COLUMNS, (table) => {
      const insert = this.#db.prepare(
        `INSERT INTO ${table} (id, series, t0, t1, n, data) VALUES (?, ?, ?, ?, ?, ?)`,
      );
      const enc = this.#block;
      let id = -1;
      let t0 = 0;
      let t1 = 0;
      let n = 0;
      const put = () => {
        if (n === 0) return;
        insert.run(blockId(id, t0), id, t0, t1, n, this.#blockWriter.view());
        n = 0;
      };
      const rows = this.#db.prepare(
        `SELECT series, ts, value, flags FROM old_${table} ORDER BY series, ts`,
      );
      for (const row of rows.iterate()) {
        const r = row as { series: number; ts: number; value: unknown; flags: number };
        if (
          n > 0 && (r.series !== id || hourOf(r.ts) !== hourOf(t0) || enc.length >= BLOCK_BYTES)
        ) put();
        if (n === 0) {
          id = r.series;
          t0 = r.ts;
          enc.start(t0);
        }
        enc.add(r.ts, decodeValue(r.value, r.flags), decodeQuality(r.flags));
        t1 = r.ts;
        n++;
      }
      put();
    });
    if (days > 0) this.#log(`history: packed the raw samples of ${days} day(s) into blocks`);
  }

  /** Version 1 kept a row per point and minute: pack them by the hour. */
  #convertMinuteRows(): void {
    const days = this.#rebuildTables("m1_[0-9]*", MINUTE_COLUMNS, (table) => {
      const insert = this.#db.prepare(
        `INSERT INTO ${table} (id, series, hour, minutes) VALUES (?, ?, ?, ?)`,
      );
      let h: HourMinutes | undefined;
      let id = -1;
      const flush = () => {
        if (!h) return;
        this.#pack.reset();
        h.pack(this.#pack);
        insert.run(hourRowId(id, h.start), id, h.start, this.#pack.view());
      };
      for (
        const row of this.#db.prepare(
          `SELECT series, bucket, min, max, sum, num, count, last, last_flags, last_ts FROM old_${table} ORDER BY series, bucket`,
        ).iterate()
      ) {
        const b = row as {
          series: number;
          bucket: number;
          min: number | null;
          max: number | null;
          sum: number;
          num: number;
          count: number;
          last: unknown;
          last_flags: number;
          last_ts: number;
        };
        if (!h || b.series !== id || hourOf(b.bucket) !== h.start) {
          flush();
          h = new HourMinutes(hourOf(b.bucket));
          id = b.series;
        }
        h.add(
          b.bucket,
          b.count,
          b.num,
          b.min ?? NaN,
          b.max ?? NaN,
          b.sum,
          decodeValue(b.last, b.last_flags),
          b.last_ts,
        );
      }
      flush();
    });
    if (days > 0) {
      this.#log(`history: packed the 1-minute rollups of ${days} day(s) by the hour`);
    }
  }

  #raw(id: number, q: HistoryQuery, limit: number): { rows: RawRow[]; truncated: boolean } {
    const rows: RawRow[] = [];
    for (const hour of this.#rawHours(q.from, q.to)) {
      for (const x of this.#rawSamples(id, hour, q.from, q.to)) {
        if (rows.length >= limit) return { rows, truncated: true };
        rows.push(x);
      }
    }
    return { rows, truncated: false };
  }

  /** Raw samples aggregated into `stepMs` buckets (bad samples left out, as in the rollups). */
  #rawBuckets(id: number, q: HistoryQuery, limit: number) {
    const step = q.stepMs!;
    const out: BucketRow[] = [];
    let open: RollupBucket | undefined;
    for (const hour of this.#rawHours(q.from, q.to)) {
      for (const { ts, value, quality } of this.#rawSamples(id, hour, q.from, q.to)) {
        if (quality === "bad") continue;
        const start = bucketStart(ts, step);
        if (open && open.start !== start) {
          if (out.length >= limit) return { rows: out, truncated: true };
          out.push(open.row());
          open = undefined;
        }
        (open ??= new RollupBucket(start)).add(ts, value);
      }
    }
    if (open) {
      if (out.length >= limit) return { rows: out, truncated: true };
      out.push(open.row());
    }
    return { rows: out, truncated: false };
  }

  /** Rollup rows of a range, unwritten hours included, as the level's own rows or in steps. */
  #rollupRows(st: Series, q: HistoryQuery, limit: number) {
    const level = q.resolution as "1m" | "1h";
    const width = ROLLUP_MS[level];
    const step = q.stepMs ?? width;
    const from = bucketStart(q.from, width);
    const out: BucketRow[] = [];
    let pending: RollupBucket | undefined;
    for (const b of this.#buckets(st, level, from, q.to)) {
      const start = bucketStart(b.start, step);
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

  /**
   * A level's buckets of a series from `from` to `to` (bucket starts),
   * oldest first: the stored ones merged with the unwritten hours.
   */
  *#buckets(st: Series, level: "1m" | "1h", from: number, to: number): Generator<RollupBucket> {
    const memory = st.hours.filter((h) => h.start + HOUR > from && h.start <= to);
    let m = 0;
    const fromMemory = function* (upTo: number): Generator<RollupBucket> {
      for (; m < memory.length && memory[m].start < upTo; m++) {
        yield* bucketsOf(memory[m], level, from, to);
      }
    };
    if (st.id >= 0) {
      for (const day of this.#days[level].between(dayOf(from), dayOf(to))) {
        for (const stored of this.#storedHours(st.id, level, day, from, to)) {
          yield* fromMemory(stored.start);
          // An hour both stored and unwritten (a restart within it): merge the two.
          if (m < memory.length && memory[m].start === stored.start) {
            stored.merge(memory[m++]);
          }
          yield* bucketsOf(stored, level, from, to);
        }
      }
    }
    yield* fromMemory(Infinity);
  }

  /** The stored hours of a series in one day table overlapping `from`-`to`, as packs of minutes or hour buckets. */
  #storedHours(
    id: number,
    level: "1m" | "1h",
    day: number,
    from: number,
    to: number,
  ): HourMinutes[] {
    const first = Math.max(hourOf(from), day * DAY);
    const last = Math.min(hourOf(to), day * DAY + 23 * HOUR);
    const out: HourMinutes[] = [];
    if (last < first) return out;
    // A point's hours of a day are 24 rows apart: one statement fetches them all.
    const ids: number[] = [];
    for (let hour = first; hour <= last; hour += HOUR) ids.push(hourRowId(id, hour));
    while (ids.length < 24) ids.push(ids[ids.length - 1]);
    const marks = Array(24).fill("?").join(", ");
    if (level === "1m") {
      const got = this.#stmt(
        "hours",
        "1m",
        day,
        (t) => `SELECT hour, minutes FROM ${t} WHERE id IN (${marks}) ORDER BY id`,
        true,
      ).all(...ids) as unknown as [number, Uint8Array][];
      for (const [hour, minutes] of got) {
        const h = new HourMinutes(hour);
        h.unpack(minutes, "merge");
        out.push(h);
      }
      return out;
    }
    const got = this.#stmt(
      "hours",
      "1h",
      day,
      (t) =>
        `SELECT bucket, min, max, sum, num, count, last, last_flags, last_ts FROM ${t} ` +
        `WHERE id IN (${marks}) ORDER BY id`,
      true,
    ).all(...ids) as unknown as [
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
    for (const [hour, min, max, sum, num, count, last, lastFlags, lastTs] of got) {
      // An hour bucket carried as minute 0 of an hour, so both levels merge alike.
      const h = new HourMinutes(hour);
      h.add(hour, count, num, min ?? NaN, max ?? NaN, sum, decodeValue(last, lastFlags), lastTs);
      out.push(h);
    }
    return out;
  }

  #rawUpsert(day: number): StatementSync {
    return this.#stmt(
      "upsert",
      "raw",
      day,
      (t) =>
        `INSERT INTO ${t} (id, series, t0, t1, n, data) VALUES (?, ?, ?, ?, ?, ?) ` +
        `ON CONFLICT (id) DO UPDATE SET t1 = max(t1, excluded.t1), n = n + excluded.n, ` +
        // || makes text of blobs; the cast keeps the bytes as they are.
        `data = CAST(data || excluded.data AS BLOB)`,
      false,
      true,
    );
  }

  #hourUpsert(day: number): StatementSync {
    return this.#stmt(
      "upsert",
      "1h",
      day,
      (t) =>
        `INSERT INTO ${t} (id, series, bucket, min, max, sum, num, count, last, last_flags, ` +
        `last_ts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET ` +
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
    // The statement of the same kind on the same day as last time: no name to build.
    const lastKey = `${kind} ${level}`;
    const last = this.#lastStmt.get(lastKey);
    if (last?.day === day) return last.stmt;
    const table = partitionName(level, day);
    const key = `${kind} ${table}`;
    let stmt = this.#stmts.get(key);
    if (stmt) {
      this.#lastStmt.set(lastKey, { day, stmt });
      return stmt;
    }
    if (create && !this.#days[level].has(day)) {
      const columns = level === "raw"
        ? RAW_COLUMNS
        : level === "1m"
        ? MINUTE_COLUMNS
        : HOUR_COLUMNS;
      this.#db.exec(`CREATE TABLE IF NOT EXISTS ${table} ${columns}`);
      this.#days[level].add(day);
    }
    stmt = this.#db.prepare(sql(table));
    // Rows as arrays skip building an object per row; the typings lack the method.
    if (arrays) (stmt as unknown as { setReturnArrays(on: boolean): void }).setReturnArrays(true);
    this.#stmts.set(key, stmt);
    this.#lastStmt.set(lastKey, { day, stmt });
    return stmt;
  }

  #loadPartitions(): void {
    for (const level of ["raw", "1m", "1h"] as const) this.#days[level] = new DaySet();
    this.#stmts.clear();
    this.#lastStmt.clear();
    const tables = this.#db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all();
    for (const { name } of tables as { name: string }[]) {
      const p = parsePartitionName(name);
      if (p) this.#days[p.level].add(p.day);
    }
  }
}

/** The buckets of one hour at a level that fall from `from` to `to`. */
function* bucketsOf(
  h: HourMinutes,
  level: "1m" | "1h",
  from: number,
  to: number,
): Generator<RollupBucket> {
  if (level === "1h") {
    const b = h.hour();
    if (b && b.start >= from && b.start <= to) yield b;
    return;
  }
  for (let i = 0; i < 60; i++) {
    const start = h.start + i * MINUTE;
    if (start < from || start > to) continue;
    const b = h.bucket(i);
    if (b) yield b;
  }
}

/** The bound parameters of an hour upsert. */
function hourArgs(id: number, b: RollupBucket): (number | string | null)[] {
  const last = encodeSample(b.last, "good");
  return [id, b.start, b.min, b.max, b.sum, b.num, b.count, last.value, last.flags, b.lastTs];
}

/** The history schema version of `db` before migrating: 0 when it has none. */
function schemaVersion(db: DatabaseSync): number {
  const has = db.prepare(
    "SELECT 1 AS x FROM sqlite_master WHERE type = 'table' AND name = 'schema_versions'",
  ).get();
  if (!has) return 0;
  const row = db.prepare("SELECT version FROM schema_versions WHERE component = 'history'").get() as
    | { version: number }
    | undefined;
  return row?.version ?? 0;
}

/** Sample objects seen as columns. */
class ArrayColumns implements SampleColumns {
  readonly #s: readonly PointSample[];

  constructor(samples: readonly PointSample[]) {
    this.#s = samples;
  }

  get length(): number {
    return this.#s.length;
  }

  twin(i: number): string {
    return this.#s[i].twin;
  }

  point(i: number): string {
    return this.#s[i].point;
  }

  unit(i: number): string {
    return this.#s[i].unit ?? "";
  }

  ts(i: number): number {
    return this.#s[i].ts;
  }

  value(i: number): PointValue {
    return this.#s[i].value;
  }

  quality(i: number): Quality {
    return this.#s[i].quality;
  }

  sink(): unknown {
    return undefined;
  }
}
