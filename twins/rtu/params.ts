/**
 * Plant-file parameters of an RTU twin.
 *
 * @module
 */
import { z } from "zod";

/** Schema of an RTU's `params`. */
export const rtuParams = z.strictObject({
  /** Ids of the twins whose points this RTU carries. */
  assets: z.array(z.string().min(1)).default([]),
  /** First holding-register address of the image. */
  register_base: z.int().min(0).max(65_535).default(0),
  /** Data older than this many seconds makes the RTU stale. */
  stale_after_s: z.number().positive().default(10),
  /** Stale for this many seconds makes the RTU offline. */
  offline_after_s: z.number().positive().default(60),
});

/** Validated RTU parameters. */
export type RtuParams = z.infer<typeof rtuParams>;
