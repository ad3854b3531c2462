/**
 * Alarm evaluation under load: 1,000 twins with 4 alarms each (H and HH
 * limits with deadband, a suppressed low-flow limit, a rate of change) fed
 * point samples, measured beside the bare loop that writes the same samples
 * with no alarms, in the same run:
 *
 * - the most samples per second the engine sustains;
 * - at a paced 100,000 samples/s, the rate achieved and the p99 latency
 *   from a sample's due time to the alarm event it causes (goal <= 5 ms);
 * - what alarms and calculated points cost the demo plant: seconds per
 *   simulated day with the definitions of plants/alarms_example.json
 *   (about 2,000 alarms, 470 calculated points), beside the same plant
 *   without them;
 * - what keeping the journal, alarm states and command records on disk
 *   (history/plant_memory.ts) costs that plant: the same day with them,
 *   beside it without, run in alternation.
 *
 *   deno run --allow-read --allow-write --allow-env bench/alarm_bench.ts [latency [runs] | memory [runs]]
 *
 * @module
 */
import type { AlarmSpec } from "../actors/alarms/alarm_definition.ts";
import type { WatchedTwin } from "../actors/alarms/alarm_condition.ts";
import { AlarmEngine, type AlarmHost } from "../actors/alarms/alarm_engine.ts";
import { startAlarms } from "../actors/alarms/start_alarms.ts";
import { openPlantMemory, type PlantMemory } from "../history/plant_memory.ts";
import { CommandPath } from "../commands/command_path.ts";
import { validatePlant } from "../plant/plant_file.ts";
import { PLANT_SECTIONS } from "../app/plant_sections.ts";
import { Runtime } from "../runtime/runtime.ts";
import { loadKinds } from "../twins/registry.ts";
import { VirtualClock } from "../runtime/clock.ts";
import { Random } from "../simulators/random.ts";
import type { PointValues } from "../simulators/simulator.ts";
import type { Quality } from "../twins/point.ts";
import { type BenchResult, benchResult } from "./bench_result.ts";

const TWINS = 1_000;
const RATE = 100_000;
const PACED_S = 3;
/** Samples per step for the plant memory's writes: one second at RATE, a runtime's default step. */
const STEP_SAMPLES = RATE;

interface BenchTwin extends WatchedTwin {
  values: PointValues;
  quality: Record<string, Quality>;
  mode: string;
  running: boolean;
}

class BenchHost implements AlarmHost {
  readonly clock = new VirtualClock(0);
  readonly twins = new Map<string, BenchTwin>();
  readonly list: BenchTwin[] = [];
  listener: ((twin: WatchedTwin) => void) | undefined;
  /** Heard every STEP_SAMPLES samples, as a runtime's step hook (a plant memory writes there). */
  readonly steps = new Set<(now: number) => void>();

  constructor() {
    for (let i = 0; i < TWINS; i++) {
      const t: BenchTwin = {
        id: `t${i}`,
        // Not whole numbers: the fields start as doubles, as a simulator's
        // do, so writing a sample updates them in place instead of
        // allocating a number per write (which would feed the collector
        // and blur the tail this measures).
        values: { temp: 50.5, flow: 100.5 },
        quality: {},
        mode: "running",
        running: true,
      };
      this.twins.set(t.id, t);
      this.list.push(t);
    }
  }

  onChange(listener: (twin: WatchedTwin) => void): () => void {
    this.listener = listener;
    return () => (this.listener = undefined);
  }
}

