/**
 * Each simulated well fault, injected into a running well, is named by the
 * diagnosis. The operating point (fluid level 850 m, 6 spm, severity 0.8)
 * is not one of the simulated training cards' (levels 400/700/1000 m, 5/8
 * spm, severities 0.35/0.65/0.95).
 */
import assert from "node:assert/strict";
import { WellSimulator } from "../../simulators/well/well_simulator.ts";
import { EXAMPLE_WELL } from "../../simulators/well/example_well.ts";
import { WELL_FAULTS, type WellFault } from "../../simulators/well/well_faults.ts";
import { CardClassifier } from "./card_classifier.ts";
import { committedModel } from "./card_model_file.ts";
import { DiagnosedWell } from "./diagnosed_well.ts";
import { FAULT_CLASS, NORMAL_CLASS } from "./fault_classes.ts";
import type { PointValues } from "../../simulators/simulator.ts";

const classifier = new CardClassifier(committedModel());

/** A diagnosed example well with `fault` injected, after `steps` one-second steps: its points. */
function diagnose(fault: WellFault | undefined, steps = 2): PointValues & { solves: number } {
  const well = new WellSimulator({
    id: "w",
    config: { ...EXAMPLE_WELL, spm: 6, measurementNoise: 0, initialFluidLevelM: 850 },
    seed: 3,
  });
  const sim = new DiagnosedWell(well, classifier);
  if (fault) sim.actuate("w", { type: "inject_fault", args: { fault, severity: 0.8 } });
  const out: PointValues = {};
  for (let t = 1; t <= steps; t++) {
    sim.step(1, t);
    sim.read("w", out);
  }
  return Object.assign(out, { solves: sim.diagnosis.diagnosed });
}

Deno.test("a healthy simulated well is diagnosed REGULAR_WORK", () => {
  const p = diagnose(undefined);
  assert.equal(p.diagnosis, NORMAL_CLASS);
  assert.ok((p.diagnosis_confidence as number) > 0);
});

for (const fault of WELL_FAULTS) {
  // tubing_leak and flowing_through_pump are named by the fluid-load check (fluid_load_check.ts).
  Deno.test(`injected ${fault} is diagnosed ${FAULT_CLASS[fault]}`, () => {
    const p = diagnose(fault);
    assert.equal(p.diagnosis, FAULT_CLASS[fault]);
  });
}

Deno.test("a card is diagnosed once, when it completes, not every step", () => {
  const p = diagnose("gas_interference", 30);
  // Steady well: the card is solved on the first step and replayed after; one diagnosis.
  assert.equal(p.solves, 1);
});
