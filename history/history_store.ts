/**
 * The history interfaces. A recorder hands batches of point samples to a
 * {@linkcode HistoryWriter}; the API reads ranges back from a
 * {@linkcode HistoryStore}. The embedded SQLite store is both; a sink that
 * only forwards (InfluxDB) needs to be a writer only, so several can sit
 * behind one recorder.
 *
 * @module
 */
import type { PointValue, Quality } from "../twins/point.ts";

/** One sample of one point, dated by its source. */
export interface PointSample {
  /** Twin id. */
  twin: string;
  /** Point name. */
  point: string;
  /** Source time of the sample, epoch ms (the point's own time, never the wall clock's). */
  ts: number;
  /** The value; numbers, booleans and strings round-trip. */
  value: PointValue;
  /** Quality of the value at the time it was recorded. */
  quality: Quality;
  /** Engineering unit, kept with the series when it is first seen. */
  unit?: string;
}

/**
 * A batch of samples in columns, as a recorder queues them: no object per
 * sample (objects held until a flush outlive the engine's young generation
 * and cost a full collection each).
 */
export interface SampleColumns {
  /** Samples in the batch. */
  readonly length: number;
  /** Twin id of sample `i`. */
  twin(i: number): string;
  /** Point name of sample `i`. */
  point(i: number): string;
  /** Unit of sample `i`'s point. */
  unit(i: number): string;
  /** Source time of sample `i`, epoch ms. */
  ts(i: number): number;
  /** Value of sample `i`. */
  value(i: number): PointValue;
  /** Quality of sample `i`. */
  quality(i: number): Quality;
  /** What the writer's `rollupsOf` returned for sample `i`'s point, if the point has it. */
  sink(i: number): unknown;
}

/** How a batch is written. */
export interface WriteOptions {
  /**
   * Whether the batch's samples also go into the rollups (default true).
   * A recorder that stores only some samples passes false and hands the
   * rollups aggregates of every sample instead
   * (`MinuteRollups.rollupsOf`).
   */
  rollup?: boolean;
}

/** Takes batches of samples; a batch is accepted whole or not at all. */
export interface HistoryWriter {
  /**
   * Store `samples` durably in one transaction, or throw and keep nothing
   * of the batch, so the caller can retry it.
   */
  write(samples: readonly PointSample[], opts?: WriteOptions): void;
  /**
   * The same as {@linkcode HistoryWriter.write} for samples `start` to
   * `end` (exclusive) of a batch in columns; optional, a writer without it
   * is given objects.
   */
  writeColumns?(batch: SampleColumns, start: number, end: number, opts?: WriteOptions): void;
  /** Release the store; writes after close throw. */
  close(): void;
}

/** Which data a query reads: raw samples or a rollup level. */
export type Resolution = "raw" | "1m" | "1h";

/** Bucket width of each rollup level, in ms. */
export const ROLLUP_MS = { "1m": 60_000, "1h": 3_600_000 } as const;

/** A point a query names. */
export interface SeriesKey {
  /** Twin id. */
  twin: string;
  /** Point name. */
  point: string;
}

/** A range query over one or more points. */
export interface HistoryQuery {
  /** The points to read. */
  series: readonly SeriesKey[];
  /** First time included, epoch ms. */
  from: number;
  /** Last time included, epoch ms. */
  to: number;
  /** Raw samples or a rollup level. */
  resolution: Resolution;
  /**
   * Aggregate into buckets of this many ms (a multiple of the rollup's
   * width); absent: raw samples, or the rollup's own buckets.
   */
  stepMs?: number;
  /** At most this many rows per point; the answer says when it was cut. */
  limit?: number;
}

/** One stored raw sample. */
export interface RawRow {
  /** Source time, epoch ms. */
  ts: number;
  /** The value as it was written. */
  value: PointValue;
  /** Its quality. */
  quality: Quality;
}

/**
 * One time bucket of good and uncertain samples (bad ones are left out).
 * Booleans count as 0 and 1, so their mean is the share of samples true;
 * strings give only `last` and `count`.
 */
export interface BucketRow {
  /** Start of the bucket, epoch ms. */
  ts: number;
  /** Least numeric value, or null when the bucket has none. */
  min: number | null;
  /** Greatest numeric value, or null. */
  max: number | null;
  /** Mean of the numeric values, or null. */
  mean: number | null;
  /** The latest value in the bucket. */
  last: PointValue;
  /** How many samples the bucket holds. */
  count: number;
}

/** The answer for one point. */
export interface SeriesResult extends SeriesKey {
  /** Engineering unit, when known. */
  unit: string;
  /** Raw samples (`resolution` raw without a step) or buckets. */
  rows: RawRow[] | BucketRow[];
  /** Whether `limit` cut the rows short. */
  truncated: boolean;
}

/** A point the store holds history for. */
export interface StoredSeries extends SeriesKey {
  /** Engineering unit, when known. */
  unit: string;
}

/** A store that keeps history and answers range queries. */
export interface HistoryStore extends HistoryWriter {
  /** Read a range of one or more points. */
  query(q: HistoryQuery): Promise<SeriesResult[]>;
  /** Whether the store has any history of `twin` (and of its `point`, when given). */
  has(twin: string, point?: string): boolean;
  /** Every point the store holds history for. */
  series(): StoredSeries[];
  /**
   * Drop each level's history older than its cutoff (epoch ms), by whole
   * UTC days, so a drop never rewrites a table in place; returns how many
   * day tables were dropped.
   */
  prune(before: Readonly<Record<Resolution, number>>): number;
}
