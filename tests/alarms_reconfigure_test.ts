/**
 * Alarms follow the twin set, through the HTTP API of a real test server on
 * virtual time: `PUT /api/twins/station/params` that adds a pump gives it
 * the alarms its kind's definitions give every pump (and they raise), one
 * that removes it retires its alarms (journalled, gone from lists, lookups
 * and the SSE stream's view), and the alarms of the pumps that stay keep
 * their state.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./test_server.ts";

const pump = (suffix: string, status: "running" | "stopped") => ({
  suffix,
  curve: [
    { flow_lps: 0, head_m: 60 },
    { flow_lps: 50, head_m: 50 },
    { flow_lps: 100, head_m: 25 },
  ],
  initial_status: status,
});

const station = (pumps: unknown[]) => ({
  pumps,
  tank: {
    elevation_m: 20,
    diameter_m: 20,
    min_level_m: 0.5,
    max_level_m: 6,
    initial_level_m: 3,
  },
  mode: "manual",
});

const plant = {
  name: "alarms-follow-twins",
  twins: [{
    id: "station",
    kind: "pump_station",
    params: station([pump("p1", "running"), pump("p2", "stopped")]),
  }],
  alarms: {
    definitions: [
      {
        name: "vibration",
        kind: "pump",
        priority: "medium",
        condition: { type: "limit", point: "vibration", h: 7.1, hh: 11, deadband: 0.3 },
        suppress_when: { modes: ["stopped", "starting", "stopping", "tripped", "maintenance"] },
      },
      {
        name: "trip",
        kind: "pump",
        priority: "high",
        condition: { type: "mode", in: ["tripped"] },
      },
    ],
  },
};

const opts = { sanitizeResources: false, sanitizeOps: false };

Deno.test({
  name: "reconfiguration: a new pump gets its alarms and raises them; a removed one's are retired",
  ...opts,
  fn: async () => {
    const s = await startTestServer(plant, { virtual: true });
    try {
      const { runtime } = s;
      const get = async (path: string) => {
        const res = await fetch(`${s.url}${path}`);
        return { status: res.status, body: await res.json() };
      };
      const send = async (method: string, path: string, body: unknown) => {
        const res = await fetch(`${s.url}${path}`, {
          method,
          headers: { "content-type": "application/json", "x-user": "op1" },
          body: JSON.stringify(body),
        });
        return { status: res.status, body: await res.json() };
      };
      const ids = async (query: string) =>
        (await get(`/api/alarms?${query}`)).body.map((a: { id: string }) => a.id).sort();
      runtime.runFor(10_000);

      // A kept pump's alarm in a state only an operator sets: it must survive.
      const oos = await send("POST", "/api/alarms/station-p1/vibration_hh/out-of-service", {
        comment: "sensor being replaced",
      });
      assert.equal(oos.status, 200, JSON.stringify(oos.body));
      const oosSince = oos.body.since;
      assert.deepEqual(await ids("twin=station-p3&state=all"), []);
      assert.equal((await get("/api/alarms/station-p3/trip")).status, 404);

      // Add a third pump, running from the start.
      let res = await send(
        "PUT",
        "/api/twins/station/params",
        station([
          pump("p1", "running"),
          pump("p2", "stopped"),
          pump("p3", "running"),
        ]),
      );
      assert.equal(res.status, 200, JSON.stringify(res.body));
      runtime.runFor(5_000);
      assert.deepEqual(await ids("twin=station-p3&state=all"), [
        "station-p3/trip",
        "station-p3/vibration_h",
        "station-p3/vibration_hh",
      ]);
      assert.equal((await get("/api/alarms/station-p3/vibration_h")).body.state, "normal");

      // Worn bearings on the new pump: its vibration alarm raises.
      res = await send("POST", "/api/twins/station-p3/commands", {
        type: "inject_fault",
        args: { fault: "bearing_wear", severity: 1 },
      });
      assert.equal(res.status < 300, true, JSON.stringify(res.body));
      runtime.runFor(5_000);
      const raised = await get("/api/alarms/station-p3/vibration_h");
      assert.equal(raised.body.state, "unacknowledged", JSON.stringify(raised.body));
      assert.equal(raised.body.active, true);
      assert.deepEqual(await ids("twin=station-p3"), ["station-p3/vibration_h"]);

      // Remove it again while its alarm is active: the alarm goes.
      res = await send(
        "PUT",
        "/api/twins/station/params",
        station([
          pump("p1", "running"),
          pump("p2", "stopped"),
        ]),
      );
      assert.equal(res.status, 200, JSON.stringify(res.body));
      runtime.runFor(5_000);
      assert.deepEqual(await ids("twin=station-p3&state=all"), []);
      assert.deepEqual(await ids(""), [], "no active alarm is left behind");
      assert.equal((await get("/api/alarms/station-p3/vibration_h")).status, 404);
      const post = await send("POST", "/api/alarms/station-p3/vibration_h/ack", {});
      assert.equal(post.status, 404);
      const journal = (await get("/api/alarms/journal?alarm=station-p3/vibration_h")).body;
      assert.equal(journal[0].action, "removed");
      assert.equal(journal[0].previous, "unacknowledged");
      assert.match(journal[0].message, /station-p3\/vibration_h removed: twin "station-p3" left/);
      const metrics = (await get("/api/alarms/metrics")).body;
      assert.equal(metrics.active.total, 0);
      assert.equal(metrics.unacknowledged.total, 0);

      // The pumps that stayed kept their alarms and their state.
      const kept = (await get("/api/alarms/station-p1/vibration_hh")).body;
      assert.equal(kept.state, "out_of_service");
      assert.equal(kept.since, oosSince);
      assert.deepEqual(await ids("twin=station-p2&state=all"), [
        "station-p2/trip",
        "station-p2/vibration_h",
        "station-p2/vibration_hh",
      ]);

      // A pump added back is a new pump: fresh alarms, judged on its values.
      res = await send(
        "PUT",
        "/api/twins/station/params",
        station([
          pump("p1", "running"),
          pump("p2", "stopped"),
          pump("p3", "stopped"),
        ]),
      );
      assert.equal(res.status, 200);
      runtime.runFor(5_000);
      assert.equal((await get("/api/alarms/station-p3/vibration_h")).body.state, "suppressed");
    } finally {
      await s.close();
    }
  },
});
