/**
 * A hard kill during ingest: `main.ts` runs a busy plant with history on
 * (under the start task's own permissions) and is killed with SIGKILL,
 * three times over the same data directory. After each kill the store
 * opens, passes SQLite's integrity check, holds every sample the plant had
 * taken a second before the kill, and its rollups agree with its raw
 * samples but for the minute in progress at the last write. An alarm
 * shelved and a command sent before the first kill are on disk after every
 * kill, and the shelve is back in force after each restart.
 */
import assert from "node:assert/strict";
import type { BucketRow, RawRow } from "../history/history_store.ts";
import { openDatabaseFile, plantDatabasePath } from "../history/plant_database.ts";
import { SqliteHistoryStore } from "../history/sqlite_history_store.ts";
import { SqliteAlarmArchive } from "../history/alarm_archive.ts";
import { SqliteCommandArchive } from "../history/command_archive.ts";
import { startTaskPermissions } from "./start_task.ts";

const MAIN = new URL("../main.ts", import.meta.url).pathname;
/** How long a sample may wait for its write: the recorder's guarantee. */
const MAX_LOSS_MS = 1_000;

/** 50 cooling sites stepping every 100 ms: about 13,000 samples a second to write. */
const PLANT = {
  name: "kill-test",
  step_s: 0.1,
  twins: [{ id: "site-{i}", count: 50, kind: "cooling_site" }],
  // Every sample stored, so that rollups can be checked against raw samples.
  history: { defaults: { max_interval_s: 0 } },
  // One alarm to shelve, so the kill is checked on alarm states too.
  alarms: {
    definitions: [{
      name: "supply",
      twin: ["site-1"],
      priority: "low",
      condition: { type: "limit", point: "supply_temp", h: 1000 },
    }],
  },
};

/** Start main.ts and wait for its URL. */
async function startPlant(plantFile: string, dataDir: string) {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      ...await startTaskPermissions(),
      MAIN,
      "--plant",
      plantFile,
      "--port",
      "0",
      "--data",
      dataDir,
    ],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!/open (http:\S+)/.test(text)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`main.ts ended: ${text}`);
    text += value;
  }
  // The default writer: a worker of its own, beside the step loop.
  assert.match(
    text,
    new RegExp(`history in ${dataDir}/kill-test\\.sqlite \\(written by its own worker\\)`),
  );
  // Keep draining stdout so the child never blocks on a full pipe.
  (async () => {
    while (!(await reader.read().catch(() => ({ done: true }))).done);
  })();
  return { child, url: /open (http:\S+)/.exec(text)![1] };
}

/** Source time of site-7's supply temperature as the running plant shows it now. */
async function pointTs(url: string): Promise<number> {
  const twin = await (await fetch(`${url}api/twins/site-7`)).json();
  return twin.points.supply_temp.ts;
}

/** Newest stored time of site-7's supply temperature, through the running plant's own API. */
async function storedTs(url: string, from: number): Promise<number | undefined> {
  const res = await fetch(
    `${url}api/history?twin=site-7&point=supply_temp&from=${from}&to=${from + 3_600_000}&step=raw`,
  );
  const rows = (await res.json()).series[0].rows as [number][];
  return rows.at(-1)?.[0];
}

