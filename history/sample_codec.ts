/**
 * How a point's value and quality sit in two SQLite columns. SQLite has no
 * boolean and turns NaN into NULL, so a small type code travels with the
 * quality in one integer (`flags`) and every value comes back as the type it
 * went in.
 *
 * @module
 */
import type { PointValue, Quality } from "../twins/point.ts";

const QUALITY: readonly Quality[] = ["good", "uncertain", "bad"];
const QUALITY_CODE: Record<Quality, number> = { good: 0, uncertain: 1, bad: 2 };

const NUMBER = 0;
const BOOLEAN = 1;
const STRING = 2;
const NAN = 3;
const NULL = 4;

/** The value column and the flags column of one sample. */
export interface Encoded {
  /** What SQLite stores: a finite or infinite number, a string, or null. */
  value: number | string | null;
  /** Quality code in bits 0-1, value type in bits 2-4. */
  flags: number;
}

/** Encode a value and its quality for storage. */
export function encodeSample(value: PointValue, quality: Quality): Encoded {
  const q = QUALITY_CODE[quality] ?? 0;
  switch (typeof value) {
    case "number":
      return Number.isNaN(value)
        ? { value: null, flags: q | (NAN << 2) }
        : { value, flags: q | (NUMBER << 2) };
    case "boolean":
      return { value: value ? 1 : 0, flags: q | (BOOLEAN << 2) };
    case "string":
      return { value, flags: q | (STRING << 2) };
    default:
      return { value: null, flags: q | (NULL << 2) };
  }
}

/** Decode a stored value by its flags. */
export function decodeValue(value: unknown, flags: number): PointValue {
  switch (flags >> 2) {
    case BOOLEAN:
      return value === 1 || value === 1n;
    case STRING:
      return String(value);
    case NAN:
      return NaN;
    case NULL:
      return null;
    default:
      return typeof value === "number" ? value : Number(value);
  }
}

/** Decode the quality from stored flags. */
export function decodeQuality(flags: number): Quality {
  return QUALITY[flags & 3] ?? "bad";
}

/**
 * The number a value adds to a bucket's min, max and mean: finite numbers
 * as they are, booleans as 0 and 1; undefined for strings, NaN and
 * infinities, which count but do not average.
 */
export function numericOf(value: PointValue): number | undefined {
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "number" && Number.isFinite(value)) return value;
  return undefined;
}
