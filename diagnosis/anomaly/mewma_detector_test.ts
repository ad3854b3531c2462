import { deepEqual, equal, ok, throws } from "node:assert/strict";
import { Random } from "../../simulators/random.ts";
import { OnlineDetector } from "./online_detector.ts";

/** A pump-like stream: flow, pressure and current share a load factor; temperature drifts. */
function stream(seed: number, n: number, change?: (i: number, row: number[]) => void) {
  const rnd = new Random(seed, "mewma");
  const fast: number[][] = [];
  const slow: number[][] = [];
  for (let i = 0; i < n; i++) {
    const load = rnd.normal(0, 1);
    const row = [
      30 + 0.5 * load + rnd.normal(0, 0.3), // flow
      2 + 0.05 * load + rnd.normal(0, 0.03), // pressure
      10 + 0.2 * load + rnd.normal(0, 0.2), // current
      0.03 + rnd.normal(0, 0.001), // vibration
    ];
    change?.(i, row);
    fast.push(row);
    slow.push([60 + i * 0.001 + rnd.normal(0, 0.05)]);
  }
  return { fast, slow };
}

function run(fast: number[][], slow: number[][], train = 400) {
  const d = new OnlineDetector(train);
  return fast.map((f, i) => d.push(f, slow[i]));
}

const rate = (xs: boolean[]) => xs.filter((x) => x).length / xs.length;

Deno.test("a persistent 1.5-sigma flow drop is found within 30 samples; normal rows stay quiet", () => {
  const { fast, slow } = stream(1, 1300, (i, row) => {
    if (i >= 700 && i < 1000) row[0] -= 0.9; // 1.5 x flow's deviation of about 0.58
  });
  const v = run(fast, slow);
  equal(v.slice(0, 400).every((x) => x === undefined), true);
  const flag = v.map((x) => x?.anomaly ?? false);
  const firstHit = flag.findIndex((f, i) => i >= 700 && f);
  ok(firstHit >= 700 && firstHit < 730, `first alarm at ${firstHit}`);
  ok(rate(flag.slice(730, 1000)) > 0.9, `caught ${rate(flag.slice(730, 1000))}`);
  ok(rate(flag.slice(400, 700)) < 0.05, `false alarms before ${rate(flag.slice(400, 700))}`);
  ok(rate(flag.slice(1050, 1300)) < 0.05, `false alarms after ${rate(flag.slice(1050, 1300))}`);
});

Deno.test("a broken correlation alarms although each channel stays in its own range", () => {
  // Flow and pressure go opposite ways by 1 sigma each: neither alone is unusual.
  const { fast, slow } = stream(2, 800, (i, row) => {
    if (i >= 500) {
      row[0] += 0.6;
      row[1] -= 0.06;
    }
  });
  const flag = run(fast, slow).map((x) => x?.anomaly ?? false);
  ok(rate(flag.slice(400, 500)) < 0.05);
  ok(rate(flag.slice(540, 800)) > 0.9, `caught ${rate(flag.slice(540, 800))}`);
});

Deno.test("slow temperature drift is tolerated; a fast temperature rise trips the rate guard", () => {
  const drift = stream(3, 1000);
  for (let i = 400; i < 1000; i++) drift.slow[i][0] += (i - 400) * 0.01; // 6 K over 600 s
  const quiet = run(drift.fast, drift.slow).map((x) => x?.anomaly ?? false);
  ok(rate(quiet.slice(400)) < 0.05, `drift alarms ${rate(quiet.slice(400))}`);

  const hot = stream(3, 1000);
  for (let i = 700; i < 1000; i++) hot.slow[i][0] += Math.min(i - 700, 60) * 0.1; // +6 K in 60 s
  const v = run(hot.fast, hot.slow);
  const first = v.findIndex((x, i) => i >= 700 && x?.anomaly);
  ok(first > 700 && first < 730, `first alarm at ${first}`);
  ok(v[first]!.rateRatio > 1 && v[first]!.t2Ratio < 1, "the guard, not T², fired");
});

Deno.test("scoring is causal: later samples never change earlier verdicts", () => {
  const a = stream(4, 900);
  const b = stream(4, 900, (i, row) => {
    if (i >= 600) row[0] += 5;
  });
  deepEqual(run(a.fast, a.slow).slice(0, 600), run(b.fast, b.slow).slice(0, 600));
  const full = run(a.fast, a.slow);
  deepEqual(run(a.fast.slice(0, 500), a.slow.slice(0, 500)), full.slice(0, 500));
});

Deno.test("non-finite samples are skipped without touching the state", () => {
  const { fast, slow } = stream(5, 600);
  const d = new OnlineDetector(400);
  const e = new OnlineDetector(400);
  for (let i = 0; i < 600; i++) {
    if (i === 450) equal(d.push([NaN, 1, 1, 1], slow[i]), undefined);
    const x = d.push(fast[i], slow[i]);
    const y = e.push(fast[i], slow[i]);
    deepEqual(x, y);
  }
  equal(d.phase, "scoring");
});

Deno.test("a channel flat in training gets a scale floor instead of dividing by zero", () => {
  const { fast, slow } = stream(6, 600, (_i, row) => {
    row[3] = 0.03;
  });
  const v = run(fast, slow);
  ok(v.slice(400).every((x) => x !== undefined && Number.isFinite(x.score) && !x.anomaly));
});

Deno.test("a too short training window is refused", () => {
  throws(() => new OnlineDetector(20), /trainSamples must be an integer of at least 60/);
});
