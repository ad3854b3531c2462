/**
 * The 1-minute rollups of one point for one hour, in memory and packed
 * into one blob. A row per point per minute would be 7 million rows a day
 * for the demo plant, more than node:sqlite can insert in the time the
 * plant takes to simulate that day; packed by the hour it is 118,000 rows,
 * and a minute costs 16 bytes when its value held still and 40 when it
 * moved.
 *
 * The blob, little-endian: a version byte (1), then one record per minute
 * that has samples, in minute order:
 *
 * | field    | type    | what                                                                 |
 * | -------- | ------- | -------------------------------------------------------------------- |
 * | index    | u8      | minute of the hour, 0-59                                             |
 * | tag      | u8      | bits 0-1 shape (0 no numbers, 1 constant, 2 varying); bit 2 `num` follows; bits 3-5 type of `last` (0 number, 1 boolean, 2 string, 3 NaN, 4 null); bit 6 `last` is the constant value |
 * | count    | u32     | samples                                                              |
 * | num      | u32     | numeric samples (only with bit 2; otherwise equal to `count`, or 0 for shape 0) |
 * | value    | f64     | shape 1: min = max = value, sum = value x num                        |
 * | min, max, sum | f64 x 3 | shape 2                                                         |
 * | last     | varies  | number f64, boolean u8, string u16 length + UTF-8; none for NaN, null, or bit 6 |
 * | last ms  | u16     | time of `last`, ms after the minute's start                          |
 *
 * @module
 */
import type { PointValue } from "../twins/point.ts";
import { RollupBucket } from "./rollup_bucket.ts";

/** Width of a minute and an hour, in ms. */
const MINUTE = 60_000;
const HOUR = 3_600_000;

// Fields of the float array, each 60 wide.
const COUNT = 0;
const NUM = 60;
const MIN = 120;
const MAX = 180;
const SUM = 240;
const LAST = 300;
const LAST_TS = 360;

// Types of `last`, as sample_codec codes them.
const T_NUMBER = 0;
const T_BOOLEAN = 1;
const T_STRING = 2;
const T_NAN = 3;
const T_NULL = 4;

/** The type code of a value. */
function typeOf(v: PointValue): number {
  switch (typeof v) {
    case "number":
      return v !== v ? T_NAN : T_NUMBER;
    case "boolean":
      return T_BOOLEAN;
    case "string":
      return T_STRING;
    default:
      return T_NULL;
  }
}

/** One point's minutes of one hour. */
export class HourMinutes {
  /** Start of the hour, epoch ms. */
  start: number;
  /** count, num, min, max, sum, last (as a number), last time: 60 each. */
  readonly #f = new Float64Array(420).fill(-Infinity, LAST_TS);
  /** Type of each minute's last, then whether the minute changed since it was journaled. */
  readonly #u = new Uint8Array(120);
  /** Each minute's last when it is a string. */
  #text: (string | undefined)[] | undefined;

  /** An empty hour starting at `start`. */
  constructor(start: number) {
    this.start = start;
  }

  /** Empty this hour and make it the one starting at `start` (reuse, not reallocation). */
  reset(start: number): void {
    this.start = start;
    this.#f.fill(0, 0, LAST_TS).fill(-Infinity, LAST_TS);
    this.#u.fill(0);
    this.#text = undefined;
  }

