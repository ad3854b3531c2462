/**
 * How a point's engineering unit enters a units-aware expression: which
 * mathjs unit it is and how many SI base units one of it is worth, so hot
 * evaluation can run on plain SI numbers.
 *
 * @module
 */
import { math } from "./mathjs_instance.ts";

/** A point unit as expressions see it. */
export interface UnitScale {
  /** mathjs unit string, or undefined for a plain number (no unit, `%`, units mathjs lacks). */
  readonly unit: string | undefined;
  /** SI value of one of this unit (1 for plain numbers). */
  readonly factor: number;
}

// Units mathjs would misread: `TH/s` parses as tera-hours per second, `%` is
// its modulo operator. Hashrate and percentages stay plain numbers.
const PLAIN = new Set(["", "%", "TH/s", "PH/s", "GH/s"]);

// Temperatures enter as intervals: with the offset units (degC) mathjs treats
// `return_temp - supply_temp` as an absolute 5 degC (278 K), which is wrong
// for every heat balance. Kelvin-sized intervals make differences, sums and
// averages of Celsius readings come out right.
const ALIASES: Record<string, string> = {
  degC: "K",
  "°C": "K",
  C: "K",
  degF: "degR",
  "°F": "degR",
  "m3/h": "m^3/h",
  "m3/d": "m^3/day",
  "m3/s": "m^3/s",
  m3: "m^3",
  m2: "m^2",
};

const cache = new Map<string, UnitScale>();

/** The scale of a point unit; units mathjs does not know are plain numbers. */
export function unitScale(unit: string): UnitScale {
  let scale = cache.get(unit);
  if (scale) return scale;
  const name = ALIASES[unit] ?? unit;
  scale = { unit: undefined, factor: 1 };
  if (!PLAIN.has(unit)) {
    try {
      const u = math.unit(1, name);
      if (!hasOffset(u)) scale = { unit: name, factor: u.value as number };
    } catch {
      // Not a unit mathjs knows (a count, a label): a plain number.
    }
  }
  cache.set(unit, scale);
  return scale;
}

/** Whether a mathjs symbol in an expression is a unit, and its scale. */
export function unitSymbol(name: string): UnitScale | undefined {
  if (!math.Unit.isValuelessUnit(name)) return undefined;
  const scale = unitScale(name);
  return scale.unit === undefined ? undefined : scale;
}

/** The mathjs name a unit symbol is evaluated under (offset units as intervals). */
export function unitAlias(name: string): string {
  return ALIASES[name] ?? name;
}

function hasOffset(u: unknown): boolean {
  const units = (u as { units: { unit: { offset: number } }[] }).units;
  return units.some((x) => x.unit.offset !== 0);
}
