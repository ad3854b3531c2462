import assert from "node:assert/strict";
import { readSse, startTestServer } from "./test_server.ts";

const plant = {
  name: "api-test",
  twins: [
    { id: "rtu-{i}", count: 3, kind: "rtu" },
    {
      id: "hub",
      kind: "rtu",
      params: { assets: ["rtu-1", "rtu-2"], stale_after_s: 2, offline_after_s: 3 },
    },
  ],
};

const opts = { sanitizeResources: false, sanitizeOps: false };

/** Wait until `ok()` holds, polling; fail naming `what` after `ms`. */
async function until(what: string, ok: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) assert.fail(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

Deno.test({
  name: "REST: health, list with filters, one twin, and clear 4xx errors",
  ...opts,
  fn: async () => {
    const s = await startTestServer(plant);
    try {
      const health = await (await fetch(`${s.url}/api/health`)).json();
      assert.equal(health.status, "ok");
      assert.equal(health.twins, 4);

      const all = await (await fetch(`${s.url}/api/twins?kind=rtu`)).json();
      assert.deepEqual(all.map((t: { id: string }) => t.id), ["rtu-1", "rtu-2", "rtu-3", "hub"]);
      const one = await (await fetch(`${s.url}/api/twins/hub`)).json();
      assert.equal(one.kind, "rtu");
      assert.deepEqual(one.params.assets, ["rtu-1", "rtu-2"]);
      assert.equal(one.points.comm_ok.unit, "");

      const cases: [string, number, RegExp][] = [
        ["/api/twins/nope", 404, /no twin with id "nope"/],
        ["/api/twins?kind=pumpp", 400, /unknown kind "pumpp"/],
        ["/api/twins?colour=red", 400, /unknown query parameter "colour"/],
        ["/api/stream?ids=ghost", 400, /unknown twin id "ghost"/],
        ["/api/commands/cmd-x", 404, /no command with id/],
        ["/api/nothing", 404, /no route for GET \/api\/nothing/],
      ];
      for (const [path, status, message] of cases) {
        const res = await fetch(`${s.url}${path}`);
        assert.equal(res.status, status, path);
        assert.match((await res.json()).error, message, path);
      }
      const wrongMethod = await fetch(`${s.url}/api/twins`, { method: "DELETE" });
      assert.equal(wrongMethod.status, 405);
      await wrongMethod.body?.cancel();
    } finally {
      await s.close();
    }
  },
});

Deno.test({
  name: "commands: validated, executed, recorded, and refused with reasons",
  ...opts,
  fn: async () => {
    const s = await startTestServer(plant);
    const post = (id: string, body: unknown) =>
      fetch(`${s.url}/api/twins/${id}/commands`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-user": "op1" },
        body: typeof body === "string" ? body : JSON.stringify(body),
      });
    try {
      let res = await post("hub", {
        type: "inject_fault",
        args: { fault: "comm_loss" },
        comment: "drill",
      });
      assert.equal(res.status, 200);
      const record = await res.json();
      assert.equal(record.status, "executed");
      assert.equal(record.user, "op1");
      assert.equal(record.comment, "drill");
      const fetched = await (await fetch(`${s.url}/api/commands/${record.id}`)).json();
      assert.equal(fetched.id, record.id);
      const listed = await (await fetch(`${s.url}/api/twins/hub/commands`)).json();
      assert.equal(listed[0].id, record.id);

      res = await post("hub", { type: "inject_fault", args: { fault: "meltdown" } });
      assert.equal(res.status, 400);
      assert.match((await res.json()).error, /args\.fault: /);
      res = await post("hub", { type: "explode" });
      assert.equal(res.status, 400);
      assert.match(
        (await res.json()).error,
        /rtu "hub" has no command "explode"; it accepts: inject_fault, clear_fault/,
      );
      res = await post("hub", "{not json");
      assert.equal(res.status, 400);
      assert.match((await res.json()).error, /not valid JSON/);
      res = await post("ghost", { type: "inject_fault" });
      assert.equal(res.status, 404);
      await res.body?.cancel();
    } finally {
      await s.close();
    }
  },
});

