/**
 * An alarm definition's own message: a template the plant file writes in
 * the operator's words, with fields in braces filled in when the alarm is
 * worded (`"{twin} tubing pressure {level}: {value} (limit {limit})"`). A
 * definition without one is worded by its condition (alarm_condition.ts).
 *
 * @module
 */
import { formatValue } from "./alarm_condition.ts";

/** The fields a template may use, and what each holds. */
export const MESSAGE_FIELDS = {
  twin: "the twin's id",
  name: "the alarm's name (with its level suffix, `_h`)",
  point: "the watched point (empty for mode and expression alarms)",
  value: "the value judged, with its unit",
  limit: "the limit or set judged against, with its unit",
  unit: "the unit",
  level: "`very high`, `high`, `low` or `very low` for limit alarms, else empty",
  state: "`active` or `cleared`",
} as const;

/** A template field name. */
export type MessageField = keyof typeof MESSAGE_FIELDS;

const FIELD = /\{([^{}]*)\}/g;

/** The first field of `template` that is not one of {@linkcode MESSAGE_FIELDS}, if any. */
export function unknownField(template: string): string | undefined {
  for (const m of template.matchAll(FIELD)) {
    if (!Object.hasOwn(MESSAGE_FIELDS, m[1])) return m[1];
  }
  return undefined;
}

const LEVEL: Readonly<Record<string, string>> = {
  hh: "very high",
  h: "high",
  l: "low",
  ll: "very low",
};

/** What a template is filled with. */
export interface MessageInput {
  /** Twin id. */
  twin: string;
  /** Alarm name. */
  name: string;
  /** Watched point, if any. */
  point: string | undefined;
  /** Kind of condition (`limit` gives a level). */
  condition: string;
  /** Value judged. */
  value: unknown;
  /** Limit judged against. */
  limit: unknown;
  /** Unit of value and limit. */
  unit: string;
  /** The condition holds. */
  active: boolean;
}

/** `template` with its fields filled from `x`. */
export function renderMessage(template: string, x: MessageInput): string {
  const level = x.condition === "limit" ? LEVEL[/_(hh|h|ll|l)$/.exec(x.name)?.[1] ?? ""] ?? "" : "";
  const fields: Record<MessageField, string> = {
    twin: x.twin,
    name: x.name,
    point: x.point ?? "",
    value: formatValue(x.value, x.unit),
    limit: formatValue(x.limit, x.unit),
    unit: x.unit,
    level,
    state: x.active ? "active" : "cleared",
  };
  return template.replace(
    FIELD,
    (whole, f: string) => Object.hasOwn(fields, f) ? fields[f as MessageField] : whole,
  );
}
