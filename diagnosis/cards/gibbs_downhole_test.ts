import assert from "node:assert/strict";
import {
  type CardInputs,
  CardSolver,
  DynamometerCard,
  loopArea,
  SOUND_PUMP,
} from "../../simulators/well/dynamometer_card.ts";
import { EXAMPLE_RODS, EXAMPLE_WELL as W } from "../../simulators/well/example_well.ts";
import { GRAVITY, rodArea, rodLength, waveSpeed } from "../../simulators/well/rod_string.ts";
import { downholeCard } from "./gibbs_downhole.ts";

const L = rodLength(EXAMPLE_RODS), AP = rodArea(W.plungerDiameterM), RHO = W.fluidDensityKgM3;
const DAMPING = (Math.PI * waveSpeed(EXAMPLE_RODS) * W.dampingFactor) / (2 * L);

/** The example well with 750 m of liquid over the pump, as the simulator would solve it. */
function simulated(over: Partial<CardInputs> = {}): DynamometerCard {
  const inp: CardInputs = {
    spm: W.spm,
    strokeLengthM: W.strokeLengthM,
    crankRatio: W.crankRatio,
    dampingPerS: DAMPING,
    plungerAreaM2: AP,
    dischargePa: W.tubingHeadPressurePa + RHO * GRAVITY * L + 101_325,
    intakePa: W.casingPressurePa + RHO * GRAVITY * 750 + 101_325,
    bulkModulusPa: W.bulkModulusPa,
    deadVolumeM3: AP * W.deadLengthM,
    ...SOUND_PUMP,
    ...over,
  };
  const card = new DynamometerCard(200);
  new CardSolver(EXAMPLE_RODS, RHO).solve(inp, card);
  return card;
}

/** Errors of the Gibbs card against the simulator's own pump-end card, as fractions. */
function compare(card: DynamometerCard) {
  const d = downholeCard(card.surfacePosition, card.surfaceLoad, {
    rods: EXAMPLE_RODS,
    fluidKgM3: RHO,
    dampingPerS: DAMPING,
    periodS: card.periodS,
  });
  const n = card.points, fo = card.fluidLoadN;
  let sf = 0, su = 0, mf = 0;
  for (let j = 0; j < n; j++) {
    sf += (d.load[j] - card.pumpLoad[j]) ** 2;
    su += (d.position[j] - card.pumpPosition[j]) ** 2;
    mf = Math.max(mf, Math.abs(d.load[j] - card.pumpLoad[j]));
  }
  const stroke = Math.max(...d.position), simStroke = Math.max(...card.pumpPosition);
  return {
    rmsLoad: Math.sqrt(sf / n) / fo,
    maxLoad: mf / fo,
    rmsPosition: Math.sqrt(su / n) / simStroke,
    stroke: Math.abs(stroke - simStroke) / simStroke,
    work: Math.abs(loopArea(d.position, d.load) - card.pumpWorkJ) / card.pumpWorkJ,
  };
}

Deno.test("Gibbs inversion of a simulated full-pump card gives the simulator's pump card", () => {
  const e = compare(simulated());
  // Measured: rms load 1.0 % of Fo, max 6.2 %, rms position 0.11 % of the stroke (24 harmonics).
  assert.ok(e.rmsLoad < 0.02, `rms load ${e.rmsLoad}`);
  assert.ok(e.maxLoad < 0.08, `max load ${e.maxLoad}`);
  assert.ok(e.rmsPosition < 0.005, `rms position ${e.rmsPosition}`);
  assert.ok(e.stroke < 0.005, `stroke ${e.stroke}`);
  assert.ok(e.work < 0.03, `pump work ${e.work}`);
});

Deno.test("Gibbs inversion follows a fluid-pound card too (sharp load release)", () => {
  const e = compare(simulated({ fillFraction: 0.5 }));
  // The release is a step the truncated series rounds off (Gibbs ringing): rms 5.2 % of Fo, max 35 %.
  assert.ok(e.rmsLoad < 0.08, `rms load ${e.rmsLoad}`);
  assert.ok(e.maxLoad < 0.45, `max load ${e.maxLoad}`);
  assert.ok(e.rmsPosition < 0.006, `rms position ${e.rmsPosition}`);
  assert.ok(e.work < 0.05, `pump work ${e.work}`);
});

Deno.test("without the damping term the inversion is off: the test can fail", () => {
  const card = simulated();
  const d = downholeCard(card.surfacePosition, card.surfaceLoad, {
    rods: EXAMPLE_RODS,
    fluidKgM3: RHO,
    dampingPerS: 0,
    periodS: card.periodS,
  });
  let s = 0;
  for (let j = 0; j < card.points; j++) s += (d.load[j] - card.pumpLoad[j]) ** 2;
  assert.ok(Math.sqrt(s / card.points) / card.fluidLoadN > 0.03);
});