  /** Whether any minute holds samples. */
  get empty(): boolean {
    for (let i = 0; i < 60; i++) if (this.#f[COUNT + i] > 0) return false;
    return true;
  }

  /**
   * Add an aggregate of samples in the minute starting at `minute` (one of
   * this hour's); `min` and `max` are NaN when `num` is 0.
   */
  add(
    minute: number,
    count: number,
    num: number,
    min: number,
    max: number,
    sum: number,
    last: PointValue,
    lastTs: number,
  ): void {
    const i = (minute - this.start) / MINUTE;
    const f = this.#f;
    const had = f[NUM + i] > 0;
    f[COUNT + i] += count;
    if (num > 0) {
      f[NUM + i] += num;
      f[SUM + i] += sum;
      if (!had || min < f[MIN + i]) f[MIN + i] = min;
      if (!had || max > f[MAX + i]) f[MAX + i] = max;
    }
    if (lastTs >= f[LAST_TS + i]) this.#setLast(i, last, lastTs);
    this.#u[60 + i] = 1;
  }

  /** Fold another hour's minutes (of the same hour) into this one. */
  merge(other: HourMinutes): void {
    for (let i = 0; i < 60; i++) {
      const o = other.#f;
      if (o[COUNT + i] === 0) continue;
      this.add(
        this.start + i * MINUTE,
        o[COUNT + i],
        o[NUM + i],
        o[MIN + i],
        o[MAX + i],
        o[SUM + i],
        other.#last(i),
        o[LAST_TS + i],
      );
    }
  }

  /** The minute starting at `start + i` minutes as a bucket, or undefined when it has no samples. */
  bucket(i: number): RollupBucket | undefined {
    const f = this.#f;
    if (f[COUNT + i] === 0) return undefined;
    const b = new RollupBucket(this.start + i * MINUTE);
    b.count = f[COUNT + i];
    b.num = f[NUM + i];
    b.sum = f[SUM + i];
    if (b.num > 0) {
      b.min = f[MIN + i];
      b.max = f[MAX + i];
    }
    b.last = this.#last(i);
    b.lastTs = f[LAST_TS + i];
    return b;
  }

  /**
   * The whole hour as one bucket, or undefined when it has no samples: the
   * minutes' buckets merged in order, read straight from the columns (a
   * bucket per minute was 9 KB of garbage per point and hour).
   */
  hour(): RollupBucket | undefined {
    const f = this.#f;
    let out: RollupBucket | undefined;
    let latest = -1;
    let latestTs = -Infinity;
    for (let i = 0; i < 60; i++) {
      if (f[COUNT + i] === 0) continue;
      out ??= new RollupBucket(this.start);
      out.count += f[COUNT + i];
      const num = f[NUM + i];
      out.num += num;
      out.sum += f[SUM + i];
      if (num > 0) {
        const min = f[MIN + i], max = f[MAX + i];
        if (out.min === null || min < out.min) out.min = min;
        if (out.max === null || max > out.max) out.max = max;
      }
      if (f[LAST_TS + i] >= latestTs) {
        latestTs = f[LAST_TS + i];
        latest = i;
      }
    }
    if (out) {
      out.last = this.#last(latest);
      out.lastTs = latestTs;
    }
    return out;
  }

  /** Minutes changed since they were last journaled that start before `before`. */
  dirtyBefore(before: number): number[] {
    const out: number[] = [];
    for (let i = 0; i < 60 && this.start + i * MINUTE < before; i++) {
      if (this.#u[60 + i] === 1) out.push(i);
    }
    return out;
  }

  /** Mark minutes as journaled. */
  clean(minutes: readonly number[]): void {
    for (const i of minutes) this.#u[60 + i] = 0;
  }

  /** Pack the minutes (all, or those listed) into `w`. */
  pack(w: PackWriter, minutes?: readonly number[]): void {
    w.u8(1);
    if (minutes) { for (const i of minutes) this.#packMinute(w, i); }
    else for (let i = 0; i < 60; i++) this.#packMinute(w, i);
  }

  /**
   * Read a packed blob into this hour: `merge` adds its minutes to these,
   * `replace` sets each minute it holds (a journal's newer state of it).
   * Returns the start of the latest minute read, or -Infinity.
   */
  unpack(bytes: Uint8Array, mode: "merge" | "replace"): number {
    let newest = -Infinity;
    const r = new PackReader(bytes);
    if (r.u8() !== 1) throw new Error("unknown rollup pack version");
    while (!r.done) {
      const i = r.u8();
      const tag = r.u8();
      if (i >= 60) throw new Error(`rollup pack: minute ${i} out of range`);
      const shape = tag & 3;
      const type = (tag >> 3) & 7;
      const count = r.u32();
      const num = (tag & 4) !== 0 ? r.u32() : shape === 0 ? 0 : count;
      let min = NaN;
      let max = NaN;
      let sum = 0;
      if (shape === 1) {
        min = max = r.f64();
        sum = min * num;
      } else if (shape === 2) {
        min = r.f64();
        max = r.f64();
        sum = r.f64();
      }
      let last: PointValue;
      if ((tag & 64) !== 0) last = type === T_BOOLEAN ? min !== 0 : min;
      else if (type === T_NUMBER) last = r.f64();
      else if (type === T_BOOLEAN) last = r.u8() !== 0;
      else if (type === T_STRING) last = r.text();
      else last = type === T_NAN ? NaN : null;
      const lastTs = this.start + i * MINUTE + r.u16();
      if (mode === "replace") this.#clear(i);
      this.add(this.start + i * MINUTE, count, num, min, max, sum, last, lastTs);
      this.#u[60 + i] = 0;
      newest = Math.max(newest, this.start + i * MINUTE);
    }
    return newest;
  }

  #clear(i: number): void {
    const f = this.#f;
    f[COUNT + i] = f[NUM + i] = f[SUM + i] = 0;
    f[LAST_TS + i] = -Infinity;
  }

  #last(i: number): PointValue {
    switch (this.#u[i]) {
      case T_NUMBER:
        return this.#f[LAST + i];
      case T_BOOLEAN:
        return this.#f[LAST + i] !== 0;
      case T_STRING:
        return this.#text?.[i] ?? "";
      case T_NAN:
        return NaN;
      default:
        return null;
    }
  }

  #setLast(i: number, last: PointValue, lastTs: number): void {
    const type = typeOf(last);
    this.#u[i] = type;
    this.#f[LAST_TS + i] = lastTs;
    if (type === T_NUMBER) this.#f[LAST + i] = last as number;
    else if (type === T_BOOLEAN) this.#f[LAST + i] = last ? 1 : 0;
    else if (type === T_STRING) (this.#text ??= [])[i] = last as string;
  }

  #packMinute(w: PackWriter, i: number): void {
    const f = this.#f;
    const count = f[COUNT + i];
    if (count === 0) return;
    const num = f[NUM + i];
    const type = this.#u[i];
    const min = f[MIN + i];
    const max = f[MAX + i];
    const shape = num === 0 ? 0 : min === max ? 1 : 2;
    const lastNum = f[LAST + i];
    const lastIsValue = shape === 1 && (type === T_NUMBER || type === T_BOOLEAN) &&
      lastNum === min;
    const numFollows = shape === 0 ? false : num !== count;
    w.u8(i);
    w.u8(shape | (numFollows ? 4 : 0) | (type << 3) | (lastIsValue ? 64 : 0));
    w.u32(count);
    if (numFollows) w.u32(num);
    if (shape === 1) w.f64(min);
    else if (shape === 2) {
      w.f64(min);
      w.f64(max);
      w.f64(f[SUM + i]);
    }
    if (!lastIsValue) {
      if (type === T_NUMBER) w.f64(lastNum);
      else if (type === T_BOOLEAN) w.u8(lastNum);
      else if (type === T_STRING) w.text(this.#text?.[i] ?? "");
    }
    w.u16(Math.min(MINUTE - 1, Math.max(0, Math.round(f[LAST_TS + i] - this.start - i * MINUTE))));
  }
}

/** The hour holding `ts`. */
export function hourOf(ts: number): number {
  return Math.floor(ts / HOUR) * HOUR;
}

/** A growable little-endian byte buffer, reused across packs by its owner. */
export class PackWriter {
  #buf = new Uint8Array(4096);
  #view = new DataView(this.#buf.buffer);
  #len = 0;
  readonly #encoder = new TextEncoder();

