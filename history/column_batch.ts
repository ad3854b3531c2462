/**
 * A batch of point history in typed arrays, as the recorder's thread hands
 * it to the history worker (`history_worker.ts`): the minute aggregates the
 * recorder made since the last batch, then the samples its policy stored.
 * Points are numbered by the sending side, and a batch names the points it
 * is the first to use. Numbers travel in typed arrays: shared memory the
 * sender reuses once the receiver is done with a batch, or buffers
 * transferred, not copied; the few values that are not numbers (booleans,
 * strings, null) travel in a plain list, their index kept in the number
 * column.
 *
 * @module
 */
import type { PointValue, Quality } from "../twins/point.ts";
import type { SampleColumns } from "./history_store.ts";
import { flagQuality, sampleFlags, unpackValue } from "./sample_flags.ts";

/** A point first used in a batch. */
export interface NamedSeries {
  /** The number the batch uses for it. */
  id: number;
  /** Twin id. */
  twin: string;
  /** Point name. */
  point: string;
  /** Engineering unit. */
  unit: string;
}

/** One batch; see the module doc. Structured-cloneable. */
export interface ColumnBatch {
  /** Points first used in this batch. */
  named: NamedSeries[];
  /** Minute aggregates in the batch. */
  minutes: number;
  /** The point of each aggregate. */
  mSeries: Int32Array;
  /** Per aggregate: start, count, num, min, max, sum, last's time, last (a number, or an index into `mOther`). */
  mNums: Float64Array;
  /** Per aggregate: 1 when its last is in `mOther`. */
  mIsOther: Uint8Array;
  /** Lasts that are not numbers. */
  mOther: PointValue[];
  /** Samples in the batch. */
  samples: number;
  /** The point of each sample. */
  sSeries: Int32Array;
  /** Source time of each sample. */
  ts: Float64Array;
  /** The value when a number, else its index in `other`. */
  num: Float64Array;
  /** Quality and value kind of each sample, packed as `sample_flags.ts` says. */
  flags: Uint8Array;
  /** Values that are not numbers. */
  other: PointValue[];
  /** Whether the samples also go into the rollups (see `WriteOptions.rollup`). */
  rollup: boolean;
}

/** Numbers per minute aggregate in `mNums`. */
export const M_FIELDS = 8;

/** A typed-array constructor the builder allocates with. */
type Typed = Int32ArrayConstructor | Float64ArrayConstructor | Uint8ArrayConstructor;

/** The columns one batch is built in. */
interface ColumnSet {
  mSeries: Int32Array;
  mNums: Float64Array;
  mIsOther: Uint8Array;
  sSeries: Int32Array;
  ts: Float64Array;
  num: Float64Array;
  flags: Uint8Array;
  /** The tag of the batch handed over in it, while the receiver may still read it. */
  tag: number;
}

/** Options for {@linkcode ColumnBatchBuilder}. */
export interface ColumnBatchBuilderOptions {
  /**
   * Build batches in shared memory and reuse it: a batch handed over with
   * tag `t` keeps its columns until `isFree(t)` says the receiver is done
   * with them. Without it, each batch gets copies cut to size, to transfer.
   * Fresh memory costs a page fault per 4 KB on first touch (on the
   * virtual machines measured here, about 10 us each: 0.1 s per simulated
   * hour of the demo plant's history); reused memory does not.
   */
  isFree?(tag: number): boolean;
}

/** Builds {@linkcode ColumnBatch}es; {@linkcode ColumnBatchBuilder.take} hands one over and starts the next. */
export class ColumnBatchBuilder {
  readonly #isFree: ((tag: number) => boolean) | undefined;
  /** Shared sets handed over, oldest first, until their receiver is done. */
  readonly #out: ColumnSet[] = [];
  #named: NamedSeries[] = [];
  #m = 0;
  #mSeries: Int32Array;
  #mNums: Float64Array;
  #mIsOther: Uint8Array;
  #mOther: PointValue[] = [];
  #n = 0;
  #sSeries: Int32Array;
  #ts: Float64Array;
  #num: Float64Array;
  #flags: Uint8Array;
  #other: PointValue[] = [];

  /** An empty builder. */
  constructor(opts: ColumnBatchBuilderOptions = {}) {
    this.#isFree = opts.isFree;
    this.#mSeries = this.#alloc(Int32Array, 256);
    this.#mNums = this.#alloc(Float64Array, 256 * M_FIELDS);
    this.#mIsOther = this.#alloc(Uint8Array, 256);
    this.#sSeries = this.#alloc(Int32Array, 1024);
    this.#ts = this.#alloc(Float64Array, 1024);
    this.#num = this.#alloc(Float64Array, 1024);
    this.#flags = this.#alloc(Uint8Array, 1024);
  }

  /** A zeroed array of `n` elements, in shared memory when batches are shared. */
  #alloc<T extends Typed>(Type: T, n: number): InstanceType<T> {
    if (!this.#isFree) return new Type(n) as InstanceType<T>;
    const buffer = new SharedArrayBuffer(n * Type.BYTES_PER_ELEMENT);
    return new (Type as unknown as new (b: SharedArrayBuffer) => InstanceType<T>)(buffer);
  }

