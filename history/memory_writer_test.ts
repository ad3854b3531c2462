import assert from "node:assert/strict";
import type { JournalEntry } from "../actors/alarms/alarm_journal.ts";
import type { CommandRecord } from "../commands/command_path.ts";
import { MemoryWriter } from "./memory_writer.ts";
import { openDatabaseFile, openPlantDatabase, plantDatabasePath } from "./plant_database.ts";
import { SqliteAlarmArchive } from "./alarm_archive.ts";
import { SqliteCommandArchive } from "./command_archive.ts";

const entry = (seq: number): JournalEntry => ({
  seq,
  time: seq * 1_000,
  alarm: "a/x",
  twin: "a",
  priority: "high",
  state: "unacknowledged",
  previous: "normal",
  active: true,
  action: "activate",
  value: seq,
  limit: 1,
  message: `m${seq}`,
  user: null,
  comment: null,
});

const saved = (state: "shelved" | "out_of_service") => ({
  id: "a/x",
  state,
  active: false,
  since: 1,
  activeSince: null,
  shelvedUntil: state === "shelved" ? 99 : null,
  last: { action: state, user: "u", comment: "c", time: 1 },
});

const record = (status: CommandRecord["status"]): CommandRecord => ({
  id: "cmd-1",
  twin: "a",
  type: "start",
  args: {},
  user: "u",
  comment: "",
  status,
  requestedAt: 5,
});

Deno.test("memory writer: a refused batch is held and merged with the next: entries in order, the later state and record win", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fieldtwin-writer-" });
  try {
    openPlantDatabase(dir, "p").close();
    const db = openDatabaseFile(plantDatabasePath(dir, "p"));
    db.exec("PRAGMA busy_timeout = 0");
    const writer = new MemoryWriter(db, 3);
    const blocker = openDatabaseFile(plantDatabasePath(dir, "p"));
    blocker.exec("BEGIN IMMEDIATE");
    const refused = writer.write({
      entries: [1, 2, 3, 4].map(entry),
      states: [["a/x", saved("shelved")]],
      records: [record("accepted")],
    });
    assert.match(refused!, /locked/);
    assert.deepEqual([writer.holding, writer.stats.failures, writer.stats.dropped], [true, 1, 1]);
    blocker.exec("ROLLBACK");
    blocker.close();
    assert.equal(
      writer.write({
        entries: [entry(5)],
        states: [["a/x", saved("out_of_service")]],
        records: [record("executed")],
      }),
      undefined,
    );
    assert.equal(writer.holding, false);
    const alarms = new SqliteAlarmArchive(db), commands = new SqliteCommandArchive(db);
    assert.deepEqual(alarms.query({}, 100).map((e) => e.seq), [5, 4, 3, 2], "the oldest dropped");
    assert.deepEqual(alarms.states().map((s) => s.state), ["out_of_service"]);
    assert.deepEqual(commands.list({ limit: 5 }).map((r) => r.status), ["executed"]);
    assert.deepEqual(writer.stats, { entries: 4, records: 1, batches: 1, failures: 1, dropped: 1 });
    db.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
