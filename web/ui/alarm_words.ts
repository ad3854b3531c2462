/**
 * An alarm as one sentence in an operator's words: the twin's name, the
 * point in words, what is wrong, the value with its unit and the limit
 * (`Cooling site 7 supply temperature high: 46.2 °C (limit 45 °C)`), not
 * the engine's tag-style message (`site-007 supply_temp 46.20 degC above H
 * limit 45 degC`). A definition that writes its own `message` template
 * keeps it: the server renders it, and the view says so (`customMessage`).
 *
 * @module
 */
import type { AlarmView } from "./api_types.ts";
import { formatWithUnit } from "./display_format.ts";
import { modeLabel } from "./mode_tone.ts";
import { valueSetText } from "./alarm_value_text.ts";

/** Words for limit levels (the suffix the engine adds to a limit alarm's name). */
const LEVEL_WORDS: Readonly<Record<string, string>> = {
  hh: "very high",
  h: "high",
  l: "low",
  ll: "very low",
};

/** Abbreviations in point names an operator reads in full. */
const WORDS: Readonly<Record<string, string>> = {
  temp: "temperature",
  comm: "communication",
  ok: "OK",
  pue: "PUE",
  spm: "pumping speed",
  npsh: "NPSH",
  it: "IT",
  pdg: "PDG",
  tpt: "TPT",
};

/** A point or alarm name in words (`supply_temp` -> `supply temperature`). */
export function pointWords(name: string): string {
  return name.split(/[_.]+/).filter(Boolean).map((w) => WORDS[w.toLowerCase()] ?? w).join(" ");
}

/** The part of an alarm the sentence needs. */
export type AlarmForWords =
  & Pick<
    AlarmView,
    "twin" | "name" | "condition" | "value" | "limit" | "unit" | "active" | "message"
  >
  & { point?: string | null; customMessage?: boolean };

/**
 * The sentence for `a`, naming its twin by `twinName` (the twin's display
 * name; its id when unknown).
 */
export function alarmWords(a: AlarmForWords, twinName?: string): string {
  if (a.customMessage) return a.message;
  const who = twinName || a.twin;
  const value = formatWithUnit(a.value, a.unit);
  const limit = typeof a.limit === "number" ? formatWithUnit(a.limit, a.unit) : "";
  const point = a.point ? pointWords(a.point) : "";
  const cleared = a.active ? "" : ", cleared";
  switch (a.condition) {
    case "limit": {
      const level = /_(hh|h|ll|l)$/.exec(a.name)?.[1];
      const what = level ? LEVEL_WORDS[level] : "out of limit";
      return `${who} ${point} ${what}${cleared}: ${value} (limit ${limit})`;
    }
    case "deviation":
      return `${who} ${point} off setpoint${cleared}: ${value} (allowed ± ${limit})`;
    case "rate": {
      const dir = typeof a.value === "number" && a.value < 0 ? "falling" : "rising";
      const rate = formatWithUnit(
        typeof a.value === "number" ? Math.abs(a.value) : a.value,
        a.unit,
      );
      return `${who} ${point} ${dir} fast${cleared}: ${rate} (limit ${limit})`;
    }
    case "state":
      return `${who} ${point}${cleared}: ${formatWithUnit(a.value, "")}` +
        (typeof a.limit === "string" ? ` (alarm at ${valueSetText(a.limit)})` : "");
    case "mode":
      return `${who} ${
        typeof a.value === "string" ? modeLabel(a.value) : pointWords(a.name)
      }${cleared}`;
    default:
      // An expression (or a condition this UI does not know): the alarm's name in words.
      return `${who} ${pointWords(a.name)}${a.active ? "" : " (cleared)"}`;
  }
}
