/**
 * A plant restarted on the same data directory remembers: a shelved alarm
 * stays shelved until its shelve was due to end, an out-of-service alarm
 * stays out, a shelve that ended while the plant was down ends at start
 * with a journal entry, an acknowledged alarm whose condition went while
 * down clears, and the journal and command records read back through the
 * HTTP API by value. Runs on virtual time over real SQLite files.
 */
import assert from "node:assert/strict";
import { PLANT_SECTIONS } from "../app/plant_sections.ts";
import { type StartedPlant, startPlant } from "../app/start_plant.ts";
import { openPlantMemory } from "../history/plant_memory.ts";
import { type Plant, validatePlant } from "../plant/plant_file.ts";
import { VirtualClock } from "../runtime/clock.ts";
import { loadKinds } from "../twins/registry.ts";
import { createWebApp } from "../web/server.ts";

const plantDoc = {
  name: "alarm-memory",
  twins: [{ id: "rtu-{i}", count: 2, kind: "rtu" }],
  alarms: {
    settings: { max_shelve_s: 3600 },
    definitions: [
      {
        name: "data_age",
        kind: "rtu",
        priority: "high",
        condition: { type: "limit", point: "data_age", h: 30 },
      },
      {
        name: "age_low",
        kind: "rtu",
        priority: "low",
        condition: { type: "limit", point: "data_age", h: 20 },
      },
      {
        name: "comm",
        kind: "rtu",
        priority: "critical",
        condition: { type: "state", point: "comm_ok", in: [false] },
      },
    ],
  },
};

const opts = { sanitizeResources: false, sanitizeOps: false };

interface Served {
  started: StartedPlant;
  get(path: string): Promise<unknown>;
  post(path: string, body: unknown, user: string): Promise<Response>;
  close(): Promise<void>;
}

