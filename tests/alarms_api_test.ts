/**
 * The alarm API over the real runtime and server (tests/test_server.ts) on
 * virtual time: alarms from the plant file, a calculated point with unit
 * conversion, operator actions with user and comment, the journal, metrics
 * and `alarm` events on the SSE stream.
 */
import assert from "node:assert/strict";
import { readSse, startTestServer } from "./test_server.ts";

const plant = {
  name: "alarms-api",
  twins: [{ id: "rtu-{i}", count: 2, kind: "rtu" }],
  calculated: [
    {
      kind: "rtu",
      point: "data_age_min",
      expr: "data_age",
      unit: "min",
      description: "Data age in minutes",
    },
  ],
  alarms: {
    settings: { max_shelve_s: 3600 },
    definitions: [
      {
        name: "data_age",
        kind: "rtu",
        priority: "high",
        description: "Image not updating: check the RTU's I/O scan",
        condition: {
          type: "limit",
          point: "data_age",
          h: 30,
          hh: { limit: 300, priority: "critical" },
        },
      },
      {
        name: "age_min",
        kind: "rtu",
        priority: "low",
        condition: { type: "limit", point: "data_age_min", h: 1 },
      },
      {
        name: "comm",
        twin: ["rtu-1", "rtu-2"],
        priority: "critical",
        condition: { type: "state", point: "comm_ok", in: [false] },
      },
    ],
  },
};

const opts = { sanitizeResources: false, sanitizeOps: false };

