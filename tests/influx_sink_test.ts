/**
 * The InfluxDB sink against a real VictoriaMetrics (InfluxDB v2 write API):
 * an outage in the middle of a run, a restart of the sink with points still
 * buffered, and a full buffer. Every point is checked by count and by value
 * in what the server exports.
 */
import assert from "node:assert/strict";
import type { PointSample } from "../history/history_store.ts";
import { INFLUX_DEFAULTS } from "../history/influx/influx_section.ts";
import { InfluxSink, type InfluxSinkOptions } from "../history/influx/influx_sink.ts";
import type { Quality } from "../twins/point.ts";
import { type ExportedSeries, VictoriaMetrics } from "./peers/victoria_metrics.ts";

/** Sample times start here (a fixed past day, so the export's range is known). */
const BASE = Date.UTC(2026, 0, 1);
const TWINS = 4;

/** Sample `k`: series `t{k % 4}`, time BASE + k, value k / 2, every tenth uncertain. */
function sample(k: number): PointSample {
  const quality: Quality = k % 10 === 3 ? "uncertain" : "good";
  return { twin: `t${k % TWINS}`, point: "x", unit: "bar", ts: BASE + k, value: k / 2, quality };
}

const samples = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => sample(from + i));

async function until(what: string, cond: () => boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function options(url: string, dir: string, logs: string[]): InfluxSinkOptions {
  return {
    ...INFLUX_DEFAULTS,
    url,
    token: "",
    org: "ops",
    bucket: "fieldtwin",
    batchSize: 100,
    flushIntervalMs: 20,
    retryMinMs: 20,
    retryMaxMs: 200,
    timeoutMs: 5_000,
    bufferPath: `${dir}/plant.influx-buffer.sqlite`,
    log: (m) => logs.push(m),
  };
}

/** Wait until the server exports `count` samples of the sink's series, and return them. */
async function exported(vm: VictoriaMetrics, count: number): Promise<ExportedSeries[]> {
  let series: ExportedSeries[] = [];
  const total = () => series.reduce((n, s) => n + s.values.length, 0);
  const deadline = Date.now() + 20_000;
  for (;;) {
    await vm.forceFlush();
    series = await vm.export('{__name__="fieldtwin_value"}', BASE + 86_400_000);
    if (total() >= count || Date.now() > deadline) return series;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Check that the server holds exactly samples `from` to `to`, each once, in time order. */
function assertExactly(series: ExportedSeries[], from: number, to: number): void {
  const byTwin = new Map<string, { ts: number; value: number; quality: string }[]>();
  for (const s of series) {
    assert.equal(s.metric.point, "x");
    assert.equal(s.metric.unit, "bar");
    const rows = byTwin.get(s.metric.twin) ?? [];
    s.timestamps.forEach((ts, i) =>
      rows.push({ ts, value: s.values[i], quality: s.metric.quality })
    );
    byTwin.set(s.metric.twin, rows);
  }
  let total = 0;
  for (let t = 0; t < TWINS; t++) {
    const rows = (byTwin.get(`t${t}`) ?? []).sort((a, b) => a.ts - b.ts);
    const want = samples(from, to).filter((s) => s.twin === `t${t}`);
    assert.equal(
      rows.length,
      want.length,
      `t${t}: ${rows.length} samples, expected ${want.length}`,
    );
    want.forEach((w, i) => {
      const got = rows[i];
      assert.deepEqual(
        [got.ts, got.value, got.quality],
        [w.ts, w.value, w.quality],
        `t${t} sample ${i}`,
      );
    });
    total += rows.length;
  }
  assert.equal(total, to - from);
}

Deno.test("influx sink: VictoriaMetrics stopped mid-run and restarted; every point arrives once, in order", async () => {
  const vm = await VictoriaMetrics.start();
  const dir = await Deno.makeTempDir();
  const logs: string[] = [];
  const sink = new InfluxSink(options(vm.url, dir, logs));
  let k = 0;
  let producing = true;
  let longestWrite = 0;
  // The live side: 20 samples every 5 ms, whatever the server does.
  const producer = (async () => {
    while (producing) {
      const t0 = performance.now();
      sink.write(samples(k, k + 20));
      longestWrite = Math.max(longestWrite, performance.now() - t0);
      k += 20;
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  try {
    await until("the first writes", () => sink.stats.written >= 400);
    await vm.stop();
    const atStop = k;
    await until(
      "the sink to notice the outage",
      () => sink.stats.failures >= 2 && !sink.stats.connected,
    );
    await until("points produced during the outage", () => k >= atStop + 600);
    const held = sink.buffered;
    assert.ok(held >= 400, `points held during the outage: ${held}`);
    const writtenBefore = sink.stats.written;
    await vm.restart();
    await until("the backlog to be written", () => sink.stats.written >= writtenBefore + held);
    assert.ok(sink.stats.connected);
    producing = false;
    await producer;
    sink.flushNow();
    await sink.whenEmpty();
    assert.equal(sink.stats.written, k);
    assert.equal(sink.stats.dropped, 0);
    assert.equal(sink.buffered, 0);
    // The live side never waited on the network (a sample write is a local append).
    assert.ok(longestWrite < 1_000, `longest write ${longestWrite} ms`);
    assert.ok(logs.some((l) => /failed .*points kept on disk, retrying/.test(l)), logs.join("\n"));
    assert.ok(logs.some((l) => l.includes("works again")), logs.join("\n"));
    assertExactly(await exported(vm, k), 0, k);
    const metrics = sink.prometheus();
    assert.match(metrics, new RegExp(`^fieldtwin_influx_written_points_total ${k}$`, "m"));
    assert.match(metrics, /^fieldtwin_influx_buffered_points 0$/m);
    assert.match(metrics, /^fieldtwin_influx_connected 1$/m);
  } finally {
    producing = false;
    await producer;
    sink.close();
    await sink.closed();
    await vm.dispose();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("influx sink: a full buffer drops the oldest; a restarted sink sends what the file holds", async () => {
  const vm = await VictoriaMetrics.start();
  const dir = await Deno.makeTempDir();
  // The server is down: every write fails.
  await vm.stop();
  const logs: string[] = [];
  const first = new InfluxSink({ ...options(vm.url, dir, logs), bufferLimitPoints: 300 });
  try {
    for (let k = 0; k < 1000; k += 100) first.write(samples(k, k + 100));
    assert.equal(first.stats.dropped, 700);
    assert.equal(first.buffered, 300);
    assert.equal(
      logs.filter((m) => m.includes("buffer is full (300 points)")).length,
      1,
      logs.join("\n"),
    );
    await until("a failed write", () => first.stats.failures >= 1);
    const metrics = first.prometheus();
    assert.match(metrics, /^fieldtwin_influx_dropped_points_total 700$/m);
    assert.match(metrics, /^fieldtwin_influx_buffered_points 300$/m);
    assert.match(metrics, /^fieldtwin_influx_connected 0$/m);
  } finally {
    first.close();
    await first.closed();
  }
  // fieldtwin starts again, now with the server reachable.
  await vm.restart();
  const second = new InfluxSink(options(vm.url, dir, logs));
  try {
    assert.equal(second.buffered, 300);
    assert.ok(logs.some((m) => m.includes("300 points left from an earlier run")));
    await second.whenEmpty();
    assert.equal(second.stats.written, 300);
    assertExactly(await exported(vm, 300), 700, 1000);
  } finally {
    second.close();
    await second.closed();
    await vm.dispose();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("influx sink: points buffered for target A are not sent to target B, and reach A when the plant goes back to A", async () => {
  const a = await VictoriaMetrics.start();
  const b = await VictoriaMetrics.start();
  const dir = await Deno.makeTempDir();
  const logs: string[] = [];
  try {
    // A is down: 300 points wait in the buffer for A.
    await a.stop();
    const first = new InfluxSink(options(a.url, dir, logs));
    first.write(samples(0, 300));
    await until("a failed write to A", () => first.stats.failures >= 1);
    assert.equal(first.buffered, 300);
    first.close();
    await first.closed();

    // The operator points the plant at B: A's points stay behind, named in one line.
    const second = new InfluxSink(options(b.url, dir, logs));
    try {
      assert.equal(second.buffered, 0);
      const line = logs.find((l) => l.includes("are not sent to the new target"));
      assert.ok(line, logs.join("\n"));
      assert.ok(line.startsWith(`influx: 300 points buffered for ${a.url} (org "ops"`), line);
      assert.ok(line.includes(`the new target ${b.url} (org "ops", bucket "fieldtwin")`), line);
      second.write(samples(300, 400));
      second.flushNow();
      await second.whenEmpty();
      assert.equal(second.stats.written, 100);
    } finally {
      second.close();
      await second.closed();
    }
    assertExactly(await exported(b, 100), 300, 400);

    // Back to A, running again: the 300 kept for it are sent there.
    await a.restart();
    const third = new InfluxSink(options(a.url, dir, logs));
    try {
      assert.equal(third.buffered, 300);
      await third.whenEmpty();
      assert.equal(third.stats.written, 300);
    } finally {
      third.close();
      await third.closed();
    }
    assertExactly(await exported(a, 300), 0, 300);
    assertExactly(await exported(b, 100), 300, 400);
  } finally {
    await a.dispose();
    await b.dispose();
    await Deno.remove(dir, { recursive: true });
  }
});
