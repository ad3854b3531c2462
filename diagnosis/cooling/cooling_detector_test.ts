import assert from "node:assert/strict";
import { Random } from "../../simulators/random.ts";
import { CoolingSiteSimulator } from "../../simulators/cooling/cooling_site_simulator.ts";
import type { Actuation, PointValues } from "../../simulators/simulator.ts";
import { coolingSiteParams } from "../../twins/cooling_site/params.ts";
import { CoolingDetector, type CoolingDiagnosis } from "./cooling_detector.ts";

const TRAIN_S = 600;

// A seeded site with field-like noise on its points, read by a detector
// trained for 10 minutes; `run` returns every diagnosis change with its time.
function bench(seed = 3, params: Record<string, unknown> = {}) {
  const p = coolingSiteParams.parse(params);
  const sim = new CoolingSiteSimulator({ id: "s", config: p, seed });
  const det = new CoolingDetector(p, { trainS: TRAIN_S });
  const rng = new Random(seed, "noise");
  const v: PointValues = {};
  let t = 0;
  const changes: [number, CoolingDiagnosis][] = [];
  const run = (s: number) => {
    for (let i = 0; i < s; i++) {
      t++;
      sim.step(1, t);
      sim.read("s", v);
      for (const k of ["supply_temp", "return_temp", "ambient_temp"]) {
        v[k] = (v[k] as number) + rng.normal(0, 0.1);
      }
      for (const k of ["coolant_flow", "heat_load", "heat_rejected", "fan_power"]) {
        v[k] = (v[k] as number) * (1 + rng.normal(0, 0.01));
      }
      const d = det.push(t * 1000, v).diagnosis;
      if (d !== changes.at(-1)?.[1]) changes.push([t, d]);
    }
  };
  const act = (a: Actuation) => assert.equal(sim.actuate("s", a), undefined);
  return { det, run, act, changes, now: () => t };
}

Deno.test("detector: trains on the first running, then watches a healthy site without a fault", () => {
  const b = bench();
  b.run(TRAIN_S);
  assert.equal(b.det.verdict.status, "training");
  assert.equal(b.det.verdict.diagnosis, "unknown");
  b.run(TRAIN_S);
  assert.equal(b.det.verdict.status, "watching");
  b.run(3 * 3600);
  assert.deepEqual(b.changes.map(([, d]) => d), ["unknown", "normal"]);
  const v = b.det.verdict;
  assert.ok(Math.abs(v.fanPowerPct - 100) < 2 && Math.abs(v.pumpFlowPct - 100) < 2);
  assert.ok(Math.abs(v.coolerUaPct - 100) < 5, `UA ${v.coolerUaPct} %`);
  assert.ok(Math.abs(v.supplyResidualK) < 0.3, `residual ${v.supplyResidualK} K`);
  assert.ok(v.confidence > 0.7, `healthy confidence ${v.confidence}`);
});

const CASES: {
  fault: string;
  severity: number;
  params?: Record<string, unknown>;
  within: number;
}[] = [
  { fault: "fan_failure", severity: 0.1, within: 300 },
  { fault: "fan_failure", severity: 1, within: 120 },
  { fault: "pump_failure", severity: 0.5, params: { pumps: 2 }, within: 300 },
  { fault: "pump_failure", severity: 1, within: 300 },
  { fault: "exchanger_fouling", severity: 0.5, within: 1800 },
  { fault: "sensor_drift", severity: 0.5, within: 1800 },
];

for (const c of CASES) {
  Deno.test(`detector: ${c.fault} at ${c.severity}${c.params ? " on two pumps" : ""} is named, nothing else first`, () => {
    const b = bench(5, c.params);
    b.run(2 * TRAIN_S + 300);
    const onset = b.now();
    b.act({ type: "inject_fault", args: { fault: c.fault, severity: c.severity } });
    b.run(c.within);
    const after = b.changes.filter(([t]) => t > onset);
    assert.equal(after[0]?.[1], c.fault, JSON.stringify(after));
    assert.ok(b.det.verdict.confidence >= 0.5);
    // Cleared (a recalibrated sensor, a cleaned cooler, a repaired drive): back to normal.
    if (c.fault !== "pump_failure" || c.params) {
      b.act({ type: "clear_fault", args: { fault: c.fault } });
      b.run(1200);
      assert.equal(b.det.verdict.diagnosis, "normal", JSON.stringify(b.changes));
    }
  });
}

