import assert from "node:assert/strict";
import ExcelJS from "exceljs";
import { buildWorkbook } from "./report_workbook.ts";
import { tableCsv, tableOfRecords } from "./report_table.ts";

const records = [
  { time: Date.UTC(2026, 0, 1, 6), twin: "pump-1", value: 12.5, args: { speed: 0.8 } },
  { time: Date.UTC(2026, 0, 1, 7), twin: "pump-2", value: 3, extra: "x" },
];

Deno.test("workbook: header, row count, a date cell and a number cell read back by value", async () => {
  const bytes = await buildWorkbook(tableOfRecords("journal", records));
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes.buffer as ArrayBuffer);
  const ws = wb.getWorksheet("journal")!;
  assert.deepEqual((ws.getRow(1).values as unknown[]).slice(1), [
    "time",
    "twin",
    "value",
    "args",
    "extra",
  ]);
  assert.deepEqual(ws.rowCount, 3);
  const date = ws.getRow(2).getCell(1).value;
  assert.deepEqual(date instanceof Date, true);
  assert.deepEqual((date as Date).toISOString(), "2026-01-01T06:00:00.000Z");
  assert.deepEqual(ws.getRow(2).getCell(3).value, 12.5);
  assert.deepEqual(ws.getRow(2).getCell(4).value, '{"speed":0.8}');
  assert.deepEqual(ws.getRow(3).getCell(5).value, "x");
  assert.deepEqual(ws.views[0].state, "frozen");
});

Deno.test("table: only-number columns are numbers, known time keys dates; CSV has ISO times", () => {
  const t = tableOfRecords("r", records);
  assert.deepEqual(t.columns.map((c) => c.type), ["date", "text", "number", "text", "text"]);
  assert.deepEqual(
    tableCsv(t),
    "time,twin,value,args,extra\r\n" +
      '2026-01-01T06:00:00.000Z,pump-1,12.5,"{""speed"":0.8}",\r\n' +
      "2026-01-01T07:00:00.000Z,pump-2,3,,x\r\n",
  );
});