Deno.test({
  name: "SSE: snapshot first, then filtered updates of changing twins",
  ...opts,
  fn: async () => {
    const s = await startTestServer(plant);
    try {
      const frames = await readSse(
        `${s.url}/api/stream?ids=hub`,
        (f) => f.filter((x) => x.event === "twins").length >= 2,
        8_000,
      );
      assert.equal(frames[0].event, "snapshot");
      const snapshot = frames[0].data as { id: string }[];
      assert.deepEqual(snapshot.map((t) => t.id), ["hub"]);
      const updates = frames.filter((f) => f.event === "twins").map((
        f,
      ) => (f.data as { id: string; points: { scans: { value: number } } }[]));
      assert.ok(updates.length >= 2);
      for (const u of updates) assert.deepEqual(u.map((t) => t.id), ["hub"]);
      const scans = updates.map((u) => u[0].points.scans.value);
      assert.ok(scans[1] > scans[0], `scan counter should grow: ${scans}`);
    } finally {
      await s.close();
    }
  },
});

Deno.test({
  name: "lifecycle: a twin stops and starts while the others keep running; metrics count it",
  ...opts,
  fn: async () => {
    const s = await startTestServer(plant);
    try {
      let res = await fetch(`${s.url}/api/twins/rtu-3/stop`, { method: "POST" });
      assert.equal(res.status, 200);
      assert.equal((await res.json()).mode, "stopped");
      const stopped = s.runtime.twins.get("rtu-3")!.version;
      const before = s.runtime.twins.get("rtu-1")!.version;
      await until("rtu-1 to step on", () => s.runtime.twins.get("rtu-1")!.version > before);
      assert.equal(s.runtime.twins.get("rtu-3")!.version, stopped, "the stopped twin stands still");
      const metrics = await (await fetch(`${s.url}/metrics`)).text();
      assert.match(metrics, /fieldtwin_twins\{kind="rtu",mode="stopped"\} 1/);
      assert.match(metrics, /fieldtwin_twins\{kind="rtu",mode="online"\} 3/);
      res = await fetch(`${s.url}/api/twins/rtu-3/commands`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ type: "clear_fault" }),
      });
      assert.equal(res.status, 409);
      assert.match((await res.json()).error, /not running/);
      res = await fetch(`${s.url}/api/twins/rtu-3/start`, { method: "POST" });
      assert.equal((await res.json()).mode, "online");

      res = await fetch(`${s.url}/api/twins/hub/params`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ assets: ["rtu-3"], stale_after_s: "x" }),
      });
      assert.equal(res.status, 400);
      assert.match((await res.json()).error, /params\.stale_after_s/);
      res = await fetch(`${s.url}/api/twins/hub/params`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ assets: ["rtu-3"] }),
      });
      assert.equal(res.status, 200);
      assert.deepEqual((await res.json()).params.assets, ["rtu-3"]);
    } finally {
      await s.close();
    }
  },
});

Deno.test({
  name: "REST: each point of a twin carries its own source time and age on the runtime clock",
  ...opts,
  fn: async () => {
    const s = await startTestServer({
      name: "ages",
      twins: [
        { id: "site", kind: "cooling_site" },
        { id: "idle", kind: "cooling_site", source: { type: "none" } },
      ],
    }, { virtual: true });
    try {
      s.runtime.runFor(3_000);
      const sampledAt = s.runtime.clock.now();
      s.runtime.stopTwin("site");
      s.runtime.runFor(5_000);
      const site = await (await fetch(`${s.url}/api/twins/site`)).json();
      assert.equal(site.now, s.runtime.clock.now());
      assert.equal(site.points.supply_temp.ts, sampledAt);
      assert.equal(site.points.supply_temp.age_ms, 5_000);
      const idle = await (await fetch(`${s.url}/api/twins/idle`)).json();
      assert.deepEqual(
        [
          idle.points.supply_temp.ts,
          idle.points.supply_temp.age_ms,
          idle.points.supply_temp.quality,
        ],
        [0, null, "bad"],
      );
    } finally {
      await s.close();
    }
  },
});
