/**
 * Point history written by a worker over its own connection to the plant's
 * database (`history_worker.ts`), so SQLite's work (raw blocks, rollup
 * packs, the WAL) runs beside the step loop rather than inside it. The
 * recorder's thread only appends each flush's minute aggregates and stored
 * samples to typed arrays in shared memory and posts them; a batch's
 * memory is reused once the worker has written it (or copied it to hold
 * for a retry), so no fresh memory is touched per batch. It is a
 * whole {@linkcode HistoryStore}: queries go to the worker and are
 * answered after every batch posted before them, so they see what an
 * in-thread {@linkcode SqliteHistoryStore} would.
 *
 * What differs from the in-thread store: a write is accepted when posted,
 * and a batch the disk refuses is held and retried by the worker (its
 * counters are {@linkcode WorkerHistoryStore.stats}); at most
 * `maxInFlight` samples and aggregates wait for the worker before a write
 * waits for it;
 * `close()` waits until the worker has written everything, the hours in
 * progress included.
 *
 * @module
 */
import type {
  HistoryQuery,
  HistoryStore,
  PointSample,
  Resolution,
  SampleColumns,
  SeriesResult,
  StoredSeries,
  WriteOptions,
} from "./history_store.ts";
import { ColumnBatchBuilder } from "./column_batch.ts";
import { CTL, type HistoryWorkerMessage, STAT } from "./history_worker.ts";
import { openDatabaseFile } from "./plant_database.ts";
import type { MinuteRollups, MinuteSink } from "./recorded_points.ts";
import type { PointValue } from "../twins/point.ts";

/** Options for {@linkcode WorkerHistoryStore}. */
export interface WorkerHistoryStoreOptions {
  /**
   * Samples and minute aggregates posted and not yet written before a write
   * waits for the worker (default 2,000,000: about two simulated hours of
   * the demo plant). Counted in samples, not batches: the recorder hands a
   * flush over in chunks, and a bound of a few batches made the plant wait
   * for the worker every simulated hour.
   */
  maxInFlight?: number;
  /** Samples the worker holds while the disk refuses writes (default 1,000,000). */
  maxHeld?: number;
  /** How long opening, pruning and closing wait for the worker, ms (default 60,000). */
  waitMs?: number;
  /** Where the worker's log lines go. Default console.error. */
  log?(message: string): void;
}

/** The worker's counters, as of now. */
export interface WorkerHistoryStats {
  /** Samples written. */
  samples: number;
  /** Batches written. */
  batches: number;
  /** Writes the disk refused (held and retried). */
  failures: number;
  /** Samples dropped while refused writes were held. */
  dropped: number;
  /** Samples held for a retry. */
  held: number;
  /** Day tables dropped by retention. */
  prunedDays: number;
}

/** A point's minute sink: appends to the next batch. */
class PostedSink implements MinuteSink {
  constructor(
    readonly id: number,
    readonly owner: WorkerHistoryStore,
    readonly to: ColumnBatchBuilder,
  ) {}

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
    this.to.minute(this.id, start, count, num, min, max, sum, last, lastTs);
  }
}