/** Round 1 shelves site-1's alarm, later rounds find it shelved; every round sends a command. */
async function operate(url: string, round: number): Promise<void> {
  const post = (path: string, body: unknown) =>
    fetch(`${url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-user": "kim" },
      body: JSON.stringify(body),
    });
  if (round === 1) {
    const res = await post("api/alarms/site-1/supply_h/shelve", {
      comment: "kill test",
      duration_s: 3600,
    });
    assert.equal(res.status, 200, await res.text());
  } else {
    const alarm = await (await fetch(`${url}api/alarms/site-1/supply_h`)).json();
    assert.deepEqual([alarm.state, alarm.last.comment], ["shelved", "kill test"], `round ${round}`);
  }
  const res = await post("api/twins/site-1/commands", {
    type: "set_pump_setpoint",
    args: { pct: 70 + round },
    comment: `round ${round}`,
  });
  assert.equal(res.status, 200, await res.text());
}

Deno.test({
  name: "kill -9 during ingest leaves a readable store missing at most the last second",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const dir = await Deno.makeTempDir({ prefix: "fieldtwin-kill-" });
    const plantFile = `${dir}/plant.json`;
    await Deno.writeTextFile(plantFile, JSON.stringify(PLANT));
    const dataDir = `${dir}/data`;
    let previousNewest = 0;
    /** The stretches whose samples each kill kept out of the rollups. */
    const lost: [number, number][] = [];
    try {
      for (let round = 1; round <= 3; round++) {
        const started = Date.now();
        const { child, url } = await startPlant(plantFile, dataDir);
        let killAt = 0;
        let taken = 0;
        try {
          // Wait until the plant is writing, then note a sample it has taken.
          const deadline = performance.now() + 30_000;
          while (((await storedTs(url, started)) ?? 0) < started) {
            assert.ok(performance.now() < deadline, `round ${round}: no history written`);
            await new Promise((r) => setTimeout(r, 50));
          }
          taken = await pointTs(url);
          await operate(url, round);
          const seenAt = Date.now();
          // The guarantee is about time: a sample taken at least a second
          // before the kill is on disk. Wait out that second, then kill.
          while (Date.now() < seenAt + MAX_LOSS_MS) {
            await new Promise((r) => setTimeout(r, seenAt + MAX_LOSS_MS - Date.now()));
          }
          killAt = Date.now();
          child.kill("SIGKILL");
        } finally {
          const status = await child.status;
          if (killAt) assert.equal(status.signal, "SIGKILL", `round ${round}`);
          else child.kill("SIGKILL");
        }

        const db = openDatabaseFile(plantDatabasePath(dataDir, PLANT.name));
        try {
          const check = db.prepare("PRAGMA integrity_check").all() as {
            integrity_check: string;
          }[];
          assert.deepEqual(check.map((r) => r.integrity_check), ["ok"], `round ${round}`);
          const raw = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
            .all() as { name: string }[]).map((t) => t.name).filter((t) => /^raw_\d{8}$/.test(t));
          const newest = Math.max(
            ...raw.map((t) =>
              (db.prepare(`SELECT max(t1) AS ts FROM ${t}`).get() as { ts: number }).ts
            ),
          );
          const store = new SqliteHistoryStore(db, { ownsDatabase: false });
          const [site7] = await store.query({
            series: [{ twin: "site-7", point: "supply_temp" }],
            from: taken,
            to: taken,
            resolution: "raw",
          });
          assert.ok(
            site7.rows.length === 1,
            `round ${round}: the sample of ${new Date(taken).toISOString()}, taken ` +
              `${killAt - taken} ms before the kill, was lost (newest stored: ${
                killAt - newest
              } ms before)`,
          );
          assert.ok(newest > previousNewest, `round ${round}: nothing new was written`);
          previousNewest = newest;
          const stored = await store.query({
            series: store.series(),
            from: 0,
            to: killAt + 3_600_000,
            resolution: "raw",
          });
          console.log(
            `round ${round}: newest stored sample ${killAt - newest} ms before the kill; ` +
              `${stored.reduce((n, x) => n + x.rows.length, 0)} samples stored`,
          );
          // Rollups agree with the raw samples: no batch is half there, and
          // the finished minutes of the hours open at the kill come back
          // from the journal. What the kill loses of the rollups is the
          // minute in progress at the last write, whose samples are in raw.
          lost.push([Math.floor(newest / 60_000) * 60_000, newest]);
          const good = stored.reduce(
            (n, x) =>
              n +
              (x.rows as RawRow[]).filter((r) =>
                r.quality !== "bad" && !lost.some(([a, b]) => r.ts >= a && r.ts <= b)
              ).length,
            0,
          );
          const counted = async (resolution: "1m" | "1h") => {
            const answer = await store.query({
              series: store.series(),
              from: 0,
              to: killAt + 3_600_000,
              resolution,
            });
            return answer.reduce(
              (n, s) => n + (s.rows as BucketRow[]).reduce((m, b) => m + b.count, 0),
              0,
            );
          };
          assert.equal(await counted("1m"), good, `round ${round}: minute rollups vs raw`);
          assert.equal(await counted("1h"), good, `round ${round}: hour rollups vs raw`);
          // Operator actions outlive the kill.
          assert.deepEqual(
            new SqliteAlarmArchive(db).states().map((a) => [a.id, a.state, a.last.user]),
            [["site-1/supply_h", "shelved", "kim"]],
            `round ${round}: alarm states`,
          );
          assert.deepEqual(
            new SqliteCommandArchive(db).list({ twin: "site-1", limit: 10 }).map((c) => c.comment),
            Array.from({ length: round }, (_, k) => `round ${round - k}`),
            `round ${round}: command records`,
          );
          // Not closed: closing would write its hours, and the next round
          // must find the journal as the kill left it.
        } finally {
          db.close();
        }
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
