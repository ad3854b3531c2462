/**
 * SSE fan-out: the server runs the demo plant in its own process and the
 * viewers run in another (`bench/sse_clients.ts`), each watching one twin.
 * Measures the delay from a twin's change (its newest sample timestamp) to
 * a viewer's receipt, and the server's CPU, with 1,000 and 10,000 viewers
 * beside 1 viewer in the same run. Each figure is the median of several
 * runs, with the spread in the note.
 *
 * Beside each, the same viewers read a bare `Deno.serve` fan-out of a frame
 * of the same size (`bench/sse_floor_server.ts`): the floor the platform and
 * the machine set at that moment, so a delay splits into ours and theirs.
 *
 * Both child processes raise their open-file limit to the hard limit
 * (`ulimit -n`), since 10,000 streams need 10,000 sockets on each side.
 *
 *   deno run --allow-net --allow-read --allow-write --allow-run --allow-env bench/sse_bench.ts [plant] [runs]
 *
 * @module
 */
import { type BenchResult, benchResult } from "./bench_result.ts";
import type { ClientReport } from "./sse_clients.ts";
import { startTaskV8Flags } from "./start_flags.ts";

/** Figures of one fan-out run. */
export interface FanoutFigures extends ClientReport {
  /** Server CPU over the window, percent of one core. */
  serverCpuPct: number;
  /** The viewers' process CPU over the window, percent of one core. */
  clientCpuPct: number;
}

const ROOT = new URL("..", import.meta.url).pathname;
// Runs `exec "$@"` with the open-file limit raised as far as the hard limit allows.
const RAISED = ["-c", 'ulimit -n "$(ulimit -Hn)" && exec "$@"', "sh"];

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

/**
 * A copy of `plant` whose Modbus slaves bind free ports, so the bench never
 * collides with a demo running beside it.
 */
async function benchPlant(plant: string): Promise<string> {
  const doc = JSON.parse(await Deno.readTextFile(plant));
  for (const s of doc.modbus_servers ?? []) s.port = 0;
  const path = await Deno.makeTempFile({ prefix: "sse_bench_", suffix: ".json" });
  await Deno.writeTextFile(path, JSON.stringify(doc));
  return path;
}

/**
 * What serves the stream: the demo plant (with logins on when `auth`), or
 * the bare floor writing frames of `bytes`.
 */
export type FanoutServer = { plant: string; auth?: boolean } | { floorBytes: number };

