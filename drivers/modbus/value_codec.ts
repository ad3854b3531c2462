/**
 * Converts between Modbus words/bits and engineering values: data types,
 * word and byte order, scale and offset, and bit fields inside a register.
 * Runs for every point of every scan, so it decodes through one scratch
 * buffer and allocates nothing.
 *
 * @module
 */

/** Data types a point or write can have. */
export const DATA_TYPES = [
  "bool",
  "int16",
  "uint16",
  "int32",
  "uint32",
  "float32",
  "float64",
] as const;

/** One of {@linkcode DATA_TYPES}. */
export type DataType = typeof DATA_TYPES[number];

/** Order of words (or of bytes in a word): `big` puts the most significant first. */
export type Order = "big" | "little";

/** How a value sits in registers. */
export interface ValueFormat {
  /** Data type. */
  type: DataType;
  /** `big`: most significant word first (ABCD); `little`: least significant first (CDAB). */
  word_order: Order;
  /** `big`: high byte first in each word, as Modbus sends; `little`: bytes swapped (BADC). */
  byte_order: Order;
  /** Engineering value = raw * scale + offset. */
  scale: number;
  /** Engineering value = raw * scale + offset. */
  offset: number;
  /** First bit (0 = least significant) of a bit field in a 16-bit register. */
  bit?: number;
  /** Width of the bit field (default 1). */
  bits?: number;
}

/** Registers a value of `type` takes. */
export function wordCount(type: DataType): number {
  switch (type) {
    case "int32":
    case "uint32":
    case "float32":
      return 2;
    case "float64":
      return 4;
    default:
      return 1;
  }
}

/** Whether `type` is a whole-number type. */
export function isIntegerType(type: DataType): boolean {
  return type !== "float32" && type !== "float64" && type !== "bool";
}

const scratch = new DataView(new ArrayBuffer(8));

function swapBytes(w: number): number {
  return ((w & 0xff) << 8) | ((w >>> 8) & 0xff);
}

/**
 * Decode the value at `words[at...]` as `f` describes.
 *
 * @example
 * ```ts
 * // 123.5 as float32 with the low word first (CDAB)
 * decodeWords([0x0000, 0x42f7], 0, { type: "float32", word_order: "little", byte_order: "big", scale: 1, offset: 0 });
 * ```
 */
export function decodeWords(
  words: ArrayLike<number>,
  at: number,
  f: ValueFormat,
): number | boolean {
  const n = wordCount(f.type);
  for (let i = 0; i < n; i++) {
    let w = words[at + (f.word_order === "big" ? i : n - 1 - i)];
    if (f.byte_order === "little") w = swapBytes(w);
    scratch.setUint16(2 * i, w);
  }
  let raw: number;
  switch (f.type) {
    case "bool": {
      const w = scratch.getUint16(0);
      return f.bit === undefined ? w !== 0 : ((w >>> f.bit) & 1) === 1;
    }
    case "int16":
      raw = scratch.getInt16(0);
      break;
    case "uint16":
      raw = scratch.getUint16(0);
      if (f.bit !== undefined) raw = (raw >>> f.bit) & ((1 << (f.bits ?? 1)) - 1);
      break;
    case "int32":
      raw = scratch.getInt32(0);
      break;
    case "uint32":
      raw = scratch.getUint32(0);
      break;
    case "float32":
      raw = scratch.getFloat32(0);
      break;
    case "float64":
      raw = scratch.getFloat64(0);
      break;
  }
  return f.scale === 1 && f.offset === 0 ? raw : raw * f.scale + f.offset;
}

const RANGES: Partial<Record<DataType, [number, number]>> = {
  int16: [-32_768, 32_767],
  uint16: [0, 65_535],
  int32: [-2_147_483_648, 2_147_483_647],
  uint32: [0, 4_294_967_295],
};

/**
 * Encode an engineering value into `wordCount(f.type)` registers. Returns
 * the words, or a sentence saying why the value cannot be written (out of
 * the type's range, not a number).
 */
export function encodeValue(value: number | boolean, f: ValueFormat): number[] | string {
  const n = wordCount(f.type);
  if (f.type === "bool") {
    scratch.setUint16(0, value === true || value === 1 ? 1 : 0);
  } else {
    if (typeof value !== "number" || !Number.isFinite(value)) {
      return `value ${JSON.stringify(value)} is not a finite number`;
    }
    let raw = (value - f.offset) / f.scale;
    const range = RANGES[f.type];
    if (range) {
      raw = Math.round(raw);
      if (raw < range[0] || raw > range[1]) {
        return `value ${value} is ${raw} raw, outside ${f.type} (${range[0]}..${range[1]})`;
      }
    }
    switch (f.type) {
      case "int16":
        scratch.setInt16(0, raw);
        break;
      case "uint16":
        scratch.setUint16(0, raw);
        break;
      case "int32":
        scratch.setInt32(0, raw);
        break;
      case "uint32":
        scratch.setUint32(0, raw);
        break;
      case "float32":
        if (Math.abs(raw) > 3.4028234663852886e38) return `value ${value} overflows float32`;
        scratch.setFloat32(0, raw);
        break;
      case "float64":
        scratch.setFloat64(0, raw);
        break;
    }
  }
  const words = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    let w = scratch.getUint16(2 * i);
    if (f.byte_order === "little") w = swapBytes(w);
    words[f.word_order === "big" ? i : n - 1 - i] = w;
  }
  return words;
}
