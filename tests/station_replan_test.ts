/**
 * Periodic re-planning of a pump station against the real runtime and
 * server on virtual time: nothing before the period; once the station falls
 * due, the plan is computed in a worker while the step loop goes on, and
 * arrives as an SSE `station_plan` event, as the station's plan points and
 * as `GET /api/twins/{station}/plan`; it covers the 24 h from the hour the
 * station fell due, its saving is positive, and it is the plan an on-demand
 * request with the same fields and start hour computes from the same tank
 * level.
 *
 * @module
 */
import assert from "node:assert/strict";
import { readSse, startTestServer } from "./test_server.ts";

// The demo plant's 4-pump station alone: its tank leaves room to shift pumping off-peak.
const demo = JSON.parse(
  await Deno.readTextFile(new URL("../plants/demo.json", import.meta.url)),
);
const station = demo.twins.find((t: { kind: string }) => t.kind === "pump_station");
const ID = station.id as string;

/** A small search: enough to beat the lead/lag rule on the demo station's day, quick in a test. */
const SEARCH = { solver: "pso", population: 8, generations: 5, epanet: false };

const plant = {
  name: "replan",
  seed: 1,
  twins: [station],
  optimization: { stations: { every: "1h", ...SEARCH } },
};

const opts = { sanitizeResources: false, sanitizeOps: false };

const getJson = async (url: string) => {
  const res = await fetch(url);
  assert.equal(res.status, 200, url);
  return await res.json();
};

Deno.test({
  name: "periodic station plan: after its period, from a worker, as event, points and resource; " +
    "the same as on demand",
  ...opts,
  fn: async () => {
    const s = await startTestServer(plant, { virtual: true });
    try {
      const rt = s.runtime;
      const t0 = rt.clock.now();
      const events = readSse(
        `${s.url}/api/stream?ids=${ID}`,
        (frames) => frames.some((f) => f.event === "station_plan"),
        60_000,
      );
      rt.runFor(3_600_000 - 60_000);
      let r = await getJson(`${s.url}/api/twins/${ID}/plan`);
      assert.equal(r.plan, null, "no plan before the period");
      assert.equal(r.busy, false);
      assert.equal(r.next_due, t0 + 3_600_000);

      rt.runFor(60_000);
      const dueAt = rt.clock.now();
      const level = rt.twins.get(ID)!.values.tank_level as number;
      // runFor came back with the search still running: the step loop does not wait for it.
      r = await getJson(`${s.url}/api/twins/${ID}/plan`);
      assert.equal(r.busy, true, "the search runs in a worker");
      assert.equal(r.next_due, t0 + 2 * 3_600_000);

      const frames = await events;
      const plan = frames.find((f) => f.event === "station_plan")!.data as {
        twin: string;
        status: string;
        planned_at: number;
        start_level_m: number;
        result: {
          cost: number;
          saving_pct: number;
          schedule: number[][];
          feasible: boolean;
          start_hour: number;
        };
      };
      assert.equal(plan.twin, ID);
      assert.equal(plan.status, "done");
      assert.equal(plan.planned_at, dueAt);
      assert.equal(plan.start_level_m, level, "the day starts from the live level");
      assert.ok(plan.result.feasible);
      assert.ok(plan.result.saving_pct > 0, `saving ${plan.result.saving_pct}`);
      // A rolling horizon: the day planned starts at the hour the station fell due.
      const hour = Math.floor(((dueAt - rt.dayStartMs) % 86_400_000) / 3_600_000);
      assert.equal(plan.result.start_hour, hour);
      assert.notEqual(hour, 0, "the test plans from an hour other than midnight");
      assert.equal(plan.result.schedule.length, 24);

      r = await getJson(`${s.url}/api/twins/${ID}/plan`);
      assert.deepEqual(r.plan.result.schedule, plan.result.schedule);
      const twin = await getJson(`${s.url}/api/twins/${ID}`);
      assert.equal(twin.points.plan_cost.value, plan.result.cost);
      assert.equal(twin.points.plan_saving_pct.value, plan.result.saving_pct);
      assert.equal(twin.points.plan_saving_pct.unit, "%");
      assert.equal(twin.points.plan_feasible.value, true);

      // On demand, same fields, and the clock has not moved: the same level, the same plan.
      const post = await fetch(`${s.url}/api/twins/${ID}/schedules`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ ...SEARCH, start_hour: plan.result.start_hour }),
      });
      assert.equal(post.status, 202, await post.clone().text());
      const job = await post.json();
      assert.equal(job.start_level_m, plan.start_level_m);
      let done = job;
      for (const end = Date.now() + 60_000; done.status === "running" && Date.now() < end;) {
        await new Promise((r) => setTimeout(r, 100));
        done = await getJson(`${s.url}/api/twins/${ID}/schedules/${job.id}`);
      }
      assert.equal(done.status, "done", JSON.stringify(done));
      assert.deepEqual(done.result.schedule, plan.result.schedule);
      assert.equal(done.result.cost, plan.result.cost);
      assert.equal(done.result.saving_pct, plan.result.saving_pct);
    } finally {
      await s.close();
    }
  },
});
