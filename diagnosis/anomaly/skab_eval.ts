/**
 * SKAB's protocol for one recording: the first 400 rows train the detector,
 * every later row is scored causally and compared with its `anomaly` label.
 *
 * @module
 */
import type { MewmaOptions } from "./mewma_detector.ts";
import { DEFAULT_MEWMA_OPTIONS } from "./mewma_detector.ts";
import { OnlineDetector } from "./online_detector.ts";
import type { SkabRecording } from "./skab_csv.ts";
import { type Confusion, confusion } from "./skab_scoring.ts";

/** Rows of each SKAB file that train the detector. */
export const SKAB_TRAIN_ROWS = 400;

/** Result of one recording. */
export interface SkabFileResult {
  /** Test rows scored. */
  testRows: number;
  /** Flag per test row. */
  flags: boolean[];
  /** Confusion over the test rows, when the file has labels. */
  confusion: Confusion | undefined;
}

/**
 * Run the detector over one recording with SKAB's split.
 *
 * @param rec the parsed recording
 * @param options detector tuning
 * @returns per-row flags of the test part and, with labels, the confusion
 */
export function evaluateSkabRecording(
  rec: SkabRecording,
  options: MewmaOptions = DEFAULT_MEWMA_OPTIONS,
): SkabFileResult {
  if (rec.fast.length <= SKAB_TRAIN_ROWS) {
    throw new Error(`needs more than ${SKAB_TRAIN_ROWS} rows, has ${rec.fast.length}`);
  }
  const detector = new OnlineDetector(SKAB_TRAIN_ROWS, options);
  const flags: boolean[] = [];
  for (let i = 0; i < rec.fast.length; i++) {
    const v = detector.push(rec.fast[i], rec.slow[i]);
    if (i >= SKAB_TRAIN_ROWS) flags.push(v?.anomaly ?? false);
  }
  return {
    testRows: flags.length,
    flags,
    confusion: rec.anomaly ? confusion(rec.anomaly.subarray(SKAB_TRAIN_ROWS), flags) : undefined,
  };
}
