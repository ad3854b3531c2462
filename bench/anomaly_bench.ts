/**
 * Pump anomaly detector throughput, each figure beside a baseline from the
 * same run:
 *
 * - `anomaly_detector_samples_per_s`: the trained detector scoring SKAB-shaped
 *   samples (6 fast + 2 slow channels), against a plain running mean and
 *   variance update (Welford) of the same 8 channels, the least any online
 *   detector does;
 * - `pump_anomaly_samples_per_s`: one pump's whole per-sample work in the
 *   plant (curve residuals from the twin's values, then the detector),
 *   against the pump simulator producing those samples, so the ratio says
 *   how much the detector adds to a simulated pump;
 * - `skab_eval_rows_per_s`: `eval-skab` end to end over the shared SKAB files
 *   (parse and detect), against parsing alone; skipped when the dataset is
 *   absent.
 *
 * Medians of several rounds; the note gives the spread.
 *
 * Run alone: `deno run --allow-read --allow-env bench/anomaly_bench.ts`
 *
 * @module
 */
import { type BenchResult, benchResult } from "./bench_result.ts";
import { OnlineDetector } from "../diagnosis/anomaly/online_detector.ts";
import { PUMP_CHANNEL_FLOORS, PumpFeatures } from "../diagnosis/anomaly/pump_features.ts";
import { listCsv } from "../diagnosis/anomaly/eval_skab.ts";
import { parseSkabCsv } from "../diagnosis/anomaly/skab_csv.ts";
import { evaluateSkabRecording } from "../diagnosis/anomaly/skab_eval.ts";
import { PumpSimulator } from "../simulators/pump/pump_simulator.ts";
import type { PointValues } from "../simulators/simulator.ts";
import { Random } from "../simulators/random.ts";
import { pumpParams } from "../twins/pump/params.ts";

const ROUNDS = 7;
const SAMPLES = 200_000;
const SKAB = new URL("../../shared/datasets/skab/", import.meta.url).pathname;

function stats(xs: number[]): { median: number; spread: string } {
  const s = [...xs].sort((a, b) => a - b);
  const f = (x: number) => Math.round(x).toLocaleString("en");
  return { median: s[s.length >> 1], spread: `${f(s[0])}-${f(s[s.length - 1])}` };
}

/**
 * Rates of two workloads in items per second, in alternating rounds (after
 * a warm-up of each) so a busy moment of the shared machine hits both.
 */
function paired(
  n: number,
  a: (n: number) => number,
  b: (n: number) => number,
  rounds = ROUNDS,
): [number[], number[]] {
  let sink = a(Math.min(n, 20_000)) + b(Math.min(n, 20_000));
  const ra: number[] = [], rb: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const [work, out] of [[a, ra], [b, rb]] as const) {
      const t0 = performance.now();
      sink += work(n);
      out.push(n / ((performance.now() - t0) / 1000));
    }
  }
  if (sink === Number.MIN_VALUE) console.error(sink); // keeps the work observable
  return [ra, rb];
}

/** SKAB-shaped rows: 8 channels with noise. */
function skabRows(n: number): { fast: Float64Array[]; slow: Float64Array[] } {
  const rnd = new Random(1, "bench");
  const fast: Float64Array[] = [];
  const slow: Float64Array[] = [];
  for (let i = 0; i < n; i++) {
    fast.push(Float64Array.from([0.027, 0.04, 1.1, 0.06, 230, 32], (m) => m + rnd.normal(0, 0.02)));
    slow.push(Float64Array.from([70, 25], (m) => m + rnd.normal(0, 0.05)));
  }
  return { fast, slow };
}

