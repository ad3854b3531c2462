/**
 * The InfluxDB sink beside the bare client, both writing to a real
 * VictoriaMetrics (InfluxDB v2 write API) in the same run:
 *
 * - value: points/s through `InfluxSink` (line protocol, appended to its
 *   on-disk buffer, forwarded in batches, each batch deleted once the
 *   server confirmed it), from the first sample handed over until the
 *   buffer is empty;
 * - baseline: points/s through the bare `@influxdata/influxdb-client`
 *   WriteApi writing the same lines (`writeRecord` per point, its own
 *   batches of the same size, sent as each fills, several in flight), until
 *   the server has confirmed them all; no buffer.
 *
 * Both are fed the same samples in slices of 5,000 with a turn of the event
 * loop between slices, as a recorder hands them over; rounds alternate sink
 * and client so drift on a shared machine falls on both. Goal: the sink at
 * least 0.8 of the bare client. `INFLUX_BENCH_POINTS` and
 * `INFLUX_BENCH_ROUNDS` change the size (default 200,000 points, 5 rounds).
 *
 *   deno run --allow-all bench/influx_bench.ts
 *
 * @module
 */
import process from "node:process";
import { InfluxDB } from "@influxdata/influxdb-client";
import type { PointSample } from "../history/history_store.ts";
import { INFLUX_DEFAULTS } from "../history/influx/influx_section.ts";
import { InfluxSink } from "../history/influx/influx_sink.ts";
import { LineEncoder } from "../history/influx/line_protocol.ts";
import { VictoriaMetrics } from "../tests/peers/victoria_metrics.ts";
import { type BenchResult, benchResult } from "./bench_result.ts";

const T0 = Date.UTC(2026, 0, 1);
const SERIES = 500;
const SLICE = 5_000;
const BATCH = INFLUX_DEFAULTS.batchSize;

/** Median of `xs`. */
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Median and range of `xs`, rounded for printing. */
function spread(xs: number[]) {
  const r = (x: number) => Number(x.toPrecision(4));
  return { median: r(median(xs)), min: r(Math.min(...xs)), max: r(Math.max(...xs)) };
}

/** `n` samples of `SERIES` points, one second apart per point, starting at `start`. */
function makeSamples(n: number, start: number): PointSample[] {
  return Array.from({ length: n }, (_, k) => ({
    twin: `twin-${k % SERIES}`,
    point: "flow",
    unit: "m3/h",
    ts: start + Math.floor(k / SERIES) * 1000,
    value: Math.sin(k) * 100,
    quality: "good",
  }));
}

const turn = () => new Promise((r) => setTimeout(r, 0));

/** Points/s (wall clock) and this process's CPU µs per point of one run. */
interface Run {
  rate: number;
  cpuUsPerPoint: number;
}

