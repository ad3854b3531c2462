/**
 * A Modbus-fed twin's points go stale on their device's own scan period: a
 * slow device's values stay good between its scans, and turn uncertain,
 * keeping value and time, once its poller stops delivering.
 */
import assert from "node:assert/strict";
import { PLANT_SECTIONS } from "../app/plant_sections.ts";
import { type ModbusService, startModbus } from "../drivers/modbus/modbus_service.ts";
import { validatePlant } from "../plant/plant_file.ts";
import { Runtime } from "../runtime/runtime.ts";
import { loadKinds } from "../twins/registry.ts";

const kinds = await loadKinds();
const FILE = new URL("../plants/modbus_loop.json", import.meta.url).pathname;

Deno.test("modbus: points go stale after three of their device's scans without a sample", async () => {
  const doc = JSON.parse(await Deno.readTextFile(FILE));
  doc.modbus_servers[0].port = 0;
  doc.devices[0].scan_ms = 5_000;
  const rt = new Runtime(validatePlant(doc, kinds, PLANT_SECTIONS, FILE), kinds, { virtual: true });
  let service: ModbusService | undefined;
  try {
    service = await startModbus(rt, { log: () => {} });
    const remote = rt.twins.get("site-remote")!;
    const counters = service.pollers[0].counters;
    const end = performance.now() + 8_000;
    while (counters.goodScans < 1) {
      if (performance.now() > end) throw new Error("no good scan");
      rt.runFor(100);
      await new Promise((r) => setTimeout(r, 2));
    }
    // The plant steps every second; a 5 s device is not stale after 4 s.
    rt.runFor(4_000);
    assert.equal(remote.view().points.supply_temp.quality, "good");
    // The poller stops delivering (a stuck driver), the slave still answers.
    await service.pollers[0].stop();
    const sampled = remote.view().points.supply_temp;
    rt.runFor(15_000 - (rt.clock.now() - sampled.ts));
    assert.equal(remote.view().points.supply_temp.quality, "good", "three scans old, not more");
    rt.runFor(1_000);
    const stale = remote.view().points.supply_temp;
    assert.deepEqual([stale.quality, stale.value, stale.ts], [
      "uncertain",
      sampled.value,
      sampled.ts,
    ]);
  } finally {
    await service?.stop();
    rt.shutdown();
  }
});
