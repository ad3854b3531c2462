/**
 * `/metrics` shows the Modbus counters of the service the web app was given,
 * and only those: two plants running in one process (as a what-if run beside
 * the live plant, or part of a plant per process later) never show each
 * other's devices and slaves.
 */
import assert from "node:assert/strict";
import { PLANT_SECTIONS } from "../app/plant_sections.ts";
import { startPlant } from "../app/start_plant.ts";
import { MemoryUnit } from "../drivers/modbus/memory_unit.ts";
import { startModbus } from "../drivers/modbus/modbus_service.ts";
import { SlaveServer } from "../drivers/modbus/slave_server.ts";
import { validatePlant } from "../plant/plant_file.ts";
import { loadKinds } from "../twins/registry.ts";
import { createWebApp } from "../web/server.ts";

const kinds = await loadKinds();

/** A plant with one device `id` polling `port`, and one simulated RTU served on a free port. */
function plant(id: string, port: number) {
  return validatePlant(
    {
      name: `plant-${id}`,
      twins: [
        { id: "site", kind: "cooling_site", source: { type: "modbus" } },
        { id: "sim", kind: "cooling_site" },
        { id: "rtu-sim", kind: "rtu", params: { assets: ["sim"] } },
      ],
      modbus_servers: [{ port: 0, units: [{ rtu: "rtu-sim" }] }],
      devices: [{
        id,
        transport: { type: "tcp", host: "127.0.0.1", port },
        points: [{ twin: "site", point: "supply_temp", table: "holding", address: 0 }],
      }],
    },
    kinds,
    PLANT_SECTIONS,
  );
}

Deno.test("/metrics shows the Modbus service it was given, not another plant's in the same process", async () => {
  const unit = new MemoryUnit({ holding: 10 });
  const field = new SlaveServer({ port: 0, units: new Map([[1, unit]]) });
  const one = startPlant(plant("dev-one", field.port), kinds, { virtual: true });
  const two = startPlant(plant("dev-two", field.port), kinds, { virtual: true });
  const svcOne = await startModbus(one.runtime, { poll: false, log: () => {} });
  const svcTwo = await startModbus(two.runtime, { poll: false, log: () => {} });
  const appOne = createWebApp(one, { metrics: [svcOne.metrics] });
  const appTwo = createWebApp(two, { metrics: [svcTwo.metrics] });
  try {
    await svcOne.pollers[0].scan();
    await svcTwo.pollers[0].scan();
    await svcTwo.pollers[0].scan();
    const text = async (app: typeof appOne) =>
      await (await app.handler(new Request("http://127.0.0.1/metrics"))).text();
    const m1 = await text(appOne);
    const m2 = await text(appTwo);
    assert.match(m1, /^fieldtwin_modbus_requests_total\{device="dev-one"\} 1$/m);
    assert.doesNotMatch(m1, /dev-two/);
    assert.match(m2, /^fieldtwin_modbus_requests_total\{device="dev-two"\} 2$/m);
    assert.doesNotMatch(m2, /dev-one/);
    const slaveLine = (port: number) =>
      new RegExp(`^fieldtwin_modbus_slave_connections\\{port="${port}"\\} 0$`, "m");
    assert.match(m1, slaveLine(svcOne.servers[0].port));
    assert.doesNotMatch(m1, slaveLine(svcTwo.servers[0].port));
    // Without a source the app shows no Modbus lines at all.
    const bare = createWebApp(one);
    try {
      assert.doesNotMatch(await text(bare), /fieldtwin_modbus_/);
    } finally {
      bare.close();
    }
  } finally {
    appOne.close();
    appTwo.close();
    await svcOne.stop();
    await svcTwo.stop();
    one.stop();
    two.stop();
    await field.close();
  }
});
