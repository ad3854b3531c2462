/**
 * The recorder follows a runtime and writes what its points did. A change
 * only marks its twin dirty (changes come many per step); after every step,
 * and on a wall-clock timer for drivers that sample between steps, the
 * dirty twins' points are compared with what was last recorded and the
 * ones whose value, quality or source time moved are queued. The queue
 * goes to the store in one transaction at least every `flushMs` of wall
 * time on real time, and every `flushSteps` steps on virtual time, so a
 * hard kill loses at most the latest `flushMs`.
 *
 * @module
 */
import type { Runtime } from "../runtime/runtime.ts";
import type { PointSpec, PointValue, Quality } from "../twins/point.ts";
import type { Twin } from "../twins/twin.ts";
import type { HistoryStore, HistoryWriter, PointSample, Resolution } from "./history_store.ts";

/** What the recorder needs of a runtime. */
export type RecordedRuntime = Pick<Runtime, "clock" | "onChange" | "onStep" | "onTwinsChanged">;

/** Retention of each level, in ms. */
export type Retention = Record<Resolution, number>;

/** The default retention: 90 days at every level. */
export const DEFAULT_RETENTION_MS = 90 * 86_400_000;

/** Options for {@linkcode HistoryRecorder}. */
export interface RecorderOptions {
  /** On real time, write at least this often, in wall-clock ms (default 500). */
  flushMs?: number;
  /** On virtual time, write every this many steps (default 60). */
  flushSteps?: number;
  /**
   * How long history is kept, in ms of the runtime clock: one figure for
   * every level, or one per level (default 90 days). Applied when the store
   * can prune.
   */
  retentionMs?: number | Partial<Retention>;
  /**
   * Most samples held while the store refuses writes (a full disk); beyond
   * it the oldest are dropped and counted. Default 1,000,000.
   */
  maxPending?: number;
  /** Where to report write failures. Default console.error. */
  log?(message: string): void;
}

/** Counters of a recorder. */
export interface RecorderStats {
  /** Samples queued because a point changed. */
  captured: number;
  /** Samples the store accepted. */
  written: number;
  /** Batches the store accepted. */
  flushes: number;
  /** Writes the store refused. */
  failures: number;
  /** Samples dropped because the queue was full while the store refused writes. */
  dropped: number;
  /** Day tables dropped by retention. */
  prunedDays: number;
}

/** The last recorded state of one point. */
interface Last {
  value: PointValue;
  quality: Quality;
  ts: number;
}

/** A backlog is written in transactions of at most this many samples. */
const MAX_BATCH = 100_000;

/** Records a runtime's point changes into a history writer; see the module doc. */
export class HistoryRecorder {
  /** Counters. */
  readonly stats: RecorderStats = {
    captured: 0,
    written: 0,
    flushes: 0,
    failures: 0,
    dropped: 0,
    prunedDays: 0,
  };
  readonly #runtime: RecordedRuntime;
  readonly #writer: HistoryWriter | HistoryStore;
  readonly #dirty = new Set<Twin>();
  readonly #last = new Map<Twin, Map<string, Last>>();
  readonly #retention: Retention;
  readonly #maxPending: number;
  readonly #flushSteps: number;
  readonly #log: (message: string) => void;
  readonly #unsubscribe: (() => void)[];
  #pending: PointSample[] = [];
  #steps = 0;
  #timer: ReturnType<typeof setInterval> | undefined;
  #failing = false;
  #prunedDay = NaN;
  #stopped = false;