/** The plant on virtual time from `startMs`, its memory in `dir`, served over HTTP. */
function serve(
  plant: Plant,
  kinds: Awaited<ReturnType<typeof loadKinds>>,
  dir: string,
  startMs: number,
): Served {
  const { memory } = openPlantMemory(dir, plant.name);
  const started = startPlant(plant, kinds, { clock: new VirtualClock(startMs), memory });
  const app = createWebApp(started);
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, app.handler);
  const url = `http://127.0.0.1:${server.addr.port}`;
  return {
    started,
    async get(path) {
      const res = await fetch(`${url}${path}`);
      assert.equal(res.status, 200, `${path}: ${await res.clone().text()}`);
      return await res.json();
    },
    post: (path, body, user) =>
      fetch(`${url}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-user": user },
        body: JSON.stringify(body),
      }),
    async close() {
      app.close();
      started.stop();
      await server.shutdown();
    },
  };
}

interface AlarmJson {
  id: string;
  state: string;
  active: boolean;
  since: number;
  shelvedUntil: number | null;
  last: { action: string; user: string | null; comment: string | null; time: number };
}

interface EntryJson {
  seq: number;
  alarm: string;
  action: string;
  state: string;
  user: string | null;
  comment: string | null;
}

Deno.test({
  name: "alarm memory: shelved and out-of-service alarms, journal and commands survive a restart",
  ...opts,
  fn: async () => {
    const kinds = await loadKinds();
    const plant = validatePlant(plantDoc, kinds, PLANT_SECTIONS, "<test>");
    const dir = await Deno.makeTempDir({ prefix: "fieldtwin-alarm-memory-" });
    try {
      // First run: a stale image raises rtu-1's age alarms.
      let s = serve(plant, kinds, dir, plant.startMs);
      const cmd = s.started.runtime.commands.submit(
        "rtu-1",
        { type: "inject_fault", args: { fault: "stale" }, comment: "drill" },
        "tess",
      );
      assert.equal(cmd.status, "executed");
      s.started.runtime.runFor(70_000);
      let res = await s.post(
        "/api/alarms/rtu-1/data_age_h/shelve",
        { comment: "known stale image", duration_s: 600 },
        "bob",
      );
      assert.equal(res.status, 200, await res.clone().text());
      const shelved = await res.json() as AlarmJson;
      res = await s.post("/api/alarms/rtu-2/comm/out-of-service", { comment: "radio swap" }, "ann");
      assert.equal(res.status, 200);
      const outOfService = await res.json() as AlarmJson;
      res = await s.post("/api/alarms/rtu-1/age_low_h/ack", { comment: "seen" }, "ann");
      assert.equal((await res.json()).state, "acknowledged");
      res = await s.post(
        "/api/alarms/rtu-2/data_age_h/shelve",
        { comment: "short", duration_s: 60 },
        "bob",
      );
      assert.equal(res.status, 200);
      s.started.runtime.runFor(5_000);
      const journalBefore = await s.get("/api/alarms/journal") as EntryJson[];
      const commandsBefore = await s.get("/api/twins/rtu-1/commands");
      assert.equal(journalBefore.length, 6, JSON.stringify(journalBefore.map((e) => e.action)));
      const metrics = s.started.prometheus();
      assert.match(metrics, /^fieldtwin_memory_journal_entries_written_total \d+$/m);
      assert.match(metrics, /^fieldtwin_memory_write_failures_total 0$/m);
      const stoppedAt = s.started.runtime.clock.now();
      await s.close();

      // Second run, two minutes later on the same directory: rtu-2's short
      // shelve has ended meanwhile; the stale fault is gone with the old run.
      const restartAt = stoppedAt + 120_000;
      s = serve(plant, kinds, dir, restartAt);
      try {
        assert.deepEqual(
          {
            restored: s.started.restored!.restored.sort(),
            expired: s.started.restored!.expired,
            journal: s.started.restored!.journalEntries,
          },
          {
            restored: ["rtu-1/age_low_h", "rtu-1/data_age_h", "rtu-2/comm"],
            expired: ["rtu-2/data_age_h"],
            journal: 6,
          },
        );
        const view = (a: AlarmJson) => ({
          id: a.id,
          state: a.state,
          since: a.since,
          shelvedUntil: a.shelvedUntil,
          last: a.last,
        });
        const shelvedNow = await s.get("/api/alarms/rtu-1/data_age_h") as AlarmJson;
        assert.deepEqual(view(shelvedNow), view(shelved), "shelved as it was, ending as it would");
        assert.equal(shelvedNow.shelvedUntil, plant.startMs + 70_000 + 600_000);
        const oos = await s.get("/api/alarms/rtu-2/comm") as AlarmJson;
        assert.deepEqual(view(oos), view(outOfService));
        assert.equal(oos.last.user, "ann");

        // The first step judges the conditions as they now are.
        s.started.runtime.runFor(5_000);

        // The journal: the old entries by value, then what the start did.
        const journal = await s.get("/api/alarms/journal") as EntryJson[];
        assert.deepEqual(journal.slice(-6), journalBefore, "every old entry, field for field");
        const fresh = journal.slice(0, -6);
        assert.deepEqual(
          fresh.map((e) => [e.seq, e.alarm, e.action, e.state]),
          [
            // The condition of the acknowledged alarm went with the fault.
            [9, "rtu-1/age_low_h", "clear", "normal"],
            // The shelved one follows its condition while shelved.
            [8, "rtu-1/data_age_h", "clear", "shelved"],
            [7, "rtu-2/data_age_h", "shelve_expired", "normal"],
          ],
        );
        const filtered = await s.get(
          "/api/alarms/journal?alarm=rtu-1/data_age_h&limit=3",
        ) as EntryJson[];
        assert.deepEqual(filtered.map((e) => [e.seq, e.action, e.user]), [
          [8, "clear", null],
          [3, "shelve", "bob"],
          [2, "activate", null],
        ]);

        // Command records come back by value, and a new one numbers on.
        assert.deepEqual(await s.get("/api/twins/rtu-1/commands"), commandsBefore);
        assert.deepEqual(await s.get(`/api/commands/${cmd.id}`), { ...cmd });
        s.started.runtime.commands.submit("rtu-1", { type: "clear_fault" }, "tess");
        const after = await s.get("/api/twins/rtu-1/commands") as { type: string }[];
        assert.deepEqual(after.map((c) => c.type), ["clear_fault", "inject_fault"]);

        // The shelve ends when it was due to, on the restored clock.
        s.started.runtime.runFor(shelvedNow.shelvedUntil! - s.started.runtime.clock.now() - 1_000);
        assert.equal((await s.get("/api/alarms/rtu-1/data_age_h") as AlarmJson).state, "shelved");
        s.started.runtime.runFor(2_000);
        const ended = await s.get("/api/alarms/rtu-1/data_age_h") as AlarmJson;
        assert.deepEqual([ended.state, ended.last.action], ["normal", "shelve_expired"]);
      } finally {
        await s.close();
      }

      // A third start finds the shelve over and only the out-of-service alarm saved.
      s = serve(plant, kinds, dir, restartAt + 3_600_000);
      try {
        assert.deepEqual(s.started.restored!.restored, ["rtu-2/comm"]);
        assert.deepEqual(
          (await s.get("/api/alarms?state=all") as AlarmJson[])
            .filter((a) => a.state !== "normal").map((a) => [a.id, a.state]),
          [["rtu-2/comm", "out_of_service"]],
        );
      } finally {
        await s.close();
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
