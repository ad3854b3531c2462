/**
 * A study's comparison as CSV: one row per run per KPI, with the baseline's
 * value and the delta, for spreadsheets. Written with csv-stringify (the
 * writing half of the csv-parse project the replay reader uses), so quoting
 * follows RFC 4180 whatever a name or unit holds.
 *
 * @module
 */
import { stringify } from "csv-stringify/sync";
import type { KpiRow } from "./kpis.ts";

/** Column order of the CSV. */
export const CSV_COLUMNS = [
  "run",
  "kpi",
  "unit",
  "value",
  "baseline",
  "delta",
  "delta_pct",
] as const;

/** Rows as CSV text with a header line; null cells are empty. */
export function kpiCsv(rows: readonly KpiRow[]): string {
  return stringify(
    rows.map((r) => CSV_COLUMNS.map((c) => r[c] ?? "")),
    { header: true, columns: [...CSV_COLUMNS], record_delimiter: "unix" },
  );
}