function detectorFigures(): BenchResult[] {
  const rows = skabRows(4096);
  const detector = new OnlineDetector(400);
  for (let i = 0; i < 400; i++) detector.push(rows.fast[i], rows.slow[i]);
  const mean = new Float64Array(8), m2 = new Float64Array(8);
  let count = 0;
  const [scored, welford] = paired(SAMPLES, (n) => {
    let a = 0;
    for (let i = 0; i < n; i++) {
      const k = i & 4095;
      if (detector.push(rows.fast[k], rows.slow[k])!.anomaly) a++;
    }
    return a;
  }, (n) => {
    for (let i = 0; i < n; i++) {
      const k = i & 4095;
      count++;
      for (let j = 0; j < 8; j++) {
        const x = j < 6 ? rows.fast[k][j] : rows.slow[k][j - 6];
        const d = x - mean[j];
        mean[j] += d / count;
        m2[j] += d * (x - mean[j]);
      }
    }
    return m2[0];
  });
  const a = stats(scored), b = stats(welford);
  return [benchResult(
    "anomaly_detector_samples_per_s",
    a.median,
    "samples/s",
    b.median,
    `one detector, 8 channels (SKAB shape); baseline: Welford mean/variance of the same channels. ` +
      `spread detector ${a.spread}, baseline ${b.spread}`,
  )];
}

function pumpFigures(): BenchResult[] {
  const params = pumpParams.parse({ initial_status: "running" });
  const sim = new PumpSimulator({ id: "p1", config: params, seed: 1 });
  const values: PointValues = {};
  let t = 0;
  const features = new PumpFeatures(params);
  const detector = new OnlineDetector(600, undefined, PUMP_CHANNEL_FLOORS);
  const buffer = new Float64Array(3);
  // Samples recorded from the simulator, so the detector sees real pump values.
  const recorded: PointValues[] = [];
  for (let i = 0; i < 4096; i++) {
    t += 1;
    sim.step(1, t);
    const v: PointValues = {};
    sim.read("p1", v);
    recorded.push(v);
  }
  for (let i = 0; i < 600; i++) {
    features.compute(recorded[i], buffer);
    detector.push(buffer);
  }
  const [watched, simulated] = paired(SAMPLES / 4, (n) => {
    let a = 0;
    for (let i = 0; i < n; i++) {
      if (features.compute(recorded[i & 4095], buffer) && detector.push(buffer)!.anomaly) a++;
    }
    return a;
  }, (n) => {
    for (let i = 0; i < n; i++) {
      t += 1;
      sim.step(1, t);
      sim.read("p1", values);
    }
    return values.flow as number;
  });
  const a = stats(watched), b = stats(simulated);
  return [benchResult(
    "pump_anomaly_samples_per_s",
    a.median,
    "samples/s",
    b.median,
    `one pump: curve residuals + detector per sample; baseline: the pump simulator's 1 s steps ` +
      `(step + read). spread detector ${a.spread}, simulator ${b.spread}`,
  )];
}

async function skabFigures(): Promise<BenchResult[]> {
  let files: string[];
  try {
    files = (await listCsv(SKAB)).filter((f) => !f.includes("anomaly-free"));
  } catch {
    console.error(`anomaly bench: ${SKAB} absent, eval-skab figure skipped`);
    return [];
  }
  const texts = await Promise.all(files.map((f) => Deno.readTextFile(f)));
  const rows = texts.reduce((n, t) => n + t.split("\n").length - 2, 0);
  const pass = (full: boolean) => () => {
    let n = 0;
    for (let i = 0; i < texts.length; i++) {
      const rec = parseSkabCsv(texts[i], files[i]);
      n += full ? evaluateSkabRecording(rec).testRows : rec.fast.length;
    }
    return n;
  };
  // Each round is one pass over every file; `paired` counts `rows` items per pass.
  const [evalRates, parseRates] = paired(rows, pass(true), pass(false), 5);
  const parsed = stats(parseRates), full = stats(evalRates);
  return [benchResult(
    "skab_eval_rows_per_s",
    full.median,
    "rows/s",
    parsed.median,
    `${files.length} labelled SKAB files, ${rows} rows: parse + detect; baseline: parsing alone ` +
      `(csv-parse). spread eval ${full.spread}, parse ${parsed.spread}`,
  )];
}

/** Every anomaly figure. */
export async function runAnomalyBench(): Promise<BenchResult[]> {
  return [...detectorFigures(), ...pumpFigures(), ...await skabFigures()];
}

if (import.meta.main) {
  for (const r of await runAnomalyBench()) console.log(JSON.stringify(r));
}
