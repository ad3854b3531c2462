/**
 * Read the pressure and temperature signals of a Petrobras 3W recording
 * (Parquet, brotli) with hyparquet. Only the signal columns are requested
 * from the file, so the `class` and `state` labels are never even decoded.
 *
 * @module
 */
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from "hyparquet";
import { compressors } from "hyparquet-compressors";

/** The signals the event rules may use: pressures (Pa) and temperatures (degC). */
export const W3_SIGNALS = [
  "P-PDG",
  "P-TPT",
  "T-TPT",
  "P-MON-CKP",
  "T-JUS-CKP",
  "P-JUS-CKGL",
] as const;

/** One signal name. */
export type W3Signal = typeof W3_SIGNALS[number];

/** A recording's signals, one value per row (NaN where the file has none). */
export type W3Signals = Partial<Record<W3Signal, Float64Array>>;

/**
 * Read the signals of one 3W Parquet file.
 *
 * @param path the file
 * @returns the signals the file has (columns it lacks are absent)
 */
export async function readW3Signals(path: string): Promise<W3Signals> {
  try {
    return await readSignals(path);
  } catch (e) {
    throw new Error(`${path}: ${(e as Error).message}`);
  }
}

async function readSignals(path: string): Promise<W3Signals> {
  const buffer = await asyncBufferFromFile(path);
  const meta = await parquetMetadataAsync(buffer);
  const names = new Set(meta.schema.slice(1).map((s) => s.name));
  const present = W3_SIGNALS.filter((c) => names.has(c));
  if (present.length === 0) throw new Error(`none of the columns ${W3_SIGNALS.join(", ")}`);
  const rows = await parquetReadObjects({ file: buffer, compressors, columns: [...present] });
  const out: W3Signals = {};
  for (const c of present) {
    const a = new Float64Array(rows.length);
    for (let r = 0; r < rows.length; r++) {
      const v = rows[r][c];
      a[r] = typeof v === "number" ? v : typeof v === "bigint" ? Number(v) : NaN;
    }
    out[c] = a;
  }
  return out;
}
