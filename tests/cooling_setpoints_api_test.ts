/**
 * Cooling setpoints over HTTP: a proposal for a running site
 * (`POST /api/twins/{site}/cooling_setpoints`, 201), its commands sent
 * through the command path, and the site an hour later on virtual time
 * drawing the power the proposal promised with the rigs under their limit;
 * the proposal is also an SSE `cooling_setpoints` event.
 */
import assert from "node:assert/strict";
import { readSse, startTestServer } from "./test_server.ts";

const plant = {
  name: "cooling-setpoints",
  seed: 5,
  twins: [
    {
      id: "site-1",
      kind: "cooling_site",
      params: { ambient_mean_c: 25, ambient_amplitude_c: 0, ambient_noise_c: 0 },
    },
    { id: "rtu-1", kind: "rtu" },
  ],
};

async function post(url: string, body: unknown): Promise<Response> {
  return await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

Deno.test("a proposal applied through the command path lowers the site's power and keeps the limit", async () => {
  const s = await startTestServer(plant, { virtual: true });
  try {
    s.runtime.runFor(60_000);
    const v = s.runtime.twins.get("site-1")!.values;
    const before = (v.fan_power as number) + (v.pump_power as number);

    type Frame = { event: string; data: unknown };
    const connected = Promise.withResolvers<void>();
    const events = readSse(`${s.url}/api/stream?ids=site-1`, (fs: Frame[]) => {
      if (fs.length) connected.resolve();
      return fs.some((f) => f.event === "cooling_setpoints");
    }, 30_000);
    await connected.promise;
    const res = await post(`${s.url}/api/twins/site-1/cooling_setpoints`, { solver: "pso" });
    assert.equal(res.status, 201, await res.clone().text());
    const view = await res.json();
    assert.equal(view.twin, "site-1");
    const p = view.proposal;
    assert.equal(p.feasible, true);
    assert.equal(p.proposed.mode, "auto");
    assert.ok(Math.abs(p.currentSimulated.powerKw - before) < 0.05, `${before} kW now`);
    assert.ok(p.savingKw > 0.5, `saving ${p.savingKw} kW`);
    const frame = (await events).find((f) => f.event === "cooling_setpoints")!;
    assert.equal((frame.data as { id: string }).id, view.id);
    assert.deepEqual(view.commands.map((c: { type: string }) => c.type), [
      "set_supply_setpoint",
      "set_pump_setpoint",
    ]);

    for (const c of view.commands) {
      const r = await post(`${s.url}/api/twins/site-1/commands`, c);
      assert.equal(r.status, 200, await r.clone().text());
      assert.equal((await r.json()).status, "executed");
    }
    s.runtime.runFor(3_600_000);
    const after = (v.fan_power as number) + (v.pump_power as number);
    assert.ok(
      Math.abs(after - p.simulated.powerKw) < 0.05,
      `${after} kW vs ${p.simulated.powerKw}`,
    );
    assert.ok(after < before - 0.5);
    assert.ok((v.return_temp as number) <= p.limitC, `outlet ${v.return_temp}`);
    assert.equal(v.rig_throttle, 100);

    const list = await (await fetch(`${s.url}/api/twins/site-1/cooling_setpoints`)).json();
    assert.deepEqual(list.map((x: { id: string }) => x.id), [view.id]);

    const bad = await post(`${s.url}/api/twins/site-1/cooling_setpoints`, { margin_k: -1 });
    assert.equal(bad.status, 400);
    assert.match((await bad.json()).error, /margin_k/);
    const rtu = await post(`${s.url}/api/twins/rtu-1/cooling_setpoints`, {});
    assert.equal(rtu.status, 400);
    await rtu.body?.cancel();
    const stop = await post(`${s.url}/api/twins/site-1/commands`, { type: "stop", args: {} });
    await stop.body?.cancel();
    s.runtime.runFor(5_000);
    const stopped = await post(`${s.url}/api/twins/site-1/cooling_setpoints`, {});
    assert.equal(stopped.status, 409);
    assert.match((await stopped.json()).error, /stopped/);
  } finally {
    await s.close();
  }
});