  /** Whether anything waits to be taken. */
  get empty(): boolean {
    return this.#m === 0 && this.#n === 0 && this.#named.length === 0;
  }

  /** Samples waiting. */
  get samples(): number {
    return this.#n;
  }

  /** Minute aggregates waiting. */
  get minutes(): number {
    return this.#m;
  }

  /** Name a point the next batch is the first to use. */
  name(series: NamedSeries): void {
    this.#named.push(series);
  }

  /** Add a minute aggregate of point `id` (the arguments of `MinuteSink.add`). */
  minute(
    id: number,
    start: number,
    count: number,
    num: number,
    min: number,
    max: number,
    sum: number,
    last: PointValue,
    lastTs: number,
  ): void {
    const i = this.#m;
    if (i === this.#mSeries.length) this.#growMinutes();
    this.#mSeries[i] = id;
    const o = i * M_FIELDS;
    const a = this.#mNums;
    a[o] = start;
    a[o + 1] = count;
    a[o + 2] = num;
    a[o + 3] = min;
    a[o + 4] = max;
    a[o + 5] = sum;
    a[o + 6] = lastTs;
    if (typeof last === "number") {
      a[o + 7] = last;
      this.#mIsOther[i] = 0;
    } else {
      a[o + 7] = this.#mOther.length;
      this.#mOther.push(last);
      this.#mIsOther[i] = 1;
    }
    this.#m = i + 1;
  }

  /** Add a sample of point `id`. */
  sample(id: number, value: PointValue, quality: Quality, ts: number): void {
    const i = this.#n;
    if (i === this.#ts.length) this.#growSamples();
    this.#sSeries[i] = id;
    this.#ts[i] = ts;
    if (typeof value === "number") {
      this.#num[i] = value;
      this.#flags[i] = sampleFlags(quality, false);
    } else {
      this.#num[i] = this.#other.length;
      this.#other.push(value);
      this.#flags[i] = sampleFlags(quality, true);
    }
    this.#n = i + 1;
  }

  /**
   * The batch so far, with the buffers to transfer; the builder starts
   * empty. Shared (see {@linkcode ColumnBatchBuilderOptions.isFree}): the
   * batch's columns are the builder's own, longer than its counts, nothing
   * is transferred, and they are not written again until `isFree(tag)`.
   */
  take(rollup: boolean, tag = 0): { batch: ColumnBatch; transfer: ArrayBuffer[] } {
    if (this.#isFree) return { batch: this.#handOver(rollup, tag), transfer: [] };
    const m = this.#m;
    const n = this.#n;
    // Copies cut to size: the builder's arrays stay here for the next batch.
    const batch: ColumnBatch = {
      named: this.#named,
      minutes: m,
      mSeries: this.#mSeries.slice(0, m),
      mNums: this.#mNums.slice(0, m * M_FIELDS),
      mIsOther: this.#mIsOther.slice(0, m),
      mOther: this.#mOther,
      samples: n,
      sSeries: this.#sSeries.slice(0, n),
      ts: this.#ts.slice(0, n),
      num: this.#num.slice(0, n),
      flags: this.#flags.slice(0, n),
      other: this.#other,
      rollup,
    };
    this.#named = [];
    this.#mOther = [];
    this.#other = [];
    this.#m = this.#n = 0;
    const transfer = [
      batch.mSeries.buffer,
      batch.mNums.buffer,
      batch.mIsOther.buffer,
      batch.sSeries.buffer,
      batch.ts.buffer,
      batch.num.buffer,
      batch.flags.buffer,
    ] as ArrayBuffer[];
    return { batch, transfer };
  }

  /** Hand the current shared columns over under `tag` and continue in free ones. */
  #handOver(rollup: boolean, tag: number): ColumnBatch {
    const batch: ColumnBatch = {
      named: this.#named,
      minutes: this.#m,
      mSeries: this.#mSeries,
      mNums: this.#mNums,
      mIsOther: this.#mIsOther,
      mOther: this.#mOther,
      samples: this.#n,
      sSeries: this.#sSeries,
      ts: this.#ts,
      num: this.#num,
      flags: this.#flags,
      other: this.#other,
      rollup,
    };
    this.#named = [];
    this.#mOther = [];
    this.#other = [];
    this.#m = this.#n = 0;
    // Looked for before the set just handed over joins them: it is never free yet.
    const free = this.#out.findIndex((set) => this.#isFree!(set.tag));
    const { mSeries, mNums, mIsOther, sSeries, ts, num, flags } = batch;
    this.#out.push({ mSeries, mNums, mIsOther, sSeries, ts, num, flags, tag });
    if (free >= 0) {
      const set = this.#out.splice(free, 1)[0];
      this.#mSeries = set.mSeries;
      this.#mNums = set.mNums;
      this.#mIsOther = set.mIsOther;
      this.#sSeries = set.sSeries;
      this.#ts = set.ts;
      this.#num = set.num;
      this.#flags = set.flags;
    } else {
      // New columns as large as the ones handed over: the next batch is alike.
      this.#mSeries = this.#alloc(Int32Array, batch.mSeries.length);
      this.#mNums = this.#alloc(Float64Array, batch.mNums.length);
      this.#mIsOther = this.#alloc(Uint8Array, batch.mIsOther.length);
      this.#sSeries = this.#alloc(Int32Array, batch.sSeries.length);
      this.#ts = this.#alloc(Float64Array, batch.ts.length);
      this.#num = this.#alloc(Float64Array, batch.num.length);
      this.#flags = this.#alloc(Uint8Array, batch.flags.length);
    }
    return batch;
  }

  #growMinutes(): void {
    const n = this.#mSeries.length * 2;
    this.#mSeries = grown(this.#mSeries, this.#alloc(Int32Array, n));
    this.#mNums = grown(this.#mNums, this.#alloc(Float64Array, n * M_FIELDS));
    this.#mIsOther = grown(this.#mIsOther, this.#alloc(Uint8Array, n));
  }

  #growSamples(): void {
    const n = this.#ts.length * 2;
    this.#sSeries = grown(this.#sSeries, this.#alloc(Int32Array, n));
    this.#ts = grown(this.#ts, this.#alloc(Float64Array, n));
    this.#num = grown(this.#num, this.#alloc(Float64Array, n));
    this.#flags = grown(this.#flags, this.#alloc(Uint8Array, n));
  }
}

