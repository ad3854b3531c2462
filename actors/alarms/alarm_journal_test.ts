import assert from "node:assert/strict";
import { AlarmJournal, type JournalEntry } from "./alarm_journal.ts";

const entry = (k: number, over: Partial<JournalEntry> = {}): Omit<JournalEntry, "seq"> => ({
  time: 1000 * k,
  alarm: `t${k % 3}/a`,
  twin: `t${k % 3}`,
  priority: k % 2 ? "high" : "low",
  state: k % 2 ? "unacknowledged" : "normal",
  previous: k % 2 ? "normal" : "returned_unacknowledged",
  active: k % 2 === 1,
  action: k % 2 ? "activate" : "ack",
  value: k + 0.5,
  limit: 40,
  message: `message ${k}`,
  user: k % 2 ? null : "ann",
  comment: k % 2 ? null : `comment ${k}`,
  ...over,
});

Deno.test("journal: entries read back field for field, newest first, in a ring", () => {
  const j = new AlarmJournal(100);
  const given: JournalEntry[] = [];
  for (let k = 1; k <= 130; k++) {
    given.push({ ...j.append(entry(k)) });
  }
  // Values that are not numbers, and no value yet.
  given.push({ ...j.append(entry(131, { value: "tripped", limit: "tripped, fault" })) });
  given.push({ ...j.append(entry(132, { value: null, limit: null })) });
  given.push({ ...j.append(entry(133, { value: false, limit: "false" })) });
  assert.equal(j.total, 133);
  assert.equal(j.size, 100);
  const all = j.query({ limit: 1000 });
  assert.deepEqual(all, given.slice(-100).reverse(), "every field, and seq, as appended");
  assert.deepEqual(j.query({ from: 130_000, to: 131_000 }).map((e) => e.seq), [131, 130]);
  assert.deepEqual(
    j.query({ twins: ["t1"], states: ["unacknowledged"], limit: 2 }).map((e) => e.seq),
    [133, 127],
  );
});