/** Point history in a worker; see the module doc. */
export class WorkerHistoryStore implements HistoryStore, MinuteRollups {
  readonly #worker: Worker;
  readonly #ctl: Int32Array;
  readonly #stats: Float64Array;
  /** Batches are built in shared memory, reused once the worker is done with them. */
  readonly #builder = new ColumnBatchBuilder({
    isFree: (tag) => Atomics.load(this.#ctl, CTL.DONE) >= tag,
  });
  readonly #series = new Map<string, Map<string, PostedSink>>();
  /** Each numbered point's names, by its number. */
  readonly #names: { twin: string; point: string; unit: string }[] = [];
  /** 1 for the numbered points already counted in `#known`. */
  readonly #knownIds: number[] = [];
  /** Units of the points the file held before, and of points written since. */
  readonly #known = new Map<string, Map<string, string>>();
  readonly #answers = new Map<
    number,
    { resolve(r: SeriesResult[]): void; reject(e: Error): void }
  >();
  readonly #maxInFlight: number;
  readonly #waitMs: number;
  readonly #log: (message: string) => void;
  #posted = 0;
  /** What each batch not yet known to be written weighs (samples and aggregates), oldest first. */
  #weights: number[] = [];
  /** Batches known to be written (the worker's DONE count when last read). */
  #written = 0;
  #inFlight = 0;
  /** Day tables dropped by retention, as last reported by `prune`. */
  #prunedSeen = 0;
  #queries = 0;
  #closed = false;

  /** Open the history in the database file at `path` (made when missing) in a new worker. */
  constructor(path: string, opts: WorkerHistoryStoreOptions = {}) {
    this.#maxInFlight = Math.max(1, opts.maxInFlight ?? 2_000_000);
    this.#waitMs = opts.waitMs ?? 60_000;
    this.#log = opts.log ?? ((m) => console.error(m));
    const ctl = new SharedArrayBuffer(CTL.SIZE * 4);
    const stats = new SharedArrayBuffer(STAT.SIZE * 8);
    this.#ctl = new Int32Array(ctl);
    this.#stats = new Float64Array(stats);
    this.#worker = new Worker(new URL("./history_worker.ts", import.meta.url), { type: "module" });
    this.#worker.onmessage = (e: MessageEvent) => {
      const m = e.data;
      if (m.type === "log") this.#log(m.message);
      else if (m.type === "answer") {
        const a = this.#answers.get(m.id);
        this.#answers.delete(m.id);
        if (m.error !== undefined) a?.reject(new Error(m.error));
        else a?.resolve(m.result);
      }
    };
    this.#worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      this.#log(`history: writer failed: ${e.message}`);
    };
    this.#post({ type: "open", path, maxHeld: opts.maxHeld ?? 1_000_000, ctl, stats });
    if (!this.#wait(CTL.OPEN, 0) || this.#ctl[CTL.OPEN] !== 1) {
      const len = this.#ctl[CTL.ERROR_LEN];
      const why = new TextDecoder().decode(new Uint8Array(ctl, CTL.ERROR * 4, len).slice());
      this.#worker.terminate();
      throw new Error(`cannot open history ${path}: ${why || "the writer did not start"}`);
    }
    // The points the file holds already, for has() and series().
    const db = openDatabaseFile(path);
    try {
      for (const row of db.prepare("SELECT twin, point, unit FROM series").all()) {
        const r = row as { twin: string; point: string; unit: string };
        this.#know(r.twin, r.point, r.unit);
      }
    } finally {
      db.close();
    }
  }

  /** The worker's counters, as of now. */
  get stats(): WorkerHistoryStats {
    const s = this.#stats;
    return {
      samples: s[STAT.SAMPLES],
      batches: s[STAT.BATCHES],
      failures: s[STAT.FAILURES],
      dropped: s[STAT.DROPPED],
      held: s[STAT.HELD],
      prunedDays: s[STAT.PRUNED_DAYS],
    };
  }

  /** The sink of one point's minute aggregates: they go with the next batch. */
  rollupsOf(twin: string, point: string, unit: string): MinuteSink {
    return this.#sink(twin, point, unit);
  }

  /** Post a batch of objects; see {@linkcode HistoryWriter.write}. */
  write(samples: readonly PointSample[], opts: WriteOptions = {}): void {
    this.#open();
    for (const s of samples) {
      this.#builder.sample(this.#sink(s.twin, s.point, s.unit ?? "").id, s.value, s.quality, s.ts);
    }
    this.#send(opts.rollup ?? true);
  }

  /** Post samples `start` to `end` of a batch in columns; see {@linkcode HistoryWriter.writeColumns}. */
  writeColumns(batch: SampleColumns, start: number, end: number, opts: WriteOptions = {}): void {
    this.#open();
    const b = this.#builder;
    for (let i = start; i < end; i++) {
      const sink = batch.sink(i);
      const id = sink instanceof PostedSink && sink.owner === this
        ? sink.id
        : this.#sink(batch.twin(i), batch.point(i), batch.unit(i)).id;
      b.sample(id, batch.value(i), batch.quality(i), batch.ts(i));
    }
    this.#send(opts.rollup ?? true);
  }

  /** Whether commits wait for the disk at checkpoints; see `SqliteHistoryStore.syncToDisk`. */
  syncToDisk(on: boolean): void {
    this.#open();
    this.#post({ type: "syncToDisk", on });
  }

  /** Read ranges, after every batch posted so far; see {@linkcode HistoryStore.query}. */
  query(q: HistoryQuery): Promise<SeriesResult[]> {
    if (this.#closed) return Promise.reject(new Error("history store is closed"));
    // Aggregates made since the last batch count, as in the in-thread store.
    if (!this.#builder.empty) this.#send(true);
    const id = ++this.#queries;
    return new Promise((resolve, reject) => {
      this.#answers.set(id, { resolve, reject });
      this.#post({ type: "query", id, q });
    });
  }

  /** Whether any history of `twin` (or of its `point`) is stored or posted. */
  has(twin: string, point?: string): boolean {
    const points = this.#known.get(twin);
    return points !== undefined && (point === undefined || points.has(point));
  }

  /** Every point with history stored or posted. */
  series(): StoredSeries[] {
    const out: StoredSeries[] = [];
    for (const [twin, points] of this.#known) {
      for (const [point, unit] of points) out.push({ twin, point, unit });
    }
    return out;
  }

  /**
   * Drop whole day tables older than each level's cutoff, after the batches
   * posted before. Does not wait for the worker (waiting held the plant up
   * for a whole batch's write, once a simulated day): returns the day
   * tables dropped by the earlier prunes finished since the last call.
   */
  prune(before: Readonly<Record<Resolution, number>>): number {
    this.#open();
    const total = this.#stats[STAT.PRUNED_DAYS];
    const dropped = total - this.#prunedSeen;
    this.#prunedSeen = total;
    this.#post({ type: "prune", before: { ...before } });
    return dropped;
  }

  /** Write everything posted and the hours in progress, and stop the worker. */
  close(): void {
    if (this.#closed) return;
    if (!this.#builder.empty) this.#send(true);
    this.#closed = true;
    this.#post({ type: "close" });
    if (!this.#wait(CTL.CLOSED, 0)) {
      this.#log(`history: the writer did not finish within ${this.#waitMs} ms; stopping it`);
    }
    for (const a of this.#answers.values()) a.reject(new Error("history store is closed"));
    this.#answers.clear();
    this.#worker.terminate();
  }

  #open(): void {
    if (this.#closed) throw new Error("history store is closed");
  }

  #sink(twin: string, point: string, unit: string): PostedSink {
    let points = this.#series.get(twin);
    if (!points) this.#series.set(twin, points = new Map());
    let s = points.get(point);
    if (!s) {
      s = new PostedSink(this.#names.length, this, this.#builder);
      this.#names.push({ twin, point, unit });
      points.set(point, s);
      this.#builder.name({ id: s.id, twin, point, unit });
    }
    return s;
  }

  #know(twin: string, point: string, unit: string): void {
    let points = this.#known.get(twin);
    if (!points) this.#known.set(twin, points = new Map());
    if (!points.has(point)) points.set(point, unit);
  }

  /** Post what the builder holds as one batch, first waiting while too many are in flight. */
  #send(rollup: boolean): void {
    const weight = this.#builder.samples + this.#builder.minutes;
    this.#settle();
    while (this.#inFlight > 0 && this.#inFlight + weight > this.#maxInFlight) {
      const done = Atomics.load(this.#ctl, CTL.DONE);
      if (done === this.#written) {
        if (Atomics.wait(this.#ctl, CTL.DONE, done, this.#waitMs) === "timed-out") {
          this.#log("history: the writer is behind; posting anyway");
          break;
        }
      }
      this.#settle();
    }
    // Tagged with its number: its columns are reused once the worker has done that many.
    const { batch, transfer } = this.#builder.take(rollup, this.#posted + 1);
    // Points with samples or aggregates are points with history (has/series).
    for (
      const [ids, count] of [[batch.sSeries, batch.samples], [
        batch.mSeries,
        batch.minutes,
      ]] as const
    ) {
      for (let i = 0; i < count; i++) {
        const id = ids[i];
        if (this.#knownIds[id] === 1) continue;
        this.#knownIds[id] = 1;
        const n = this.#names[id];
        this.#know(n.twin, n.point, n.unit);
      }
    }
    this.#posted++;
    this.#weights.push(weight);
    this.#inFlight += weight;
    this.#worker.postMessage({ type: "batch", batch } satisfies HistoryWorkerMessage, transfer);
  }

  /** Take the batches the worker has written since last asked off the weight in flight. */
  #settle(): void {
    const done = Atomics.load(this.#ctl, CTL.DONE);
    for (; this.#written < done; this.#written++) this.#inFlight -= this.#weights.shift()!;
  }

  #post(m: HistoryWorkerMessage): void {
    this.#worker.postMessage(m);
  }

  /** Wait until slot `slot` of the control array is no longer `from`; false on timeout. */
  #wait(slot: number, from: number): boolean {
    const end = performance.now() + this.#waitMs;
    while (Atomics.load(this.#ctl, slot) === from) {
      const left = end - performance.now();
      if (left <= 0) return false;
      Atomics.wait(this.#ctl, slot, from, left);
    }
    return true;
  }
}
