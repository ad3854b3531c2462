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
  /**
   * Epoch milliseconds (runtime clock) at which the source last sampled
   * this point; 0 when it never has. A point that gets no new sample keeps
   * its old time, so `now - ts` is the value's age.
   */
  ts: number;
}

/** The type of a point's values, which fixes how it is encoded (a register image). */
export type PointType = "number" | "boolean" | "string";

/** Static description of a point a twin kind exposes. */
export interface PointSpec {
  /** Engineering unit. */
  unit: string;
  /** One-line meaning, shown in the UI and docs. */
  description: string;
  /** Shown in the fleet grid as one of the twin's key values. */
  key?: boolean;
  /** Value type; default `number`. */
  type?: PointType;
}
