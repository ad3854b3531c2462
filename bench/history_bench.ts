/**
 * The embedded historian, each figure beside a baseline from the same run:
 *
 * - ingest: samples/s through `SqliteHistoryStore.write` (series lookup,
 *   encoding, the day table, the 1-minute and 1-hour rollups in the same
 *   transaction) beside bare node:sqlite inserts of the same rows into a
 *   table of the same shape, in batches of the same size (goal: at least
 *   0.8 of raw). Two batch shapes: a virtual-time flush (500 points x 60
 *   steps per batch) and a real-time flush (5,000 points x 1 sample);
 *   rounds alternate historian and raw so drift on a shared machine falls
 *   on both.
 * - query: one point over 30 days through `GET /api/history` (1-hour
 *   rollups, JSON), after recording 30 simulated days of a cooling site at
 *   10 s steps on virtual time, every sample stored; beside the same range
 *   answered by scanning the raw samples (what the query would cost
 *   without rollups). Goal: under 50 ms.
 * - day: one simulated day of the demo plant on virtual time through
 *   `startPlant` with alarms and history on (default recording policy,
 *   a real store in a temporary directory), beside the bare simulators of
 *   the same plant (`bareSimulatorRate`) and the same run without history,
 *   alternating, medians of `HISTORY_DAY_ROUNDS` rounds (default 3); twice:
 *   with the store on the plant's thread (`SqliteHistoryStore`) and on a
 *   worker (`WorkerHistoryStore`, what a what-if run with history uses).
 *   Each carries wall time, the process's CPU time (every thread) and the
 *   plant thread's own CPU time (from /proc; what the step loop pays).
 *   Goal (the issue's, for alarms and history together): at most 1.5 x the
 *   bare simulators. `HISTORY_DAY_HOURS` shortens the day for a quick look.
 *
 *   deno run --allow-read --allow-write --allow-env bench/history_bench.ts [ingest|query|day]
 *
 * @module
 */
import process from "node:process";
import { PLANT_SECTIONS } from "../app/plant_sections.ts";
import { loadPlantFile } from "../plant/plant_file.ts";
import { bareSimulatorRate } from "./runtime_bench.ts";
import { startPlant } from "../app/start_plant.ts";
import { openDatabaseFile, openPlantDatabase } from "../history/plant_database.ts";
import type { PointSample } from "../history/history_store.ts";
import { encodeSample } from "../history/sample_codec.ts";
import { SqliteHistoryStore } from "../history/sqlite_history_store.ts";
import { WorkerHistoryStore } from "../history/worker_history_store.ts";
import { validatePlant } from "../plant/plant_file.ts";
import { loadKinds } from "../twins/registry.ts";
import { createWebApp } from "../web/server.ts";
import { type BenchResult, benchResult } from "./bench_result.ts";

const T0 = Date.UTC(2026, 0, 1);
const DAY = 86_400_000;
const ROUNDS = 5;

/** Median of `xs`. */
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Median and range of `xs`, rounded for printing. */
function spread(xs: number[]) {
  const r = (x: number) => Number(x.toPrecision(4));
  return {
    median: r(median(xs)),
    min: r(Math.min(...xs)),
    max: r(Math.max(...xs)),
    runs: xs.map(r),
  };
}

/** Batches of samples: `points` series, `steps` samples each per batch, `batches` batches. */
function batchesOf(points: number, steps: number, batches: number): PointSample[][] {
  const out: PointSample[][] = [];
  let t = T0;
  for (let b = 0; b < batches; b++) {
    const batch: PointSample[] = [];
    for (let s = 0; s < steps; s++) {
      t += 1000;
      for (let p = 0; p < points; p++) {
        batch.push({
          twin: `twin-${p >> 4}`,
          point: `point-${p & 15}`,
          ts: t,
          value: p % 7 === 0 ? (s & 1) === 0 : 20 + Math.sin(t / 60_000 + p) * 5,
          quality: "good",
        });
      }
    }
    out.push(batch);
  }
  return out;
}

/** Samples per second of wall time and per second of this process's CPU time. */
interface Rate {
  wall: number;
  cpu: number;
}

/** Time `fn` by the wall clock and by CPU time (user + system), which other load disturbs less. */
function rate(samples: number, fn: () => void): Rate {
  const c = process.cpuUsage();
  const t = performance.now();
  fn();
  const wallS = (performance.now() - t) / 1000;
  const used = process.cpuUsage(c);
  return { wall: samples / wallS, cpu: samples / ((used.user + used.system) / 1e6) };
}

