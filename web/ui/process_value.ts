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

/**
 * The points the active alarms of a twin stand on, as each alarm's view names
 * them. Mode and expression alarms stand on no point and mark no value; the
 * twin's alarm list above the points still shows them.
 */
export function alarmedPoints(
  alarms: readonly { active: boolean; point: string | null }[],
  points: readonly string[],
): Set<string> {
  const known = new Set(points);
  const out = new Set<string>();
  for (const a of alarms) if (a.active && a.point !== null && known.has(a.point)) out.add(a.point);
  return out;
}

/** Clamp `v` to [lo, hi]. */
export function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
