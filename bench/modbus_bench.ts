/**
 * Modbus benchmarks, each beside a baseline measured in the same run:
 *
 * - poll round, 150 devices x 20 registers: the full poller (scheduling,
 *   decoding, quality, twin and RTU-twin updates) against a bare
 *   modbus-serial loop doing the same reads, both against our simulated
 *   slave and against a pymodbus server (goal: round <= 20 ms, poller within
 *   1.5x of the bare loop);
 * - poll round, 1,000 devices (goal <= 150 ms);
 * - requests/s of our simulated slave over 32 connections beside a pymodbus
 *   server (goal >= 40,000 and >= 2x pymodbus).
 *
 * Slaves run in their own processes, as field devices and pymodbus do.
 *
 *   deno run -A bench/modbus_bench.ts
 *
 * @module
 */
import modbusSerial from "modbus-serial";
import { type BenchResult, benchResult } from "./bench_result.ts";
import { startModbus } from "../drivers/modbus/modbus_service.ts";
import { validatePlant } from "../plant/plant_file.ts";
import { PLANT_SECTIONS } from "../app/plant_sections.ts";
import { Runtime } from "../runtime/runtime.ts";
import { loadKinds } from "../twins/registry.ts";
import { startPymodbus } from "../tests/peers/pymodbus_peer.ts";

interface BareClient {
  connectTCP(host: string, o: { port: number }): Promise<void>;
  setID(id: number): void;
  setTimeout(ms: number): void;
  readHoldingRegisters(a: number, n: number): Promise<{ data: number[] }>;
  close(cb: () => void): void;
}
const ModbusRTU = modbusSerial as unknown as new () => BareClient;

interface Slave {
  port: number;
  stop(): Promise<void>;
}

const SLAVE = new URL("../drivers/modbus/memory_slave_process.ts", import.meta.url).pathname;

/** Our slave in its own Deno process. */
async function startOurSlave(units: number): Promise<Slave> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-net", SLAVE, JSON.stringify({ port: 0, units })],
    stdout: "piped",
    stderr: "inherit",
    stdin: "piped",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!/READY \d+/.test(text)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`slave process exited: ${text}`);
    text += value;
  }
  reader.releaseLock();
  return {
    port: Number(/READY (\d+)/.exec(text)![1]),
    stop: async () => {
      try {
        child.kill("SIGTERM");
      } catch { /* gone */ }
      await child.stdin.close().catch(() => {});
      await child.stdout.cancel().catch(() => {});
      await child.status;
    },
  };
}

