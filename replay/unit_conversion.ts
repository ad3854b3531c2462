/**
 * Converting a recorded value from the unit it was recorded in to the unit
 * of the point it feeds, with mathjs. Every conversion between units of one
 * quantity is affine (bar to kPa, degC to K, L/min to m3/h), so it is worked
 * out once per mapping as `scale * x + offset` and the hot path does no
 * unit arithmetic.
 *
 * @module
 */
import { math } from "../actors/rules/mathjs_instance.ts";

/** `to = scale * from + offset`. */
export interface Conversion {
  /** Multiplier. */
  readonly scale: number;
  /** Added after scaling (non-zero between offset units such as degC and K). */
  readonly offset: number;
}

/** The conversion that changes nothing. */
export const IDENTITY: Conversion = Object.freeze({ scale: 1, offset: 0 });

// Spellings of point units that mathjs reads otherwise or not at all.
const ALIASES: Record<string, string> = {
  "m3/h": "m^3/h",
  "m3/d": "m^3/day",
  "m3/s": "m^3/s",
  m3: "m^3",
  "°C": "degC",
  "°F": "degF",
};

function mathUnit(unit: string): string {
  return ALIASES[unit] ?? unit;
}

/**
 * The conversion from `from` to `to`, or a sentence saying why there is
 * none (an unknown unit, units of different quantities). Equal units, and
 * a missing `from`, convert as they are.
 */
export function conversion(from: string | undefined, to: string): Conversion | string {
  if (from === undefined || from === to) return IDENTITY;
  if (to === "" || to === "%") {
    return `the point's unit is "${
      to || "(none)"
    }"; a value recorded in "${from}" cannot be converted to it`;
  }
  try {
    const at = (x: number) => math.unit(x, mathUnit(from)).toNumber(mathUnit(to));
    const offset = at(0);
    const scale = at(1) - offset;
    if (!Number.isFinite(scale) || !Number.isFinite(offset) || scale === 0) {
      return `cannot convert "${from}" to "${to}"`;
    }
    return { scale, offset };
  } catch (e) {
    return `cannot convert "${from}" to "${to}": ${(e as Error).message}`;
  }
}