  /** Start over, keeping the buffer. */
  reset(): void {
    this.#len = 0;
  }

  /** Bytes written so far. */
  get length(): number {
    return this.#len;
  }

  /** A copy of the bytes written. */
  bytes(): Uint8Array {
    return this.#buf.slice(0, this.#len);
  }

  /** The bytes written, without a copy: valid until the next write or reset (SQLite copies what it binds). */
  view(): Uint8Array {
    return this.#buf.subarray(0, this.#len);
  }

  /** Append a byte. */
  u8(x: number): void {
    this.#room(1);
    this.#buf[this.#len++] = x;
  }

  /** Append an unsigned 16-bit integer. */
  u16(x: number): void {
    this.#room(2);
    this.#view.setUint16(this.#len, x, true);
    this.#len += 2;
  }

  /** Append an unsigned 32-bit integer. */
  u32(x: number): void {
    this.#room(4);
    this.#view.setUint32(this.#len, x, true);
    this.#len += 4;
  }

  /** Append a 64-bit float. */
  f64(x: number): void {
    this.#room(8);
    this.#view.setFloat64(this.#len, x, true);
    this.#len += 8;
  }

  /** Append a non-negative integer (up to 2^53) in 7-bit groups, low first (LEB128). */
  uvar(x: number): void {
    while (x >= 128) {
      this.u8((x % 128) | 128);
      x = Math.floor(x / 128);
    }
    this.u8(x);
  }