/** Requests per second over `conns` connections, each one request in flight. */
async function slaveRequestsPerS(port: number, conns: number, ms: number): Promise<number> {
  // FC 3, 20 registers from 0, unit 1; transaction id 1 is fine one-at-a-time.
  const req = new Uint8Array([0, 1, 0, 0, 0, 6, 1, 3, 0, 0, 0, 20]);
  const answerLen = 9 + 40;
  let count = 0;
  const until = performance.now() + ms;
  await Promise.all(Array.from({ length: conns }, async () => {
    const conn = await Deno.connect({ hostname: "127.0.0.1", port });
    conn.setNoDelay(true);
    const buf = new Uint8Array(4_096);
    try {
      while (performance.now() < until) {
        await conn.write(req);
        let got = 0;
        while (got < answerLen) {
          const n = await conn.read(buf.subarray(got));
          if (n === null) throw new Error("slave closed the connection");
          got += n;
        }
        count++;
      }
    } finally {
      conn.close();
    }
  }));
  return count / (ms / 1000);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function bareClients(port: number, n: number, units: number): Promise<BareClient[]> {
  const clients: BareClient[] = [];
  for (let i = 0; i < n; i++) {
    const c = new ModbusRTU();
    await c.connectTCP("127.0.0.1", { port });
    c.setID((i % units) + 1);
    c.setTimeout(3_000);
    clients.push(c);
  }
  return clients;
}

const POINTS = [
  "supply_temp",
  "return_temp",
  "ambient_temp",
  "coolant_flow",
  "fan_speed",
  "pump_speed",
  "heat_load",
  "heat_rejected",
  "fan_power",
  "pump_power",
];

/** A plant of `n` cooling sites fed from Modbus, each with its link RTU. */
function modbusPlant(n: number, port: number, units: number): unknown {
  const pad = (i: number) => String(i).padStart(4, "0");
  return {
    name: "modbus-bench",
    twins: [
      { id: "site-{i:04}", count: n, kind: "cooling_site", source: { type: "modbus" } },
      {
        id: "link-{i:04}",
        count: n,
        kind: "rtu",
        params: { assets: ["site-{i:04}"] },
        source: { type: "modbus" },
      },
    ],
    devices: Array.from({ length: n }, (_, k) => ({
      id: `dev-${pad(k + 1)}`,
      transport: { type: "tcp", host: "127.0.0.1", port },
      unit_id: (k % units) + 1,
      rtu: `link-${pad(k + 1)}`,
      points: POINTS.map((point, j) => ({
        twin: `site-${pad(k + 1)}`,
        point,
        table: "holding",
        address: 2 * j,
        type: "float32",
      })),
    })),
  };
}

/** Median round (ms) of bare modbus-serial and of the full poller, alternating, same slave. */
async function compareRounds(
  port: number,
  n: number,
  units: number,
  rounds: number,
  withBare = true,
): Promise<{ bare: number; poller: number }> {
  const kinds = await loadKinds();
  const plant = validatePlant(modbusPlant(n, port, units), kinds, PLANT_SECTIONS, "<bench>");
  const rt = new Runtime(plant, kinds, { virtual: true });
  const service = await startModbus(rt, { poll: false, log: () => {} });
  const bare = withBare ? await bareClients(port, n, units) : [];
  try {
    // Warm up: connect every poller, let JIT settle.
    for (let i = 0; i < 5; i++) {
      await Promise.all(service.pollers.map((p) => p.scan()));
      if (withBare) await Promise.all(bare.map((c) => c.readHoldingRegisters(0, 20)));
    }
    const site = rt.twins.get("site-0001")!;
    if (site.quality.supply_temp || site.values.supply_temp === undefined) {
      throw new Error("the poller did not deliver good values");
    }
    const bareMs: number[] = [];
    const pollMs: number[] = [];
    for (let r = 0; r < rounds; r++) {
      if (withBare) {
        const t0 = performance.now();
        await Promise.all(bare.map((c) => c.readHoldingRegisters(0, 20)));
        bareMs.push(performance.now() - t0);
      }
      const t1 = performance.now();
      await Promise.all(service.pollers.map((p) => p.scan()));
      pollMs.push(performance.now() - t1);
    }
    return { bare: withBare ? median(bareMs) : NaN, poller: median(pollMs) };
  } finally {
    for (const c of bare) c.close(() => {});
    await service.stop();
    rt.shutdown();
  }
}

/** Run every Modbus benchmark. */
export async function runModbusBench(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const ours = await startOurSlave(150);
  const py = await startPymodbus({
    mode: "tcp",
    units: Object.fromEntries(
      Array.from({ length: 150 }, (_, i) => [String(i + 1), {
        hr: Array.from({ length: 100 }, (_, k) => k),
      }]),
    ),
    size: 200,
  });
  try {
    const oursRps = await slaveRequestsPerS(ours.port, 32, 2_000);
    const pyRps = await slaveRequestsPerS(py.port, 32, 2_000);
    results.push(benchResult(
      "modbus_slave_requests_per_s",
      oursRps,
      "req/s",
      pyRps,
      "our simulated slave, FC3 x 20 registers over 32 connections, one request in flight each; baseline: pymodbus 3.0 server, same load (goal >= 40,000 and ratio >= 2)",
    ));

    const vsOurs = await compareRounds(ours.port, 150, 150, 60);
    results.push(benchResult(
      "modbus_round_150_ms",
      vsOurs.poller,
      "ms",
      vsOurs.bare,
      "full poller (schedule, decode, quality, twin + RTU-twin updates), 150 devices x 20 registers against our slave; baseline: bare modbus-serial loop, same reads (goal <= 20 ms, ratio <= 1.5)",
    ));
    const vsPy = await compareRounds(py.port, 150, 150, 20);
    results.push(benchResult(
      "modbus_round_150_pymodbus_ms",
      vsPy.poller,
      "ms",
      vsPy.bare,
      "full poller, 150 devices x 20 registers against a pymodbus server; baseline: bare modbus-serial loop, same reads",
    ));
  } finally {
    await py.stop();
    await ours.stop();
  }

  const big = await startOurSlave(250);
  try {
    const k = await compareRounds(big.port, 1_000, 250, 15, false);
    results.push(benchResult(
      "modbus_round_1000_ms",
      k.poller,
      "ms",
      null,
      "full poller, 1,000 devices x 20 registers against our slave (goal <= 150 ms)",
    ));
  } finally {
    await big.stop();
  }
  return results;
}

if (import.meta.main) {
  for (const r of await runModbusBench()) console.log(JSON.stringify(r));
}