async function start() {
  const s = await startTestServer(plant, { virtual: true });
  const alarms = s.alarms;
  const api = s.url;
  const post = (path: string, body: unknown, user = "op1") =>
    fetch(`${api}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-user": user },
      body: JSON.stringify(body),
    });
  const get = async (path: string) => {
    const res = await fetch(`${api}${path}`);
    return { status: res.status, body: await res.json() };
  };
  return {
    s,
    alarms,
    post,
    get,
    close: () => s.close(),
  };
}

Deno.test({
  name:
    "alarm API: list, filters, calculated point, actions with user and comment, journal, metrics",
  ...opts,
  fn: async () => {
    const t = await start();
    try {
      const { runtime } = t.s;
      runtime.commands.submit("rtu-1", { type: "inject_fault", args: { fault: "stale" } }, "drill");
      runtime.runFor(70_000);

      // The calculated point shows like any other point, converted s -> min.
      const twin = await (await fetch(`${t.s.url}/api/twins/rtu-1`)).json();
      assert.equal(twin.points.data_age_min.unit, "min");
      assert.ok(
        Math.abs(twin.points.data_age_min.value - twin.points.data_age.value / 60) < 1e-12,
        `${twin.points.data_age_min.value} vs ${twin.points.data_age.value} s`,
      );

      let list = await t.get("/api/alarms");
      assert.equal(list.status, 200);
      assert.deepEqual(list.body.map((a: { id: string }) => a.id), [
        "rtu-1/data_age_h",
        "rtu-1/age_min_h",
      ]);
      const age = list.body[0];
      assert.equal(age.state, "unacknowledged");
      assert.equal(age.priority, "high");
      assert.match(age.message, /^rtu-1 data_age \d+ s above H limit 30 s$/);
      assert.equal(age.description, "Image not updating: check the RTU's I/O scan");
      assert.equal(age.maxShelveS, 3600, "the plant caps shelving at max_shelve_s");
      assert.equal((await t.get("/api/alarms?priority=critical")).body.length, 0);
      assert.equal((await t.get("/api/alarms?twin=rtu-2")).body.length, 0);

      let res = await t.post(
        "/api/alarms/rtu-1/data_age_h/ack",
        { comment: "scan task restarted" },
        "ann",
      );
      assert.equal(res.status, 200);
      const acked = await res.json();
      assert.equal(acked.state, "acknowledged");
      assert.deepEqual([acked.last.user, acked.last.comment], ["ann", "scan task restarted"]);
      res = await t.post("/api/alarms/rtu-1/data_age_h/ack", {});
      assert.equal(res.status, 409);
      assert.match((await res.json()).error, /cannot acknowledge .* while it is acknowledged/);

      res = await t.post("/api/alarms/rtu-1/age_min_h/shelve", {});
      assert.equal(res.status, 400);
      assert.match((await res.json()).error, /comment is required/);
      res = await t.post("/api/alarms/rtu-1/age_min_h/shelve", {
        comment: "known",
        duration_s: 7200,
      });
      assert.equal(res.status, 400);
      assert.match((await res.json()).error, /at most 3600/);
      res = await t.post("/api/alarms/rtu-1/age_min_h/shelve", {
        comment: "known",
        duration_s: 600,
        user: "bob",
      });
      assert.equal(res.status, 200);
      assert.equal((await res.json()).shelvedUntil, runtime.clock.now() + 600_000);
      assert.deepEqual(
        (await t.get("/api/alarms?state=shelved")).body.map((a: { id: string }) => a.id),
        [
          "rtu-1/age_min_h",
        ],
      );
      res = await t.post("/api/alarms/rtu-1%2Fage_min_h/unshelve", { comment: "done" });
      assert.equal(res.status, 200, "an id with the slash encoded works too");
      assert.equal((await res.json()).state, "unacknowledged");

      res = await t.post("/api/alarms/rtu-2/comm/out-of-service", { comment: "radio swap" });
      assert.equal((await res.json()).state, "out_of_service");
      res = await t.post("/api/alarms/rtu-2/comm/in-service", { comment: "" });
      assert.equal((await res.json()).state, "normal");

      // The HH level raises at 300 s of stale data.
      runtime.runFor(240_000);
      list = await t.get("/api/alarms?priority=critical");
      assert.deepEqual(list.body.map((a: { id: string; state: string }) => [a.id, a.state]), [[
        "rtu-1/data_age_hh",
        "unacknowledged",
      ]]);

      const journal = await t.get("/api/alarms/journal?twin=rtu-1&state=acknowledged");
      assert.equal(journal.body.length, 1);
      assert.deepEqual(
        [
          journal.body[0].alarm,
          journal.body[0].user,
          journal.body[0].comment,
          journal.body[0].previous,
        ],
        ["rtu-1/data_age_h", "ann", "scan task restarted", "unacknowledged"],
      );
      const start = new Date(runtime.plant.startMs + 300_000).toISOString();
      const recent = await t.get(`/api/alarms/journal?from=${start}`);
      assert.deepEqual(recent.body.map((e: { alarm: string }) => e.alarm), ["rtu-1/data_age_hh"]);
      const byUser = (await t.get("/api/alarms/journal?alarm=rtu-1/age_min_h")).body;
      assert.deepEqual(byUser.map((e: { action: string }) => e.action), [
        "unshelve",
        "shelve",
        "activate",
      ]);

      const metrics = (await t.get("/api/alarms/metrics")).body;
      assert.equal(metrics.active.byPriority.critical, 1);
      assert.equal(metrics.active.byPriority.high, 1);
      assert.equal(metrics.active.byPriority.low, 1);
      assert.equal(metrics.unacknowledged.total, 2);
      assert.equal(
        metrics.annunciations.total,
        4,
        "data_age_h, age_min_h twice (unshelve), data_age_hh",
      );
      assert.match(t.alarms.prometheus(), /^fieldtwin_alarms_active\{priority="critical"\} 1$/m);

      const one = await t.get("/api/alarms/rtu-1/data_age_h");
      assert.equal(one.body.journal.length, 2);

      const errors: [string, number, RegExp][] = [
        ["/api/alarms?priority=urgent", 400, /unknown priority "urgent"/],
        ["/api/alarms?colour=red", 400, /unknown query parameter "colour"/],
        ["/api/alarms/journal?from=yesterday", 400, /\?from must be an ISO 8601 time/],
        ["/api/alarms/rtu-9/data_age_h", 404, /no alarm with id "rtu-9\/data_age_h"/],
      ];
      for (const [path, status, message] of errors) {
        const r = await t.get(path);
        assert.equal(r.status, status, path);
        assert.match(r.body.error, message, path);
      }
      res = await t.post("/api/alarms/rtu-1/data_age_h/silence", {});
      assert.equal(res.status, 404);
      assert.match((await res.json()).error, /no alarm action "silence"/);
      res = await t.post("/api/alarms/ack", { ids: ["rtu-1/data_age_hh", "rtu-1/data_age_h"] });
      assert.deepEqual(await res.json(), {
        acknowledged: ["rtu-1/data_age_hh"],
        refused: [{
          id: "rtu-1/data_age_h",
          error: 'cannot acknowledge alarm "rtu-1/data_age_h" while it is acknowledged',
        }],
      });
    } finally {
      await t.close();
    }
  },
});

Deno.test({
  name: "alarm API: transitions go out on the SSE stream as alarm events for the twin's clients",
  ...opts,
  fn: async () => {
    const t = await start();
    try {
      const { runtime } = t.s;
      const frames = readSse(
        `${t.s.url}/api/stream?ids=rtu-2`,
        (fs) => fs.some((f) => f.event === "alarm"),
        5_000,
      );
      setTimeout(() => {
        runtime.commands.submit("rtu-1", { type: "inject_fault", args: { fault: "comm_loss" } });
        runtime.commands.submit("rtu-2", { type: "inject_fault", args: { fault: "comm_loss" } });
        runtime.runFor(2_000);
      }, 200);
      const alarmFrames = (await frames).filter((f) => f.event === "alarm");
      const payload = alarmFrames[0].data as {
        alarm: { id: string; state: string };
        entry: { twin: string };
      };
      assert.equal(payload.alarm.id, "rtu-2/comm");
      assert.equal(payload.alarm.state, "unacknowledged");
      assert.ok(
        alarmFrames.every((f) => (f.data as { entry: { twin: string } }).entry.twin === "rtu-2"),
      );
      assert.equal(t.alarms.engine.get("rtu-1/comm")!.state, "unacknowledged");
    } finally {
      await t.close();
    }
  },
});