/** Samples/s of the historian writing `batches` into a fresh store. */
function historianRun(dir: string, batches: PointSample[][]): Rate {
  const store = new SqliteHistoryStore(openPlantDatabase(dir, `h-${crypto.randomUUID()}`));
  const n = batches.reduce((k, b) => k + b.length, 0);
  const r = rate(n, () => {
    for (const b of batches) store.write(b);
  });
  store.close();
  return r;
}

/** Samples/s of bare prepared inserts of the same rows, same batches, same table shape. */
function rawRun(dir: string, batches: PointSample[][]): Rate {
  const db = openDatabaseFile(`${dir}/raw-${crypto.randomUUID()}.sqlite`);
  db.exec(
    "CREATE TABLE raw_20260101 (series INTEGER NOT NULL, ts INTEGER NOT NULL, value, " +
      "flags INTEGER NOT NULL, PRIMARY KEY (series, ts)) WITHOUT ROWID",
  );
  const ins = db.prepare("INSERT INTO raw_20260101 (series, ts, value, flags) VALUES (?, ?, ?, ?)");
  // The baseline gets its rows ready to bind: ids and encodings outside the clock.
  const ids = new Map<string, number>();
  const rows = batches.map((b) =>
    b.map((s) => {
      const key = `${s.twin}\u0000${s.point}`;
      let id = ids.get(key);
      if (id === undefined) ids.set(key, id = ids.size + 1);
      const e = encodeSample(s.value, s.quality);
      return [id, s.ts, e.value, e.flags] as const;
    })
  );
  const n = rows.reduce((k, b) => k + b.length, 0);
  const r = rate(n, () => {
    for (const b of rows) {
      db.exec("BEGIN IMMEDIATE");
      for (const r of b) ins.run(r[0], r[1], r[2], r[3]);
      db.exec("COMMIT");
    }
  });
  db.close();
  return r;
}

/** Historian beside raw inserts for one batch shape, alternating, `ROUNDS` rounds. */
function ingest(name: string, what: string, batches: PointSample[][], dir: string): BenchResult {
  const h: Rate[] = [];
  const r: Rate[] = [];
  // One round of each first, not counted, so neither is measured cold (JIT).
  historianRun(dir, batches);
  rawRun(dir, batches);
  for (let k = 0; k < ROUNDS; k++) {
    if (k % 2 === 0) {
      h.push(historianRun(dir, batches));
      r.push(rawRun(dir, batches));
    } else {
      r.push(rawRun(dir, batches));
      h.push(historianRun(dir, batches));
    }
  }
  const wall = (xs: Rate[]) => xs.map((x) => x.wall);
  const cpu = (xs: Rate[]) => xs.map((x) => x.cpu);
  const rows = batches.reduce((n, b) => n + b.length, 0);
  return Object.assign(
    benchResult(
      name,
      median(wall(h)),
      "samples/s",
      median(wall(r)),
      `${what}, ${rows} samples in batches of ${batches[0].length}; historian (rollups ` +
        `included) beside bare node:sqlite inserts of the same rows into a table of the same ` +
        `shape; ${ROUNDS} alternating rounds, value and baseline are medians of wall-clock ` +
        `rates; cpu_* are the same per second of CPU time, less disturbed by other load ` +
        `(goal: ratio >= 0.8)`,
    ),
    {
      runs: spread(wall(h)),
      baseline_runs: spread(wall(r)),
      ratio_runs: spread(h.map((x, k) => x.wall / r[k].wall)),
      cpu_runs: spread(cpu(h)),
      cpu_baseline_runs: spread(cpu(r)),
      cpu_ratio_runs: spread(h.map((x, k) => x.cpu / r[k].cpu)),
    },
  );
}

