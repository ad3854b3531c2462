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

/**
 * Encode a value and its quality for storage, into `out` when given (the
 * ingest loop reuses one object rather than making one per sample).
 */
export function encodeSample(
  value: PointValue,
  quality: Quality,
  out: Encoded = { value: null, flags: 0 },
): Encoded {
  // A comparison chain, not a keyed lookup: this runs once per stored sample.
  const q = quality === "good" ? 0 : quality === "uncertain" ? 1 : 2;
  switch (typeof value) {
    case "number":
      if (Number.isNaN(value)) {
        out.value = null;
        out.flags = q | (NAN << 2);
      } else {
        out.value = value;
        out.flags = q | (NUMBER << 2);
      }
      break;
    case "boolean":
      out.value = value ? 1 : 0;
      out.flags = q | (BOOLEAN << 2);
      break;
    case "string":
      out.value = value;
      out.flags = q | (STRING << 2);
      break;
    default:
      out.value = null;
      out.flags = q | (NULL << 2);
  }
  return out;
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
