/**
 * A batch of point history in typed arrays, as the recorder's thread hands
 * it to the history worker (`history_worker.ts`): the minute aggregates the
 * recorder made since the last batch, then the samples its policy stored.
 * Points are numbered by the sending side, and a batch names the points it
 * is the first to use. Numbers travel in typed arrays whose buffers are
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

/** Builds {@linkcode ColumnBatch}es; {@linkcode ColumnBatchBuilder.take} hands one over and starts the next. */
export class ColumnBatchBuilder {
  #named: NamedSeries[] = [];
  #m = 0;
  #mSeries = new Int32Array(256);
  #mNums = new Float64Array(256 * M_FIELDS);
  #mIsOther = new Uint8Array(256);
  #mOther: PointValue[] = [];
  #n = 0;
  #sSeries = new Int32Array(1024);
  #ts = new Float64Array(1024);
  #num = new Float64Array(1024);
  #flags = new Uint8Array(1024);
  #other: PointValue[] = [];

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

  /** The batch so far, with the buffers to transfer; the builder starts empty. */
  take(rollup: boolean): { batch: ColumnBatch; transfer: ArrayBuffer[] } {
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

  #growMinutes(): void {
    const n = this.#mSeries.length * 2;
    this.#mSeries = grown(this.#mSeries, new Int32Array(n));
    this.#mNums = grown(this.#mNums, new Float64Array(n * M_FIELDS));
    this.#mIsOther = grown(this.#mIsOther, new Uint8Array(n));
  }

  #growSamples(): void {
    const n = this.#ts.length * 2;
    this.#sSeries = grown(this.#sSeries, new Int32Array(n));
    this.#ts = grown(this.#ts, new Float64Array(n));
    this.#num = grown(this.#num, new Float64Array(n));
    this.#flags = grown(this.#flags, new Uint8Array(n));
  }
}

function grown<T extends Int32Array | Float64Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
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