/** Milliseconds of `fn`, `n` times. */
async function timed(n: number, fn: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

/** 30 simulated days of a cooling site recorded on virtual time, then queried. */
async function query(dir: string): Promise<BenchResult[]> {
  const kinds = await loadKinds();
  const plant = validatePlant(
    {
      name: "history-bench",
      start: new Date(T0).toISOString(),
      step_s: 10,
      twins: [{ id: "site", kind: "cooling_site" }],
      // Every sample stored, so the raw scan answers the same buckets.
      history: { defaults: { max_interval_s: 0 } },
    },
    kinds,
    PLANT_SECTIONS,
    "<history bench>",
  );
  const store = new SqliteHistoryStore(openPlantDatabase(dir, plant.name));
  const started = startPlant(plant, kinds, {
    virtual: true,
    history: store,
    recorder: { flushSteps: 360 },
  });
  const t = performance.now();
  started.runtime.runFor(30 * DAY);
  started.recorder!.flush();
  const recordS = (performance.now() - t) / 1000;
  const app = createWebApp(started);
  // A loopback host: the app refuses other host names (DNS rebinding).
  const url = `http://127.0.0.1/api/history?twin=site&point=supply_temp&from=${T0}&to=${
    T0 + 30 * DAY
  }`;
  const check = await (await app.handler(new Request(url))).json();
  if (check.resolution !== "1h" || check.series?.[0]?.rows?.length !== 721) {
    throw new Error(`unexpected answer: ${JSON.stringify(check).slice(0, 300)}`);
  }
  await timed(3, () => app.handler(new Request(url)).then((r) => r.text())); // warm up
  const api = await timed(21, () => app.handler(new Request(url)).then((r) => r.text()));
  const q = {
    series: [{ twin: "site", point: "supply_temp" }],
    from: T0,
    to: T0 + 30 * DAY,
  };
  const fromRollups = await timed(21, () => store.query({ ...q, resolution: "1h" }));
  const fromRaw = await timed(5, () => store.query({ ...q, resolution: "raw", stepMs: 3_600_000 }));
  app.close();
  started.stop();
  const samples = store.stats.samples;
  return [
    Object.assign(
      benchResult(
        "history_query_30d_ms",
        median(api),
        "ms",
        median(fromRaw),
        "one point over 30 days through GET /api/history (1-hour rollups, 721 rows, JSON), " +
          "median of 21; baseline: the same hourly buckets computed by scanning the point's " +
          "259,200 raw samples (median of 5) (goal: value under 50 ms)",
      ),
      {
        runs: spread(api),
        store_only_ms: spread(fromRollups),
        baseline_runs: spread(fromRaw),
        recorded: { days: 30, samples, seconds: Number(recordS.toPrecision(3)) },
      },
    ),
  ];
}

/** CPU seconds of this thread (user + system, from /proc), or NaN where there is no /proc. */
function threadCpu(): number {
  try {
    // The main thread's task id is the process id.
    const stat = Deno.readTextFileSync(`/proc/self/task/${Deno.pid}/stat`);
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(f[11]) + Number(f[12])) / 100; // clock ticks (USER_HZ, 100 on Linux)
  } catch {
    return NaN;
  }
}

/** Seconds of `fn`: wall, CPU of the process (every thread), CPU of this thread. */
interface Timed {
  wall: number;
  cpu: number;
  main: number;
}

/** Wall and CPU seconds of `fn`. */
function seconds(fn: () => void): Timed {
  const c = process.cpuUsage();
  const m = threadCpu();
  const t = performance.now();
  fn();
  const used = process.cpuUsage(c);
  return {
    wall: (performance.now() - t) / 1000,
    cpu: (used.user + used.system) / 1e6,
    main: threadCpu() - m,
  };
}

