/**
 * `/api/health`, `/api/health/live` and `/api/health/ready` tell the truth:
 * degraded, with the reason, when a simulator halts, the step loop lags or
 * a device is in communication fault.
 */
import assert from "node:assert/strict";
import { setup } from "xstate";
import { z } from "zod";
import { modbusHealth } from "../app/modbus_health.ts";
import { PLANT_SECTIONS } from "../app/plant_sections.ts";
import { startPlant } from "../app/start_plant.ts";
import { type ModbusService, startModbus } from "../drivers/modbus/modbus_service.ts";
import { validatePlant } from "../plant/plant_file.ts";
import type { PointValues, Simulator } from "../simulators/simulator.ts";
import type { KindDefinition } from "../twins/kind.ts";
import { loadKinds } from "../twins/registry.ts";
import { createWebApp, type WebAppOptions } from "../web/server.ts";
import { freePort } from "./peers/pymodbus_peer.ts";
import type { RuntimeOptions } from "../runtime/runtime.ts";

const opts = { sanitizeResources: false, sanitizeOps: false };

/** A kind whose simulator throws once the plant has run `fail_at_s`. */
const fuseKind: KindDefinition<{ fail_at_s: number }> = {
  kind: "fuse",
  description: "test kind whose simulator fails on cue",
  params: z.strictObject({ fail_at_s: z.number().default(Infinity) }),
  points: { level: { unit: "", description: "level" } },
  modes: { ok: "" },
  commands: {},
  machine: setup({}).createMachine({ initial: "ok", states: { ok: {} } }),
  observe: () => "ok",
  simulator: (ctx) => {
    let t = 0;
    const sim: Simulator = {
      feeds: [ctx.id],
      step(dtS) {
        t += dtS;
        if (t >= ctx.params.fail_at_s) throw new Error("fuse blown");
      },
      read(_id: string, out: PointValues) {
        out.level = t;
      },
      actuate: () => undefined,
    };
    return sim;
  },
};

async function serve(
  doc: unknown,
  runtimeOpts: RuntimeOptions & { run?: boolean },
  web?: (s: ReturnType<typeof startPlant>) => Promise<WebAppOptions>,
) {
  const kinds = new Map(await loadKinds());
  kinds.set("fuse", fuseKind as KindDefinition<unknown>);
  const started = startPlant(validatePlant(doc, kinds, PLANT_SECTIONS), kinds, {
    log: () => {},
    ...runtimeOpts,
  });
  if (runtimeOpts.run !== false && !started.runtime.clock.virtual) started.runtime.start();
  const app = createWebApp(started, web ? await web(started) : {});
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, app.handler);
  const url = `http://127.0.0.1:${server.addr.port}`;
  return {
    url,
    runtime: started.runtime,
    get: async (path: string) => {
      const res = await fetch(url + path);
      return { status: res.status, body: await res.json() };
    },
    async close() {
      app.close();
      started.stop();
      await server.shutdown();
    },
  };
}

async function until<T>(what: string, probe: () => Promise<T>, ok: (v: T) => boolean, ms = 10_000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

Deno.test({
  name: "health: ok when all is well; degraded naming the twin when its simulator halts",
  ...opts,
  fn: async () => {
    const s = await serve({
      name: "h",
      twins: [{ id: "good", kind: "fuse" }, { id: "bad", kind: "fuse", params: { fail_at_s: 3 } }],
    }, { virtual: true });
    try {
      s.runtime.runFor(2_000);
      const ok = await s.get("/api/health");
      assert.equal(ok.status, 200);
      assert.equal(ok.body.status, "ok");
      assert.deepEqual(ok.body.problems, []);
      s.runtime.runFor(2_000);
      const bad = await s.get("/api/health");
      assert.equal(bad.body.status, "degraded");
      assert.deepEqual(
        bad.body.problems.map((p: { component: string; id: string }) => [p.component, p.id]),
        [["simulator", "bad"]],
      );
      assert.match(bad.body.problems[0].message, /failed and was halted/);
      assert.equal((await s.get("/api/health/live")).status, 200);
      assert.equal((await s.get("/api/health/ready")).status, 200);
    } finally {
      await s.close();
    }
  },
});

Deno.test({
  name: "health: not ready before the first step; degraded while the step loop lags",
  ...opts,
  fn: async () => {
    const s = await serve({ name: "h", step_s: 0.25, twins: [{ id: "good", kind: "fuse" }] }, {
      run: false,
    });
    try {
      const starting = await s.get("/api/health/ready");
      assert.equal(starting.status, 503);
      assert.equal(starting.body.status, "starting");
      assert.equal((await s.get("/api/health/live")).status, 200);
      s.runtime.start();
      await until("ready", () => s.get("/api/health/ready"), (r) => r.status === 200);
      // Hold the event loop for 5 steps: the next tick runs late.
      const steps = s.runtime.stats.steps;
      const t0 = Date.now();
      while (Date.now() - t0 < 1_250) { /* busy: the process is stalled */ }
      await until("the late tick", () => Promise.resolve(s.runtime.stats.steps), (n) => n > steps);
      const lagging = await s.get("/api/health");
      assert.equal(lagging.body.status, "degraded", JSON.stringify(lagging.body));
      assert.equal(lagging.body.problems[0].component, "clock");
      assert.match(lagging.body.problems[0].message, /ran \d+ ms late/);
      await until("recovery", () => s.get("/api/health"), (r) => r.body.status === "ok");
    } finally {
      await s.close();
    }
  },
});

Deno.test({
  name: "health: a Modbus device in communication fault makes the plant degraded, naming it",
  ...opts,
  fn: async () => {
    const port = freePort(); // nothing listens there
    let service: ModbusService | undefined;
    const s = await serve(
      {
        name: "h",
        twins: [{ id: "remote", kind: "cooling_site", source: { type: "modbus" } }],
        devices: [{
          id: "dead-link",
          transport: { type: "tcp", host: "127.0.0.1", port },
          unit_id: 1,
          scan_ms: 200,
          timeout_ms: 100,
          retries: 0,
          backoff_ms: 10,
          points: [{
            twin: "remote",
            point: "supply_temp",
            table: "holding",
            address: 0,
            type: "float32",
          }],
        }],
      },
      {},
      async (started) => {
        service = await startModbus(started.runtime, { log: () => {} });
        return { health: [modbusHealth(service)] };
      },
    );
    try {
      const h = await until(
        "degraded",
        () => s.get("/api/health"),
        (r) => r.body.status === "degraded",
      );
      const device = h.body.problems.find((p: { component: string }) => p.component === "device");
      assert.equal(device.id, "dead-link");
      assert.match(device.message, /device "dead-link" is in communication fault/);
    } finally {
      await service?.stop();
      await s.close();
    }
  },
});
