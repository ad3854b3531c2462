import { deepEqual, equal, ok } from "node:assert/strict";
import { Random } from "../../simulators/random.ts";
import { classifyWellEvent, oscillation, type SignalTable } from "./well_event_rules.ts";

const N = 4 * 3600; // four hours at 1 Hz

/** A gas-lifted well in steady flow with sensor noise; `shape` bends it into an event. */
function well(seed: number, shape?: (t: number, s: Record<string, number>, rnd: Random) => void) {
  const rnd = new Random(seed, "well");
  const names = ["P-PDG", "P-TPT", "T-TPT", "P-MON-CKP", "T-JUS-CKP", "P-JUS-CKGL"];
  const table: Record<string, Float64Array> = {};
  for (const n of names) table[n] = new Float64Array(N);
  let walk = 0;
  for (let t = 0; t < N; t++) {
    walk = 0.999 * walk + rnd.normal(0, 1);
    const s: Record<string, number> = {
      "P-PDG": 23.4e6 + rnd.normal(0, 5e3),
      "P-TPT": 13.7e6 + rnd.normal(0, 5e3),
      "T-TPT": 56.6 + rnd.normal(0, 0.02),
      "P-MON-CKP": 2.2e6 * (1 + 0.0001 * walk) + rnd.normal(0, 2e3),
      "T-JUS-CKP": 38 + rnd.normal(0, 0.05),
      "P-JUS-CKGL": 19.6e6 + rnd.normal(0, 1e4),
      walk,
    };
    shape?.(t, s, rnd);
    for (const n of names) table[n][t] = s[n];
  }
  return table;
}

const slugging = (t: number, s: Record<string, number>) => {
  // 40-minute cycles: slow build-up, fast blow-down, +-12 % at the choke.
  const phase = (t % 2400) / 2400;
  const saw = phase < 0.8 ? phase / 0.8 : (1 - phase) / 0.2;
  s["P-MON-CKP"] *= 0.88 + 0.24 * saw;
  s["P-TPT"] *= 0.99 + 0.02 * saw;
};
const instability = (_t: number, s: Record<string, number>) => {
  // Irregular swings of a few per cent (a slowly wandering random walk).
  s["P-MON-CKP"] *= 1 + 0.001 * s.walk;
};
const hydrate = (t: number, s: Record<string, number>) => {
  // From the second hour lift gas stops: line pressure up 5 %, well pressures up, choke cools.
  const k = Math.min(Math.max((t - 3600) / 3600, 0), 1);
  s["P-JUS-CKGL"] *= 1 + 0.05 * k;
  s["P-TPT"] *= 1 + 0.3 * k;
  s["P-PDG"] *= 1 + 0.1 * k;
  s["T-JUS-CKP"] -= 30 * k;
};

Deno.test("generated events are told apart: steady 0, slugging 3, instability 4, hydrate 9", () => {
  equal(classifyWellEvent(well(1)).predicted, 0);
  const slug = classifyWellEvent(well(2, slugging));
  equal(slug.predicted, 3);
  // The 40-minute cycle is found as the period (the biased autocorrelation pulls it a little short).
  ok(slug.features.windows.every((w) => Math.abs(w.periodSamples - 2400) <= 0.05 * 2400));
  ok(slug.features.windows.every((w) => w.regularity > 0.5 && Math.abs(w.amplitude - 0.21) < 0.02));
  equal(classifyWellEvent(well(3, instability)).predicted, 4);
  const h = classifyWellEvent(well(4, hydrate));
  equal(h.predicted, 9);
  ok(h.features.tempDrop > 25 && h.features.tempDrop < 35, `drop ${h.features.tempDrop}`);
});

Deno.test("label columns are ignored: scrambled class and state change nothing", () => {
  const rnd = new Random(7, "scramble");
  for (const [seed, shape] of [[2, slugging], [3, instability], [4, hydrate]] as const) {
    const signals = well(seed, shape);
    const labelled: SignalTable = {
      ...signals,
      class: Float64Array.from({ length: N }, () => [0, 3, 4, 9, 109][Math.floor(rnd.next() * 5)]),
      state: Float64Array.from({ length: N }, () => Math.floor(rnd.next() * 3)),
    };
    const quiet: SignalTable = {
      ...signals,
      class: new Float64Array(N),
      state: new Float64Array(N),
    };
    deepEqual(classifyWellEvent(labelled), classifyWellEvent(signals));
    deepEqual(classifyWellEvent(quiet), classifyWellEvent(signals));
  }
});

Deno.test("missing and frozen signals are tolerated", () => {
  const t = well(2, slugging);
  const partial: SignalTable = { "P-TPT": t["P-TPT"], "P-PDG": new Float64Array(N).fill(3e7) };
  const r = classifyWellEvent(partial);
  equal(r.features.oscillationSignal, "P-TPT"); // P-MON-CKP absent, P-PDG frozen
  ok(Number.isNaN(r.features.tempDrop));
  equal(classifyWellEvent({}).predicted, 0);
});

Deno.test("oscillation: a pure sine's amplitude and period, a ramp reads as none", () => {
  const sine = Array.from({ length: 720 }, (_, i) => 100 + 10 * Math.sin((2 * Math.PI * i) / 60));
  const o = oscillation(sine);
  ok(Math.abs(o.amplitude - 0.2 * Math.sin(0.45 * Math.PI)) < 0.01, `amp ${o.amplitude}`);
  equal(o.lag, 60);
  ok(o.regularity > 0.85);
  const ramp = oscillation(Array.from({ length: 720 }, (_, i) => 100 + i));
  ok(ramp.amplitude < 1e-9);
});
