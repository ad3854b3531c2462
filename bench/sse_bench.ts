/**
 * SSE fan-out: the server runs the demo plant in its own process; N clients
 * on loopback each watch one twin. Measures the delay from a twin's change
 * (its sample timestamp) to the client's receipt, and the server's CPU, with
 * 1,000 clients beside 1 client in the same run.
 *
 * @module
 */
import { type BenchResult, benchResult } from "./bench_result.ts";

/** Figures of one fan-out run. */
export interface FanoutFigures {
  /** Clients connected. */
  clients: number;
  /** Twin updates received in the measuring window. */
  updates: number;
  /** 99th percentile delay, ms. */
  p99Ms: number;
  /** Median delay, ms. */
  p50Ms: number;
  /** Server CPU over the window, percent of one core. */
  serverCpuPct: number;
}

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

async function cpuTicks(pid: number): Promise<number> {
  // Deno reads /proc/<pid> only under --allow-all; `cat` needs just --allow-run.
  const out = await new Deno.Command("cat", { args: [`/proc/${pid}/stat`] }).output();
  const stat = new TextDecoder().decode(out.stdout);
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(fields[11]) + Number(fields[12]); // utime + stime, in clock ticks
}

/** Start the server on the demo plant, connect `clients`, measure for `seconds`. */
export async function measureFanout(
  clients: number,
  seconds: number,
  plant: string,
): Promise<FanoutFigures> {
  const port = freePort();
  const server = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-net",
      "--allow-read",
      "--allow-env",
      "main.ts",
      "--port",
      String(port),
      "--plant",
      plant,
      "--no-history",
    ],
    cwd: new URL("..", import.meta.url).pathname,
    stdout: "null",
    stderr: "inherit",
  }).spawn();
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; i < 100; i++) {
      try {
        const res = await fetch(`${base}/api/health`);
        await res.body?.cancel();
        if (res.ok) break;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    const ids = (await (await fetch(`${base}/api/twins`)).json() as { id: string }[]).map((t) =>
      t.id
    );
    const delays: number[] = [];
    let measuring = false;
    const readers: ReadableStreamDefaultReader<string>[] = [];
    const pumps: Promise<void>[] = [];
    for (let c = 0; c < clients; c++) {
      const res = await fetch(`${base}/api/stream?ids=${encodeURIComponent(ids[c % ids.length])}`);
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
      readers.push(reader);
      pumps.push((async () => {
        let buffer = "";
        for (;;) {
          const { value, done } = await reader.read().catch(() => ({
            value: undefined,
            done: true,
          }));
          if (done) return;
          const now = Date.now();
          buffer += value;
          let cut;
          while ((cut = buffer.indexOf("\n\n")) >= 0) {
            const frame = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            if (!measuring || !frame.startsWith("event: twins")) continue;
            // The sample time of the twin is the first point timestamp in the frame.
            const ts = /"ts":(\d+)/.exec(frame);
            if (ts) delays.push(now - Number(ts[1]));
          }
        }
      })());
    }
    await new Promise((r) => setTimeout(r, 2_000));
    const hz = 100;
    const cpu0 = await cpuTicks(server.pid), t0 = performance.now();
    measuring = true;
    await new Promise((r) => setTimeout(r, seconds * 1000));
    measuring = false;
    const cpuPct = (((await cpuTicks(server.pid)) - cpu0) / hz) /
      ((performance.now() - t0) / 1000) * 100;
    // reader.cancel() ends hundreds of streams at once where aborting hangs.
    await Promise.all(readers.map((r) => r.cancel().catch(() => {})));
    await Promise.all(pumps);
    delays.sort((a, b) => a - b);
    const pick = (q: number) =>
      delays[Math.min(delays.length - 1, Math.floor(q * delays.length))] ?? NaN;
    return {
      clients,
      updates: delays.length,
      p99Ms: pick(0.99),
      p50Ms: pick(0.5),
      serverCpuPct: cpuPct,
    };
  } finally {
    server.kill("SIGTERM");
    await server.status;
  }
}

/** The SSE benchmarks. */
export async function runSseBench(plant: string): Promise<BenchResult[]> {
  const one = await measureFanout(1, 5, plant);
  const many = await measureFanout(1_000, 10, plant);
  const expected = many.clients * 10;
  return [
    benchResult(
      "sse_p99_delay_ms",
      many.p99Ms,
      "ms",
      one.p99Ms,
      `1,000 clients, each watching one twin of the demo plant; received ${many.updates} updates (~${expected} expected); baseline: 1 client; goal <= 100 ms`,
    ),
    benchResult(
      "sse_server_cpu_pct",
      many.serverCpuPct,
      "% of one core",
      one.serverCpuPct,
      "server process CPU while serving 1,000 SSE clients and running the demo plant; baseline: 1 client",
    ),
  ];
}

if (import.meta.main) {
  const plant = Deno.args[0] ?? "plants/demo.json";
  for (const r of await runSseBench(plant)) console.log(JSON.stringify(r));
}
