/**
 * The `influx` plant-file section and its command-line overrides: where the
 * InfluxDB sink writes and how it batches, retries and buffers.
 *
 * ```json
 * "influx": {
 *   "url": "http://127.0.0.1:8086", "org": "plant-ops", "bucket": "fieldtwin",
 *   "batch_size": 5000, "flush_interval_ms": 1000, "buffer_limit_points": 1000000
 * }
 * ```
 *
 * `--influx-url`, `--influx-org`, `--influx-bucket` and `--influx-token`
 * (or the environment variable `FIELDTWIN_INFLUX_TOKEN`, which keeps the
 * token out of `ps`) override the file; the file then need not hold them.
 *
 * @module
 */
import { z } from "zod";
import type { PlantSection } from "../../plant/plant_section.ts";
import { DEFAULT_MEASUREMENT } from "./line_protocol.ts";

/** The section as written in the plant file (everything optional). */
export interface InfluxSection {
  /** Server base URL, for example `http://127.0.0.1:8086`. */
  url?: string;
  /** API token (better given by `FIELDTWIN_INFLUX_TOKEN`). */
  token?: string;
  /** Organization. */
  org?: string;
  /** Bucket. */
  bucket?: string;
  /** Measurement every point is written to. */
  measurement?: string;
  /** Most points in one write request. */
  batch_size?: number;
  /** A point waits at most this long (ms) before it is sent. */
  flush_interval_ms?: number;
  /** Most points held on disk while the server cannot be reached. */
  buffer_limit_points?: number;
  /** First retry delay after a failed write (ms); doubled per failure. */
  retry_min_ms?: number;
  /** Longest retry delay (ms). */
  retry_max_ms?: number;
  /** A write request not answered in this long (ms) has failed. */
  timeout_ms?: number;
}

/** The sink's complete settings. */
export interface InfluxConfig {
  /** Server base URL. */
  url: string;
  /** API token, or empty for a server that needs none (VictoriaMetrics). */
  token: string;
  /** Organization. */
  org: string;
  /** Bucket. */
  bucket: string;
  /** Measurement every point is written to. */
  measurement: string;
  /** Most points in one write request. */
  batchSize: number;
  /** A point waits at most this long (ms) before it is sent. */
  flushIntervalMs: number;
  /** Most points held on disk; beyond it the oldest are dropped. */
  bufferLimitPoints: number;
  /** First retry delay (ms). */
  retryMinMs: number;
  /** Longest retry delay (ms). */
  retryMaxMs: number;
  /** Request timeout (ms). */
  timeoutMs: number;
}

/** Defaults of the tuning settings. */
export const INFLUX_DEFAULTS = {
  measurement: DEFAULT_MEASUREMENT,
  batchSize: 5_000,
  flushIntervalMs: 1_000,
  bufferLimitPoints: 1_000_000,
  retryMinMs: 500,
  retryMaxMs: 30_000,
  timeoutMs: 10_000,
} as const;

/** Overrides from the command line and the environment. */
export interface InfluxOverrides {
  /** `--influx-url`. */
  url?: string;
  /** `--influx-token`. */
  token?: string;
  /** `--influx-org`. */
  org?: string;
  /** `--influx-bucket`. */
  bucket?: string;
  /** `FIELDTWIN_INFLUX_TOKEN` (used when `--influx-token` is absent). */
  envToken?: string;
}

/** Whether `s` is an http or https URL. */
function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === "http:" || u.protocol === "https:";
  } catch {
    return false;
  }
}

const ms = (max: number) => z.number().int().min(1).max(max).optional();
const HOUR = 3_600_000;

const influxSchema = z.strictObject({
  url: z.string().refine(isHttpUrl, "must be an http or https URL").optional(),
  token: z.string().optional(),
  org: z.string().min(1).optional(),
  bucket: z.string().min(1).optional(),
  measurement: z.string().min(1).optional(),
  batch_size: z.number().int().min(1).max(100_000).optional(),
  flush_interval_ms: ms(HOUR),
  buffer_limit_points: z.number().int().min(1).max(1_000_000_000).optional(),
  retry_min_ms: ms(HOUR),
  retry_max_ms: ms(HOUR),
  timeout_ms: ms(HOUR),
}).refine(
  (s) =>
    (s.buffer_limit_points ?? INFLUX_DEFAULTS.bufferLimitPoints) >=
      (s.batch_size ?? INFLUX_DEFAULTS.batchSize),
  { message: "must be at least batch_size", path: ["buffer_limit_points"] },
).refine(
  (s) =>
    (s.retry_max_ms ?? INFLUX_DEFAULTS.retryMaxMs) >=
      (s.retry_min_ms ?? INFLUX_DEFAULTS.retryMinMs),
  { message: "must be at least retry_min_ms", path: ["retry_max_ms"] },
);

/** The `influx` section: checks types and ranges; {@linkcode resolveInfluxConfig} completes it. */
export const influxSection: PlantSection<InfluxSection> = {
  key: "influx",
  validate(raw, ctx) {
    const parsed = influxSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        ctx.report(["influx", ...(issue.path as (string | number)[])], issue.message);
      }
      return {};
    }
    return parsed.data;
  },
};

/**
 * The sink's settings from the plant file's section and the overrides, or
 * undefined when neither names a server. Throws an Error naming the flag or
 * the JSON path when a setting is missing or wrong.
 */
export function resolveInfluxConfig(
  section: InfluxSection | undefined,
  over: InfluxOverrides = {},
): InfluxConfig | undefined {
  if (over.url !== undefined && !isHttpUrl(over.url)) {
    throw new Error(`--influx-url must be an http or https URL, got "${over.url}"`);
  }
  const url = over.url ?? section?.url;
  const anyOverride = over.org !== undefined || over.bucket !== undefined ||
    over.token !== undefined;
  if (url === undefined) {
    if (section === undefined && !anyOverride) return undefined;
    throw new Error(
      "influx.url is missing: set it in the plant file's influx section or with --influx-url",
    );
  }
  const need = (value: string | undefined, name: "org" | "bucket"): string => {
    if (value === undefined || value === "") {
      throw new Error(
        `influx.${name} is missing: set it in the plant file's influx section or with ` +
          `--influx-${name}`,
      );
    }
    return value;
  };
  const s = section ?? {};
  return {
    url,
    token: over.token ?? over.envToken ?? s.token ?? "",
    org: need(over.org ?? s.org, "org"),
    bucket: need(over.bucket ?? s.bucket, "bucket"),
    measurement: s.measurement ?? INFLUX_DEFAULTS.measurement,
    batchSize: s.batch_size ?? INFLUX_DEFAULTS.batchSize,
    flushIntervalMs: s.flush_interval_ms ?? INFLUX_DEFAULTS.flushIntervalMs,
    bufferLimitPoints: s.buffer_limit_points ?? INFLUX_DEFAULTS.bufferLimitPoints,
    retryMinMs: s.retry_min_ms ?? INFLUX_DEFAULTS.retryMinMs,
    retryMaxMs: s.retry_max_ms ?? INFLUX_DEFAULTS.retryMaxMs,
    timeoutMs: s.timeout_ms ?? INFLUX_DEFAULTS.timeoutMs,
  };
}