  /** Start following `runtime`; history goes to `writer`. */
  constructor(
    runtime: RecordedRuntime,
    writer: HistoryWriter | HistoryStore,
    opts: RecorderOptions = {},
  ) {
    this.#runtime = runtime;
    this.#writer = writer;
    this.#log = opts.log ?? ((m) => console.error(m));
    this.#maxPending = opts.maxPending ?? 1_000_000;
    this.#flushSteps = Math.max(1, opts.flushSteps ?? 60);
    const r = opts.retentionMs;
    const all = typeof r === "number" ? r : DEFAULT_RETENTION_MS;
    const per = typeof r === "object" ? r : {};
    this.#retention = { raw: per.raw ?? all, "1m": per["1m"] ?? all, "1h": per["1h"] ?? all };
    this.#unsubscribe = [
      runtime.onChange((twin) => this.#dirty.add(twin)),
      runtime.onStep(() => this.#afterStep()),
      runtime.onTwinsChanged(({ removed }) => {
        const gone = new Set(removed);
        for (const twin of this.#last.keys()) if (gone.has(twin.id)) this.#last.delete(twin);
      }),
    ];
    if (!runtime.clock.virtual) {
      // Wall time, not the step loop: drivers sample between steps, and a
      // stalled loop must not hold samples back.
      this.#timer = setInterval(() => this.flush(), Math.max(10, opts.flushMs ?? 500));
    }
  }

  /** Samples queued and not yet written. */
  get pending(): number {
    return this.#pending.length;
  }

  /** Queue the points of dirty twins that changed since they were last recorded. */
  capture(): void {
    for (const twin of this.#dirty) {
      let last = this.#last.get(twin);
      if (!last) this.#last.set(twin, last = new Map());
      this.#capturePoints(twin, twin.def.points, last);
      this.#capturePoints(twin, twin.extraPoints, last);
    }
    this.#dirty.clear();
  }

  /**
   * Capture, then write everything queued (a backlog in several
   * transactions). A refused write keeps the queue for the next flush and
   * never throws. Returns whether the queue is empty afterwards.
   */
  flush(): boolean {
    this.capture();
    while (this.#pending.length > 0) {
      const batch = this.#pending.length <= MAX_BATCH
        ? this.#pending
        : this.#pending.slice(0, MAX_BATCH);
      try {
        this.#writer.write(batch);
      } catch (e) {
        this.stats.failures++;
        if (!this.#failing) {
          this.#failing = true;
          this.#log(
            `history: writing ${batch.length} samples failed; holding them and retrying: ` +
              (e as Error).message,
          );
        }
        this.#bound();
        return false;
      }
      if (this.#failing) {
        this.#failing = false;
        this.#log("history: writing works again");
      }
      this.#pending = batch === this.#pending ? [] : this.#pending.slice(batch.length);
      this.stats.written += batch.length;
      this.stats.flushes++;
    }
    this.#prune();
    return true;
  }

  /** Stop following the runtime and write what is queued. The writer stays open. */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    if (this.#timer !== undefined) clearInterval(this.#timer);
    for (const off of this.#unsubscribe) off();
    this.flush();
  }

  /** Prometheus lines of the recorder. */
  prometheus(): string {
    const s = this.stats;
    const line = (name: string, type: string, help: string, value: number) =>
      `# HELP fieldtwin_history_${name} ${help}\n# TYPE fieldtwin_history_${name} ${type}\n` +
      `fieldtwin_history_${name} ${value}\n`;
    return line(
      "samples_written_total",
      "counter",
      "Point samples written to history.",
      s.written,
    ) +
      line("flushes_total", "counter", "History batches written.", s.flushes) +
      line("write_failures_total", "counter", "History writes the store refused.", s.failures) +
      line(
        "samples_dropped_total",
        "counter",
        "Samples dropped while the store refused writes.",
        s.dropped,
      ) +
      line("samples_pending", "gauge", "Samples waiting to be written.", this.#pending.length);
  }

  #afterStep(): void {
    if (this.#runtime.clock.virtual) {
      if (++this.#steps % this.#flushSteps === 0) this.flush();
      else this.capture();
    } else {
      // Capture every step, so no step's samples are missed between flushes.
      this.capture();
    }
  }

  #capturePoints(twin: Twin, specs: Record<string, PointSpec>, last: Map<string, Last>): void {
    for (const name in specs) {
      const value = twin.values[name];
      if (value === undefined) continue;
      const ts = twin.pointTs(name);
      const quality = twin.quality[name] ?? "good";
      const prev = last.get(name);
      if (prev) {
        if (prev.ts === ts && prev.quality === quality && Object.is(prev.value, value)) continue;
        prev.ts = ts;
        prev.quality = quality;
        prev.value = value;
      } else {
        last.set(name, { value, quality, ts });
      }
      this.#pending.push({
        twin: twin.id,
        point: name,
        ts,
        value,
        quality,
        unit: specs[name].unit,
      });
      this.stats.captured++;
    }
  }

  /** Keep the queue within `maxPending` while the store refuses writes. */
  #bound(): void {
    const over = this.#pending.length - this.#maxPending;
    if (over <= 0) return;
    this.#pending = this.#pending.slice(over);
    this.stats.dropped += over;
    this.#log(
      `history: the write queue is full (${this.#maxPending} samples); dropped the oldest ${over} ` +
        `(${this.stats.dropped} in all)`,
    );
  }

  /** Apply retention once per day of the runtime clock. */
  #prune(): void {
    const writer = this.#writer;
    if (!("prune" in writer)) return;
    const now = this.#runtime.clock.now();
    const day = Math.floor(now / 86_400_000);
    if (day === this.#prunedDay) return;
    this.#prunedDay = day;
    try {
      this.stats.prunedDays += writer.prune({
        raw: now - this.#retention.raw,
        "1m": now - this.#retention["1m"],
        "1h": now - this.#retention["1h"],
      });
    } catch (e) {
      this.#log(`history: retention failed: ${(e as Error).message}`);
    }
  }
}
