/**
 * How a sample is packed into typed columns, shared by the recorder's queue
 * (`sample_queue.ts`) and the batches posted to the history worker
 * (`column_batch.ts`): a number column holds the value when it is a number,
 * else its index in a side list of other values, and one flag byte holds the
 * quality code in bits 0-1 (good, uncertain, bad) with bit 2 set when the
 * value is in the side list.
 *
 * @module
 */
import type { PointValue, Quality } from "../twins/point.ts";

/** Flag bit: the number column holds an index into the other values. */
export const IN_OTHER = 4;

const QUALITY: readonly Quality[] = ["good", "uncertain", "bad"];

/** The flag byte of a sample of `quality`, its value a number or (`inOther`) not. */
export function sampleFlags(quality: Quality, inOther: boolean): number {
  const q = quality === "good" ? 0 : quality === "uncertain" ? 1 : 2;
  return inOther ? q | IN_OTHER : q;
}

/** The quality packed in `flags`. */
export function flagQuality(flags: number): Quality {
  return QUALITY[flags & 3];
}

/** The value of a sample from its flag byte, number column entry and other values. */
export function unpackValue(flags: number, num: number, other: readonly PointValue[]): PointValue {
  return (flags & IN_OTHER) === 0 ? num : other[num];
}
