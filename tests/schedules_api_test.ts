/**
 * Schedules over HTTP: a station's day optimised in a worker
 * (`POST /api/twins/{id}/schedules`, 202), read back when done, and applied
 * through the command path (`apply_schedule`), on plants/station_epanet.json
 * on virtual time. The search is small here; docs/optimization.md and the
 * bench give the figures of a full one.
 */
import assert from "node:assert/strict";
import { readSse, startTestServer } from "./test_server.ts";

const plant = JSON.parse(
  await Deno.readTextFile(new URL("../plants/station_epanet.json", import.meta.url)),
);

async function post(url: string, body: unknown): Promise<Response> {
  return await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

Deno.test("POST schedules gives 202 and a job that ends with a feasible schedule to apply", async () => {
  const s = await startTestServer(plant, { virtual: true });
  try {
    s.runtime.runFor(60_000);
    type Frame = { event: string; data: unknown };
    const ended = (f: Frame) =>
      f.event === "schedule" && (f.data as { status: string }).status !== "running";
    // The stream's first frame (the snapshot) says it is connected before the job starts.
    const connected = Promise.withResolvers<void>();
    const events = readSse(`${s.url}/api/stream?ids=ps1`, (fs) => {
      if (fs.length) connected.resolve();
      return fs.some(ended);
    }, 60_000);
    await connected.promise;
    const res = await post(`${s.url}/api/twins/ps1/schedules`, {
      solver: "pso",
      population: 8,
      generations: 3,
    });
    assert.equal(res.status, 202);
    const job = await res.json();
    assert.equal(job.status, "running");
    assert.equal(job.twin, "ps1");
    // A second job while one runs is refused rather than queued behind it.
    const busy = await post(`${s.url}/api/twins/ps1/schedules`, {});
    assert.equal(busy.status, 429);
    await busy.body?.cancel();
    let view = job;
    const deadline = Date.now() + 60_000;
    while (view.status === "running" && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      view = await (await fetch(`${s.url}/api/twins/ps1/schedules/${job.id}`)).json();
    }
    assert.equal(view.status, "done", view.error);
    const r = view.result;
    assert.equal(r.feasible, true, r.broken.join("; "));
    assert.equal(r.schedule.length, 24);
    assert.deepEqual(r.pumps, ["p1", "p2"]);
    assert.ok(r.epanet.costDiffPct < 1, `EPANET ${r.epanet.epanetCost} vs ${r.cost}`);
    const frames = (await events).filter((f) => f.event === "schedule");
    assert.deepEqual(
      frames.map((f) => (f.data as { id: string; status: string }).status),
      ["running", "done"],
    );
    const list = await (await fetch(`${s.url}/api/twins/ps1/schedules`)).json();
    assert.deepEqual(list.map((j: { id: string }) => j.id), [job.id]);

    const cmd = await post(`${s.url}/api/twins/ps1/commands`, {
      type: "apply_schedule",
      args: { schedule: r.schedule },
    });
    assert.equal(cmd.status, 200, await cmd.clone().text());
    assert.equal((await cmd.json()).status, "executed");
    s.runtime.runFor(1_000);
    assert.equal(s.runtime.twins.get("ps1")!.mode, "manual");
  } finally {
    await s.close();
  }
});

Deno.test("schedule requests name what is wrong", async () => {
  const s = await startTestServer(plant, { virtual: true });
  try {
    const bad = await post(`${s.url}/api/twins/ps1/schedules`, { solver: "annealing" });
    assert.equal(bad.status, 400);
    assert.match((await bad.json()).error, /^solver: Invalid option/);
    const tariff = await post(`${s.url}/api/twins/ps1/schedules`, { tariff: [1, 2] });
    assert.equal(tariff.status, 400);
    assert.match((await tariff.json()).error, /^tariff/);
    const pump = await post(`${s.url}/api/twins/ps1-p1/schedules`, {});
    assert.equal(pump.status, 400);
    assert.match((await pump.json()).error, /is a pump; schedules are for pump stations/);
    const missing = await fetch(`${s.url}/api/twins/ps1/schedules/sch-99`);
    assert.equal(missing.status, 404);
    await missing.body?.cancel();
  } finally {
    await s.close();
  }
});
