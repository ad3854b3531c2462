/**
 * The example plant `plants/modbus_loop.json` end to end: a simulated
 * cooling site behind a simulated RTU served as a Modbus TCP slave, and a
 * second twin of the site fed from that slave through the real driver, with
 * commands going back as writes. Runs on virtual time: the pollers are
 * scheduled on the runtime clock while their I/O is real.
 */
import assert from "node:assert/strict";
import { type ModbusService, startModbus } from "../drivers/modbus/modbus_service.ts";
import type { DeviceConfig } from "../drivers/modbus/register_map.ts";
import { loadPlantFile, validatePlant } from "../plant/plant_file.ts";
import { PLANT_SECTIONS } from "../app/plant_sections.ts";
import { Runtime } from "../runtime/runtime.ts";
import type { RegisterEntry } from "../simulators/rtu/register_image.ts";
import { loadKinds } from "../twins/registry.ts";
import { COOLING_DIAGNOSIS_POINTS } from "../diagnosis/cooling/cooling_diagnosis_points.ts";

const kinds = await loadKinds();
const FILE = new URL("../plants/modbus_loop.json", import.meta.url).pathname;

/** Advance virtual time in 100 ms slices, letting real I/O run in between, until `ok()`. */
async function runUntil(rt: Runtime, what: string, ok: () => boolean, realMs = 8_000) {
  const end = performance.now() + realMs;
  while (!ok()) {
    if (performance.now() > end) throw new Error(`timed out waiting for: ${what}`);
    rt.runFor(100);
    await new Promise((r) => setTimeout(r, 2));
  }
}

async function submit(rt: Runtime, type: string, args: Record<string, unknown> = {}) {
  const rec = rt.commands.submit("site-remote", { type, args });
  let done = rt.commands.get(rec.id)!;
  await runUntil(
    rt,
    `${type} to settle`,
    () => (done = rt.commands.get(rec.id)!).status !== "accepted",
  );
  return done;
}

Deno.test("the example plant's register map matches the simulated RTU's image", async () => {
  const plant = await loadPlantFile(FILE, kinds, PLANT_SECTIONS);
  const rt = new Runtime(plant, kinds, { virtual: true });
  rt.runFor(2_000);
  // The remote twin diagnoses itself from what it mirrors, so the map leaves
  // the site's diagnosis registers out.
  const image = (rt.inspect("rtu-1")!.registerMap as RegisterEntry[])
    .filter((e) => !(e.point in COOLING_DIAGNOSIS_POINTS));
  const [device] = plant.sections.devices as DeviceConfig[];
  assert.equal(device.points.length, image.length);
  for (const p of device.points) {
    const e = image.find((x) => x.point === p.point)!;
    assert.equal(p.address, e.address, p.point);
    assert.equal(p.type, e.type, p.point);
  }
  rt.shutdown();
});

Deno.test("modbus loop: the remote twin mirrors the site, commands travel as writes, comm loss and recovery", async () => {
  const doc = JSON.parse(await Deno.readTextFile(FILE));
  // A free port: the device reaches the slave by name and follows it.
  doc.modbus_servers[0].port = 0;
  // Short timeouts keep the comm-loss part of the test quick.
  Object.assign(doc.devices[0], { timeout_ms: 100, retries: 1, backoff_ms: 20 });
  const rt = new Runtime(validatePlant(doc, kinds, PLANT_SECTIONS, FILE), kinds, { virtual: true });
  let service: ModbusService | undefined;
  try {
    service = await startModbus(rt, { log: () => {} });
    const port = service.servers[0].port;
    const site = rt.twins.get("site-1")!;
    const remote = rt.twins.get("site-remote")!;
    const link = rt.twins.get("rtu-remote")!;
    const counters = service.pollers[0].counters;

    await runUntil(rt, "mirrored values", () => counters.goodScans >= 3);
    // Between a step and the next scan the site may move on; compare right after a scan.
    const scans = counters.goodScans;
    await runUntil(rt, "one more scan", () => counters.goodScans > scans);
    for (const name of ["supply_temp", "return_temp", "fan_speed", "hashrate", "pue"]) {
      assert.equal(remote.values[name], Math.fround(site.values[name] as number), name);
      assert.equal(remote.view().points[name].quality, "good");
    }
    assert.equal(remote.values.running, true);
    assert.equal(remote.mode, "running");
    assert.equal(link.mode, "online");
    assert.equal(link.values.registers, 39);
    assert.equal(link.values.assets, 1);

    // Commands on the remote twin become coil and register writes, then site commands.
    assert.equal((await submit(rt, "set_control_mode", { mode: "manual" })).status, "executed");
    await runUntil(rt, "site in manual", () => site.values.control_mode === "manual");
    assert.equal((await submit(rt, "set_fan_setpoint", { pct: 70 })).status, "executed");
    await runUntil(
      rt,
      "fans at 70 %",
      () => Math.abs((remote.values.fan_speed as number) - 70) < 0.5,
    );
    const siteRecords = rt.commands.list({ twin: "site-1" });
    assert.deepEqual(siteRecords.map((r) => r.type).reverse(), [
      "set_control_mode",
      "set_fan_setpoint",
    ]);
    assert.match(siteRecords[0].user, new RegExp(`^modbus:127\\.0\\.0\\.1:${port}/1$`));

    // The simulated site refuses a fan setpoint in auto: the device answers exception 04.
    assert.equal((await submit(rt, "set_control_mode", { mode: "auto" })).status, "executed");
    const refused = await submit(rt, "set_fan_setpoint", { pct: 20 });
    assert.equal(refused.status, "failed");
    assert.match(
      refused.reason!,
      /refused the write to holding 100: Modbus exception 04: slave device failure/,
    );

    // The simulated RTU loses communications: the slave goes silent.
    rt.commands.submit("rtu-1", { type: "inject_fault", args: { fault: "comm_loss" } });
    await runUntil(rt, "comm fault on the link", () => link.values.comm_ok === false);
    assert.equal(link.mode, "offline");
    assert.equal(remote.view().points.supply_temp.quality, "bad");
    assert.ok((link.values.timeouts as number) >= 2);
    rt.commands.submit("rtu-1", { type: "clear_fault", args: {} });
    await runUntil(
      rt,
      "recovery",
      () => link.values.comm_ok === true && !remote.quality.supply_temp,
    );
    assert.equal(link.mode, "online");

    const metrics = service.metrics();
    assert.match(metrics, /fieldtwin_modbus_requests_total\{device="rtu-1-link"\} \d+/);
    assert.match(
      metrics,
      /fieldtwin_modbus_errors_total\{device="rtu-1-link",kind="timeout"\} [1-9]/,
    );
    assert.match(
      metrics,
      new RegExp(`fieldtwin_modbus_slave_requests_total\\{port="${port}"\\} [1-9]`),
    );
  } finally {
    await service?.stop();
    rt.shutdown();
  }
});
