/**
 * The shape of one entry of the plant file's `recordings` section: which
 * file feeds which twins, in which format, and how its columns (or line
 * protocol fields) map onto points, with the unit each is recorded in.
 *
 * @module
 */
import { z } from "zod";

/** Time formats a CSV time column may hold. */
export const TIME_FORMATS = ["iso", "epoch_s", "epoch_ms", "epoch_us", "epoch_ns"] as const;

/** A recorded time format. */
export type TimeFormat = typeof TIME_FORMATS[number];

const OFFSET = /^(Z|[+-]\d{2}:\d{2})$/;

const csvOptions = z.strictObject({
  delimiter: z.string().min(1).max(4).default(","),
  time_column: z.string().min(1),
  time_format: z.enum(TIME_FORMATS).default("iso"),
  time_zone: z.string().regex(OFFSET, 'expected "Z" or an offset such as "+03:00"').default("Z"),
});

const parquetOptions = z.strictObject({
  time_column: z.string().min(1),
  time_zone: z.string().regex(OFFSET, 'expected "Z" or an offset such as "+03:00"').default("Z"),
});

const lineOptions = z.strictObject({
  precision: z.enum(["ns", "us", "ms", "s"]).default("ns"),
});

const ID = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

const pointMapping = z.strictObject({
  column: z.string().min(1).optional(),
  measurement: z.string().min(1).optional(),
  tags: z.record(z.string(), z.string()).optional(),
  field: z.string().min(1).optional(),
  twin: z.string().min(1).optional(),
  point: z.string().regex(ID, "a point name holds only letters, digits, '_', '.', '-'"),
  unit: z.string().max(40).optional(),
  extra: z.boolean().default(false),
  description: z.string().max(200).optional(),
});

/** One column (or field) of a recording and the point it feeds. */
export type PointMapping = z.output<typeof pointMapping>;

/** Schema of one `recordings` entry. */
export const recordingSchema = z.strictObject({
  id: z.string().regex(ID, "an id holds only letters, digits, '_', '.', '-'"),
  file: z.string().min(1),
  format: z.enum(["csv", "parquet", "line"]),
  twin: z.string().min(1).optional(),
  csv: csvOptions.optional(),
  parquet: parquetOptions.optional(),
  line: lineOptions.optional(),
  points: z.array(pointMapping).min(1, "map at least one column to a point").max(1_000),
  constants: z.record(z.string(), z.union([z.number(), z.boolean(), z.string()])).default({}),
  gap_periods: z.number().min(1).max(1e6).default(5),
  period_s: z.number().positive().max(86_400).optional(),
  loop: z.boolean().default(false),
});

/** One validated `recordings` entry, with each mapping's twin resolved. */
export type RecordingConfig =
  & Omit<z.output<typeof recordingSchema>, "points">
  & {
    /** Mappings, each naming its twin. */
    points: (PointMapping & { twin: string })[];
    /** JSON path of the entry, for messages. */
    path: string;
  };