  /** Append a string as a varint byte length and its UTF-8. */
  vtext(s: string): void {
    const bytes = this.#encoder.encode(s);
    this.uvar(bytes.length);
    this.raw(bytes);
  }

  /** Append a string as a u16 byte length and its UTF-8 (cut at 65,535 bytes). */
  text(s: string): void {
    const bytes = this.#encoder.encode(s).subarray(0, 65_535);
    this.u16(bytes.length);
    this.raw(bytes);
  }

  /** Append bytes as they are. */
  raw(bytes: Uint8Array): void {
    this.#room(bytes.length);
    this.#buf.set(bytes, this.#len);
    this.#len += bytes.length;
  }

  #room(n: number): void {
    if (this.#len + n <= this.#buf.length) return;
    const next = new Uint8Array(Math.max(this.#buf.length * 2, this.#len + n));
    next.set(this.#buf.subarray(0, this.#len));
    this.#buf = next;
    this.#view = new DataView(next.buffer);
  }
}

/** Reads what a {@linkcode PackWriter} wrote; throws on a blob cut short. */
export class PackReader {
  readonly #buf: Uint8Array;
  readonly #view: DataView;
  #at = 0;

  /** Read `bytes` from its start. */
  constructor(bytes: Uint8Array) {
    this.#buf = bytes;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Whether every byte was read. */
  get done(): boolean {
    return this.#at >= this.#buf.length;
  }

  /** Read a byte. */
  u8(): number {
    this.#need(1);
    return this.#buf[this.#at++];
  }

  /** Read an unsigned 16-bit integer. */
  u16(): number {
    this.#need(2);
    const x = this.#view.getUint16(this.#at, true);
    this.#at += 2;
    return x;
  }

  /** Read an unsigned 32-bit integer. */
  u32(): number {
    this.#need(4);
    const x = this.#view.getUint32(this.#at, true);
    this.#at += 4;
    return x;
  }

  /** Read a 64-bit float. */
  f64(): number {
    this.#need(8);
    const x = this.#view.getFloat64(this.#at, true);
    this.#at += 8;
    return x;
  }

  /** Read an integer written by {@linkcode PackWriter.uvar}. */
  uvar(): number {
    let x = 0;
    let scale = 1;
    for (;;) {
      const b = this.u8();
      x += (b & 127) * scale;
      if (b < 128) return x;
      scale *= 128;
      if (scale > 2 ** 56) throw new Error("varint too long");
    }
  }

  /** Read a string written by {@linkcode PackWriter.vtext}. */
  vtext(): string {
    const n = this.uvar();
    return new TextDecoder().decode(this.raw(n));
  }

  /** Read a string written by {@linkcode PackWriter.text}. */
  text(): string {
    const n = this.u16();
    return new TextDecoder().decode(this.raw(n));
  }

  /** Read `n` bytes. */
  raw(n: number): Uint8Array {
    this.#need(n);
    const out = this.#buf.subarray(this.#at, this.#at + n);
    this.#at += n;
    return out;
  }

  #need(n: number): void {
    if (this.#at + n > this.#buf.length) throw new Error("rollup pack cut short");
  }
}
