/**
 * A report as one table (named columns, typed cells) and its CSV form. The
 * spreadsheet form is in report_workbook.ts; both come from the same table so
 * a CSV and an Excel download of one report hold the same rows.
 *
 * @module
 */
import { stringify } from "csv-stringify/sync";

/** How a column's cells are typed in a spreadsheet. */
export type ColumnType = "date" | "number" | "text";

/** One column of a report. */
export interface ReportColumn {
  /** Header text, also the key into each row. */
  name: string;
  /** Cell type: dates are epoch ms in rows and date cells in a workbook. */
  type: ColumnType;
}

/** A report: a sheet name, columns and rows keyed by column name. */
export interface ReportTable {
  /** Sheet name (at most 31 characters, as Excel requires). */
  name: string;
  /** Columns, in order. */
  columns: ReportColumn[];
  /** Rows, keyed by column name. */
  rows: Record<string, unknown>[];
}

/** Keys whose values are epoch milliseconds in our APIs. */
const DATE_KEYS = new Set(["time", "ts", "requestedAt", "completedAt", "since", "until"]);

/**
 * A table from API records (objects): the union of their keys in first-seen
 * order, known time keys typed as dates, keys holding only numbers as numbers.
 * `header` names the columns to start with, so an empty report still has its header.
 */
export function tableOfRecords(
  name: string,
  records: readonly object[],
  header: readonly string[] = [],
): ReportTable {
  const keys: string[] = [...header];
  const seen = new Set<string>(header);
  for (const r of records) {
    for (const k of Object.keys(r)) if (!seen.has(k)) seen.add(k), keys.push(k);
  }
  const rows = records.map((r) => ({ ...r }) as Record<string, unknown>);
  const columns = keys.map((k): ReportColumn => {
    const values = rows.map((r) => r[k]).filter((v) => v !== undefined && v !== null);
    const numeric = values.every((v) => typeof v === "number");
    const type = DATE_KEYS.has(k) && numeric
      ? "date"
      : numeric && values.length
      ? "number"
      : "text";
    return { name: k, type };
  });
  return { name, columns, rows };
}

/** A cell's text for CSV or a text cell: dates as ISO UTC, objects as JSON. */
export function cellText(value: unknown, type: ColumnType): string {
  if (value === undefined || value === null) return "";
  if (type === "date" && typeof value === "number") return new Date(value).toISOString();
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** The table as CSV (RFC 4180, CRLF, header row; dates as ISO 8601 UTC). */
export function tableCsv(table: ReportTable): string {
  return stringify([
    table.columns.map((c) => c.name),
    ...table.rows.map((r) => table.columns.map((c) => cellText(r[c.name], c.type))),
  ], { record_delimiter: "\r\n" });
}
