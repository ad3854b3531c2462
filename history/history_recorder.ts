/**
 * The recorder follows a runtime and writes what its points did. A change
 * only marks its twin dirty (changes come many per step); after every step,
 * and on a wall-clock timer for drivers that sample between steps, each
 * dirty twin's points are offered to their {@linkcode RecordedPoint}: every
 * new sample goes into the point's 1-minute rollup, and the samples the
 * point's {@linkcode RecordingPolicy} keeps (exception reporting) are
 * queued as raw rows. The queue goes to the store in one transaction at
 * least every `flushMs` of wall time on real time, and every `flushSteps`
 * steps on virtual time, so a hard kill loses at most the latest
 * `flushMs`.
 *
 * @module
 */
import type { Runtime } from "../runtime/runtime.ts";
import type { PointSpec } from "../twins/point.ts";
import type { Twin } from "../twins/twin.ts";
import type { HistoryStore, HistoryWriter, Resolution } from "./history_store.ts";
import { compileOffer, type MinuteRollups, type Offer, RecordedPoints } from "./recorded_points.ts";
import { DEFAULT_POLICY, type PolicyLookup } from "./recording_policy.ts";
import { SampleQueue } from "./sample_queue.ts";
import { sourceFamily } from "../twins/source_family.ts";

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
  /**
   * On virtual time, write every this many steps (default 3,600: an hour
   * at 1 s steps). Each write costs about a page per point written, so a
   * simulated day is written in few of them.
   */
  flushSteps?: number;
  /**
   * How long history is kept, in ms of the runtime clock: one figure for
   * every level, or one per level (default 90 days). Applied when the store
   * can prune.
   */
  retentionMs?: number | Partial<Retention>;
  /** Which samples of each point are stored (default: {@linkcode DEFAULT_POLICY} for every point). */
  policy?: PolicyLookup;
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
  /** Samples queued for storing (the policy kept them). */
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

/** A twin the recorder follows: its points in the order the twin lists them. */
interface Tracked {
  readonly twin: Twin;
  /** Names of the points followed: the kind's, then the plant's. */
  names: string[];
  /** The twin's `pointsVersion` when `names` was taken. */
  pointsVersion: number;
  /** The recording state of the points in `names`. */
  points: RecordedPoints | undefined;
  /** The offer made for `names`. */
  offer: Offer;
  dirty: boolean;
}

/** A backlog is written in transactions of at most this many samples. */
const MAX_BATCH = 100_000;

/** Whether an object has any own key (without building a key list). */
function hasKeys(o: object): boolean {
  for (const _ in o) return true;
  return false;
}

