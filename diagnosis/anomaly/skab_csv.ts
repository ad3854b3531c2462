/**
 * Read a SKAB recording (`;`-separated CSV with a header) into the pump
 * detector's channels. Parsing is csv-parse's; this file only maps columns
 * and turns a bad cell into an error naming the file, line and column.
 *
 * @module
 */
import { parse as parseCsv } from "csv-parse/sync";

/** SKAB's fast channels (vibration, electrical, hydraulic), in detector order. */
export const SKAB_FAST_COLUMNS = [
  "Accelerometer1RMS",
  "Accelerometer2RMS",
  "Current",
  "Pressure",
  "Voltage",
  "Volume Flow RateRMS",
] as const;

/** SKAB's slow (thermal) channels, in detector order. */
export const SKAB_SLOW_COLUMNS = ["Temperature", "Thermocouple"] as const;

/** One SKAB file as detector input. */
export interface SkabRecording {
  /** Fast channels per row. */
  fast: Float64Array[];
  /** Slow channels per row. */
  slow: Float64Array[];
  /** `anomaly` per row (0/1), or undefined when the file has no such column. */
  anomaly: Uint8Array | undefined;
}

/**
 * Parse SKAB CSV text.
 *
 * @param text the file's content
 * @param name the file's name, used in error messages
 * @returns the channels and, when present, the labels
 * @example
 * const rec = parseSkabCsv(await Deno.readTextFile("valve1/0.csv"), "valve1/0.csv");
 */
export function parseSkabCsv(text: string, name: string): SkabRecording {
  const records = parseCsv(text, {
    delimiter: ";",
    trim: true,
    skip_empty_lines: true,
  }) as string[][];
  if (records.length === 0) throw new Error(`${name}: empty file`);
  const header = records[0];
  const index = (col: string, required: boolean): number => {
    const i = header.indexOf(col);
    if (i < 0 && required) throw new Error(`${name}: line 1: no column "${col}"`);
    return i;
  };
  const fastIdx = SKAB_FAST_COLUMNS.map((c) => index(c, true));
  const slowIdx = SKAB_SLOW_COLUMNS.map((c) => index(c, true));
  const labelIdx = index("anomaly", false);
  const n = records.length - 1;
  const rec: SkabRecording = {
    fast: new Array(n),
    slow: new Array(n),
    anomaly: labelIdx >= 0 ? new Uint8Array(n) : undefined,
  };
  const cell = (row: string[], line: number, i: number): number => {
    const v = Number(row[i]);
    if (row[i] === undefined || row[i] === "" || !Number.isFinite(v)) {
      throw new Error(`${name}: line ${line}: column "${header[i]}" is not a number: "${row[i]}"`);
    }
    return v;
  };
  for (let r = 1; r <= n; r++) {
    const row = records[r];
    rec.fast[r - 1] = Float64Array.from(fastIdx, (i) => cell(row, r + 1, i));
    rec.slow[r - 1] = Float64Array.from(slowIdx, (i) => cell(row, r + 1, i));
    if (rec.anomaly) rec.anomaly[r - 1] = cell(row, r + 1, labelIdx) >= 0.5 ? 1 : 0;
  }
  return rec;
}