/** One simulated day of the demo plant with history, beside the bare simulators and no history. */
async function demoDay(dir: string): Promise<BenchResult[]> {
  const rounds = Number(Deno.env.get("HISTORY_DAY_ROUNDS") ?? 3);
  const hours = Number(Deno.env.get("HISTORY_DAY_HOURS") ?? 24);
  const kinds = await loadKinds();
  const path = new URL("../plants/demo.json", import.meta.url).pathname;
  const plant = await loadPlantFile(path, kinds, PLANT_SECTIONS);
  const ms = hours * 3_600_000;
  const steps = ms / (plant.stepS * 1000);
  let perStep = 0;
  let stats = { seen: 0, stored: 0, bytes: 0 };
  const bare = (): Timed => {
    let rate = 0;
    const s = seconds(() => rate = bareSimulatorRate(plant, kinds, steps));
    // The rate leaves out building the simulators; the same share of CPU time goes with it.
    const wall = (steps * perStep) / rate;
    return { wall, cpu: s.cpu * wall / s.wall, main: s.main * wall / s.wall };
  };
  const run = (history: "none" | "thread" | "worker", hoursRun = hours): Timed => {
    const name = `day-${history}-${crypto.randomUUID()}`;
    const store = history === "thread"
      ? new SqliteHistoryStore(openPlantDatabase(dir, name))
      : history === "worker"
      ? new WorkerHistoryStore(`${dir}/${name}.sqlite`)
      : undefined;
    // Built outside the clock, as the bare simulators are.
    const started = startPlant(plant, kinds, { virtual: true, history: store });
    const s = seconds(() => {
      started.runtime.runFor(hoursRun * 3_600_000);
      started.stop(); // the last write and the hours in progress included (the worker's too)
    });
    perStep = started.runtime.stats.twinSteps / started.runtime.stats.steps;
    if (started.recorder) {
      stats = { seen: started.recorder.seen, stored: started.recorder.stats.written, bytes: 0 };
    }
    return s;
  };
  // Warm the paths up (JIT), not counted.
  run("none", 0.5);
  bareSimulatorRate(plant, kinds, 600);
  run("thread", 0.5);
  run("worker", 0.5);
  const b: Timed[] = [];
  const h: Timed[] = [];
  const w: Timed[] = [];
  const n: Timed[] = [];
  for (let k = 0; k < rounds; k++) {
    const order = k % 2 === 0 ? [0, 1, 2, 3] : [3, 2, 1, 0];
    for (const i of order) {
      if (i === 0) b.push(bare());
      else if (i === 1) h.push(run("thread"));
      else if (i === 2) w.push(run("worker"));
      else n.push(run("none"));
    }
  }
  let bytes = 0;
  for (const e of Deno.readDirSync(dir)) {
    if (e.name.startsWith("day-thread-") && e.name.endsWith(".sqlite")) {
      bytes = Math.max(bytes, Deno.statSync(`${dir}/${e.name}`).size);
    }
  }
  const per = hours === 24 ? "day" : `${hours} h`;
  const ratios = (xs: Timed[], key: keyof Timed) => spread(xs.map((x, k) => x[key] / b[k][key]));
  const figures = (xs: Timed[]) => ({
    runs: spread(xs.map((x) => x.wall)),
    baseline_runs: spread(b.map((x) => x.wall)),
    ratio_runs: ratios(xs, "wall"),
    cpu_runs: spread(xs.map((x) => x.cpu)),
    cpu_baseline_runs: spread(b.map((x) => x.cpu)),
    cpu_ratio_runs: ratios(xs, "cpu"),
    main_thread_cpu_runs: spread(xs.map((x) => x.main)),
    main_thread_cpu_ratio_runs: ratios(xs, "main"),
    without_history_runs: spread(n.map((x) => x.wall)),
    without_history_ratio_runs: ratios(n, "wall"),
    without_history_cpu_ratio_runs: ratios(n, "cpu"),
    history_over_without_runs: spread(xs.map((x, k) => x.wall / n[k].wall)),
  });
  const what =
    `one simulated ${per} of the demo plant (${plant.twins.length} twins, ${plant.stepS} ` +
    `s steps) on virtual time through startPlant with alarms and history on (default recording ` +
    `policy, a real store)`;
  const how = `baseline: the bare simulators of the same plant in the same run; ${rounds} ` +
    `alternating rounds, medians of wall time; cpu_* the process's CPU time (every thread), ` +
    `main_thread_cpu_* the plant thread's alone; without_history_* the same run with alarms and ` +
    `no history (goal, for alarms and history together: ratio <= 1.5)`;
  const recorded = {
    samples_seen_per_s: Math.round(stats.seen / (ms / 1000)),
    samples_stored_per_s: Number((stats.stored / (ms / 1000)).toPrecision(4)),
    file_mb: Number((bytes / 1e6).toPrecision(4)),
    mb_per_day: Number((bytes / 1e6 * 24 / hours).toPrecision(4)),
  };
  return [
    Object.assign(
      benchResult(
        "history_demo_day_s",
        median(h.map((x) => x.wall)),
        "s",
        median(b.map((x) => x.wall)),
        `${what}, the store on the plant's thread; ${how}`,
      ),
      { ...figures(h), recorded },
    ),
    Object.assign(
      benchResult(
        "history_demo_day_worker_s",
        median(w.map((x) => x.wall)),
        "s",
        median(b.map((x) => x.wall)),
        `${what}, the store on a worker (WorkerHistoryStore); ${how}`,
      ),
      figures(w),
    ),
  ];
}

/** Run the historian benchmarks, or only the `ingest`, `query` or `day` ones. */
export async function runHistoryBench(only?: "ingest" | "query" | "day"): Promise<BenchResult[]> {
  const dir = await Deno.makeTempDir({ prefix: "fieldtwin-history-bench-" });
  try {
    const ingests = () => [
      ingest(
        "history_ingest_virtual_samples_per_s",
        "virtual-time flush: 500 points x 60 steps per batch",
        batchesOf(500, 60, 10),
        dir,
      ),
      ingest(
        "history_ingest_realtime_samples_per_s",
        "real-time flush: 5,000 points x 1 sample per batch",
        batchesOf(5_000, 1, 60),
        dir,
      ),
    ];
    if (only === "ingest") return ingests();
    if (only === "query") return await query(dir);
    if (only === "day") return await demoDay(dir);
    return [...ingests(), ...await query(dir), ...await demoDay(dir)];
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

if (import.meta.main) {
  const only = Deno.args[0] as "ingest" | "query" | "day" | undefined;
  for (const r of await runHistoryBench(only)) console.log(JSON.stringify(r));
}
