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
 *   server, several alternating rounds, median and range (goal: median
 *   ratio >= 3), and each slave's CPU per request in the same runs.
 *
 * Slaves run in their own processes, as field devices and pymodbus do.
 *
 *   deno run -A bench/modbus_bench.ts          # every figure
 *   deno run -A bench/modbus_bench.ts slave    # only the slave beside pymodbus
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
import type { LoadReport } from "./modbus_load_process.ts";

interface BareClient {
  connectTCP(host: string, o: { port: number }): Promise<void>;
  setID(id: number): void;
  setTimeout(ms: number): void;
  readHoldingRegisters(a: number, n: number): Promise<{ data: number[] }>;
  close(cb: () => void): void;
}
const ModbusRTU = modbusSerial as unknown as new () => BareClient;

interface Slave {
  pid: number;
  port: number;
  stop(): Promise<void>;
}

/** Rounds of the slave comparison (`MODBUS_SLAVE_ROUNDS` overrides, for a quick look). */
const SLAVE_ROUNDS = Number(Deno.env.get("MODBUS_SLAVE_ROUNDS") ?? 7);

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
    pid: child.pid,
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

const LOAD = new URL("./modbus_load_process.ts", import.meta.url).pathname;

/** One load run against a slave: its answer rate and the CPU each side spent per request. */
interface SlaveRun {
  /** Requests answered per second. */
  rps: number;
  /** The slave process's CPU per answered request, µs. */
  slaveUs: number;
  /** The load process's CPU per answered request, µs. */
  loadUs: number;
}

async function cpuTicks(pid: number): Promise<number> {
  // Deno reads /proc/<pid> only under --allow-all; `cat` needs just --allow-run.
  const out = await new Deno.Command("cat", { args: [`/proc/${pid}/stat`] }).output();
  const stat = new TextDecoder().decode(out.stdout);
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(fields[11]) + Number(fields[12]); // utime + stime, in clock ticks (1/100 s)
}

/**
 * Requests per second over `conns` connections, each one request in flight,
 * from a load process of its own (so the load and the slave each get a core).
 */
async function slaveRun(slavePid: number, port: number, conns: number, ms: number) {
  const before = await cpuTicks(slavePid);
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-net", LOAD, String(port), String(conns), String(ms)],
    stdout: "piped",
    stderr: "inherit",
  }).output();
  const after = await cpuTicks(slavePid);
  if (!out.success) throw new Error(`the load process failed against port ${port}`);
  const r = JSON.parse(new TextDecoder().decode(out.stdout)) as LoadReport;
  return {
    rps: r.requests / (r.ms / 1000),
    slaveUs: ((after - before) / 100) / r.requests * 1e6,
    loadUs: r.cpuS / r.requests * 1e6,
  } satisfies SlaveRun;
}

/** Median and range of `xs`, rounded for printing. */
function spread(xs: number[]): { median: number; min: number; max: number; runs: number[] } {
  const r = (x: number) => Number(x.toPrecision(4));
  return {
    median: r(median(xs)),
    min: r(Math.min(...xs)),
    max: r(Math.max(...xs)),
    runs: xs.map(r),
  };
}

/**
 * Our slave beside pymodbus under the same load, `rounds` times, the order
 * alternating each round so that drift on a shared machine falls on both.
 */
async function compareSlaves(
  ours: { pid: number; port: number },
  py: { pid: number; port: number },
  rounds: number,
): Promise<BenchResult[]> {
  const o: SlaveRun[] = [];
  const p: SlaveRun[] = [];
  for (let k = 0; k < rounds; k++) {
    if (k % 2 === 0) {
      o.push(await slaveRun(ours.pid, ours.port, 32, 2_000));
      p.push(await slaveRun(py.pid, py.port, 32, 2_000));
    } else {
      p.push(await slaveRun(py.pid, py.port, 32, 2_000));
      o.push(await slaveRun(ours.pid, ours.port, 32, 2_000));
    }
  }
  const ratios = o.map((x, k) => x.rps / p[k].rps);
  const rps = Object.assign(
    benchResult(
      "modbus_slave_requests_per_s",
      median(o.map((x) => x.rps)),
      "req/s",
      median(p.map((x) => x.rps)),
      `our simulated slave, FC3 x 20 registers over 32 connections, one request in flight each, from a load process of its own; baseline: pymodbus 3.0 server, same load, alternating, ${rounds} rounds of 2 s; value and baseline are medians, ratio_runs the per-round ratios (goal: median ratio >= 3)`,
    ),
    { ratio_median: spread(ratios).median, ratio_runs: spread(ratios) },
  );
  const cpu = Object.assign(
    benchResult(
      "modbus_slave_cpu_us_per_request",
      median(o.map((x) => x.slaveUs)),
      "us",
      median(p.map((x) => x.slaveUs)),
      "CPU (user + system) of the slave process per answered request, same runs: what bounds a slave at one core, and less disturbed by other load on the machine than req/s; the load process spent load_us per request",
    ),
    {
      runs: spread(o.map((x) => x.slaveUs)),
      baseline_runs: spread(p.map((x) => x.slaveUs)),
      load_us: spread(o.map((x) => x.loadUs)),
    },
  );
  return [rps, cpu];
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

/** Run every Modbus benchmark (`slaveOnly`: just our slave beside pymodbus). */
export async function runModbusBench(slaveOnly = false): Promise<BenchResult[]> {
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
    results.push(...await compareSlaves(ours, py, SLAVE_ROUNDS));
    if (slaveOnly) return results;

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
  // `deno run -A bench/modbus_bench.ts slave`: only the slave comparison.
  for (const r of await runModbusBench(Deno.args[0] === "slave")) console.log(JSON.stringify(r));
}
