/**
 * Words for a source's rich detail entries that have no dedicated view:
 * camelCase or snake_case keys as words with their unit, values as short
 * text.
 *
 * @module
 */
import { formatValue } from "./display_format.ts";

// Unit suffixes of detail keys (`fluidLoadKn`, `leak_m3h`) and how they read.
const UNIT_WORDS: Record<string, string> = {
  kn: "kN",
  kw: "kW",
  kwh: "kWh",
  kpa: "kPa",
  m: "m",
  s: "s",
  c: "°C",
  pct: "%",
  m3: "m³",
  m3h: "m³/h",
  m3d: "m³/d",
  lps: "L/s",
};

/** A detail key as words, with a trailing unit in brackets (`fluidLoadKn` -> `fluid load (kN)`). */
export function detailLabel(key: string): string {
  const parts = key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase().split(/[_\s]+/)
    .filter(Boolean);
  const unit = parts.length > 1 ? UNIT_WORDS[parts[parts.length - 1]] : undefined;
  if (unit) parts[parts.length - 1] = `(${unit})`;
  return parts.join(" ");
}

/** A detail value as short text: lists joined, objects as `key value` pairs, numbers formatted. */
export function detailText(v: unknown, depth = 0): string {
  if (v === null || typeof v !== "object") {
    return formatValue(v as string | number | boolean | null | undefined);
  }
  if (depth > 2) return "…";
  const text = Array.isArray(v)
    ? (v.length ? v.map((x) => detailText(x, depth + 1)).join("; ") : "none")
    : Object.keys(v).length === 0
    ? "none"
    : Object.entries(v).map(([k, x]) => `${detailLabel(k)} ${detailText(x, depth + 1)}`).join(", ");
  return text.length > 400 ? `${text.slice(0, 400)}…` : text;
}
