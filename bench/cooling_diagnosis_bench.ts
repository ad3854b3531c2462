/**
 * Cooling diagnosis throughput, beside a baseline from the same run:
 *
 * - `cooling_diagnosis_samples_per_s`: one watching detector taking a
 *   cooling site's samples (smoothing, residuals with the e-NTU inversion,
 *   scores, the decision), against the site simulator producing those
 *   samples (`step` + `read`), so the ratio says how much the diagnosis adds
 *   to a simulated site.
 *
 * Medians of several alternating rounds; the note gives the spread.
 *
 * Run alone: `deno run bench/cooling_diagnosis_bench.ts`
 *
 * @module
 */
import { type BenchResult, benchResult } from "./bench_result.ts";
import { CoolingDetector } from "../diagnosis/cooling/cooling_detector.ts";
import { CoolingSiteSimulator } from "../simulators/cooling/cooling_site_simulator.ts";
import type { PointValues } from "../simulators/simulator.ts";
import { coolingSiteParams } from "../twins/cooling_site/params.ts";

const ROUNDS = 7;
const SAMPLES = 86_400;

function stats(xs: number[]): { median: number; spread: string } {
  const s = [...xs].sort((a, b) => a - b);
  const f = (x: number) => Math.round(x).toLocaleString("en");
  return { median: s[s.length >> 1], spread: `${f(s[0])}-${f(s[s.length - 1])}` };
}

/** Cooling diagnosis figures. */
export function runCoolingDiagnosisBench(): BenchResult[] {
  const params = coolingSiteParams.parse({});
  // A simulated day of samples, recorded once so the detector's rounds read the same data.
  const recorder = new CoolingSiteSimulator({ id: "s", config: params, seed: 1 });
  const samples: PointValues[] = [];
  for (let t = 1; t <= SAMPLES; t++) {
    recorder.step(1, t);
    const v: PointValues = {};
    recorder.read("s", v);
    samples.push(v);
  }
  let sink = 0;
  const detect = () => {
    const det = new CoolingDetector(params, { trainS: 600 });
    for (let i = 0; i < samples.length; i++) {
      sink += det.push((i + 1) * 1000, samples[i]).confidence;
    }
  };
  const simulate = () => {
    const sim = new CoolingSiteSimulator({ id: "s", config: params, seed: 1 });
    const v: PointValues = {};
    for (let t = 1; t <= SAMPLES; t++) {
      sim.step(1, t);
      sim.read("s", v);
    }
    sink += v.supply_temp as number;
  };
  detect();
  simulate();
  const rd: number[] = [], rs: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    for (const [work, out] of [[detect, rd], [simulate, rs]] as const) {
      const t0 = performance.now();
      work();
      out.push(SAMPLES / ((performance.now() - t0) / 1000));
    }
  }
  if (sink === Number.MIN_VALUE) console.error(sink); // keeps the work observable
  const d = stats(rd), s = stats(rs);
  return [
    benchResult(
      "cooling_diagnosis_samples_per_s",
      d.median,
      "samples/s",
      s.median,
      `one site's detector over a simulated day (range ${d.spread}); baseline: the site ` +
        `simulator producing the samples (range ${s.spread})`,
    ),
  ];
}

if (import.meta.main) {
  for (const r of runCoolingDiagnosisBench()) console.log(JSON.stringify(r));
}
