import assert from "node:assert/strict";
import { validatePlant } from "../../plant/plant_file.ts";
import { devicesSection } from "./devices_section.ts";
import { type Clock, RealClock, VirtualClock } from "../../runtime/clock.ts";
import { Runtime } from "../../runtime/runtime.ts";
import { loadKinds } from "../../twins/registry.ts";
import { DevicePoller } from "./device_poller.ts";
import { MemoryUnit } from "./memory_unit.ts";
import { ModbusClient } from "./modbus_client.ts";
import type { DeviceConfig, LinkConfig } from "./register_map.ts";
import { SlaveServer } from "./slave_server.ts";
import { encodeValue } from "./value_codec.ts";

const kinds = await loadKinds();

interface Rig {
  rt: Runtime;
  unit: MemoryUnit;
  server: SlaveServer;
  poller: DevicePoller;
  client: ModbusClient;
  close(): Promise<void>;
}

function rig(over: Record<string, unknown> = {}, clock: Clock = new RealClock()): Rig {
  const unit = new MemoryUnit({ holding: 100, coils: 16 });
  const server = new SlaveServer({ port: 0, units: new Map([[7, unit]]) });
  const plant = validatePlant(
    {
      name: "poller",
      twins: [
        { id: "site", kind: "cooling_site", source: { type: "modbus" } },
        { id: "link", kind: "rtu", params: { stale_after_s: 60 }, source: { type: "modbus" } },
      ],
      devices: [{
        id: "plc",
        transport: { type: "tcp", host: "127.0.0.1", port: server.port },
        unit_id: 7,
        rtu: "link",
        timeout_ms: 100,
        retries: 2,
        backoff_ms: 10,
        ...over,
        points: [
          {
            twin: "site",
            point: "supply_temp",
            table: "holding",
            address: 0,
            type: "float32",
            word_order: "little",
          },
          {
            twin: "site",
            point: "return_temp",
            table: "holding",
            address: 2,
            type: "int16",
            scale: 0.1,
            offset: 20,
          },
          {
            twin: "site",
            point: "fans_failed",
            table: "holding",
            address: 3,
            type: "uint16",
            bit: 8,
            bits: 4,
          },
          { twin: "site", point: "running", table: "coil", address: 5 },
          // Far from the rest: a read of its own, refused by the 100-register unit.
          { twin: "site", point: "hashrate", table: "holding", address: 500, type: "uint32" },
        ],
      }],
    },
    kinds,
    [devicesSection],
  );
  const rt = new Runtime(plant, kinds, { virtual: true });
  const device = (plant.sections.devices as DeviceConfig[])[0];
  const client = new ModbusClient(device.transport as LinkConfig);
  const poller = new DevicePoller({
    device,
    client,
    clock,
    twins: rt.twins,
  });
  return {
    rt,
    unit,
    server,
    poller,
    client,
    async close() {
      await poller.stop();
      await client.close();
      await server.close();
      rt.shutdown();
    },
  };
}

function put(unit: MemoryUnit, address: number, words: number[] | string) {
  assert.ok(Array.isArray(words), String(words));
  unit.holding.set(words, address);
}

Deno.test("one scan decodes every type into the twin, in one read per contiguous block", async () => {
  const r = await rig();
  try {
    put(
      r.unit,
      0,
      encodeValue(38.25, {
        type: "float32",
        word_order: "little",
        byte_order: "big",
        scale: 1,
        offset: 0,
      }),
    );
    r.unit.holding[2] = 154; // 154 * 0.1 + 20 = 35.4 degC
    r.unit.holding[3] = 0x0a00 | 0x00ff; // bits 8..11 hold 0b1010 = 10; the low byte is noise
    r.unit.coils[5] = 1;
    assert.deepEqual(
      r.poller.reads.map((x) => `${x.table} ${x.address}+${x.count}`),
      ["coil 5+1", "holding 0+4", "holding 500+2"],
    );
    await r.poller.scan();
    const site = r.rt.twins.get("site")!;
    assert.equal(site.values.supply_temp, 38.25);
    assert.ok(Math.abs((site.values.return_temp as number) - 35.4) < 1e-9);
    assert.equal(site.values.fans_failed, 10);
    assert.equal(site.values.running, true);
    // The refused read is not retried (the device answered): 3 requests in all.
    assert.equal(r.server.stats.requests, 3);
    assert.equal(r.poller.counters.errors.exception, 1);
    assert.equal(r.poller.counters.exceptionCodes[2], 1);
    assert.equal(site.quality.supply_temp, undefined, "good");
    assert.equal(site.view().points.hashrate.quality, "bad");
    assert.equal(r.poller.counters.commOk, true, "an exception is an answer");
    assert.equal(r.rt.twins.get("link")!.mode, "online");
  } finally {
    await r.close();
  }
});

