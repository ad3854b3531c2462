/**
 * The recorder's queue of samples to store, in columns: a sample object
 * per stored sample, held until the next flush, outlives the engine's
 * young generation and costs a full collection later (measured: a third
 * of the recorder's time on the demo plant). Objects are made only when a
 * batch is handed to the writer, and dropped right after.
 *
 * @module
 */
import type { PointValue, Quality } from "../twins/point.ts";
import type { PointSample, SampleColumns } from "./history_store.ts";
import { flagQuality, sampleFlags, unpackValue } from "./sample_flags.ts";

/** The point a queued sample belongs to. */
export interface QueuedPoint {
  /** Twin id. */
  readonly twin: string;
  /** Point name. */
  readonly name: string;
  /** Engineering unit. */
  readonly unit: string;
  /** Where the point's rollups go (the writer's, from `rollupsOf`), if anywhere. */
  readonly sink?: unknown;
}

/** Samples waiting to be written, oldest first. */
export class SampleQueue implements SampleColumns {
  #points: QueuedPoint[] = [];
  #ts = new Float64Array(1024);
  #num = new Float64Array(1024);
  /** Quality code in bits 0-1; bit 2 set when the value is in `#other` (its index in `#num`). */
  #flags = new Uint8Array(1024);
  /**
   * Values that are not numbers, one after another (kept dense: written at
   * each sample's own index, a few values among many numbers left the
   * array full of holes).
   */
  #other: PointValue[] = [];
  #length = 0;

  /** Samples queued. */
  get length(): number {
    return this.#length;
  }

  /** Queue a sample of `point`. */
  push(point: QueuedPoint, value: PointValue, quality: Quality, ts: number): void {
    const i = this.#length;
    if (i === this.#ts.length) this.#grow();
    this.#points[i] = point;
    this.#ts[i] = ts;
    if (typeof value === "number") {
      this.#num[i] = value;
      this.#flags[i] = sampleFlags(quality, false);
    } else {
      this.#num[i] = this.#other.length;
      this.#other.push(value);
      this.#flags[i] = sampleFlags(quality, true);
    }
    this.#length = i + 1;
  }

  /** Twin id of sample `i`. */
  twin(i: number): string {
    return this.#points[i].twin;
  }

  /** Point name of sample `i`. */
  point(i: number): string {
    return this.#points[i].name;
  }

  /** Unit of sample `i`'s point. */
  unit(i: number): string {
    return this.#points[i].unit;
  }

  /** Source time of sample `i`. */
  ts(i: number): number {
    return this.#ts[i];
  }

  /** Value of sample `i`. */
  value(i: number): PointValue {
    return unpackValue(this.#flags[i], this.#num[i], this.#other);
  }

  /** Quality of sample `i`. */
  quality(i: number): Quality {
    return flagQuality(this.#flags[i]);
  }

  /** The rollup sink of sample `i`'s point. */
  sink(i: number): unknown {
    return this.#points[i].sink;
  }

  /** The samples from `start` (inclusive) to `end` (exclusive) as objects. */
  samples(start: number, end: number): PointSample[] {
    const out = new Array<PointSample>(end - start);
    for (let i = start; i < end; i++) {
      const p = this.#points[i];
      const f = this.#flags[i];
      out[i - start] = {
        twin: p.twin,
        point: p.name,
        ts: this.#ts[i],
        value: unpackValue(f, this.#num[i], this.#other),
        quality: flagQuality(f),
        unit: p.unit,
      };
    }
    return out;
  }

  /** Drop the oldest `n` samples. */
  dropFront(n: number): void {
    n = Math.min(n, this.#length);
    if (n <= 0) return;
    const left = this.#length - n;
    this.#ts.copyWithin(0, n, this.#length);
    this.#num.copyWithin(0, n, this.#length);
    this.#flags.copyWithin(0, n, this.#length);
    this.#points.copyWithin(0, n, this.#length);
    // `#other` stays as it is: the samples left keep their indices into it.
    this.#length = left;
  }

  /** Drop everything, keeping the columns for the next batch unless a backlog made them large. */
  clear(): void {
    const had = this.#length;
    // The arrays keep their length (regrowing them every batch costs more
    // than it saves); what they hold is overwritten by the next batch.
    this.#length = 0;
    this.#other = [];
    if (this.#ts.length > 65_536 && this.#ts.length > 4 * had) {
      this.#points = [];
      this.#ts = new Float64Array(1024);
      this.#num = new Float64Array(1024);
      this.#flags = new Uint8Array(1024);
    }
  }

  #grow(): void {
    const n = this.#ts.length * 2;
    const ts = new Float64Array(n);
    ts.set(this.#ts);
    this.#ts = ts;
    const num = new Float64Array(n);
    num.set(this.#num);
    this.#num = num;
    const flags = new Uint8Array(n);
    flags.set(this.#flags);
    this.#flags = flags;
  }
}
