/**
 * Raw samples of one point packed into a block: a row per sample costs
 * node:sqlite 1.5-5 µs and a page written per point at every commit,
 * which made the history of a simulated day of the demo plant take longer
 * than the simulation; a block holds up to ~2 KB of one point's samples
 * and grows by appending in SQL (`CAST(data || ? AS BLOB)`), so a flush writes one
 * statement per point that has new samples.
 *
 * A block's bytes are samples one after another:
 *
 * | field  | type   | what                                                                 |
 * | ------ | ------ | -------------------------------------------------------------------- |
 * | time   | varint | zigzag LEB128: ms after the previous sample, or after the block's `t0` when flag bit 7 is set (the first sample of each append) |
 * | flags  | u8     | bits 0-1 quality (0 good, 1 uncertain, 2 bad); bits 2-4 value type (0 number, 1 boolean, 2 string, 3 NaN, 4 null); bit 7 as above |
 * | value  | varies | number f64, boolean u8, string LEB128 length + UTF-8; none for NaN and null |
 *
 * A sample stored again at the same time (its quality changed) is
 * appended again; the later one wins when read.
 *
 * @module
 */
import type { PointValue, Quality } from "../twins/point.ts";
import { PackReader, type PackWriter } from "./minute_pack.ts";
import { decodeQuality, decodeValue, type Encoded, encodeSample } from "./sample_codec.ts";

/** Flag bit: the time is relative to the block's start. */
const FROM_T0 = 128;

/** Writes samples of one point as a block or an append to one. */
export class BlockEncoder {
  readonly #w: PackWriter;
  readonly #e: Encoded = { value: null, flags: 0 };
  #t0 = 0;
  #prev = NaN;

  /** Encode into `w`. */
  constructor(w: PackWriter) {
    this.#w = w;
  }

  /** Start a new append to the block that starts at `t0`. */
  start(t0: number): void {
    this.#w.reset();
    this.#t0 = t0;
    this.#prev = NaN;
  }

  /** Append one sample. */
  add(ts: number, value: PointValue, quality: Quality): void {
    const w = this.#w;
    const first = this.#prev !== this.#prev;
    const d = ts - (first ? this.#t0 : this.#prev);
    w.uvar(d >= 0 ? 2 * d : -2 * d - 1);
    const e = encodeSample(value, quality, this.#e);
    w.u8(e.flags | (first ? FROM_T0 : 0));
    switch (e.flags >> 2) {
      case 0:
        w.f64(e.value as number);
        break;
      case 1:
        w.u8(e.value as number);
        break;
      case 2:
        w.vtext(e.value as string);
        break;
    }
    this.#prev = ts;
  }

  /** Bytes written since {@linkcode BlockEncoder.start}. */
  get length(): number {
    return this.#w.length;
  }
}

/** One decoded sample. */
export interface BlockSample {
  /** Source time, epoch ms. */
  ts: number;
  /** The value. */
  value: PointValue;
  /** Its quality. */
  quality: Quality;
}

/** Decode a block starting at `t0`, pushing its samples in stored order onto `out`. */
export function decodeBlock(t0: number, data: Uint8Array, out: BlockSample[]): void {
  const r = new PackReader(data);
  let prev = t0;
  while (!r.done) {
    const z = r.uvar();
    const d = z % 2 === 0 ? z / 2 : -(z + 1) / 2;
    const flags = r.u8();
    const ts = ((flags & FROM_T0) !== 0 ? t0 : prev) + d;
    const type = (flags >> 2) & 7;
    let raw: unknown = null;
    if (type === 0) raw = r.f64();
    else if (type === 1) raw = r.u8();
    else if (type === 2) raw = r.vtext();
    const f = flags & 127;
    out.push({ ts, value: decodeValue(raw, f), quality: decodeQuality(f) });
    prev = ts;
  }
}

/**
 * Samples from several blocks (in the order they were written) in time
 * order, one per time: a sample written later replaces an earlier one at
 * the same time.
 */
export function latestByTime(samples: BlockSample[]): BlockSample[] {
  let sorted = true;
  for (let i = 1; i < samples.length; i++) {
    if (samples[i].ts <= samples[i - 1].ts) {
      sorted = false;
      break;
    }
  }
  if (sorted) return samples;
  // A stable sort keeps writing order within a time; the last of each time wins.
  const s = samples.map((x, i) => [x, i] as const).sort((a, b) => a[0].ts - b[0].ts || a[1] - b[1]);
  const out: BlockSample[] = [];
  for (const [x] of s) {
    if (out.length > 0 && out[out.length - 1].ts === x.ts) out[out.length - 1] = x;
    else out.push(x);
  }
  return out;
}
