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
 *   without them.
 *
 *   deno run --allow-read --allow-env bench/alarm_bench.ts
 *
 * @module
 */
import type { AlarmSpec } from "../actors/alarms/alarm_definition.ts";
import type { WatchedTwin } from "../actors/alarms/alarm_condition.ts";
import { AlarmEngine, type AlarmHost } from "../actors/alarms/alarm_engine.ts";
import { startAlarms } from "../actors/alarms/start_alarms.ts";
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

  constructor() {
    for (let i = 0; i < TWINS; i++) {
      const t: BenchTwin = {
        id: `t${i}`,
        values: { temp: 50, flow: 100 },
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
function paced(
  host: BenchHost,
  s: Samples,
  events: { due: number; latencies: number[] },
  marks?: Uint8Array,
) {
  const n = Math.min(s.n, RATE * PACED_S);
  const period = 1000 / RATE;
  const t0 = performance.now();
  let k = 0;
  while (k < n) {
    const now = performance.now();
    const due = Math.min(n, Math.floor((now - t0) / period) + 1);
    while (k < due) {
      events.due = t0 + k * period;
      feed(host, s, k);
      if (marks && marks[k]) events.latencies.push(performance.now() - events.due);
      k++;
    }
  }
  return { rate: n / ((performance.now() - t0) / 1000) };
}

function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

/** Seconds per simulated day of the demo plant, with or without alarms and calculated points. */
async function demoDayS(
  withAlarms: boolean,
): Promise<{ sPerDay: number; alarms: number; calcs: number }> {
  const kinds = await loadKinds();
  const read = async (name: string) =>
    JSON.parse(await Deno.readTextFile(new URL(`../plants/${name}`, import.meta.url)));
  const demo = await read("demo.json");
  const example = await read("alarms_example.json");
  const doc = withAlarms
    ? { ...demo, calculated: example.calculated, alarms: example.alarms }
    : demo;
  const runtime = new Runtime(validatePlant(doc, kinds, PLANT_SECTIONS), kinds, { virtual: true });
  const system = withAlarms ? startAlarms(runtime) : undefined;
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
    };
  } finally {
    system?.stop();
    runtime.shutdown();
  }
}

/** Run the alarm benchmark. */
export async function runAlarmBench(): Promise<BenchResult[]> {
  const s = samples(RATE * PACED_S);

  // Baseline: the same loop, nobody listening.
  const bare = new BenchHost();
  unpaced(bare, s); // warm-up
  const bareRate = unpaced(new BenchHost(), s);

  const host = new BenchHost();
  const engine = new AlarmEngine(host, {
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
  const events = { due: 0, latencies: [] as number[] };
  let count = 0;
  engine.onEvent(() => {
    count++;
    events.latencies.push(performance.now() - events.due);
  });
  engine.start();
  unpaced(host, s); // warm-up (and a first round of transitions)
  const warmEvents = count;
  const alarmRate = unpaced(host, s);
  const perPass = count - warmEvents;

  events.latencies.length = 0;
  const before = count;
  const alarmPaced = paced(host, s, events);
  const alarmEvents = count - before;
  const latencies = [...events.latencies];

  // Baseline latency: the same samples' write-done time, measured for the
  // samples that raised events in the paced alarm run's share (every 1/ratio).
  const marks = new Uint8Array(s.n);
  const every = Math.max(1, Math.round(Math.min(s.n, RATE * PACED_S) / Math.max(1, alarmEvents)));
  for (let k = 0; k < s.n; k += every) marks[k] = 1;
  const bareEvents = { due: 0, latencies: [] as number[] };
  const barePaced = paced(new BenchHost(), s, bareEvents, marks);
  engine.stop();

  const bareDay = await demoDayS(false);
  const day = await demoDayS(true);

  const note =
    `${TWINS} twins x 4 alarms, ${perPass} alarm events per ${s.n} samples; baseline: the bare loop writing the same samples`;
  return [
    benchResult("alarm_eval_samples_per_s", alarmRate, "samples/s", bareRate, note),
    benchResult(
      "alarm_paced_samples_per_s",
      alarmPaced.rate,
      "samples/s",
      barePaced.rate,
      `paced at ${RATE} samples/s for ${PACED_S} s; ${alarmEvents} alarm events`,
    ),
    benchResult(
      "alarm_event_latency_p99_ms",
      percentile(latencies, 0.99),
      "ms",
      percentile(bareEvents.latencies, 0.99),
      "sample due time to alarm event at 100k samples/s; baseline: due time to write done; goal <= 5 ms",
    ),
    benchResult(
      "alarm_event_latency_p50_ms",
      percentile(latencies, 0.5),
      "ms",
      percentile(bareEvents.latencies, 0.5),
      "median of the same",
    ),
    benchResult(
      "alarm_demo_day_s",
      day.sPerDay,
      "s per simulated day",
      bareDay.sPerDay,
      `demo plant with ${day.alarms} alarms and ${day.calcs} calculated points (plants/alarms_example.json); baseline: the demo plant alone; measured over 2 simulated hours`,
    ),
  ];
}

if (import.meta.main) {
  for (const r of await runAlarmBench()) console.log(JSON.stringify(r));
}
