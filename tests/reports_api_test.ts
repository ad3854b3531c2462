/**
 * Report downloads over the real runtime and server on virtual time, with
 * history recorded: the Excel and CSV forms of history, the alarm journal
 * and commands hold the rows the JSON routes give for the same range, typed
 * (dates as dates, numbers as numbers), named as attachments; bad
 * parameters are 400s naming them.
 */
import assert from "node:assert/strict";
import { memoryAuth } from "./auth_fixture.ts";
import ExcelJS from "exceljs";
import { parse } from "csv-parse/sync";
import { startTestServer } from "./test_server.ts";

const T0 = Date.UTC(2026, 0, 1);
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const plant = {
  name: "reports-api",
  start: new Date(T0).toISOString(),
  step_s: 1,
  twins: [{ id: "rtu-{i}", count: 2, kind: "rtu" }],
  history: { defaults: { max_interval_s: 0 } },
  alarms: {
    definitions: [{
      name: "data_age",
      kind: "rtu",
      priority: "high",
      condition: { type: "limit", point: "data_age", h: 30 },
    }],
  },
};

const opts = { sanitizeResources: false, sanitizeOps: false };

/** The first sheet of an .xlsx answer: header names and data rows (1-based cells dropped to 0-based). */
async function sheetOf(res: Response): Promise<{ header: unknown[]; rows: unknown[][] }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await res.arrayBuffer());
  const ws = wb.worksheets[0];
  const all: unknown[][] = [];
  ws.eachRow({ includeEmpty: true }, (row) => {
    all.push(Array.from({ length: ws.columnCount }, (_, i) => row.getCell(i + 1).value));
  });
  return { header: all[0], rows: all.slice(1) };
}

Deno.test({
  name: "reports API: history, journal and commands as xlsx and CSV match the JSON routes",
  ...opts,
  fn: async () => {
    const s = await startTestServer(plant, { virtual: true, recordHistory: true });
    try {
      s.runtime.commands.submit(
        "rtu-1",
        { type: "inject_fault", args: { fault: "stale" } },
        "drill",
      );
      s.runtime.runFor(70_000);
      s.recorder!.flush();
      const range = `from=${new Date(T0).toISOString()}&to=${new Date(T0 + 70_000).toISOString()}`;
      const json = async (path: string) => {
        const res = await fetch(`${s.url}${path}`);
        assert.equal(res.status, 200, path);
        return await res.json();
      };

      // History: one row per sample, the time a date cell, the value a number cell.
      const hq = `twin=rtu-1&point=data_age&step=raw&${range}`;
      let res = await fetch(`${s.url}/api/reports/history.xlsx?${hq}`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("content-type"), XLSX);
      assert.equal(
        res.headers.get("content-disposition"),
        'attachment; filename="history_2026-01-01T00-00-00.000Z_2026-01-01T00-01-10.000Z.xlsx"',
      );
      const history = await sheetOf(res);
      assert.deepEqual(history.header, ["twin", "point", "unit", "time", "value", "quality"]);
      const samples = (await json(`/api/history?${hq}`)).series[0].rows as [
        number,
        number,
        string,
      ][];
      assert.ok(samples.length > 60, `${samples.length} samples`);
      assert.equal(history.rows.length, samples.length);
      history.rows.forEach((row, i) => {
        assert.deepEqual(row, [
          "rtu-1",
          "data_age",
          "s",
          new Date(samples[i][0]),
          samples[i][1],
          samples[i][2],
        ]);
      });
      assert.ok(samples.some(([, v]) => v > 30), "the fault made data_age climb");

      // Journal: the stale RTU raised its alarm; the rows are the JSON journal's.
      const journal = await json(`/api/alarms/journal?${range}`) as Record<string, unknown>[];
      assert.ok(journal.length >= 1);
      res = await fetch(`${s.url}/api/reports/journal.xlsx?${range}`);
      const sheet = await sheetOf(res);
      const col = (name: string) => sheet.header.indexOf(name);
      assert.equal(sheet.rows.length, journal.length);
      assert.deepEqual(sheet.rows.map((r) => r[col("alarm")]), journal.map((e) => e.alarm));
      assert.deepEqual(
        sheet.rows.map((r) => r[col("time")]),
        journal.map((e) => new Date(e.time as number)),
      );
      assert.equal(sheet.rows[0][col("value")], journal[0].value);
      assert.equal(typeof sheet.rows[0][col("value")], "number");

      // Commands as CSV: the range filters on the request time.
      res = await fetch(`${s.url}/api/reports/commands.csv?${range}`);
      assert.equal(res.headers.get("content-type"), "text/csv; charset=utf-8");
      const csv = parse(await res.text(), { columns: true }) as Record<string, string>[];
      const commands = await json("/api/commands") as Record<string, unknown>[];
      assert.equal(csv.length, commands.length);
      assert.deepEqual(csv.map((r) => [r.twin, r.type, r.user]), [[
        "rtu-1",
        "inject_fault",
        "drill",
      ]]);
      assert.equal(csv[0].requestedAt, new Date(commands[0].requestedAt as number).toISOString());
      const later = `from=${new Date(T0 + 1_000).toISOString()}`;
      res = await fetch(`${s.url}/api/reports/commands.csv?${later}`);
      assert.equal(
        await res.text(),
        "id,twin,type,args,user,comment,status,reason,requestedAt,completedAt\r\n",
        "no command in the range: the header alone",
      );

      // Bad input: named, as the JSON route names it.
      res = await fetch(`${s.url}/api/reports/journal.xlsx?limit=0`);
      assert.equal(res.status, 400);
      assert.match((await res.json()).error, /\?limit/);
      res = await fetch(`${s.url}/api/reports/history.csv?twin=rtu-1&point=nope`);
      assert.equal(res.status, 400);
      assert.match((await res.json()).error, /no point "nope"/);
      res = await fetch(`${s.url}/api/reports/commands.xlsx?bogus=1`);
      assert.equal(res.status, 400);
      assert.match((await res.json()).error, /"bogus"/);
      res = await fetch(`${s.url}/api/reports/audit.csv`);
      assert.equal(res.status, 404, "this server keeps no audit log");
      await res.body?.cancel();
    } finally {
      await s.close();
    }
  },
});

