import assert from "node:assert/strict";
import type { CommandRecord } from "../commands/command_path.ts";
import { SqliteCommandArchive } from "./command_archive.ts";
import { openPlantDatabase } from "./plant_database.ts";

const record = (k: number, over: Partial<CommandRecord> = {}): CommandRecord => ({
  id: `cmd-${k}`,
  twin: k % 2 ? "p1" : "p2",
  type: "set_speed",
  args: { pct: k, nested: { ok: true } },
  user: "ann",
  comment: `c${k}`,
  status: "executed",
  requestedAt: 1_000 * k,
  completedAt: 1_000 * k + 5,
  ...over,
});

async function withArchive(fn: (a: SqliteCommandArchive) => void): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "fieldtwin-command-archive-" });
  const db = openPlantDatabase(dir, "p");
  try {
    fn(new SqliteCommandArchive(db));
  } finally {
    db.close();
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("command archive: records read back by value, newest first, a status change keeps the order", async () => {
  await withArchive((archive) => {
    const accepted: CommandRecord = {
      id: "cmd-1",
      twin: "p1",
      type: "start",
      args: {},
      user: "ann",
      comment: "",
      status: "accepted",
      requestedAt: 1_000,
    };
    archive.save([accepted, record(2), record(3)]);
    const failed = {
      ...accepted,
      status: "failed" as const,
      reason: "timeout",
      completedAt: 9_000,
    };
    archive.save([failed]);
    assert.deepEqual(archive.list({ limit: 10 }), [record(3), record(2), failed]);
    assert.deepEqual(archive.get("cmd-1"), failed);
    assert.equal(archive.get("cmd-9"), undefined);
    assert.deepEqual(archive.list({ twin: "p1", limit: 10 }).map((r) => r.id), ["cmd-3", "cmd-1"]);
    assert.deepEqual(archive.list({ limit: 1 }).map((r) => r.id), ["cmd-3"]);
  });
});

Deno.test("command archive: records before a stored one, or all when it is not stored yet", async () => {
  await withArchive((archive) => {
    archive.save([1, 2, 3, 4, 5].map((k) => record(k)));
    assert.deepEqual(archive.list({ limit: 10 }, "cmd-4").map((r) => r.id), [
      "cmd-3",
      "cmd-2",
      "cmd-1",
    ]);
    assert.deepEqual(archive.list({ twin: "p2", limit: 10 }, "cmd-5").map((r) => r.id), [
      "cmd-4",
      "cmd-2",
    ]);
    assert.deepEqual(archive.list({ limit: 2 }, "cmd-new").map((r) => r.id), ["cmd-5", "cmd-4"]);
  });
});

Deno.test("command archive: unanswered commands of a stopped run fail, old records are pruned", async () => {
  await withArchive((archive) => {
    archive.save([
      record(1),
      record(2, { status: "accepted", completedAt: undefined }),
      record(3, { status: "accepted", completedAt: undefined }),
    ]);
    assert.equal(archive.failUnanswered(50_000), 2);
    assert.deepEqual(archive.get("cmd-2"), {
      ...record(2),
      status: "failed",
      reason: "the plant stopped before the command was answered",
      completedAt: 50_000,
    });
    assert.equal(archive.prune(2_500), 2);
    assert.deepEqual(archive.list({ limit: 10 }).map((r) => r.id), ["cmd-3"]);
  });
});