Deno.test("detector: a fault shorter than the hold time raises nothing", () => {
  const b = bench();
  b.run(2 * TRAIN_S + 300);
  b.act({ type: "inject_fault", args: { fault: "fan_failure", severity: 0.5 } });
  b.run(20);
  b.act({ type: "clear_fault", args: {} });
  b.run(1200);
  assert.deepEqual(b.changes.map(([, d]) => d), ["unknown", "normal"]);
});

Deno.test("detector: idle while stopped, watching again after a start without retraining", () => {
  const b = bench();
  b.run(2 * TRAIN_S + 300);
  const base = { ...b.det.baseline };
  b.act({ type: "stop", args: {} });
  b.run(600);
  assert.equal(b.det.verdict.status, "idle");
  assert.equal(b.det.verdict.diagnosis, "unknown");
  b.act({ type: "start", args: {} });
  b.run(900);
  assert.equal(b.det.verdict.status, "watching");
  assert.equal(b.det.verdict.diagnosis, "normal");
  assert.deepEqual(b.det.baseline, base);
  assert.ok(!b.changes.some(([, d]) => d !== "normal" && d !== "unknown"), "no fault raised");
});

Deno.test("detector: a stop during training starts the training over", () => {
  const b = bench();
  b.run(TRAIN_S);
  b.act({ type: "stop", args: {} });
  b.run(60);
  b.act({ type: "start", args: {} });
  b.run(TRAIN_S);
  assert.equal(b.det.verdict.status, "training", "the 10 minutes before the stop do not count");
  b.run(TRAIN_S);
  assert.equal(b.det.verdict.status, "watching");
});

Deno.test("detector: a site already faulty while it trains is named against its nameplate", () => {
  const cases: [string, number, CoolingDiagnosis, Record<string, unknown>][] = [
    ["fan_failure", 0.3, "fan_failure", {}],
    ["pump_failure", 0.5, "pump_failure", { pumps: 2 }],
    ["pump_failure", 1, "pump_failure", { pumps: 1 }],
    ["exchanger_fouling", 0.5, "exchanger_fouling", {}],
  ];
  for (const [fault, severity, expected, params] of cases) {
    const b = bench(5, params);
    b.act({ type: "inject_fault", args: { fault, severity } });
    // Fouling builds up over an hour: let it finish before training starts.
    if (fault === "exchanger_fouling") b.run(3600);
    const trainedAt = b.now();
    b.run(2 * TRAIN_S + 600);
    const named = b.changes.find(([, d]) => d !== "unknown" && d !== "normal");
    assert.ok(named, `${fault}: named (changes ${JSON.stringify(b.changes)})`);
    assert.equal(named[1], expected, fault);
    assert.ok(named[0] - trainedAt < 2 * TRAIN_S + 300, `${fault} named at ${named[0]} s`);
  }
});

Deno.test("detector: nameplate figures leave healthy seeded sites as learnt", () => {
  for (let seed = 1; seed <= 6; seed++) {
    const b = bench(seed, { ambient_mean_c: [0, 10, 20, 30][seed % 4] });
    b.run(2 * TRAIN_S + 1800);
    assert.deepEqual(b.changes.map(([, d]) => d), ["unknown", "normal"], `seed ${seed}`);
  }
});

Deno.test("detector: fans at rest past the training keep it learning without piling up unread constants", () => {
  const p = coolingSiteParams.parse({});
  const sim = new CoolingSiteSimulator({ id: "s", config: p, seed: 5 });
  const det = new CoolingDetector(p, { trainS: TRAIN_S });
  const v: PointValues = {};
  const run = (s: number, fansAtRest: boolean) => {
    for (let i = 0; i < s; i++) {
      t++;
      sim.step(1, t);
      sim.read("s", v);
      if (fansAtRest) v.fan_speed = 0; // no fan reading: the fan constant cannot be learnt
      det.push(t * 1000, v);
    }
  };
  let t = 0;
  run(4 * TRAIN_S, true);
  assert.equal(det.verdict.status, "training", "no fan constant learnt yet");
  const train = det.snapshot().train;
  assert.equal(train.fan.length, 0, "blocks without a fan reading add nothing to learn from");
  assert.ok(train.flow.length > 0, "the other constants were read");
  run(2 * TRAIN_S, false);
  assert.equal(det.verdict.status, "watching", "learnt once the fans were read");
  assert.ok(Number.isFinite(det.baseline.fan));
});
