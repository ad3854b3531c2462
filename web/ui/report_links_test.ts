import assert from "node:assert/strict";
import { type ReportChoice, reportPath, reportQuery } from "./report_links.ts";

const base: ReportChoice = {
  kind: "journal",
  preset: "24h",
  from: "",
  to: "",
  twin: "",
  points: [],
};
const NOW = Date.UTC(2026, 0, 2, 6);

Deno.test("report links: presets end at the runtime's now, in ISO UTC", () => {
  const r = reportQuery(base, NOW);
  assert.ok("query" in r);
  assert.equal(
    reportPath("journal", "xlsx", r.query),
    "/api/reports/journal.xlsx?from=2026-01-01T06%3A00%3A00.000Z&to=2026-01-02T06%3A00%3A00.000Z" +
      "&limit=100000",
  );
  const week = reportQuery({ ...base, preset: "7d", kind: "commands" }, NOW);
  assert.ok("query" in week);
  assert.equal(week.query.get("from"), "2025-12-26T06:00:00.000Z");
  assert.equal(week.query.has("limit"), false, "commands take no range limit");
  assert.deepEqual(reportQuery(base, 0), { missing: "Waiting for the runtime clock." });
});

Deno.test("report links: custom times pass as given; history needs a twin and points", () => {
  const custom = reportQuery({ ...base, preset: "custom", from: " 2026-01-01 ", to: "" }, 0);
  assert.ok("query" in custom);
  assert.equal(custom.query.toString(), "from=2026-01-01&limit=100000");
  const h = { ...base, kind: "history" as const };
  assert.deepEqual(reportQuery(h, NOW), { missing: "Choose a twin." });
  assert.deepEqual(reportQuery({ ...h, twin: "p-1" }, NOW), {
    missing: "Choose at least one point.",
  });
  const ok = reportQuery({ ...h, twin: "p-1", points: ["flow", "head"] }, NOW);
  assert.ok("query" in ok);
  assert.equal(ok.query.get("point"), "flow,head");
  assert.equal(ok.query.get("twin"), "p-1");
});
