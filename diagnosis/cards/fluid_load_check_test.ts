import assert from "node:assert/strict";
import { WellSimulator } from "../../simulators/well/well_simulator.ts";
import { EXAMPLE_WELL } from "../../simulators/well/example_well.ts";
import type { WellFault } from "../../simulators/well/well_faults.ts";
import type { PointValues } from "../../simulators/simulator.ts";
import { CardClassifier } from "./card_classifier.ts";
import { committedModel } from "./card_model_file.ts";
import { DiagnosedWell } from "./diagnosed_well.ts";
import { cardLoadMeasures, checkFluidLoad, type WellHydraulics } from "./fluid_load_check.ts";

/** An ideal downhole card: plunger 0..`stroke` m, `fluid` N on the upstroke, 0 on the downstroke. */
function idealCard(stroke: number, fluid: number, n = 200) {
  const position = new Float64Array(n), load = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const phase = i / n;
    position[i] = (stroke * (1 - Math.cos(2 * Math.PI * phase))) / 2;
    load[i] = phase < 0.5 ? fluid : 0;
  }
  return { position, load };
}

Deno.test("cardLoadMeasures: fluid load and plunger stroke of an ideal card", () => {
  const m = cardLoadMeasures(idealCard(2.5, 12_000));
  assert.ok(Math.abs(m.fluidLoadN - 12_000) < 1e-6, `${m.fluidLoadN}`);
  assert.ok(Math.abs(m.plungerStrokeM - 2.5) < 1e-9, `${m.plungerStrokeM}`);
});

Deno.test("checkFluidLoad: a carried load passes; a lost one is a leak or a flowing well by production", () => {
  const area = 1.55e-3, stroke = 2.5, spm = 6;
  const displacement = area * stroke * spm * 1440;
  const w: WellHydraulics = {
    plungerAreaM2: area,
    dischargePa: 15e6,
    intakePa: 5e6,
    productionM3d: 0.98 * displacement,
    spm,
  };
  const full = area * 10e6;
  const healthy = checkFluidLoad({ fluidLoadN: full, plungerStrokeM: stroke }, w);
  assert.equal(healthy.label, undefined);
  assert.ok(Math.abs(healthy.loadRatio - 1) < 1e-9);
  assert.ok(Math.abs(healthy.productionRatio - 0.98) < 1e-9);
  // Lost load, production kept: the reservoir carries it (flowing through the pump).
  const flowing = checkFluidLoad({ fluidLoadN: 0.4 * full, plungerStrokeM: stroke }, w);
  assert.equal(flowing.label, "WORK_WITH_FLOAT");
  // Lost load and production lost with it: a tubing hole.
  const leak = checkFluidLoad({ fluidLoadN: 0.6 * full, plungerStrokeM: stroke }, {
    ...w,
    productionM3d: 0.6 * displacement,
  });
  assert.equal(leak.label, "OIL_ROD_LEAKAGE");
  // Just above the threshold: not lost.
  assert.equal(
    checkFluidLoad({ fluidLoadN: 0.86 * full, plungerStrokeM: stroke }, w).label,
    undefined,
  );
  // No differential or no stroke: nothing to compare, never a fault.
  assert.equal(
    checkFluidLoad({ fluidLoadN: 0, plungerStrokeM: stroke }, { ...w, intakePa: 15e6 }).label,
    undefined,
  );
  assert.equal(checkFluidLoad({ fluidLoadN: 0, plungerStrokeM: 0 }, w).label, undefined);
});

const classifier = new CardClassifier(committedModel());

/** Diagnosis of the example well at fluid level `levelM`, `spm`, with `fault` at `severity` (seeded). */
function diagnose(
  levelM: number,
  spm: number,
  fault: WellFault | undefined,
  severity: number,
  seed: number,
) {
  const well = new WellSimulator({
    id: "w",
    config: { ...EXAMPLE_WELL, spm, initialFluidLevelM: levelM },
    seed,
  });
  const sim = new DiagnosedWell(well, classifier);
  if (fault) sim.actuate("w", { type: "inject_fault", args: { fault, severity } });
  const out: PointValues = {};
  for (let t = 1; t <= 3; t++) {
    sim.step(1, t);
    sim.read("w", out);
  }
  return { label: out.diagnosis, check: sim.diagnosis.fluidLoad! };
}

// Operating points off the simulated training grid (levels 400/700/1000 m, 5/8 spm, severities 0.35/0.65/0.95).
const POINTS = [
  { levelM: 600, spm: 7, severity: 0.5, seed: 11 },
  { levelM: 1100, spm: 5, severity: 0.9, seed: 12 },
  { levelM: 300, spm: 4, severity: 0.4, seed: 13 },
];

for (const p of POINTS) {
  Deno.test(`at ${p.levelM} m, ${p.spm} spm: healthy, tubing leak and flowing well told apart (severity ${p.severity})`, () => {
    const healthy = diagnose(p.levelM, p.spm, undefined, 0, p.seed);
    assert.equal(healthy.label, "REGULAR_WORK");
    assert.ok(
      Math.abs(healthy.check.loadRatio - 1) < 0.05,
      `healthy load ratio ${healthy.check.loadRatio}`,
    );
    const leak = diagnose(p.levelM, p.spm, "tubing_leak", p.severity, p.seed);
    assert.equal(leak.label, "OIL_ROD_LEAKAGE");
    // The hole takes 0.6 × severity of the differential off the plunger.
    assert.ok(
      Math.abs(leak.check.loadRatio - (1 - 0.6 * p.severity)) < 0.05,
      `leak ${leak.check.loadRatio}`,
    );
    const flowing = diagnose(p.levelM, p.spm, "flowing_through_pump", p.severity, p.seed);
    assert.equal(flowing.label, "WORK_WITH_FLOAT");
    assert.ok(
      flowing.check.productionRatio > 0.95,
      `flowing production ${flowing.check.productionRatio}`,
    );
  });
}
