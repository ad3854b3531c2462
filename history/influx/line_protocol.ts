/**
 * How a point sample becomes a line of InfluxDB line protocol. One
 * measurement (`fieldtwin` unless configured) holds every point:
 *
 *   fieldtwin,point=flow,quality=good,twin=P-101,unit=m3/h value=12.5 1767225600000
 *
 * - tags `twin` and `point` name the series, `unit` is its engineering unit
 *   (left out when empty) and `quality` is good, uncertain or bad. Quality is
 *   a tag, as Telegraf's OPC UA input writes it: it has three values, and
 *   queries filter by it ("good samples only").
 * - numbers go to the float field `value`; booleans too, as 1 and 0, so a
 *   measurement never holds a field of two types (InfluxDB refuses a write
 *   whose field type differs from the type already stored in its shard);
 *   strings go to the string field `text` (VictoriaMetrics ignores string
 *   fields).
 * - the timestamp is the sample's own source time in milliseconds
 *   (precision `ms`).
 *
 * A sample with no value (null) or a value line protocol cannot carry (NaN,
 * Infinity) has no line.
 *
 * @module
 */
import type { PointValue, Quality } from "../../twins/point.ts";

/** The measurement written when none is configured. */
export const DEFAULT_MEASUREMENT = "fieldtwin";

/** Escape a measurement name (commas and spaces). */
export function escapeMeasurement(s: string): string {
  return /[\\, \n\r]/.test(s) ? s.replace(/[\n\r]/g, " ").replace(/([\\, ])/g, "\\$1") : s;
}

/**
 * Escape a tag key, tag value or field key (commas, equals signs, spaces).
 * Line protocol has no escape for a line break, so one becomes a space.
 */
export function escapeTag(s: string): string {
  return /[\\,= \n\r]/.test(s) ? s.replace(/[\n\r]/g, " ").replace(/([\\,= ])/g, "\\$1") : s;
}

/** Quote a string field value (double quotes and backslashes escaped, line breaks as `\n`). */
export function quoteString(s: string): string {
  return `"${s.replace(/(["\\])/g, "\\$1").replace(/\r?\n|\r/g, "\\n")}"`;
}

/** The field part of a line for `value`, or undefined when it has none. */
export function fieldOf(value: PointValue): string | undefined {
  switch (typeof value) {
    case "number":
      return Number.isFinite(value) ? `value=${value}` : undefined;
    case "boolean":
      return value ? "value=1" : "value=0";
    case "string":
      return `text=${quoteString(value)}`;
    default:
      return undefined;
  }
}

/**
 * Builds lines, caching each series' escaped tag set: a series is written
 * many times, its tags seldom change.
 */
export class LineEncoder {
  readonly #measurement: string;
  /**
   * Each series' text before and after its quality tag, by twin, then
   * point (two lookups of strings that already exist, no key built per
   * sample), with the unit it was made for.
   */
  readonly #series = new Map<string, Map<string, [string, string, string]>>();

  /** Lines go to `measurement` (default {@linkcode DEFAULT_MEASUREMENT}). */
  constructor(measurement: string = DEFAULT_MEASUREMENT) {
    this.#measurement = escapeMeasurement(measurement);
  }

  /**
   * One line for a sample, or undefined when its value has no line (null,
   * NaN, Infinity) or its time is not a finite number.
   */
  encode(
    twin: string,
    point: string,
    unit: string,
    ts: number,
    value: PointValue,
    quality: Quality,
  ): string | undefined {
    const field = fieldOf(value);
    if (field === undefined || !Number.isFinite(ts)) return undefined;
    let points = this.#series.get(twin);
    if (points === undefined) this.#series.set(twin, points = new Map());
    let parts = points.get(point);
    if (parts === undefined || parts[2] !== unit) {
      // Tags in key order (point, quality, twin, unit), as InfluxDB sorts them anyway.
      parts = [
        `${this.#measurement},point=${escapeTag(point)},quality=`,
        `,twin=${escapeTag(twin)}${unit === "" ? "" : `,unit=${escapeTag(unit)}`} `,
        unit,
      ];
      points.set(point, parts);
    }
    return `${parts[0]}${quality}${parts[1]}${field} ${Math.round(ts)}`;
  }
}
