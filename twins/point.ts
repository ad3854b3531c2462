/**
 * The point model every twin shares: a value with its unit, quality and
 * timestamp, as an operator would read it off a SCADA tag.
 *
 * @module
 */

/** OPC-style quality of a point value. */
export type Quality = "good" | "uncertain" | "bad";

/** A point value: numbers for measurements, booleans for states, strings for enumerations. */
export type PointValue = number | boolean | string | null;

/** One live point of a twin. */
export interface Point {
  /** Latest value, or null before the first sample. */
  value: PointValue;
  /** Engineering unit, for example `m3/h`, `degC`, `kW`; empty for states. */
  unit: string;
  /** Whether the value can be trusted. */
  quality: Quality;
  /** Epoch milliseconds of the sample, from the runtime clock. */
  ts: number;
}

/** Static description of a point a twin kind exposes. */
export interface PointSpec {
  /** Engineering unit. */
  unit: string;
  /** One-line meaning, shown in the UI and docs. */
  description: string;
  /** Shown in the fleet grid as one of the twin's key values. */
  key?: boolean;
}
