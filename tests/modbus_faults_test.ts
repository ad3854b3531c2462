/**
 * The driver under field faults: exception responses from a pymodbus peer,
 * a device that never answers, one that drops the connection mid-request,
 * one that sends garbage, and a very slow device next to healthy ones. In
 * every case the affected points turn bad, the device's RTU twin goes
 * offline when it stops answering, everything recovers on its own, and
 * healthy devices keep their scan rate.
 */
import assert from "node:assert/strict";
import { crc16 } from "../drivers/modbus/crc16.ts";
import { MemoryUnit } from "../drivers/modbus/memory_unit.ts";
import { type ModbusService, startModbus } from "../drivers/modbus/modbus_service.ts";
import { SlaveServer } from "../drivers/modbus/slave_server.ts";
import { validatePlant } from "../plant/plant_file.ts";
import { PLANT_SECTIONS } from "../app/plant_sections.ts";
import { Runtime } from "../runtime/runtime.ts";
import { Random } from "../simulators/random.ts";
import { loadKinds } from "../twins/registry.ts";
import { startPymodbus } from "./peers/pymodbus_peer.ts";

const kinds = await loadKinds();

type Mode = "normal" | "silent" | "disconnect" | "garbage" | "held";

/**
 * A Modbus TCP device that misbehaves on demand. In `normal` mode holding
 * register n holds n; `garbage` answers seeded random bytes instead; `held`
 * answers only once `release()` is called, however long that takes.
 */
class FaultyDevice {
  mode: Mode = "normal";
  /** Requests read so far. */
  requests = 0;
  #released = Promise.withResolvers<void>();
  readonly port: number;
  readonly #listener: Deno.TcpListener;
  readonly #conns = new Set<Deno.Conn>();
  readonly #rng = new Random(3, "garbage");
  readonly #done: Promise<void>;

  constructor() {
    this.#listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    this.port = (this.#listener.addr as Deno.NetAddr).port;
    this.#done = this.#accept();
  }

  async #accept() {
    for await (const conn of this.#listener) this.#serve(conn);
  }

  async #serve(conn: Deno.Conn) {
    this.#conns.add(conn);
    const buf = new Uint8Array(260);
    try {
      for (;;) {
        const n = await conn.read(buf);
        if (n === null || n < 12) break;
        this.requests++;
        if (this.mode === "silent") continue;
        if (this.mode === "held") await this.#released.promise;
        if (this.mode === "disconnect") break;
        if (this.mode === "garbage") {
          const junk = new Uint8Array(40);
          for (let i = 0; i < junk.length; i++) junk[i] = Math.floor(this.#rng.next() * 256);
          await conn.write(junk);
          continue;
        }
        const address = (buf[8] << 8) | buf[9];
        const count = (buf[10] << 8) | buf[11];
        const out = new Uint8Array(9 + 2 * count);
        out.set(buf.subarray(0, 4));
        out[4] = (3 + 2 * count) >> 8;
        out[5] = (3 + 2 * count) & 0xff;
        out[6] = buf[6];
        out[7] = 3;
        out[8] = 2 * count;
        for (let i = 0; i < count; i++) out[10 + 2 * i] = (address + i) & 0xff;
        await conn.write(out);
      }
    } catch { /* closed */ }
    this.#conns.delete(conn);
    try {
      conn.close();
    } catch { /* closed */ }
  }

  /** Let held answers go, and answer at once from now on. */
  release() {
    this.mode = "normal";
    this.#released.resolve();
  }

  async close() {
    this.#released.resolve();
    this.#listener.close();
    for (const c of this.#conns) {
      try {
        c.close();
      } catch { /* closed */ }
    }
    await this.#done.catch(() => {});
  }
}

function pointsOf(twin: string, n: number) {
  return ["supply_temp", "return_temp", "ambient_temp", "coolant_flow"].slice(0, n).map((
    point,
    j,
  ) => ({ twin, point, table: "holding", address: 10 + j }));
}

async function start(devices: Record<string, unknown>[], twins: string[]) {
  const plant = validatePlant(
    {
      name: "faults",
      twins: twins.flatMap((id) => [
        { id, kind: "cooling_site", source: { type: "modbus" } },
        { id: `${id}-link`, kind: "rtu", source: { type: "modbus" } },
      ]),
      devices,
    },
    kinds,
    PLANT_SECTIONS,
  );
  // Real time, not stepping: only the pollers' timers run.
  const rt = new Runtime(plant, kinds);
  const service = await startModbus(rt, { log: () => {} });
  return { rt, service };
}

