/**
 * How values, units and times read on screen: a sensible number of digits
 * for the size of the value (fixed per size so a ticking value does not
 * jitter), engineering units with their proper symbols, and times in UTC.
 *
 * @module
 */
import type { PointValue } from "./api_types.ts";

const UNIT_SYMBOLS: Record<string, string> = {
  degC: "°C",
  degF: "°F",
  m3: "m³",
  "m3/h": "m³/h",
  "m3/d": "m³/d",
  "m3/s": "m³/s",
  m2: "m²",
  pct: "%",
  percent: "%",
};

/** The symbol to show for a unit (`degC` -> `°C`, `m3/h` -> `m³/h`, a rate `degC/min` -> `°C/min`). */
export function displayUnit(unit: string): string {
  const rate = /^(.+)\/(s|min)$/.exec(unit);
  return UNIT_SYMBOLS[unit] ?? (rate ? `${displayUnit(rate[1])}/${rate[2]}` : unit);
}

/**
 * Magnitudes below this are floating-point residue, not measurements (a
 * stopped pump's pressure computed as -2.18e-15 kPa), and read as 0.
 */
const FLOAT_NOISE = 1e-9;

/**
 * A number with as many decimals as its size deserves (3-4 significant
 * digits); float residue reads as 0, and a value that rounds to zero never
 * keeps a minus sign.
 */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const a = Math.abs(n);
  if (a < FLOAT_NOISE) return "0";
  if (Number.isInteger(n)) return a >= 10_000 ? n.toLocaleString("en-US") : String(n);
  let text: string;
  if (a >= 10_000) text = Math.round(n).toLocaleString("en-US");
  else if (a >= 1000) text = n.toFixed(0);
  else if (a >= 100) text = n.toFixed(1);
  else if (a >= 1) text = n.toFixed(2);
  else if (a >= 0.01) text = n.toFixed(3);
  else text = n.toPrecision(3);
  return text.startsWith("-") && Number(text) === 0 ? text.slice(1) : text;
}

/** A point value as text without its unit; null reads as a dash. */
export function formatValue(value: PointValue | undefined): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "number") return formatNumber(value);
  return value.replaceAll("_", " ");
}

/** A point value with its unit (`12.35 m³/h`); booleans and text carry no unit. */
export function formatWithUnit(value: PointValue | undefined, unit: string): string {
  const text = formatValue(value);
  if (typeof value !== "number" || !unit) return text;
  const symbol = displayUnit(unit);
  return symbol === "%" ? `${text} %` : `${text} ${symbol}`;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** Epoch ms as `YYYY-MM-DD HH:MM:SS` in UTC. */
export function formatClock(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** Epoch ms as `HH:MM:SS` in UTC, for lists of recent events. */
export function formatTimeOfDay(ms: number): string {
  return formatClock(ms).slice(11);
}