Deno.test({
  name: "reports API with logins on: roles as the JSON routes', the token in the link, audit rows",
  ...opts,
  fn: async () => {
    const { auth, security, close } = memoryAuth();
    const password = "a-long-enough-password";
    await auth.createUser("setup", "vera", "viewer", password);
    await auth.createUser("setup", "ada", "admin", password);
    const viewer = (await auth.login("vera", password)).access_token;
    const admin = (await auth.login("ada", password)).access_token;
    const s = await startTestServer(plant, {
      virtual: true,
      web: { security },
    });
    try {
      const get = (path: string, token?: string) =>
        fetch(
          `${s.url}${path}${token ? `${path.includes("?") ? "&" : "?"}access_token=${token}` : ""}`,
        );
      let res = await get("/api/reports/journal.csv");
      assert.equal(res.status, 401);
      await res.body?.cancel();
      res = await get("/api/reports/journal.csv", viewer);
      assert.equal(res.status, 200);
      assert.match(await res.text(), /^seq,time,alarm,twin,/);
      res = await get("/api/reports/audit.xlsx", viewer);
      assert.equal(res.status, 403, "the audit log is for admins");
      await res.body?.cancel();

      res = await get("/api/reports/audit.xlsx", admin);
      assert.equal(res.status, 200);
      const sheet = await sheetOf(res);
      const entries = await (await get("/api/audit", admin)).json() as Record<string, unknown>[];
      assert.ok(entries.length >= 4, "user creations and logins are audited");
      assert.deepEqual(sheet.header, [
        "id",
        "ts",
        "user",
        "action",
        "target",
        "args",
        "status",
        "outcome",
      ]);
      assert.deepEqual(
        sheet.rows.map((r) => [r[0], (r[1] as Date).getTime(), r[2], r[3], r[6]]),
        entries.map((e) => [e.id, e.ts, e.user, e.action, e.status]),
      );
    } finally {
      await s.close();
      close();
    }
  },
});
