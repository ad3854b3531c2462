/**
 * The demo's RTU register layout holds across restarts and parameter
 * changes: the same addresses carry the same quantities whether read from
 * the image, by our driver or by mbpoll, before and after the RTU is stopped
 * and started or reconfigured.
 */
import assert from "node:assert/strict";
import { PLANT_SECTIONS } from "../app/plant_sections.ts";
import { startPlant } from "../app/start_plant.ts";
import { type ModbusService, startModbus } from "../drivers/modbus/modbus_service.ts";
import type { DeviceConfig } from "../drivers/modbus/register_map.ts";
import { validatePlant } from "../plant/plant_file.ts";
import type { Runtime } from "../runtime/runtime.ts";
import type { RegisterEntry } from "../simulators/rtu/register_image.ts";
import { loadKinds } from "../twins/registry.ts";
import { freePort } from "./peers/pymodbus_peer.ts";

const kinds = await loadKinds();
const DEMO = new URL("../plants/demo.json", import.meta.url).pathname;

async function demoDoc() {
  return JSON.parse(await Deno.readTextFile(DEMO));
}

function registerMap(rt: Runtime, id: string): string[] {
  const map = rt.inspect(id)!.registerMap as RegisterEntry[];
  return map.map((e) => `${e.asset}.${e.point}@${e.address}:${e.type}`);
}

Deno.test("demo: the Modbus device map matches rtu-site-001's image, calculated points included", async () => {
  const doc = await demoDoc();
  const plant = startPlant(validatePlant(doc, kinds, PLANT_SECTIONS, DEMO), kinds, {
    virtual: true,
  });
  try {
    plant.runtime.runFor(2_000);
    const image = plant.runtime.inspect("rtu-site-001")!.registerMap as RegisterEntry[];
    const device = (plant.runtime.plant.sections.devices as DeviceConfig[])
      .find((d) => d.id === "site-001-link")!;
    for (const p of device.points) {
      const e = image.find((x) => x.point === p.point);
      assert.ok(e, `device point ${p.point} is not in the RTU image`);
      assert.equal(
        p.address,
        e.address,
        `${p.point}: device reads ${p.address}, RTU has ${e.address}`,
      );
    }
    // Calculated points of the site are in the image, after the kind's points.
    const site = plant.runtime.twins.get("site-001")!;
    const calculated = Object.keys(site.extraPoints);
    assert.ok(calculated.length > 0, "the demo declares calculated points on sites");
    const lastOwn = Math.max(
      ...image.filter((e) => !calculated.includes(e.point)).map((e) => e.address),
    );
    for (const name of calculated) {
      assert.ok(image.find((e) => e.point === name)!.address > lastOwn, name);
    }
  } finally {
    plant.stop();
  }
});

async function mbpollFloat(port: number, address: number): Promise<number> {
  const out = await new Deno.Command("/usr/bin/mbpoll", {
    args: [
      "-m",
      "tcp",
      "-a",
      "1",
      "-p",
      String(port),
      "-0",
      "-t",
      "4:float",
      "-B",
      "-r",
      String(address),
      "-c",
      "1",
      "-1",
      "127.0.0.1",
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  const m = text.match(new RegExp(`\\[${address}\\]:\\s+(-?[0-9.eE+-]+)`));
  assert.ok(m, `mbpoll output:\n${text}\n${new TextDecoder().decode(out.stderr)}`);
  return Number(m[1]);
}

Deno.test("demo: stop/start and new params of rtu-site-001 keep every address; mbpoll and the driver read the same quantities", async () => {
  const port = freePort();
  const doc = await demoDoc();
  doc.modbus_servers[0].port = port;
  for (const d of doc.devices) if (d.transport.port === 15020) d.transport.port = port;
  const plant = startPlant(validatePlant(doc, kinds, PLANT_SECTIONS, DEMO), kinds, {
    virtual: true,
  });
  const rt = plant.runtime;
  let service: ModbusService | undefined;
  const raised: string[] = [];
  const stopAlarms = plant.alarms.engine.onEvent((e) => {
    if (e.alarm.twin === "site-001-modbus" && e.entry.state === "unacknowledged") {
      raised.push(e.alarm.id);
    }
  });
  try {
    service = await startModbus(rt, { log: () => {} });
    const site = rt.twins.get("site-001")!;
    const remote = rt.twins.get("site-001-modbus")!;
    const device = (rt.plant.sections.devices as DeviceConfig[])
      .find((d) => d.id === "site-001-link")!;
    const address = (point: string) => device.points.find((p) => p.point === point)!.address;
    const poller = service.pollers.find((p) => p.device.id === "site-001-link")!;

    const settle = async () => {
      const scans = poller.counters.goodScans;
      const end = performance.now() + 10_000;
      while (poller.counters.goodScans < scans + 2) {
        if (performance.now() > end) throw new Error("no good scans of site-001-link");
        rt.runFor(100);
        await new Promise((r) => setTimeout(r, 2));
      }
    };
    const check = async (when: string) => {
      await settle();
      const supply = await mbpollFloat(port, address("supply_temp"));
      assert.ok(
        Math.abs(supply - (site.values.supply_temp as number)) < 0.01,
        `${when}: mbpoll reads supply_temp ${supply}, the site has ${site.values.supply_temp}`,
      );
      for (const name of ["supply_temp", "return_temp", "pue", "it_power"]) {
        if (!device.points.some((p) => p.point === name)) continue;
        const got = remote.values[name] as number;
        const want = site.values[name] as number;
        assert.ok(
          Math.abs(got - want) <= 1e-3 * Math.max(1, Math.abs(want)),
          `${when}: site-001-modbus ${name} ${got}, site-001 ${want}`,
        );
        assert.equal(remote.view().points[name].quality, "good", `${when}: ${name}`);
      }
    };

    await check("cold start");
    const before = registerMap(rt, "rtu-site-001");
    rt.stopTwin("rtu-site-001");
    rt.runFor(1_000);
    rt.startTwin("rtu-site-001");
    await check("after stop/start");
    assert.deepEqual(registerMap(rt, "rtu-site-001"), before);

    const config = rt.config("rtu-site-001")!;
    rt.reconfigureTwin("rtu-site-001", [{
      ...config,
      params: { ...(config.params as object), stale_after_s: 20 },
    }]);
    await check("after new params");
    assert.deepEqual(registerMap(rt, "rtu-site-001"), before);
    rt.runFor(20_000);
    assert.deepEqual(raised, [], "no alarm raised on the Modbus-fed twin");
  } finally {
    stopAlarms();
    await service?.stop();
    plant.stop();
  }
});
