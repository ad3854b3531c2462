/**
 * A report table as an Excel workbook (.xlsx) through exceljs: a header row
 * that stays frozen, dates as date cells, numbers as number cells, columns
 * wide enough for their text.
 *
 * @module
 */
import { cellText, type ReportTable } from "./report_table.ts";

/** The MIME type of an .xlsx file. */
export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** Widest column, in characters, so one long JSON cell does not make a column a screen wide. */
const MAX_WIDTH = 60;

/** Build the .xlsx file for `table`. */
export async function buildWorkbook(table: ReportTable): Promise<Uint8Array<ArrayBuffer>> {
  // Loaded on the first Excel report, not at start-up: exceljs is large, and
  // one of its dependencies asks for the process umask as it loads (the
  // start task grants `--allow-sys` for that).
  const { default: ExcelJS } = await import("exceljs");
  const wb = new ExcelJS.Workbook();
  wb.creator = "fieldtwin";
  const ws = wb.addWorksheet(sheetName(table.name), {
    views: [{ state: "frozen", ySplit: 1 }],
  });
  ws.columns = table.columns.map((c) => ({
    header: c.name,
    key: c.name,
    width: Math.min(MAX_WIDTH, Math.max(c.name.length, c.type === "date" ? 24 : 8) + 2),
    style: c.type === "date" ? { numFmt: "yyyy-mm-dd hh:mm:ss.000" } : {},
  }));
  ws.getRow(1).font = { bold: true };
  const widths = table.columns.map((c) => ws.getColumn(c.name).width ?? 10);
  for (const row of table.rows) {
    ws.addRow(table.columns.map((c, i) => {
      const v = row[c.name];
      if (v === undefined || v === null) return null;
      if (c.type === "date" && typeof v === "number") return new Date(v);
      if (typeof v === "number" || typeof v === "boolean") return v;
      const text = cellText(v, c.type);
      widths[i] = Math.min(MAX_WIDTH, Math.max(widths[i], text.length + 2));
      return text;
    }));
  }
  table.columns.forEach((c, i) => ws.getColumn(c.name).width = widths[i]);
  // exceljs types its Node Buffer as an ArrayBuffer; the copy is a plain Uint8Array either way.
  return new Uint8Array(await wb.xlsx.writeBuffer() as ArrayBuffer);
}

/** Excel allows 31 characters and none of `[]:*?/\` in a sheet name. */
function sheetName(name: string): string {
  return name.replace(/[[\]:*?/\\]/g, "_").slice(0, 31) || "report";
}