/** Start `what`, run `clients` viewers in their own process, measure for `seconds`. */
export async function measureFanout(
  clients: number,
  seconds: number,
  what: FanoutServer,
): Promise<FanoutFigures> {
  const port = freePort();
  const auth = "plant" in what && what.auth;
  const data = auth ? await Deno.makeTempDir({ prefix: "sse_bench_auth_" }) : undefined;
  const serverArgs = "plant" in what
    ? [
      // As `deno task start` runs it.
      ...startTaskV8Flags(),
      "--allow-net",
      "--allow-read",
      "--allow-env",
      ...(data ? ["--allow-write"] : []),
      "main.ts",
      "--port",
      String(port),
      "--plant",
      what.plant,
      "--no-history",
      ...(data ? ["--auth", "on", "--data", data] : ["--no-records"]),
    ]
    : [
      "--allow-net",
      "bench/sse_floor_server.ts",
      "--port",
      String(port),
      "--bytes",
      String(what.floorBytes),
    ];
  const server = new Deno.Command("sh", {
    args: [...RAISED, Deno.execPath(), "run", ...serverArgs],
    cwd: ROOT,
    stdout: data ? "piped" : "null",
    stderr: "inherit",
  }).spawn();
  const base = `http://127.0.0.1:${port}`;
  try {
    const password = data ? await firstAdminPassword(server.stdout) : undefined;
    // Ready, or give up after 30 s: a server that answers but is not ready
    // (or lacks the probe) must not keep this loop spinning.
    for (let i = 0;; i++) {
      try {
        const res = await fetch(`${base}/api/health/ready`);
        await res.body?.cancel();
        if (res.ok) break;
      } catch {
        // not listening yet
      }
      if (i > 300) throw new Error(`server on ${base} did not become ready`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const token = password === undefined ? undefined : await login(base, password);
    const viewers = new Deno.Command("sh", {
      args: [
        ...RAISED,
        Deno.execPath(),
        "run",
        "--allow-net",
        "bench/sse_clients.ts",
        "--url",
        base,
        "--clients",
        String(clients),
        "--measure-s",
        String(seconds),
        ...(token ? ["--token", token] : []),
      ],
      cwd: ROOT,
      stdout: "piped",
      stderr: "inherit",
    }).spawn();
    let cpu0 = 0, clientCpu0 = 0, t0 = 0, cpuPct = NaN, clientCpuPct = NaN;
    let report: ClientReport | undefined;
    const lines = viewers.stdout.pipeThrough(new TextDecoderStream());
    let buffer = "";
    for await (const chunk of lines) {
      buffer += chunk;
      let cut;
      while ((cut = buffer.indexOf("\n")) >= 0) {
        const msg = JSON.parse(buffer.slice(0, cut));
        buffer = buffer.slice(cut + 1);
        if (msg.phase === "measuring") {
          [cpu0, clientCpu0] = await Promise.all([cpuTicks(server.pid), cpuTicks(viewers.pid)]);
          t0 = performance.now();
        } else if (msg.phase === "done") {
          const [cpu1, clientCpu1] = await Promise.all([
            cpuTicks(server.pid),
            cpuTicks(viewers.pid),
          ]);
          const pct = (ticks: number) => ticks / 100 / ((performance.now() - t0) / 1000) * 100;
          cpuPct = pct(cpu1 - cpu0);
          clientCpuPct = pct(clientCpu1 - clientCpu0);
        } else report = msg as ClientReport;
      }
    }
    const status = await viewers.status;
    if (!status.success || !report) throw new Error(`sse_clients exited with ${status.code}`);
    return { ...report, serverCpuPct: cpuPct, clientCpuPct };
  } finally {
    server.kill("SIGTERM");
    await server.status;
    if (data) await Deno.remove(data, { recursive: true });
  }
}

/** The password `start` prints for the first admin; the rest of its output is drained. */
async function firstAdminPassword(
  stdout: ReadableStream<Uint8Array<ArrayBuffer>>,
): Promise<string> {
  const lines = stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  for (;;) {
    const { value, done } = await lines.read();
    if (done) throw new Error("the server ended before printing the admin password");
    text += value;
    const m = /created user "admin" with password (\S+)/.exec(text);
    if (m) {
      (async () => {
        while (!(await lines.read()).done) { /* drain */ }
      })();
      return m[1];
    }
  }
}

/** An access token for the admin. */
async function login(base: string, password: string): Promise<string> {
  for (let i = 0;; i++) {
    try {
      const res = await fetch(`${base}/api/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ user: "admin", password }),
      });
      if (!res.ok) throw new Error(`login: ${res.status} ${await res.text()}`);
      return (await res.json()).access_token;
    } catch (e) {
      if (i > 300) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

const fmt = (x: number) => Number(x.toPrecision(3));

/** One line on stderr per measurement: a full run takes minutes. */
function progress(f: FanoutFigures, what: string): FanoutFigures {
  console.error(
    `sse bench: ${what}, ${f.clients} viewers: p50 ${f.p50Ms} ms, p99 ${f.p99Ms} ms, server ${
      fmt(f.serverCpuPct)
    } %, viewers ${
      fmt(f.clientCpuPct)
    } %, ${f.updates} updates, connected ${f.connected} in ${f.connectS} s`,
  );
  return f;
}

/** The median of `runs` and their spread, as a note fragment. */
function summary(runs: FanoutFigures[], key: "p99Ms" | "p50Ms" | "serverCpuPct") {
  const xs = runs.map((r) => r[key]).sort((a, b) => a - b);
  const median = xs[Math.floor(xs.length / 2)];
  return { median, spread: `median of ${xs.length} runs; runs: ${xs.map(fmt).join(", ")}` };
}

/** The SSE benchmarks: `runs` runs each of 1, 1,000 and 10,000 viewers, and the floor. */
export async function runSseBench(plantFile: string, runs = 3): Promise<BenchResult[]> {
  const plant = await benchPlant(plantFile);
  const sizes = [1_000, 10_000];
  try {
    const one: FanoutFigures[] = [];
    const authed: FanoutFigures[] = [];
    const ours = new Map<number, FanoutFigures[]>(sizes.map((n) => [n, []]));
    const floor = new Map<number, FanoutFigures[]>(sizes.map((n) => [n, []]));
    // Interleaved, so drift on a shared machine spreads over every figure alike.
    for (let r = 0; r < runs; r++) {
      one.push(progress(await measureFanout(1, 5, { plant }), "plant"));
      authed.push(
        progress(await measureFanout(1_000, 10, { plant, auth: true }), "plant, auth on"),
      );
      for (const n of sizes) {
        const f = progress(await measureFanout(n, 10, { plant }), "plant");
        ours.get(n)!.push(f);
        floor.get(n)!.push(
          progress(await measureFanout(n, 10, { floorBytes: f.frameBytes }), "floor"),
        );
      }
    }
    const out: BenchResult[] = [];
    const oneP99 = summary(one, "p99Ms").median, oneP50 = summary(one, "p50Ms").median;
    const oneCpu = summary(one, "serverCpuPct").median;
    for (const n of sizes) {
      const label = n.toLocaleString("en");
      const prefix = n === 1_000 ? "sse" : "sse_10k";
      const got = ours.get(n)!, bare = floor.get(n)!;
      const health = `received ${got.map((f) => f.updates).join("/")} updates (~${
        n * 10
      } expected per run), connected ${got.map((f) => f.connected).join("/")} in ${
        got.map((f) => f.connectS).join("/")
      } s, errors ${got.map((f) => f.errors).join("/")}, resyncs ${
        got.map((f) => f.resyncs).join("/")
      }, viewer process CPU ${got.map((f) => Math.round(f.clientCpuPct)).join("/")} %`;
      const p99 = summary(got, "p99Ms"), p50 = summary(got, "p50Ms");
      const cpu = summary(got, "serverCpuPct");
      const floorP99 = summary(bare, "p99Ms"), floorP50 = summary(bare, "p50Ms");
      const floorCpu = summary(bare, "serverCpuPct");
      out.push(
        benchResult(
          `${prefix}_p99_delay_ms`,
          p99.median,
          "ms",
          oneP99,
          `${label} viewers in a separate process, each watching one twin of the demo plant; ${p99.spread}; ${health}; bare Deno.serve fan-out of the same frames in the same run: p99 ${
            fmt(floorP99.median)
          } ms (${floorP99.spread}); baseline: 1 viewer${n === 1_000 ? "; goal <= 50 ms" : ""}`,
        ),
        benchResult(
          `${prefix}_p50_delay_ms`,
          p50.median,
          "ms",
          oneP50,
          `${label} viewers; ${p50.spread}; bare fan-out floor p50 ${
            fmt(floorP50.median)
          } ms (${floorP50.spread}); baseline: 1 viewer`,
        ),
        benchResult(
          `${prefix}_server_cpu_pct`,
          cpu.median,
          "% of one core",
          oneCpu,
          `server process CPU while serving ${label} SSE viewers and running the demo plant; ${cpu.spread}; bare fan-out floor ${
            fmt(floorCpu.median)
          } %; baseline: 1 viewer`,
        ),
        benchResult(
          `${prefix}_floor_p99_delay_ms`,
          floorP99.median,
          "ms",
          null,
          `bare Deno.serve writing one ${
            bare[0].frameBytes
          }-byte frame a second to ${label} viewers (no plant, no hub): what the platform and this machine cost at the time; ${floorP99.spread}`,
        ),
      );
    }
    const open = ours.get(1_000)!;
    const authP99 = summary(authed, "p99Ms"), authCpu = summary(authed, "serverCpuPct");
    out.push(
      benchResult(
        "sse_auth_p99_delay_ms",
        authP99.median,
        "ms",
        summary(open, "p99Ms").median,
        `1,000 viewers with logins on, each stream opened with an access token; ${authP99.spread}; errors ${
          authed.map((f) => f.errors).join("/")
        }; baseline: the same 1,000 viewers with auth off in the same run`,
      ),
      benchResult(
        "sse_auth_server_cpu_pct",
        authCpu.median,
        "% of one core",
        summary(open, "serverCpuPct").median,
        `server CPU with 1,000 authenticated viewers; ${authCpu.spread}; baseline: auth off`,
      ),
    );
    return out;
  } finally {
    await Deno.remove(plant);
  }
}

if (import.meta.main) {
  const plant = Deno.args[0] ?? new URL("../plants/demo.json", import.meta.url).pathname;
  const runs = Number(Deno.args[1] ?? 3);
  for (const r of await runSseBench(plant, runs)) console.log(JSON.stringify(r));
}