function specs(): AlarmSpec[] {
  const out: AlarmSpec[] = [];
  const base = {
    unit: "degC",
    description: "",
    onDelayS: 0,
    offDelayS: 0,
    latching: false,
    suppress: undefined,
    maxShelveS: 3600,
    realarmS: 0,
  };
  for (let i = 0; i < TWINS; i++) {
    const twin = `t${i}`;
    out.push({
      ...base,
      id: `${twin}/temp_h`,
      twin,
      name: "temp_h",
      priority: "high",
      condition: { type: "limit", point: "temp", level: "h", limit: 80, deadband: 2 },
    }, {
      ...base,
      id: `${twin}/temp_hh`,
      twin,
      name: "temp_hh",
      priority: "critical",
      condition: { type: "limit", point: "temp", level: "hh", limit: 90, deadband: 2 },
    }, {
      ...base,
      id: `${twin}/flow_l`,
      twin,
      name: "flow_l",
      priority: "medium",
      unit: "m3/h",
      condition: { type: "limit", point: "flow", level: "l", limit: 20, deadband: 5 },
      suppress: { twin, modes: ["stopped"], expr: undefined },
    }, {
      ...base,
      id: `${twin}/temp_rate`,
      twin,
      name: "temp_rate",
      priority: "low",
      condition: {
        type: "rate",
        point: "temp",
        limit: 600,
        per: "min",
        windowS: 10,
        direction: "rise",
        deadband: 0,
      },
    });
  }
  return out;
}

/**
 * Precomputed samples: twin index, point (0 temp, 1 flow) and value. Each
 * twin wanders around normal values and now and then makes an excursion
 * past its limits, so about 1% of samples change an alarm.
 */
function samples(n: number) {
  const rnd = new Random(42, "alarm-bench");
  const twin = new Uint32Array(n), point = new Uint8Array(n), value = new Float64Array(n);
  const temp = new Float64Array(TWINS).fill(50), flow = new Float64Array(TWINS).fill(100);
  for (let k = 0; k < n; k++) {
    const i = Math.floor(rnd.next() * TWINS);
    twin[k] = i;
    if (rnd.next() < 0.5) {
      point[k] = 0;
      temp[i] = rnd.next() < 0.01
        ? rnd.uniform(75, 95)
        : 50 + (temp[i] - 50) * 0.5 + rnd.normal(0, 2);
      value[k] = temp[i];
    } else {
      point[k] = 1;
      flow[i] = rnd.next() < 0.005
        ? rnd.uniform(0, 25)
        : 100 + (flow[i] - 100) * 0.5 + rnd.normal(0, 5);
      value[k] = flow[i];
    }
  }
  return { twin, point, value, n };
}

type Samples = ReturnType<typeof samples>;

/** Write sample `k` and announce it; virtual time moves 1/RATE s per sample. */
function feed(host: BenchHost, s: Samples, k: number): void {
  const t = host.list[s.twin[k]];
  if (s.point[k] === 0) t.values.temp = s.value[k];
  else t.values.flow = s.value[k];
  host.clock.advanceBy(1000 / RATE);
  host.listener?.(t);
  if (host.steps.size > 0 && k % STEP_SAMPLES === STEP_SAMPLES - 1) {
    for (const step of host.steps) step(host.clock.now());
  }
}

/** As fast as possible: samples per second. */
function unpaced(host: BenchHost, s: Samples): number {
  const t0 = performance.now();
  for (let k = 0; k < s.n; k++) feed(host, s, k);
  return s.n / ((performance.now() - t0) / 1000);
}

/**
 * Paced at RATE: each sample is due at t0 + k / RATE; returns the achieved
 * rate and latencies (due time to event, or to the end of the write when
 * `marks` is given for the baseline) in ms.
 */
function paced(host: BenchHost, s: Samples, events: Latencies, marks?: Uint8Array) {
  const n = Math.min(s.n, RATE * PACED_S);
  const period = 1000 / RATE;
  const t0 = performance.now();
  let k = 0;
  while (k < n) {
    const now = performance.now();
    const due = Math.min(n, Math.floor((now - t0) / period) + 1);
    while (k < due) {
      events.due[0] = t0 + k * period;
      feed(host, s, k);
      if (marks && marks[k]) events.record();
      k++;
    }
  }
  return { rate: n / ((performance.now() - t0) / 1000) };
}

/**
 * Latencies from a sample's due time, kept without allocating (numbers in
 * typed arrays), so the harness itself does not feed the collector whose
 * pauses make the tail being measured.
 */
class Latencies {
  /** Due time of the sample being fed, ms. */
  readonly due = new Float64Array(1);
  #values = new Float64Array(1 << 16);
  #n = 0;