Deno.test("a silent device: retries with backoff, points bad with last values, RTU offline, then recovery", async () => {
  const r = await rig({ points: undefined });
  try {
    r.unit.holding[2] = 100; // 30 degC
    await r.poller.scan();
    const site = r.rt.twins.get("site")!;
    const link = r.rt.twins.get("link")!;
    assert.equal(site.values.return_temp, 30);
    const before = r.poller.counters.requests;

    r.unit.answering = false;
    const t0 = performance.now();
    await r.poller.scan();
    const took = performance.now() - t0;
    // 1 + 2 retries of the first read, each timing out at 100 ms, with 10 + 20 ms backoff;
    // the other reads are skipped once the device stays silent.
    assert.equal(r.poller.counters.requests - before, 3);
    assert.equal(r.poller.counters.errors.timeout, 3);
    assert.ok(took >= 3 * 100 + 30 - 5 && took < 1_500, `scan took ${took} ms`);
    assert.equal(site.quality.return_temp, "bad");
    assert.equal(site.values.return_temp, 30, "the last value is kept");
    assert.equal(link.values.comm_ok, false);
    assert.equal(link.mode, "offline");

    // In comm fault a scan tries once.
    await r.poller.scan();
    assert.equal(r.poller.counters.requests - before, 4);

    r.unit.answering = true;
    r.unit.holding[2] = 120;
    await r.poller.scan();
    assert.equal(site.values.return_temp, 32);
    assert.equal(site.quality.return_temp, undefined);
    assert.equal(link.values.comm_ok, true);
    assert.equal(link.mode, "online");
    assert.equal(link.values.timeouts, 4);
    // The timeouts have passed; what still fails is the read the device refuses.
    assert.match(link.values.last_error as string, /^holding 500\+2: Modbus exception 02/);
    assert.ok((link.values.latency_ms as number) > 0);
  } finally {
    await r.close();
  }
});

/** Wait (without a fixed sleep) until `ok()` holds; fail after `ms` of wall time. */
async function until(what: string, ok: () => boolean, ms = 5_000): Promise<void> {
  const end = performance.now() + ms;
  while (!ok()) {
    if (performance.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 1));
  }
}

Deno.test("scans run every scan_ms on the clock until stopped", async () => {
  const clock = new VirtualClock(0);
  const r = rig({ scan_ms: 40 }, clock);
  try {
    r.poller.start();
    // Scans fall due at 0, 40, ..., 400 ms of clock time: each is scheduled
    // once the previous has ended, exactly one period after the previous was due.
    for (let k = 0; k <= 10; k++) {
      assert.equal(clock.nextDue(), k * 40, `scan ${k + 1} is due at ${k * 40} ms`);
      clock.advanceTo(k * 40);
      await until(`scan ${k + 1}`, () => r.poller.counters.scans === k + 1);
      await until(`scan ${k + 2} scheduled`, () => clock.pending === 1);
    }
    assert.equal(r.poller.counters.scans, 11);
    assert.equal(r.poller.counters.overruns, 0);
    await r.poller.stop();
    assert.equal(clock.pending, 0, "no scan is scheduled after stop");
    clock.advanceBy(1_000);
    assert.equal(r.poller.counters.scans, 11, "no scans after stop");
  } finally {
    await r.close();
  }
});

Deno.test("a scan that runs past its period is followed at once and counted as an overrun", async () => {
  const clock = new VirtualClock(0);
  const r = rig({ scan_ms: 40 }, clock);
  try {
    r.poller.start();
    clock.advanceTo(0);
    // The clock moves on while the first scan's request is on the wire.
    clock.advanceTo(100);
    await until("first scan", () => r.poller.counters.scans === 1);
    await until("next scan scheduled", () => clock.pending === 1);
    assert.equal(r.poller.counters.overruns, 1);
    assert.equal(clock.nextDue(), 100, "the next scan starts now, missed ones are not queued");
  } finally {
    await r.close();
  }
});
