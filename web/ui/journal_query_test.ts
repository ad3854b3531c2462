import assert from "node:assert/strict";
import type { JournalEntry } from "./api_types.ts";
import {
  DEFAULT_JOURNAL_LIMIT,
  entryMatches,
  fromInputValue,
  journalApiPath,
  journalQueryString,
  parseJournalQuery,
  parseTime,
  toInputValue,
} from "./journal_query.ts";

Deno.test("the page query round-trips and becomes the API's query with a limit", () => {
  const q = parseJournalQuery(
    "?from=2026-01-01T10:00:00.000Z&twin=site-1,site-2&priority=critical&limit=50",
  );
  assert.equal(q.limit, 50);
  assert.equal(q.twin, "site-1,site-2");
  assert.equal(
    journalQueryString(q),
    "?from=2026-01-01T10:00:00.000Z&twin=site-1,site-2&priority=critical&limit=50",
  );
  const api = new URL(journalApiPath(q), "http://x");
  assert.equal(api.pathname, "/api/alarms/journal");
  assert.deepEqual(Object.fromEntries(api.searchParams), {
    from: "2026-01-01T10:00:00.000Z",
    twin: "site-1,site-2",
    priority: "critical",
    limit: "50",
  });
  const plain = parseJournalQuery("?limit=0");
  assert.equal(plain.limit, DEFAULT_JOURNAL_LIMIT, "an out-of-range limit falls back");
  assert.equal(journalQueryString(plain), "");
  assert.match(journalApiPath(plain), /limit=500$/);
});

Deno.test("date-time fields are read and written in UTC", () => {
  assert.equal(fromInputValue("2026-03-01T08:15"), "2026-03-01T08:15:00.000Z");
  assert.equal(fromInputValue("2026-03-01T08:15:30"), "2026-03-01T08:15:30.000Z");
  assert.equal(fromInputValue(""), "");
  assert.equal(toInputValue("2026-03-01T08:15:30.000Z"), "2026-03-01T08:15:30");
  const ms = Date.UTC(2026, 2, 1, 8, 15, 30);
  assert.equal(toInputValue(String(ms)), "2026-03-01T08:15:30", "epoch ms as the API takes it");
  assert.equal(parseTime(String(ms)), ms);
  assert.equal(toInputValue("not a time"), "");
});

Deno.test("a live entry matches time range and every list filter", () => {
  const e = {
    seq: 1,
    time: Date.UTC(2026, 0, 1, 12),
    alarm: "site-1/temp_h",
    twin: "site-1",
    priority: "high",
    state: "acknowledged",
  } as JournalEntry;
  const m = (search: string) => entryMatches(e, parseJournalQuery(search));
  assert.equal(m(""), true);
  assert.equal(m("?from=2026-01-01T11:00:00Z&twin=site-2,site-1&state=acknowledged"), true);
  assert.equal(m("?from=2026-01-01T13:00:00Z"), false);
  assert.equal(m(`?to=${e.time - 1}`), false);
  assert.equal(m("?priority=critical"), false);
  assert.equal(m("?alarm=site-1/temp_hh"), false);
});