/** Records a runtime's point samples into a history writer; see the module doc. */
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
  readonly #rollups: MinuteRollups | undefined;
  readonly #policy: PolicyLookup;
  readonly #tracked = new Map<Twin, Tracked>();
  /**
   * The same, by the twin's runtime number (`Twin.index`): every twin
   * changes every step, and the map lookup by object cost more than marking
   * it.
   */
  readonly #byIndex: (Tracked | undefined)[] = [];
  /** Generated offers by their list of point names. */
  readonly #offers = new Map<string, Offer>();
  /**
   * Twins changed since the last capture: the first `#dirtyCount` entries.
   * The array keeps its length between steps; emptied and refilled by
   * push, it grew its storage anew, step after step.
   */
  #dirty: Tracked[] = [];
  #dirtyCount = 0;
  readonly #retention: Retention;
  readonly #maxPending: number;
  readonly #flushSteps: number;
  readonly #log: (message: string) => void;
  readonly #unsubscribe: (() => void)[];
  readonly #pending = new SampleQueue();
  #steps = 0;
  #timer: ReturnType<typeof setInterval> | undefined;
  #failing = false;
  #prunedDay = NaN;
  #stopped = false;
  /** Samples seen by points no longer followed. */
  #seenGone = 0;

  /** Start following `runtime`; history goes to `writer`. */
  constructor(
    runtime: RecordedRuntime,
    writer: HistoryWriter | HistoryStore,
    opts: RecorderOptions = {},
  ) {
    this.#runtime = runtime;
    this.#writer = writer;
    this.#rollups = "rollupsOf" in writer ? writer as unknown as MinuteRollups : undefined;
    this.#policy = opts.policy ?? (() => DEFAULT_POLICY);
    this.#log = opts.log ?? ((m) => console.error(m));
    this.#maxPending = opts.maxPending ?? 1_000_000;
    this.#flushSteps = Math.max(1, opts.flushSteps ?? 3_600);
    const r = opts.retentionMs;
    const all = typeof r === "number" ? r : DEFAULT_RETENTION_MS;
    const per = typeof r === "object" ? r : {};
    this.#retention = { raw: per.raw ?? all, "1m": per["1m"] ?? all, "1h": per["1h"] ?? all };
    this.#unsubscribe = [
      runtime.onChange((twin) => this.#changed(twin)),
      runtime.onStep(() => this.#afterStep()),
      runtime.onTwinsChanged(({ removed }) => {
        const gone = new Set(removed);
        for (const [twin, t] of this.#tracked) {
          if (!gone.has(twin.id)) continue;
          t.points?.flushMinutes();
          this.#seenGone += t.points?.seen ?? 0;
          this.#tracked.delete(twin);
          if (twin.index >= 0) this.#byIndex[twin.index] = undefined;
        }
        const left = this.#dirty.slice(0, this.#dirtyCount).filter((t) =>
          this.#tracked.has(t.twin)
        );
        this.#dirty = left;
        this.#dirtyCount = left.length;
      }),
    ];
    if (runtime.clock.virtual) {
      // A run on virtual time is not a record to keep through a power cut.
      (writer as { syncToDisk?(on: boolean): void }).syncToDisk?.(false);
    } else {
      // Wall time, not the step loop: drivers sample between steps, and a
      // stalled loop must not hold samples back.
      this.#timer = setInterval(() => this.flush(), Math.max(10, opts.flushMs ?? 500));
    }
  }

  /** Samples queued and not yet written. */
  get pending(): number {
    return this.#pending.length;
  }

  /** Samples seen (every new source time of every point), stored or not. */
  get seen(): number {
    let n = this.#seenGone;
    for (const t of this.#tracked.values()) n += t.points?.seen ?? 0;
    return n;
  }

  /** Offer the points of dirty twins to their recorders; the kept samples are queued. */
  capture(): void {
    const before = this.#pending.length;
    const dirty = this.#dirty;
    for (let i = 0; i < this.#dirtyCount; i++) {
      const t = dirty[i];
      t.dirty = false;
      this.#capture(t);
    }
    this.#dirtyCount = 0;
    this.stats.captured += this.#pending.length - before;
  }

  /**
   * Capture, hand every point's minute so far to the rollups, then write
   * everything queued (a backlog in several transactions). A refused write
   * keeps the queue for the next flush and never throws. Returns whether
   * the queue is empty afterwards.
   */
  flush(): boolean {
    this.capture();
    for (const t of this.#tracked.values()) t.points?.flushMinutes();
    const opts = { rollup: this.#rollups === undefined };
    const queue = this.#pending;
    let done = 0;
    do {
      const end = Math.min(queue.length, done + MAX_BATCH);
      try {
        if (this.#writer.writeColumns) this.#writer.writeColumns(queue, done, end, opts);
        else this.#writer.write(queue.samples(done, end), opts);
      } catch (e) {
        queue.dropFront(done);
        this.stats.failures++;
        if (!this.#failing) {
          this.#failing = true;
          this.#log(
            `history: writing ${end - done} samples failed; holding them and retrying: ` +
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
      this.stats.written += end - done;
      done = end;
      this.stats.flushes++;
    } while (done < queue.length);
    queue.clear();
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
      "samples_seen_total",
      "counter",
      "Point samples seen; every one counts in the rollups.",
      this.seen,
    ) +
      line(
        "samples_written_total",
        "counter",
        "Point samples stored as raw rows (the recording policy keeps some of those seen).",
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

  #changed(twin: Twin): void {
    const i = twin.index;
    let t = i >= 0 ? this.#byIndex[i] : this.#tracked.get(twin);
    if (t === undefined || t.twin !== twin) {
      t = this.#tracked.get(twin);
      if (!t) {
        t = {
          twin,
          names: [],
          pointsVersion: -1,
          points: undefined,
          offer: () => {},
          dirty: false,
        };
        this.#tracked.set(twin, t);
      }
      if (i >= 0) this.#byIndex[i] = t;
    }
    if (t.dirty) return;
    t.dirty = true;
    this.#dirty[this.#dirtyCount++] = t;
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

  /** Offer every declared point of a twin to its recorder. */
  #capture(t: Tracked): void {
    const twin = t.twin;
    if (t.pointsVersion !== twin.pointsVersion) this.#reshape(t);
    t.offer(
      twin.values,
      hasKeys(twin.quality) ? twin.quality : undefined,
      hasKeys(twin.times) ? twin.times : undefined,
      twin.sampleTs,
      t.points!,
      this.#pending,
    );
  }

  /** Follow the twin's points as it lists them now, keeping what each point has seen. */
  #reshape(t: Tracked): void {
    const twin = t.twin;
    const specs: [string, PointSpec][] = [
      ...Object.entries(twin.def.points),
      ...Object.entries(twin.extraPoints),
    ];
    const old = t.points;
    const points = new RecordedPoints(
      twin.id,
      specs.map(([name, spec]) => ({
        name,
        unit: spec.unit,
        policy: this.#policy(twin.id, twin.def.kind, name),
        rollups: this.#rollups?.rollupsOf(twin.id, name, spec.unit),
      })),
    );
    if (old) {
      const at = new Map(old.names.map((name, j) => [name, j]));
      points.names.forEach((name, i) => {
        const j = at.get(name);
        if (j === undefined) return;
        points.adopt(i, old, j);
        at.delete(name);
      });
      // Points the twin no longer lists (a calculated point removed).
      for (const j of at.values()) old.flushMinute(j);
      this.#seenGone += old.seen - points.seen;
    }
    t.points = points;
    t.names = [...points.names];
    t.pointsVersion = twin.pointsVersion;
    const family = sourceFamily(twin);
    const key = `${family}\0\0${t.names.join("\0")}`;
    let offer = this.#offers.get(key);
    if (!offer) this.#offers.set(key, offer = compileOffer(t.names, family));
    t.offer = offer;
  }

  /** Keep the queue within `maxPending` while the store refuses writes. */
  #bound(): void {
    const over = this.#pending.length - this.#maxPending;
    if (over <= 0) return;
    this.#pending.dropFront(over);
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
