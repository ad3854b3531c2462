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

Deno.test("journal: with an archive, numbering goes on from it and queries read on into it", () => {
  // The archive holds seq 1..50 (times 1000..50000); the journal numbers on from 50.
  const stored: JournalEntry[] = Array.from({ length: 50 }, (_, k) => ({
    ...entry(k + 1),
    seq: k + 1,
  }));
  const asked: number[] = [];
  const j = new AlarmJournal(100);
  j.attachArchive({
    lastSeq: () => 50,
    query(q, before) {
      asked.push(before);
      return stored.filter((e) =>
        e.seq < before && (q.from === undefined || e.time >= q.from) &&
        (q.twins === undefined || q.twins.includes(e.twin))
      ).reverse().slice(0, q.limit);
    },
  });
  // What is appended reaches the archive too, as a plant memory writes it.
  j.onAppend((e) => stored.push({ ...e }));
  for (let k = 51; k <= 180; k++) j.append(entry(k));
  assert.equal(stored[50].seq, 51, "numbered on from the archive's last");
  assert.equal(j.total, 130, "entries since start");
  assert.deepEqual(j.query({ limit: 1000 }), stored.slice().reverse(), "ring, then archive");
  assert.deepEqual(asked, [81], "the archive is asked below the ring's oldest entry");
  // A `from` inside the ring stops there: the archive is not asked.
  asked.length = 0;
  assert.equal(j.query({ from: 150_000 }).length, 31);
  assert.deepEqual(asked, []);
  // Limits count both parts.
  const t1 = stored.filter((e) => e.twin === "t1").reverse();
  assert.deepEqual(j.query({ twins: ["t1"], limit: 50 }), t1.slice(0, 50));
  assert.throws(() => j.attachArchive({ lastSeq: () => 0, query: () => [] }), /before its first/);
});
