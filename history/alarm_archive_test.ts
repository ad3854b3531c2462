import assert from "node:assert/strict";
import type { JournalEntry } from "../actors/alarms/alarm_journal.ts";
import { SqliteAlarmArchive } from "./alarm_archive.ts";
import { openPlantDatabase } from "./plant_database.ts";

const entry = (seq: number, over: Partial<JournalEntry> = {}): JournalEntry => ({
  seq,
  time: 1_000 * seq + 0.25,
  alarm: `t${seq % 3}/a`,
  twin: `t${seq % 3}`,
  priority: seq % 2 ? "high" : "low",
  state: seq % 2 ? "unacknowledged" : "normal",
  previous: seq % 2 ? "normal" : "returned_unacknowledged",
  active: seq % 2 === 1,
  action: seq % 2 ? "activate" : "ack",
  value: seq + 0.5,
  limit: 40,
  message: `message ${seq}`,
  user: seq % 2 ? null : "ann",
  comment: seq % 2 ? null : `comment ${seq}`,
  ...over,
});

async function withArchive(fn: (a: SqliteAlarmArchive, dir: string) => void): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "fieldtwin-alarm-archive-" });
  const db = openPlantDatabase(dir, "p");
  try {
    fn(new SqliteAlarmArchive(db), dir);
  } finally {
    db.close();
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("alarm archive: entries read back field for field, values of every type", async () => {
  await withArchive((archive) => {
    assert.equal(archive.lastSeq(), 0);
    const given = [
      ...Array.from({ length: 20 }, (_, i) => entry(i + 1)),
      entry(21, { value: "tripped", limit: "tripped, fault" }),
      entry(22, { value: false, limit: null }),
      entry(23, { value: "42", limit: "7" }),
      entry(24, { value: null, limit: -1.5 }),
    ];
    archive.append(given);
    assert.equal(archive.lastSeq(), 24);
    assert.deepEqual(archive.query({ limit: 100 }, 25), given.slice().reverse());
    // Strings that look like numbers stay strings; false stays false.
    const [v42, vFalse] = archive.query({ limit: 2 }, 24);
    assert.deepEqual([v42.value, v42.limit, vFalse.value], ["42", "7", false]);
  });
});

Deno.test("alarm archive: filters combine with AND, below a sequence number, newest first", async () => {
  await withArchive((archive) => {
    archive.append(Array.from({ length: 30 }, (_, i) => entry(i + 1)));
    const seqs = (q: Parameters<SqliteAlarmArchive["query"]>[0], before = 31) =>
      archive.query(q, before).map((e) => e.seq);
    assert.deepEqual(seqs({ limit: 3 }), [30, 29, 28]);
    assert.deepEqual(seqs({ limit: 3 }, 10), [9, 8, 7]);
    assert.deepEqual(seqs({ from: 5_000, to: 8_000 }), [7, 6, 5]);
    assert.deepEqual(seqs({ twins: ["t1"], states: ["unacknowledged"], limit: 3 }), [25, 19, 13]);
    assert.deepEqual(seqs({ alarms: ["t2/a", "t0/a"], priorities: ["low"], limit: 4 }), [
      30,
      26,
      24,
      20,
    ]);
    assert.deepEqual(seqs({ twins: [] }), [], "an empty list matches nothing");
  });
});

Deno.test("alarm archive: saved states are replaced, forgotten, and pruned entries go", async () => {
  await withArchive((archive) => {
    const shelved = {
      id: "t1/a",
      state: "shelved" as const,
      active: true,
      since: 5_000,
      activeSince: 4_000,
      shelvedUntil: 605_000,
      last: { action: "shelve", user: "bob", comment: "known", time: 5_000 },
    };
    const oos = {
      id: "t2/a",
      state: "out_of_service" as const,
      active: false,
      since: 7_000,
      activeSince: null,
      shelvedUntil: null,
      last: { action: "remove_from_service", user: "ann", comment: "radio swap", time: 7_000 },
    };
    archive.saveState(shelved.id, { ...shelved, state: "acknowledged", shelvedUntil: null });
    archive.saveState(shelved.id, shelved);
    archive.saveState(oos.id, oos);
    archive.saveState("t3/a", { ...oos, id: "t3/a" });
    archive.saveState("t3/a", undefined);
    assert.deepEqual(archive.states(), [shelved, oos]);

    archive.append(Array.from({ length: 10 }, (_, i) => entry(i + 1)));
    assert.equal(archive.prune(4_000), 3);
    assert.deepEqual(archive.query({}, 100).map((e) => e.seq).at(-1), 4);
    assert.equal(archive.lastSeq(), 10);
  });
});
