/**
 * An HMI written by others (`mbpoll`) reads and writes a simulated RTU served
 * as a Modbus TCP slave: floats in the RTU's register image match the
 * simulated site, and coil and register writes become recorded commands that
 * change the simulation.
 */
import assert from "node:assert/strict";
import { startModbus } from "../drivers/modbus/modbus_service.ts";
import { validatePlant } from "../plant/plant_file.ts";
import { PLANT_SECTIONS } from "../app/plant_sections.ts";
import { Runtime } from "../runtime/runtime.ts";
import { loadKinds } from "../twins/registry.ts";
import { freePort } from "./peers/pymodbus_peer.ts";

const kinds = await loadKinds();

async function mbpoll(
  port: number,
  args: string[],
  unit = 1,
): Promise<{ ok: boolean; out: string }> {
  const r = await new Deno.Command("/usr/bin/mbpoll", {
    args: ["-m", "tcp", "-a", String(unit), "-0", "-1", "-o", "2", "-p", String(port), ...args],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { ok: r.success, out: dec.decode(r.stdout) + dec.decode(r.stderr) };
}

/** Values mbpoll printed, by reference: lines like `[34]: 	1`. */
function values(out: string): Map<number, number> {
  const m = new Map<number, number>();
  for (const [, ref, v] of out.matchAll(/^\[(\d+)\]:\s+(-?[\d.e+-]+)/gm)) {
    m.set(Number(ref), Number(v));
  }
  return m;
}

Deno.test("mbpoll reads the simulated site's floats and writes commands through the slave", async () => {
  const port = freePort();
  const plant = validatePlant(
    {
      name: "mbpoll",
      twins: [
        { id: "site-1", kind: "cooling_site" },
        { id: "site-2", kind: "cooling_site", params: { ambient_mean_c: 35 } },
        { id: "rtu-{i}", count: 2, kind: "rtu", params: { assets: ["site-{i}"] } },
      ],
      modbus_servers: [{
        port,
        units: [{
          unit_id: 1,
          rtu: "rtu-1",
          writes: [
            { twin: "site-1", command: "start", table: "coil", address: 0, value: true },
            { twin: "site-1", command: "stop", table: "coil", address: 0, value: false },
            {
              twin: "site-1",
              command: "set_control_mode",
              args: { mode: "manual" },
              table: "coil",
              address: 1,
              value: true,
            },
            {
              twin: "site-1",
              command: "set_fan_setpoint",
              arg: "pct",
              table: "holding",
              address: 100,
              scale: 0.1,
            },
          ],
        }, { unit_id: 2, rtu: "rtu-2" }],
      }],
    },
    kinds,
    PLANT_SECTIONS,
  );
  const rt = new Runtime(plant, kinds, { virtual: true });
  rt.runFor(5_000);
  const service = await startModbus(rt, { log: () => {} });
  try {
    const site = rt.twins.get("site-1")!;
    const map = rt.inspect("rtu-1")!.registerMap as { point: string; address: number }[];
    const at = (point: string) => map.find((e) => e.point === point)!.address;

    // Floats: the image holds float32 with the high word first, which is mbpoll's -B.
    const supply = at("supply_temp");
    const read = await mbpoll(port, [
      "-t",
      "4:float",
      "-B",
      "-r",
      String(supply),
      "-c",
      "1",
      "127.0.0.1",
    ]);
    assert.ok(read.ok, read.out);
    const got = values(read.out).get(supply)!;
    assert.ok(
      Math.abs(got - (site.values.supply_temp as number)) < 1e-3,
      `${got} vs ${site.values.supply_temp}`,
    );
    const running = await mbpoll(port, ["-t", "4", "-r", String(at("running")), "127.0.0.1"]);
    assert.equal(values(running.out).get(at("running")), 1);

    // Many unit ids on one port: unit 2 is the other site's RTU; unit 9 is nobody.
    const amb = at("ambient_temp");
    const two = await mbpoll(port, ["-t", "4:float", "-B", "-r", String(amb), "127.0.0.1"], 2);
    const site2 = rt.twins.get("site-2")!.values.ambient_temp as number;
    assert.ok(Math.abs(values(two.out).get(amb)! - site2) < 1e-3, two.out);
    assert.ok(Math.abs(site2 - (site.values.ambient_temp as number)) > 5, "two different sites");
    const nobody = await mbpoll(port, ["-t", "4", "-r", "0", "127.0.0.1"], 9);
    assert.ok(!nobody.ok);
    assert.match(nobody.out, /Target device failed to respond/); // exception 0B

    // Coil 1 = 1 -> set_control_mode manual; holding 100 = 555 -> set_fan_setpoint 55.5 %.
    assert.ok((await mbpoll(port, ["-t", "0", "-r", "1", "127.0.0.1", "1"])).ok);
    const w = await mbpoll(port, ["-t", "4", "-r", "100", "127.0.0.1", "555"]);
    assert.ok(w.ok, w.out);
    rt.runFor(30_000);
    assert.equal(site.values.control_mode, "manual");
    assert.ok(
      Math.abs((site.values.fan_speed as number) - 55.5) < 0.5,
      String(site.values.fan_speed),
    );
    const fan = await mbpoll(port, [
      "-t",
      "4:float",
      "-B",
      "-r",
      String(at("fan_speed")),
      "127.0.0.1",
    ]);
    assert.ok(
      Math.abs(values(fan.out).get(at("fan_speed"))! - (site.values.fan_speed as number)) < 1e-3,
    );

    // Coil 0 = 0 -> stop: the site stops and the image says so.
    assert.ok((await mbpoll(port, ["-t", "0", "-r", "0", "127.0.0.1", "0"])).ok);
    rt.runFor(3_000);
    assert.equal(site.values.running, false);
    const stopped = await mbpoll(port, ["-t", "4", "-r", String(at("running")), "127.0.0.1"]);
    assert.equal(values(stopped.out).get(at("running")), 0);
    const records = rt.commands.list({ twin: "site-1" });
    assert.deepEqual(records.map((r) => `${r.type} ${r.status} ${r.user}`).reverse(), [
      `set_control_mode executed modbus:127.0.0.1:${port}/1`,
      `set_fan_setpoint executed modbus:127.0.0.1:${port}/1`,
      `stop executed modbus:127.0.0.1:${port}/1`,
    ]);
    assert.ok(Math.abs((records[1].args.pct as number) - 55.5) < 1e-9);

    // An unmapped register is refused with exception 02, which mbpoll reports.
    const bad = await mbpoll(port, ["-t", "4", "-r", "200", "127.0.0.1", "1"]);
    assert.ok(!bad.ok);
    assert.match(bad.out, /Illegal data address/i);
  } finally {
    await service.stop();
    rt.shutdown();
  }
});
