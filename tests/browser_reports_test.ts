/**
 * Reports in Debian's chromium against the real runtime and server on
 * virtual time: the page offers the report kinds and ranges, and its
 * "Download Excel" link for the alarm journal of the last 24 h gives a file
 * that opens with exceljs and holds the journal's rows under its header.
 * Screenshots at desktop and phone width land in tests/screenshots/.
 *
 * @module
 */
import assert from "node:assert/strict";
import ExcelJS from "exceljs";
import { browserTestOptions, withPage } from "./browser_harness.ts";

const T0 = Date.UTC(2026, 0, 1);
const SHOTS = new URL("./screenshots/", import.meta.url);

const plant = {
  name: "reports-browser",
  start: new Date(T0).toISOString(),
  step_s: 1,
  twins: [{ id: "rtu-{i}", count: 2, kind: "rtu" }],
  alarms: {
    definitions: [{
      name: "data_age",
      kind: "rtu",
      priority: "high",
      condition: { type: "limit", point: "data_age", h: 30 },
    }],
  },
};

Deno.test({
  name: "reports: the alarm journal downloads as an Excel file that opens",
  ...browserTestOptions,
  fn: () =>
    withPage(plant, async (page, server) => {
      server.runtime.commands.submit("rtu-1", { type: "inject_fault", args: { fault: "stale" } });
      server.runtime.runFor(70_000);
      const journal = await (await fetch(`${server.url}/api/alarms/journal`)).json();
      assert.ok(journal.length >= 1, "the stale RTU raised its alarm");

      await page.goto(`${server.url}/reports`);
      await page.getByRole("link", { name: "Reports" }).waitFor();
      assert.equal(await page.locator("#report-kind").inputValue(), "journal");
      const link = page.locator("#report-xlsx");
      await link.waitFor();
      const href = await link.getAttribute("href");
      assert.match(href!, /^\/api\/reports\/journal\.xlsx\?from=2025-12-31T00%3A01%3A10/);

      await Deno.mkdir(SHOTS, { recursive: true });
      await page.screenshot({ path: new URL("reports-desktop.png", SHOTS).pathname });
      const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
      assert.match(download.suggestedFilename(), /^journal_.*\.xlsx$/);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await Deno.readFile((await download.path())!)).buffer);
      const ws = wb.worksheets[0];
      const header = (ws.getRow(1).values as unknown[]).slice(1);
      assert.deepEqual(header.slice(0, 4), ["seq", "time", "alarm", "twin"]);
      assert.equal(ws.rowCount - 1, journal.length);
      assert.ok(ws.rowCount > 1);
      const alarms = new Set<unknown>();
      for (let r = 2; r <= ws.rowCount; r++) alarms.add(ws.getRow(r).getCell(3).value);
      assert.deepEqual([...alarms], ["rtu-1/data_age_h"]);
      assert.ok(ws.getRow(2).getCell(2).value instanceof Date, "times are date cells");

      // History asks for a twin and points before it offers a link.
      await page.locator("#report-kind").selectOption("history");
      await page.locator("#report-missing").getByText("Choose a twin.").waitFor();
      await page.locator("#report-twin").selectOption("rtu-1");
      await page.getByLabel("data_age").check();
      const historyHref = await page.locator("#report-csv").getAttribute("href");
      assert.match(historyHref!, /^\/api\/reports\/history\.csv\?twin=rtu-1&point=data_age&from=/);

      // A phone: the form wraps instead of widening the page.
      await page.setViewportSize({ width: 390, height: 800 });
      await page.screenshot({ path: new URL("reports-phone.png", SHOTS).pathname });
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 390, `the page is ${width} px wide at 390`);
    }, { virtual: true }),
});
