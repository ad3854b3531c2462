/**
 * An alarm's value and limit as an operator reads them: numbers with their
 * unit symbol, and a state condition's values written the way point values
 * are (`false` reads `no`, `shut_in` reads `shut in`).
 *
 * @module
 */
import type { AlarmView, JournalEntry } from "./api_types.ts";
import { formatValue, formatWithUnit } from "./display_format.ts";

/** The alarm's latest value with its unit (`46.2 °C`, `no`, `—`). */
export function valueText(a: Pick<AlarmView, "value" | "unit">): string {
  return formatWithUnit(a.value, a.unit);
}

/** A value set as the engine writes it (`false`, `tripped, fault`) in point-value words. */
export function valueSetText(set: string): string {
  // Only single words are values; anything else (an expression) stays as written.
  return set.split(", ").map((v) =>
    v === "true" ? "yes" : v === "false" ? "no" : /^\w+$/.test(v) ? v.replaceAll("_", " ") : v
  ).join(", ");
}

/** The limit: `limit 45 °C` for numbers, `raises at: no` for value sets; "" when none. */
export function limitText(
  a: Pick<AlarmView, "limit" | "unit"> & { condition?: string },
): string {
  if (a.limit === null || a.limit === undefined || a.limit === "") return "";
  if (typeof a.limit === "number") return `limit ${formatWithUnit(a.limit, a.unit)}`;
  if (a.condition === "expression") return `when ${a.limit}`;
  return `raises at: ${valueSetText(a.limit)}`;
}

/** A journal entry's value and limit on one line (`46.2 / 45`, `no / no`). */
export function entryValueText(e: Pick<JournalEntry, "value" | "limit">): string {
  const v = formatValue(e.value);
  if (e.limit === null) return v;
  return `${v} / ${typeof e.limit === "number" ? formatValue(e.limit) : valueSetText(e.limit)}`;
}