  /** Record the time from the current sample's due time to now. */
  record(): void {
    if (this.#n === this.#values.length) {
      const bigger = new Float64Array(2 * this.#n);
      bigger.set(this.#values);
      this.#values = bigger;
    }
    this.#values[this.#n++] = performance.now() - this.due[0];
  }

  /** Forget the recorded latencies. */
  clear(): void {
    this.#n = 0;
  }

  /** The recorded latencies, in ms. */
  list(): number[] {
    return Array.from(this.#values.subarray(0, this.#n));
  }
}

function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

/**
 * Seconds per simulated day of the demo plant, with or without alarms and
 * calculated points, and with the journal kept in a plant memory in `memoryDir`.
 */
async function demoDayS(
  withAlarms: boolean,
  memoryDir?: string,
): Promise<{ sPerDay: number; alarms: number; calcs: number; entries: number }> {
  const kinds = await loadKinds();
  const read = async (name: string) =>
    JSON.parse(await Deno.readTextFile(new URL(`../plants/${name}`, import.meta.url)));
  const demo = await read("demo.json");
  const example = await read("alarms_example.json");
  const doc = withAlarms
    ? { ...demo, calculated: example.calculated, alarms: example.alarms }
    : demo;
  const runtime = new Runtime(validatePlant(doc, kinds, PLANT_SECTIONS), kinds, { virtual: true });
  let memory: PlantMemory | undefined;
  const system = withAlarms
    ? startAlarms(runtime, undefined, undefined, {
      beforeStart(engine) {
        if (memoryDir === undefined) return;
        memory = openPlantMemory(memoryDir, `day-${crypto.randomUUID()}`).memory;
        memory.attach(runtime, engine);
      },
    })
    : undefined;
  try {
    runtime.runFor(600_000); // warm-up
    const simMs = 2 * 3_600_000;
    const t0 = performance.now();
    runtime.runFor(simMs);
    const wallS = (performance.now() - t0) / 1000;
    return {
      sPerDay: wallS * (86_400_000 / simMs),
      alarms: system?.engine.size ?? 0,
      calcs: system?.calculated.size ?? 0,
      entries: system?.engine.journal.total ?? 0,
    };
  } finally {
    memory?.close();
    system?.stop();
    runtime.shutdown();
  }
}

/** Median and spread of `xs`, for notes. */
function spread(xs: number[], digits = 3): string {
  const r = (x: number) => Number(x.toPrecision(digits));
  return `median ${r(percentile(xs, 0.5))}, ${r(Math.min(...xs))}..${
    r(Math.max(...xs))
  } over ${xs.length} runs`;
}

/** The benchmark's engine over `host`: 4 alarms per twin. */
function benchEngine(host: BenchHost): AlarmEngine {
  return new AlarmEngine(host, {
    settings: {
      journal_capacity: 100_000,
      flood_count: 10,
      flood_window_s: 600,
      chatter_count: 3,
      chatter_window_s: 60,
      standing_after_s: 86_400,
      max_shelve_s: 28_800,
      bad_actors: 10,
    },
    alarms: specs(),
  });
}

/**
 * The engine's figures: samples per second unpaced, and `runs` paced runs
 * of PACED_S seconds each, every one beside a paced run of the bare loop
 * (interleaved, so a busy machine weighs on both alike); the median of the
 * runs is reported, the spread is in the note.
 */
export function runAlarmLatency(runs = 5): BenchResult[] {
  const s = samples(RATE * PACED_S);

  // Baseline: the same loop, nobody listening.
  const bare = new BenchHost();
  unpaced(bare, s); // warm-up
  const bareRate = unpaced(new BenchHost(), s);

  const host = new BenchHost();
  const engine = benchEngine(host);
  const events = new Latencies();
  let count = 0;
  engine.onEvent(() => {
    count++;
    events.record();
  });
  engine.start();
  unpaced(host, s); // warm-up (and a first round of transitions)
  const warmEvents = count;
  const alarmRate = unpaced(host, s);
  const perPass = count - warmEvents;

  const rate: number[] = [], p99: number[] = [], p50: number[] = [], n: number[] = [];
  const bareRatePaced: number[] = [], bareP99: number[] = [], bareP50: number[] = [];
  for (let r = 0; r < runs; r++) {
    events.clear();
    const before = count;
    rate.push(paced(host, s, events).rate);
    const latencies = events.list();
    const alarmEvents = count - before;
    n.push(alarmEvents);
    p99.push(percentile(latencies, 0.99));
    p50.push(percentile(latencies, 0.5));

    // Baseline latency: the same samples' write-done time, measured for
    // as many samples as raised events in the alarm run (every 1/ratio).
    const marks = new Uint8Array(s.n);
    const every = Math.max(
      1,
      Math.round(Math.min(s.n, RATE * PACED_S) / Math.max(1, alarmEvents)),
    );
    for (let k = 0; k < s.n; k += every) marks[k] = 1;
    const bareEvents = new Latencies();
    bareRatePaced.push(paced(new BenchHost(), s, bareEvents, marks).rate);
    bareP99.push(percentile(bareEvents.list(), 0.99));
    bareP50.push(percentile(bareEvents.list(), 0.5));
  }
  engine.stop();

  const median = (xs: number[]) => percentile(xs, 0.5);
  const note =
    `${TWINS} twins x 4 alarms, ${perPass} alarm events per ${s.n} samples; baseline: the bare loop writing the same samples`;
  return [
    benchResult("alarm_eval_samples_per_s", alarmRate, "samples/s", bareRate, note),
    benchResult(
      "alarm_paced_samples_per_s",
      median(rate),
      "samples/s",
      median(bareRatePaced),
      `paced at ${RATE} samples/s for ${PACED_S} s, ${spread(rate)}; ${
        median(n)
      } alarm events per run`,
    ),
    benchResult(
      "alarm_event_latency_p99_ms",
      median(p99),
      "ms",
      median(bareP99),
      `sample due time to alarm event at 100k samples/s, ${spread(p99)} (baseline ${
        spread(bareP99)
      }); baseline: due time to write done; goal <= 2 ms here, <= 5 ms on a busy machine`,
    ),
    benchResult(
      "alarm_event_latency_p50_ms",
      median(p50),
      "ms",
      median(bareP50),
      `median of the same, ${spread(p50)}`,
    ),
  ];
}

/**
 * What the plant memory costs the alarm path under load: the engine of
 * {@linkcode runAlarmLatency} with every journal entry written to a plant
 * file once per step (every STEP_SAMPLES samples), from a worker and on the
 * alarm thread, beside the same engine without, all with the same step
 * hook; `runs` rounds of an unpaced and a paced run of each, alternated.
 * Returns the medians; the spread is in the notes.
 */
export async function runAlarmMemoryLatency(runs = 5): Promise<BenchResult[]> {
  const dir = await Deno.makeTempDir({ prefix: "fieldtwin-alarm-bench-" });
  try {
    const s = samples(RATE * PACED_S);
    type Mode = "bare" | "thread" | "worker";
    const make = (mode: Mode) => {
      const host = new BenchHost();
      const engine = benchEngine(host);
      const events = new Latencies();
      let count = 0;
      engine.onEvent(() => {
        count++;
        events.record();
      });
      let memory: PlantMemory | undefined;
      if (mode !== "bare") {
        memory = openPlantMemory(dir, mode, { worker: mode === "worker" }).memory;
        memory.attach({
          clock: host.clock,
          commands: new CommandPath({ twin: () => undefined, clock: host.clock }),
          onStep: (l) => {
            host.steps.add(l);
            return () => host.steps.delete(l);
          },
        }, engine);
      } else {
        host.steps.add(() => {});
      }
      engine.start();
      unpaced(host, s); // warm-up (and a first round of transitions)
      return { host, engine, events, memory, count: () => count };
    };
    const modes = ["bare", "thread", "worker"] as const;
    const engines = Object.fromEntries(modes.map((m) => [m, make(m)])) as Record<
      Mode,
      ReturnType<typeof make>
    >;
    const rates: Record<Mode, number[]> = { bare: [], thread: [], worker: [] };
    const p99: Record<Mode, number[]> = { bare: [], thread: [], worker: [] };
    const events: Record<Mode, number[]> = { bare: [], thread: [], worker: [] };
    for (let r = 0; r < runs; r++) {
      for (const m of modes) {
        const run = engines[m];
        run.memory?.sync();
        rates[m].push(unpaced(run.host, s));
        run.memory?.sync();
        run.events.clear();
        const before = run.count();
        paced(run.host, s, run.events);
        events[m].push(run.count() - before);
        p99[m].push(percentile(run.events.list(), 0.99));
      }
    }
    const entries = engines.worker.engine.journal.total;
    for (const m of modes) {
      engines[m].engine.stop();
      engines[m].memory?.close();
    }
    const median = (xs: number[]) => percentile(xs, 0.5);
    const rate = {
      bare: median(rates.bare),
      thread: median(rates.thread),
      worker: median(rates.worker),
    };
    const where = { thread: "on the alarm thread", worker: "from a worker (the default)" };
    return (["worker", "thread"] as const).flatMap((m) => {
      const suffix = m === "worker" ? "" : "_thread";
      return [
        benchResult(
          `alarm_eval_samples_per_s_memory${suffix}`,
          rate[m],
          "samples/s",
          rate.bare,
          `${TWINS} twins x 4 alarms, journal and alarm states written ${
            where[m]
          } once every ${STEP_SAMPLES} samples (${entries} journal entries over the whole run), ${
            spread(rates[m])
          }; baseline: the same engine without, ${spread(rates.bare)}`,
        ),
        benchResult(
          `alarm_event_latency_p99_memory${suffix}_ms`,
          median(p99[m]),
          "ms",
          median(p99.bare),
          `sample due time to alarm event at ${RATE} samples/s, journal written ${where[m]}, ${
            spread(p99[m])
          }, ${median(events[m])} events per run; baseline: without, ${spread(p99.bare)}`,
        ),
      ];
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/**
 * What the plant memory costs the demo plant with alarms: `runs` pairs of
 * simulated days with and without it, alternated so a busy machine weighs
 * on both alike; the medians are reported, the spread is in the note.
 */
export async function runAlarmMemoryBench(runs = 3): Promise<BenchResult> {
  const dir = await Deno.makeTempDir({ prefix: "fieldtwin-alarm-bench-" });
  try {
    const bare: number[] = [], kept: number[] = [];
    let entries = 0;
    for (let r = 0; r < runs; r++) {
      bare.push((await demoDayS(true)).sPerDay);
      const day = await demoDayS(true, dir);
      kept.push(day.sPerDay);
      entries = day.entries;
    }
    return benchResult(
      "alarm_demo_day_memory_s",
      percentile(kept, 0.5),
      "s per simulated day",
      percentile(bare, 0.5),
      `demo plant with alarms (plants/alarms_example.json), journal and alarm states written to the plant file once per step (${entries} journal entries in 2.2 simulated hours), ${
        spread(kept)
      }; baseline: the same without, ${spread(bare)}`,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Run the alarm benchmark. */
export async function runAlarmBench(): Promise<BenchResult[]> {
  const results = runAlarmLatency();
  const bareDay = await demoDayS(false);
  const day = await demoDayS(true);
  return [
    ...results,
    benchResult(
      "alarm_demo_day_s",
      day.sPerDay,
      "s per simulated day",
      bareDay.sPerDay,
      `demo plant with ${day.alarms} alarms and ${day.calcs} calculated points (plants/alarms_example.json); baseline: the demo plant alone; measured over 2 simulated hours`,
    ),
    ...await runAlarmMemoryLatency(),
    await runAlarmMemoryBench(),
  ];
}

if (import.meta.main) {
  // `latency [runs]` runs only the engine's figures, `memory [runs]` only the plant memory's.
  const results = Deno.args[0] === "latency"
    ? runAlarmLatency(Number(Deno.args[1] ?? "5"))
    : Deno.args[0] === "memory"
    ? [
      ...await runAlarmMemoryLatency(Number(Deno.args[1] ?? "5")),
      await runAlarmMemoryBench(Number(Deno.args[1] ?? "3")),
    ]
    : await runAlarmBench();
  for (const r of results) console.log(JSON.stringify(r));
}
