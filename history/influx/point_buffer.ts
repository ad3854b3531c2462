/**
 * The InfluxDB sink's store-and-forward buffer: lines of line protocol in a
 * SQLite file of their own (`<data>/<plant>.influx-buffer.sqlite`), appended
 * in chunks (one row holds up to a batch of lines, so a point costs its bytes,
 * not a row) and removed only once the server has confirmed them.
 *
 * A file of its own rather than a table in the plant's database: the sink
 * then works with `--no-history`, its delete churn stays out of the
 * historian's file, the historian's relaxed syncing on virtual time does not
 * apply to it, and a backlog meant for a server that is gone for good is
 * dropped by deleting one file.
 *
 * The buffer is bounded in points. When an append would pass the limit the
 * oldest points are dropped (the newest matter most to whoever reads the
 * series after an outage, and the embedded history still holds the old
 * ones); points being sent are never dropped, so the buffer can pass its
 * limit by at most the batch in flight.
 *
 * @module
 */
import { DatabaseSync, type StatementSync } from "node:sqlite";
import { migrate } from "../plant_database.ts";

/** Chunks taken for sending, oldest first. */
export interface BufferedBatch {
  /** Sequence number of the first chunk. */
  readonly first: number;
  /** Sequence number of the last chunk. */
  readonly last: number;
  /** Points (lines) in the batch. */
  readonly points: number;
  /** The chunks' text, each a run of lines separated by `\n`. */
  readonly chunks: readonly string[];
}

/** Options for {@linkcode PointBuffer}. */
export interface PointBufferOptions {
  /** Most points held; beyond it the oldest are dropped. */
  limitPoints: number;
  /** Most points in one stored chunk (the sink's batch size). */
  chunkPoints: number;
}

/**
 * Open the buffer file: 64 KiB pages (a chunk of 5,000 lines is ~480 KB;
 * with 4 KiB pages each chunk is a chain of ~120 overflow pages, and writing
 * and freeing them cost about six times as much), WAL with synchronous NORMAL
 * like the plant's database (a killed process loses nothing committed).
 */
function openBufferFile(path: string): DatabaseSync {
  const db = new DatabaseSync(path);
  try {
    // Takes effect only on a new file, before WAL is on.
    db.exec("PRAGMA page_size = 65536");
    db.exec(`
      PRAGMA journal_mode = WAL;
      PRAGMA synchronous = NORMAL;
      PRAGMA busy_timeout = 5000;
    `);
  } catch (e) {
    db.close();
    throw e;
  }
  return db;
}

const SCHEMA = [
  `CREATE TABLE influx_chunks (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    points INTEGER NOT NULL,
    lines TEXT NOT NULL
  )`,
  // The server the points are meant for (see buffer_target.ts); one row, absent in older files.
  `CREATE TABLE influx_target (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    target TEXT NOT NULL
  )`,
];

/** A bounded, durable queue of line-protocol lines; see the module doc. */
export class PointBuffer {
  readonly #db: DatabaseSync;
  readonly #limit: number;
  readonly #chunk: number;
  readonly #insert: StatementSync;
  readonly #oldest: StatementSync;
  readonly #sizes: StatementSync;
  readonly #range: StatementSync;
  readonly #deleteRange: StatementSync;
  readonly #deleteOne: StatementSync;
  readonly #rewrite: StatementSync;
  #points: number;
  /** Last sequence number taken by {@linkcode peek} and not yet removed or released. */
  #inFlight = 0;
  #closed = false;

