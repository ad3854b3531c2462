/**
 * One rollup bucket being filled: min, max, sum and count of the numeric
 * samples, count of all samples, and the latest value. Buckets merge, so a
 * partial bucket written by one batch and the rest written by the next add
 * up to the same bucket as one pass over every sample would give.
 *
 * @module
 */
import type { PointValue } from "../twins/point.ts";
import type { BucketRow } from "./history_store.ts";
import { numericOf } from "./sample_codec.ts";

/** The start of the bucket of width `widthMs` that holds `ts`. */
export function bucketStart(ts: number, widthMs: number): number {
  return Math.floor(ts / widthMs) * widthMs;
}

/** A bucket's running aggregate. */
export class RollupBucket {
  /** Start of the bucket, epoch ms. */
  readonly start: number;
  /** Least numeric value, or null. */
  min: number | null = null;
  /** Greatest numeric value, or null. */
  max: number | null = null;
  /** Sum of the numeric values. */
  sum = 0;
  /** How many numeric values. */
  num = 0;
  /** How many samples. */
  count = 0;
  /** The latest value (by source time). */
  last: PointValue = null;
  /** Source time of `last`. */
  lastTs = -Infinity;

  /** An empty bucket starting at `start`. */
  constructor(start: number) {
    this.start = start;
  }

  /** Add one sample. */
  add(ts: number, value: PointValue): void {
    this.count++;
    const x = numericOf(value);
    if (x !== undefined) {
      this.num++;
      this.sum += x;
      if (this.min === null || x < this.min) this.min = x;
      if (this.max === null || x > this.max) this.max = x;
    }
    if (ts >= this.lastTs) {
      this.last = value;
      this.lastTs = ts;
    }
  }

  /** Fold another bucket's aggregate into this one. */
  merge(other: Readonly<RollupBucket>): void {
    this.count += other.count;
    this.num += other.num;
    this.sum += other.sum;
    if (other.min !== null && (this.min === null || other.min < this.min)) this.min = other.min;
    if (other.max !== null && (this.max === null || other.max > this.max)) this.max = other.max;
    if (other.lastTs >= this.lastTs) {
      this.last = other.last;
      this.lastTs = other.lastTs;
    }
  }

  /** The bucket as a query answers it. */
  row(): BucketRow {
    return {
      ts: this.start,
      min: this.min,
      max: this.max,
      mean: this.num > 0 ? this.sum / this.num : null,
      last: this.last,
      count: this.count,
    };
  }
}
