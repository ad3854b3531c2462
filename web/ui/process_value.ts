/**
 * How a value and a piece of equipment read on a process display (ISA-101:
 * grey unless abnormal): a point's text with its unit and quality mark, the
 * running state of a pump as a fill (solid, half, hollow) with words beside
 * it so colour is never the only cue, and which points an alarm stands on.
 *
 * @module
 */
import type { Point, Quality } from "./api_types.ts";
import { formatWithUnit } from "./display_format.ts";

/** A point as a display shows it. */
export interface Reading {
  /** Value with unit, with `?` appended when uncertain; `—` when never sampled. */
  text: string;
  /** Its quality; `bad` when the point is missing. */
  quality: Quality;
  /** The quality in words for screen readers, empty when good. */
  qualityWords: string;
}

/** The reading of `point` (undefined: not sampled yet). */
export function reading(point: Point | undefined): Reading {
  if (!point || point.value === null || point.value === undefined) {
    return { text: "—", quality: "bad", qualityWords: "no value" };
  }
  const text = formatWithUnit(point.value, point.unit);
  if (point.quality === "good") return { text, quality: "good", qualityWords: "" };
  if (point.quality === "uncertain") {
    return { text: `${text} ?`, quality: "uncertain", qualityWords: "stale, quality uncertain" };
  }
  return { text: `${text} bad`, quality: "bad", qualityWords: "quality bad" };
}

/** The number in `point`, or undefined when it holds none. */
export function numberOf(point: Point | undefined): number | undefined {
  const v = point?.value;
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

/** How a pump (or fan) is drawn: its fill, its state in words, and whether it is abnormal. */
export interface MachineLook {
  /** solid: running; half: starting or stopping; hollow: stopped or out of service. */
  fill: "solid" | "half" | "hollow";
  /** State word shown beside the symbol. */
  words: string;
  /** Abnormal (tripped, failed, fault): the one case drawn in the alarm colour. */
  abnormal: boolean;
}

/**
 * The look of a pump twin from its mode (`running`, `starting`, `stopping`,
 * `stopped`, `tripped`, `maintenance`); undefined mode: not known yet.
 */
export function pumpLook(mode: string | undefined): MachineLook {
  switch (mode) {
    case "running":
      return { fill: "solid", words: "running", abnormal: false };
    case "starting":
    case "stopping":
      return { fill: "half", words: mode, abnormal: false };
    case "stopped":
      return { fill: "hollow", words: "stopped", abnormal: false };
    case "maintenance":
      return { fill: "hollow", words: "maintenance", abnormal: false };
    case "tripped":
      return { fill: "hollow", words: "tripped", abnormal: true };
    case undefined:
      return { fill: "hollow", words: "unknown", abnormal: false };
    default:
      return {
        fill: "hollow",
        words: mode.replaceAll("_", " "),
        abnormal: /trip|fault|fail/.test(mode),
      };
  }
}

/** A name with a leading `low_`/`high_` dropped and each word's plural `s` (`fans_failed` -> `fan_failed`). */
function nameKey(name: string): string {
  return name.replace(/^(low|high)_/, "").split("_").map((w) =>
    w.length > 3 && w.endsWith("s") && !w.endsWith("ss") ? w.slice(0, -1) : w
  ).join("_");
}

/**
 * The points active alarms stand on. The alarm view names no point, so the
 * display reads the plant's naming habit: an alarm is named after the point
 * it watches (`supply_temp`, `tank_level`), perhaps with `low_`/`high_`
 * before it or a qualifier after it (`low_coolant_flow`, `supply_temp_hi`),
 * singular or plural (`fan_failed` on `fans_failed`). An alarm that matches
 * no point (a mode, an expression, `supply_deviation`) marks no value; the
 * twin's alarm list above the points still shows it.
 */
export function alarmedPoints(
  alarmNames: readonly string[],
  points: readonly string[],
): Set<string> {
  const out = new Set<string>();
  const keys = points.map((p) => [p, nameKey(p)] as const);
  for (const name of alarmNames) {
    const a = nameKey(name);
    for (const [p, k] of keys) if (a === k || a.startsWith(`${k}_`)) out.add(p);
  }
  return out;
}

/** Clamp `v` to [lo, hi]. */
export function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