/** CPU time of this process (user and system), µs. */
function cpuNow(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

/** Points/s through the sink, until its buffer is empty. */
async function viaSink(url: string, dir: string, samples: PointSample[]): Promise<Run> {
  const path = `${dir}/bench-${crypto.randomUUID()}.influx-buffer.sqlite`;
  const sink = new InfluxSink({
    ...INFLUX_DEFAULTS,
    url,
    token: "",
    org: "bench",
    bucket: "bench",
    bufferPath: path,
  });
  const c0 = cpuNow();
  const t0 = performance.now();
  for (let i = 0; i < samples.length; i += SLICE) {
    sink.write(samples.slice(i, i + SLICE));
    await turn();
  }
  sink.flushNow();
  await sink.whenEmpty();
  const s = (performance.now() - t0) / 1000;
  const cpu = cpuNow() - c0;
  if (sink.stats.written !== samples.length) {
    throw new Error(`the sink wrote ${sink.stats.written} of ${samples.length} points`);
  }
  sink.close();
  await sink.closed();
  return { rate: samples.length / s, cpuUsPerPoint: cpu / samples.length };
}

/**
 * Points/s through the bare client's WriteApi, the same lines in batches of
 * the same size, until the server has confirmed every batch (`close` waits
 * only for the last one; the batches it sent on its own as each filled may
 * still be in flight, so confirmations are counted).
 */
async function viaClient(url: string, samples: PointSample[]): Promise<Run> {
  let failed: Error | undefined;
  let confirmed = 0;
  let done = () => {};
  const all = new Promise<void>((resolve) => done = resolve);
  const api = new InfluxDB({ url }).getWriteApi("bench", "bench", "ms", {
    batchSize: BATCH,
    flushInterval: 0,
    maxRetries: 0,
    writeFailed(e) {
      failed = e;
      done();
      return Promise.reject(e);
    },
    writeSuccess(lines) {
      confirmed += lines.length;
      if (confirmed === samples.length) done();
    },
  });
  const enc = new LineEncoder();
  const c0 = cpuNow();
  const t0 = performance.now();
  for (let i = 0; i < samples.length; i += SLICE) {
    const end = Math.min(samples.length, i + SLICE);
    for (let k = i; k < end; k++) {
      const s = samples[k];
      api.writeRecord(enc.encode(s.twin, s.point, s.unit!, s.ts, s.value, s.quality)!);
    }
    await turn();
  }
  await api.flush().catch(() => {});
  await all;
  const s = (performance.now() - t0) / 1000;
  const cpu = cpuNow() - c0;
  await api.close().catch(() => {});
  if (failed) throw failed;
  return { rate: samples.length / s, cpuUsPerPoint: cpu / samples.length };
}

/** Run the sink and the bare client alternately against one VictoriaMetrics. */
export async function runInfluxBench(): Promise<BenchResult[]> {
  const points = Number(Deno.env.get("INFLUX_BENCH_POINTS") ?? 200_000);
  const rounds = Number(Deno.env.get("INFLUX_BENCH_ROUNDS") ?? 5);
  const vm = await VictoriaMetrics.start();
  const dir = await Deno.makeTempDir({ prefix: "influx-bench-" });
  const sink: Run[] = [];
  const client: Run[] = [];
  try {
    // Each run writes its own time range, so no run overwrites another.
    const span = Math.ceil(points / SERIES) * 1000;
    let run = 0;
    const next = () => makeSamples(points, T0 + span * run++);
    // A warm-up of each (JIT, the server's first series).
    await viaSink(vm.url, dir, next());
    await viaClient(vm.url, next());
    for (let k = 0; k < rounds; k++) {
      sink.push(await viaSink(vm.url, dir, next()));
      client.push(await viaClient(vm.url, next()));
    }
  } finally {
    await vm.dispose();
    await Deno.remove(dir, { recursive: true });
  }
  const rate = (rs: Run[]) => rs.map((r) => r.rate);
  const cpu = (rs: Run[]) => rs.map((r) => r.cpuUsPerPoint);
  return [{
    ...benchResult(
      "influx_sink_points_per_s",
      median(rate(sink)),
      "points/s",
      median(rate(client)),
      `InfluxDB sink (line protocol, on-disk buffer, delete after 204) to VictoriaMetrics; ` +
        `baseline: the bare @influxdata/influxdb-client WriteApi writing the same ${points} ` +
        `points in batches of ${BATCH}; ${rounds} alternating rounds, medians of wall-clock ` +
        `rates; cpu_us_per_point: this process's CPU (not the server's) ` +
        `(goal: ratio at least 0.8)`,
    ),
    runs: spread(rate(sink)),
    baseline_runs: spread(rate(client)),
    ratio_runs: spread(sink.map((x, k) => x.rate / client[k].rate)),
    cpu_us_per_point: spread(cpu(sink)),
    cpu_us_per_point_baseline: spread(cpu(client)),
  } as BenchResult];
}

if (import.meta.main) {
  for (const r of await runInfluxBench()) console.log(JSON.stringify(r));
}