async function until(what: string, ok: () => boolean, ms = 5_000): Promise<void> {
  const end = performance.now() + ms;
  while (!ok()) {
    if (performance.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function stop(s: { rt: Runtime; service: ModbusService }) {
  await s.service.stop();
  s.rt.shutdown();
}

function tcpDevice(id: string, port: number, over: Record<string, unknown> = {}) {
  return {
    id,
    transport: { type: "tcp", host: "127.0.0.1", port },
    rtu: `${id}-link`,
    scan_ms: 50,
    timeout_ms: 200,
    retries: 1,
    backoff_ms: 10,
    points: pointsOf(id, 4),
    ...over,
  };
}

Deno.test("exception responses from pymodbus: only the refused read's points go bad", async () => {
  const peer = await startPymodbus({
    mode: "tcp",
    units: { "1": { hr: Array.from({ length: 20 }, (_, i) => 100 + i) } },
    size: 20,
  });
  const s = await start([{
    ...tcpDevice("plc", peer.port),
    points: [
      ...pointsOf("plc", 2),
      { twin: "plc", point: "hashrate", table: "holding", address: 500, type: "uint32" },
    ],
  }], ["plc"]);
  try {
    const site = s.rt.twins.get("plc")!;
    const link = s.rt.twins.get("plc-link")!;
    await until("two scans", () => s.service.pollers[0].counters.scans >= 2);
    assert.equal(site.values.supply_temp, 110);
    assert.equal(site.values.return_temp, 111);
    assert.equal(site.view().points.supply_temp.quality, "good");
    assert.equal(site.view().points.hashrate.quality, "bad");
    const c = s.service.pollers[0].counters;
    assert.ok(c.exceptionCodes[2] >= 2);
    // Refusals are answers: one request per scan, no retries, link online.
    assert.equal(c.errors.exception, c.exceptionCodes[2]);
    assert.equal(c.errors.timeout, 0);
    assert.equal(link.values.comm_ok, true);
    assert.match(
      link.values.last_error as string,
      /holding 500\+2: Modbus exception 02: illegal data address/,
    );
    assert.match(
      s.service.metrics(),
      /fieldtwin_modbus_exceptions_total\{device="plc",code="2"\} \d+/,
    );
  } finally {
    await stop(s);
    await peer.stop();
  }
});

Deno.test("a device that stops answering: timeouts, bad points, RTU offline, then recovery", async () => {
  const dev = new FaultyDevice();
  const s = await start([tcpDevice("plc", dev.port)], ["plc"]);
  try {
    const site = s.rt.twins.get("plc")!;
    const link = s.rt.twins.get("plc-link")!;
    await until("first good values", () => site.values.supply_temp === 10);
    dev.mode = "silent";
    await until("comm fault", () => link.values.comm_ok === false);
    assert.equal(link.mode, "offline");
    assert.equal(site.view().points.supply_temp.quality, "bad");
    assert.equal(site.values.supply_temp, 10, "last value kept");
    assert.ok(s.service.pollers[0].counters.errors.timeout >= 2, "1 + 1 retry");
    dev.mode = "normal";
    await until("recovery", () => link.values.comm_ok === true && !site.quality.supply_temp);
    assert.equal(link.mode, "online");
  } finally {
    await stop(s);
    await dev.close();
  }
});

Deno.test("a device that drops the connection mid-request fails fast and is reconnected", async () => {
  const dev = new FaultyDevice();
  const s = await start([tcpDevice("plc", dev.port, { timeout_ms: 2_000, retries: 0 })], ["plc"]);
  try {
    const site = s.rt.twins.get("plc")!;
    const c = s.service.pollers[0].counters;
    await until("first good values", () => site.values.supply_temp === 10);
    dev.mode = "disconnect";
    await until("disconnects seen", () => c.errors.disconnected >= 3);
    // A dropped connection is noticed at once, not after the 2 s timeout.
    assert.equal(c.errors.timeout, 0);
    assert.ok(c.lastScanMs < 500, `scan took ${c.lastScanMs} ms`);
    assert.equal(site.quality.supply_temp, "bad");
    dev.mode = "normal";
    await until("recovery", () => c.commOk && !site.quality.supply_temp);
  } finally {
    await stop(s);
    await dev.close();
  }
});

Deno.test("garbage bytes: counted as frame errors (not timeouts), the stream is re-opened, values and last_error recover", async () => {
  const dev = new FaultyDevice();
  // A timeout far beyond the waits below: a garbled answer must fail at once, not be waited out.
  const s = await start([tcpDevice("plc", dev.port, { timeout_ms: 60_000 })], ["plc"]);
  try {
    const site = s.rt.twins.get("plc")!;
    const link = s.rt.twins.get("plc-link")!;
    const c = s.service.pollers[0].counters;
    await until("first good values", () => site.values.supply_temp === 10);
    dev.mode = "garbage";
    await until("garbage noticed", () => !c.commOk && c.errors.frame >= 2);
    assert.equal(c.errors.timeout, 0, "garbage is not silence");
    assert.match(c.lastError, /holding 10\+4: garbled answer: transaction id \d+ in the header/);
    assert.match(
      s.service.metrics(),
      /fieldtwin_modbus_errors_total\{device="plc",kind="frame"\} [1-9]/,
    );
    assert.equal(site.quality.supply_temp, "bad");
    assert.equal(site.values.supply_temp, 10, "garbage never becomes a value");
    dev.mode = "normal";
    await until("recovery", () => c.commOk && !site.quality.supply_temp);
    assert.equal(site.values.supply_temp, 10);
    await until("the link twin shows the recovery", () => link.values.comm_ok === true);
    assert.equal(c.lastError, "", "a recovered device shows no old error");
    assert.equal(link.values.last_error, "");
  } finally {
    await stop(s);
    await dev.close();
  }
});

Deno.test("RTU over TCP: a gateway that answers only garbage gives frame errors, not timeouts", async () => {
  // Seeded random bytes that never hold a frame with a good CRC for the request.
  const rng = new Random(5, "gateway-garbage");
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  const served = (async () => {
    for await (const conn of listener) {
      (async () => {
        const buf = new Uint8Array(64);
        try {
          while ((await conn.read(buf)) !== null) {
            const junk = Array.from({ length: 13 }, () => Math.floor(rng.next() * 256));
            await conn.write(new Uint8Array(junk));
          }
        } catch { /* closed */ }
        conn.close();
      })();
    }
  })();
  const s = await start([{
    ...tcpDevice("plc", port, { timeout_ms: 150, retries: 0 }),
    transport: { type: "rtu_over_tcp", host: "127.0.0.1", port },
  }], ["plc"]);
  try {
    const c = s.service.pollers[0].counters;
    await until("two garbled answers", () => c.errors.frame >= 2);
    assert.equal(c.errors.timeout, 0);
    assert.equal(c.commOk, false);
    assert.match(c.lastError, /garbled answer: 13 bytes came within the timeout/);
  } finally {
    await stop(s);
    listener.close();
    await served.catch(() => {});
  }
});

Deno.test("RTU over TCP: line noise before an answer is skipped by the CRC check", async () => {
  // A gateway that prefixes every answer with noise, including a fake header.
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  const served = (async () => {
    for await (const conn of listener) {
      (async () => {
        const buf = new Uint8Array(64);
        try {
          while ((await conn.read(buf)) !== null) {
            const frame = [buf[0], 3, 8, 0, 42, 0, 43, 0, 44, 0, 45];
            const crc = crc16(new Uint8Array(frame));
            await conn.write(
              new Uint8Array([0x00, 0xff, buf[0], 3, 7, ...frame, crc & 0xff, crc >> 8]),
            );
          }
        } catch { /* closed */ }
        conn.close();
      })();
    }
  })();
  const s = await start([{
    ...tcpDevice("plc", port),
    transport: { type: "rtu_over_tcp", host: "127.0.0.1", port },
  }], ["plc"]);
  try {
    const site = s.rt.twins.get("plc")!;
    await until("values", () => site.values.coolant_flow === 45);
    assert.deepEqual(
      [site.values.supply_temp, site.values.return_temp, site.values.ambient_temp],
      [42, 43, 44],
    );
    assert.equal(s.service.pollers[0].counters.errors.frame, 0);
  } finally {
    await stop(s);
    listener.close();
    await served.catch(() => {});
  }
});

Deno.test("a very slow device does not slow its healthy neighbours", async () => {
  const unit = new MemoryUnit({ holding: 100 });
  const fast = new SlaveServer({ port: 0, units: new Map([[1, unit]]) });
  // Answers only when released: far past its 50 ms scan period, never past its timeout.
  const slow = new FaultyDevice();
  slow.mode = "held";
  const healthy = ["a", "b", "c"];
  const s = await start([
    ...healthy.map((id) => tcpDevice(id, fast.port, { timeout_ms: 3_000 })),
    tcpDevice("slow", slow.port, { timeout_ms: 60_000 }),
  ], [...healthy, "slow"]);
  try {
    const byId = new Map(s.service.pollers.map((p) => [p.device.id, p.counters]));
    await until("the slow device's first request", () => slow.requests >= 1);
    // While the slow device holds its first answer, each healthy one keeps scanning.
    await until(
      "20 scans of every healthy device",
      () => healthy.every((id) => byId.get(id)!.scans >= 20),
      30_000,
    );
    assert.equal(byId.get("slow")!.scans, 0, "the slow device has not finished one scan");
    for (const id of healthy) assert.equal(byId.get(id)!.commOk, true, id);
    slow.release();
    await until("the slow device's first scan", () => byId.get("slow")!.scans >= 1);
    assert.equal(byId.get("slow")!.commOk, true, "slow but answering");
    assert.ok(byId.get("slow")!.overruns >= 1, "its scan ran past its period");
  } finally {
    await stop(s);
    await fast.close();
    await slow.close();
  }
});
