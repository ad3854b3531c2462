/**
 * The load the slave benchmark puts on a Modbus TCP slave, in its own
 * process: `conns` masters, each with one FC 3 request (20 registers, unit
 * 1) in flight at a time, for `ms` milliseconds. It is kept lean (no clock
 * read or await per write, no allocation per answer) so that the slave, not
 * the load, is what runs out first; the same load drives our slave and the
 * pymodbus baseline.
 *
 *   deno run --allow-net bench/modbus_load_process.ts PORT CONNS MS
 *
 * Prints one JSON line: `{"requests": n, "ms": elapsed, "cpuS": its CPU seconds in the run}`.
 *
 * @module
 */
import process from "node:process";

/** What one load run reports. */
export interface LoadReport {
  /** Requests answered. */
  requests: number;
  /** Wall time of the run, ms. */
  ms: number;
  /** CPU seconds the load process used (user + system) during the run. */
  cpuS: number;
}

const REQUEST = new Uint8Array([0, 1, 0, 0, 0, 6, 1, 3, 0, 0, 0, 20]);
const ANSWER = 9 + 40;

/** Run the load against `port` and report what was answered. */
export async function runLoad(port: number, conns: number, ms: number): Promise<LoadReport> {
  const sockets = await Promise.all(Array.from({ length: conns }, async () => {
    const conn = await Deno.connect({ hostname: "127.0.0.1", port });
    conn.setNoDelay(true);
    return conn;
  }));
  let requests = 0;
  let running = true;
  const timer = setTimeout(() => running = false, ms);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(sockets.map(async (conn) => {
    const buf = new Uint8Array(256);
    try {
      while (running) {
        // The answer is awaited below; the write needs no await of its own.
        conn.write(REQUEST).catch(() => {});
        let got = 0;
        while (got < ANSWER) {
          const n = await conn.read(got === 0 ? buf : buf.subarray(got));
          if (n === null) throw new Error("the slave closed the connection");
          got += n;
        }
        requests++;
      }
    } finally {
      conn.close();
    }
  }));
  clearTimeout(timer);
  const elapsed = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { requests, ms: elapsed, cpuS: (cpu.user + cpu.system) / 1e6 };
}

if (import.meta.main) {
  const [port, conns, ms] = Deno.args.map(Number);
  console.log(JSON.stringify(await runLoad(port, conns, ms)));
}
