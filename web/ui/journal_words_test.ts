import assert from "node:assert/strict";
import type { JournalEntry } from "./api_types.ts";
import { type AlarmDefinitionWords, journalWords, twinsToRead } from "./journal_words.ts";

const entry = (over: Partial<JournalEntry> = {}): JournalEntry => ({
  seq: 7,
  time: Date.UTC(2026, 0, 1, 6),
  alarm: "site-007/supply_temp_h",
  twin: "site-007",
  priority: "high",
  state: "unacknowledged",
  previous: "normal",
  active: true,
  action: "activate",
  value: 46.2,
  limit: 45,
  message: "site-007 supply_temp 46.20 degC above H limit 45 degC",
  user: null,
  comment: null,
  ...over,
});

const def: AlarmDefinitionWords = {
  id: "site-007/supply_temp_h",
  name: "supply_temp_h",
  condition: "limit",
  point: "supply_temp",
  unit: "degC",
  customMessage: false,
};

Deno.test("journal words: an entry in the alarm list's words, with the entry's own value and limit", () => {
  assert.equal(
    journalWords(entry(), def, "Cooling site 7"),
    "Cooling site 7 supply temperature high: 46.20 °C (limit 45 °C)",
  );
  // The clear entry, later, with the value it cleared at.
  assert.equal(
    journalWords(entry({ action: "clear", active: false, value: 44.1 }), def, "Cooling site 7"),
    "Cooling site 7 supply temperature high, cleared: 44.10 °C (limit 45 °C)",
  );
  assert.equal(
    journalWords(entry(), def),
    "site-007 supply temperature high: 46.20 °C (limit 45 °C)",
    "the twin's id when its name is unknown",
  );
});

Deno.test("journal words: an unknown alarm or a definition's own message keeps the entry's message", () => {
  assert.equal(journalWords(entry(), undefined, "Cooling site 7"), entry().message);
  const own = entry({ message: "Supply too warm: check fans" });
  assert.equal(journalWords(own, { ...def, customMessage: true }), "Supply too warm: check fans");
});

Deno.test("journal words: the twins whose alarms must still be read, each once", () => {
  const entries = [
    entry(),
    entry({ seq: 8, alarm: "p-1/flow_l", twin: "p-1" }),
    entry({ seq: 9, alarm: "p-1/pressure_h", twin: "p-1" }),
    entry({ seq: 10, alarm: "rtu-1/comm", twin: "rtu-1" }),
  ];
  const known = new Map([["site-007/supply_temp_h", def]]);
  assert.deepEqual(twinsToRead(entries, known, new Set()), ["p-1", "rtu-1"]);
  assert.deepEqual(twinsToRead(entries, known, new Set(["rtu-1"])), ["p-1"], "asked already");
});