function grown<T extends Int32Array | Float64Array | Uint8Array>(from: T, to: T): T {
  (to as Float64Array).set(from as Float64Array);
  return to;
}

/**
 * A copy of `batch` in memory of its own, cut to its counts: what a
 * receiver keeps past its turn (a batch held for a retry) when the batch
 * came in shared columns the sender will reuse.
 */
export function detachedBatch(batch: ColumnBatch): ColumnBatch {
  const m = batch.minutes, n = batch.samples;
  return {
    ...batch,
    mSeries: batch.mSeries.slice(0, m),
    mNums: batch.mNums.slice(0, m * M_FIELDS),
    mIsOther: batch.mIsOther.slice(0, m),
    sSeries: batch.sSeries.slice(0, n),
    ts: batch.ts.slice(0, n),
    num: batch.num.slice(0, n),
    flags: batch.flags.slice(0, n),
  };
}

/** What a receiving side knows of a numbered point. */
export interface ReceivedSeries {
  /** Twin id. */
  twin: string;
  /** Point name. */
  point: string;
  /** Engineering unit. */
  unit: string;
  /** The writer's rollup sink for it (from `rollupsOf`), if any. */
  sink?: unknown;
}

/** The samples of a {@linkcode ColumnBatch} as {@linkcode SampleColumns}, points looked up in `series`. */
export class BatchColumns implements SampleColumns {
  readonly #b: ColumnBatch;
  readonly #series: ReadonlyMap<number, ReceivedSeries>;

  /** Read `batch`'s samples; `series` holds every point it uses. */
  constructor(batch: ColumnBatch, series: ReadonlyMap<number, ReceivedSeries>) {
    this.#b = batch;
    this.#series = series;
  }

  /** Samples in the batch. */
  get length(): number {
    return this.#b.samples;
  }

  #of(i: number): ReceivedSeries {
    const s = this.#series.get(this.#b.sSeries[i]);
    if (!s) throw new Error(`history batch: sample ${i} names unknown point ${this.#b.sSeries[i]}`);
    return s;
  }

  /** Twin id of sample `i`. */
  twin(i: number): string {
    return this.#of(i).twin;
  }

  /** Point name of sample `i`. */
  point(i: number): string {
    return this.#of(i).point;
  }

  /** Unit of sample `i`'s point. */
  unit(i: number): string {
    return this.#of(i).unit;
  }

  /** Source time of sample `i`. */
  ts(i: number): number {
    return this.#b.ts[i];
  }

  /** Value of sample `i`. */
  value(i: number): PointValue {
    const b = this.#b;
    return unpackValue(b.flags[i], b.num[i], b.other);
  }

  /** Quality of sample `i`. */
  quality(i: number): Quality {
    return flagQuality(this.#b.flags[i]);
  }

  /** The rollup sink of sample `i`'s point. */
  sink(i: number): unknown {
    return this.#of(i).sink;
  }
}

/** Hand each minute aggregate of `batch` to `add` (point number, then `MinuteSink.add`'s arguments). */
export function forEachMinute(
  batch: ColumnBatch,
  add: (
    id: number,
    start: number,
    count: number,
    num: number,
    min: number,
    max: number,
    sum: number,
    last: PointValue,
    lastTs: number,
  ) => void,
): void {
  const a = batch.mNums;
  for (let i = 0; i < batch.minutes; i++) {
    const o = i * M_FIELDS;
    const last = batch.mIsOther[i] === 0 ? a[o + 7] : batch.mOther[a[o + 7]];
    add(batch.mSeries[i], a[o], a[o + 1], a[o + 2], a[o + 3], a[o + 4], a[o + 5], last, a[o + 6]);
  }
}