  /** Open (creating when missing) the buffer file at `path`. */
  constructor(path: string, opts: PointBufferOptions) {
    if (!(opts.chunkPoints >= 1) || !(opts.limitPoints >= opts.chunkPoints)) {
      throw new Error(
        `buffer limit (${opts.limitPoints}) must be at least the batch size (${opts.chunkPoints})`,
      );
    }
    this.#limit = opts.limitPoints;
    this.#chunk = opts.chunkPoints;
    const db = openBufferFile(path);
    try {
      migrate(db, "influx_buffer", SCHEMA);
    } catch (e) {
      db.close();
      throw e;
    }
    this.#db = db;
    this.#insert = db.prepare("INSERT INTO influx_chunks (points, lines) VALUES (?, ?)");
    this.#oldest = db.prepare(
      "SELECT seq, points, lines FROM influx_chunks WHERE seq > ? ORDER BY seq LIMIT ?",
    );
    // Sizes first, without the text: a chunk's lines are read only when it is sent.
    this.#sizes = db.prepare(
      "SELECT seq, points FROM influx_chunks WHERE seq > ? ORDER BY seq LIMIT ?",
    );
    this.#range = db.prepare(
      "SELECT lines FROM influx_chunks WHERE seq >= ? AND seq <= ? ORDER BY seq",
    );
    this.#deleteRange = db.prepare("DELETE FROM influx_chunks WHERE seq >= ? AND seq <= ?");
    this.#deleteOne = db.prepare("DELETE FROM influx_chunks WHERE seq = ?");
    this.#rewrite = db.prepare("UPDATE influx_chunks SET points = ?, lines = ? WHERE seq = ?");
    const row = db.prepare("SELECT COALESCE(SUM(points), 0) AS n FROM influx_chunks").get() as {
      n: number;
    };
    this.#points = Number(row.n);
  }

  /** The target the points are meant for, as recorded by {@linkcode setTarget}; undefined when none is. */
  get target(): string | undefined {
    this.#open();
    const row = this.#db.prepare("SELECT target FROM influx_target WHERE id = 1").get() as
      | { target: string }
      | undefined;
    return row?.target;
  }

  /** Record the target the points are meant for (replacing what was recorded). */
  setTarget(target: string): void {
    this.#open();
    this.#db.prepare(
      "INSERT INTO influx_target (id, target) VALUES (1, ?) " +
        "ON CONFLICT (id) DO UPDATE SET target = excluded.target",
    ).run(target);
  }

  /** Points held (sent or not, until confirmed). */
  get points(): number {
    return this.#points;
  }

  /**
   * Store `lines` (oldest first) in one transaction, then drop the oldest
   * points beyond the limit; returns how many were dropped. Throws and keeps
   * nothing when the file cannot be written.
   */
  append(lines: readonly string[]): number {
    this.#open();
    if (lines.length === 0) return 0;
    const db = this.#db;
    db.exec("BEGIN IMMEDIATE");
    let dropped = 0;
    try {
      for (let i = 0; i < lines.length; i += this.#chunk) {
        const end = Math.min(lines.length, i + this.#chunk);
        this.#insert.run(end - i, lines.slice(i, end).join("\n"));
      }
      dropped = this.#trim(this.#points + lines.length - this.#limit);
      db.exec("COMMIT");
    } catch (e) {
      db.exec("ROLLBACK");
      throw e;
    }
    this.#points += lines.length - dropped;
    return dropped;
  }

  /**
   * Take the oldest whole chunks holding at most `maxPoints` (at least one
   * chunk) for sending; they stay stored until {@linkcode remove}. Returns
   * undefined when nothing waits behind a batch already taken.
   */
  peek(maxPoints: number): BufferedBatch | undefined {
    this.#open();
    const rows = this.#sizes.all(this.#inFlight, Math.max(1, maxPoints)) as {
      seq: number;
      points: number;
    }[];
    if (rows.length === 0) return undefined;
    let points = 0;
    let last = 0;
    for (const r of rows) {
      if (last !== 0 && points + r.points > maxPoints) break;
      points += r.points;
      last = Number(r.seq);
    }
    const first = Number(rows[0].seq);
    const chunks = (this.#range.all(first, last) as { lines: string }[]).map((r) => r.lines);
    const batch = { first, last, points, chunks };
    this.#inFlight = last;
    return batch;
  }

  /** The server confirmed `batch`: delete it. */
  remove(batch: BufferedBatch): void {
    if (this.#closed) return;
    const r = this.#deleteRange.run(batch.first, batch.last);
    // Chunks of the batch are never trimmed, so all of it was still there.
    if (Number(r.changes) > 0) this.#points -= batch.points;
    this.#inFlight = 0;
  }

  /** Sending `batch` failed: it stays, first in line. */
  release(_batch: BufferedBatch): void {
    this.#inFlight = 0;
  }

  /** Close the file; what it holds is sent after the next open. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#db.close();
  }

  /** Drop the `over` oldest points that are not in flight; returns how many were dropped. */
  #trim(over: number): number {
    let dropped = 0;
    while (dropped < over) {
      const row = this.#oldest.get(this.#inFlight, 1) as
        | { seq: number; points: number; lines: string }
        | undefined;
      if (!row) break;
      const need = over - dropped;
      if (row.points <= need) {
        this.#deleteOne.run(row.seq);
        dropped += row.points;
        continue;
      }
      // Cut the first `need` lines off the chunk.
      let at = -1;
      for (let k = 0; k < need; k++) at = row.lines.indexOf("\n", at + 1);
      this.#rewrite.run(row.points - need, row.lines.slice(at + 1), row.seq);
      dropped += need;
    }
    return dropped;
  }

  #open(): void {
    if (this.#closed) throw new Error("the InfluxDB buffer is closed");
  }
}
