/**
 * Cards of the well simulator for every card class, as the runtime sees
 * them: the example well (see simulators/well/example_well.ts) with each
 * fault injected, its surface card inverted to the downhole card (Gibbs)
 * and turned into the quasi-static card the classifier reads. They are
 * added to the field cards for training so the classifier knows the
 * simulator's fault signatures (field cards alone recognise few of them);
 * the training grid of severities, fluid levels and speeds differs from
 * the one the fault-injection test uses.
 *
 * Run `deno run --allow-read diagnosis/cards/simulated_cards.ts >
 * diagnosis/cards/simulated_cards_train.sktime` to rewrite the committed file.
 *
 * @module
 */
import { WellSimulator } from "../../simulators/well/well_simulator.ts";
import { EXAMPLE_WELL } from "../../simulators/well/example_well.ts";
import { WELL_FAULTS, type WellFault } from "../../simulators/well/well_faults.ts";
import { downholeCard } from "./gibbs_downhole.ts";
import { staticCard } from "./static_card.ts";
import { FAULT_CLASS, NORMAL_CLASS } from "./fault_classes.ts";

/** One simulated condition. */
export interface SimulatedCase {
  /** Injected fault, or none. */
  fault?: WellFault;
  /** Fault severity 0..1. */
  severity: number;
  /** Fluid level below surface, m (the pump is at 1500 m). */
  levelM: number;
  /** Strokes per minute. */
  spm: number;
  /** Polished-rod stroke, m (default the example well's 3 m). */
  strokeLengthM?: number;
}

/** The quasi-static card (position m, load N) the runtime classifies for the example well in `c`. */
export function simulatedStaticCard(
  c: SimulatedCase,
): { position: Float64Array; load: Float64Array } {
  const sim = new WellSimulator({
    id: "w",
    config: {
      ...EXAMPLE_WELL,
      spm: c.spm,
      strokeLengthM: c.strokeLengthM ?? EXAMPLE_WELL.strokeLengthM,
      measurementNoise: 0,
      initialFluidLevelM: c.levelM,
    },
    seed: 1,
  });
  if (c.fault) {
    const err = sim.actuate("w", {
      type: "inject_fault",
      args: { fault: c.fault, severity: c.severity },
    });
    if (err) throw new Error(err);
  }
  sim.step(1, 1);
  const card = sim.card, s = { ...sim.cardSettings, periodS: card.periodS };
  return staticCard(downholeCard(card.surfacePosition, card.surfaceLoad, s), s);
}

/** Class label of a case. */
export function caseClass(c: SimulatedCase): string {
  return c.fault ? FAULT_CLASS[c.fault] : NORMAL_CLASS;
}

/**
 * The training grid: every fault at three severities, three fluid levels and
 * two speeds; a healthy pump at every 100 m of fluid level from 300 to
 * 1300 m, 4 to 9 spm and two stroke lengths. A healthy card must not look
 * like a fault at any operating point (the field cards alone confuse healthy
 * and tubing-leak cards), and the runtime sees healthy wells most of the time.
 */
export function trainingCases(): SimulatedCase[] {
  const out: SimulatedCase[] = [];
  for (let levelM = 300; levelM <= 1300; levelM += 100) {
    for (let spm = 4; spm <= 9; spm++) {
      for (const strokeLengthM of [3, 3.6]) out.push({ severity: 0, levelM, spm, strokeLengthM });
    }
  }
  for (const levelM of [400, 700, 1000]) {
    for (const spm of [5, 8]) {
      for (const fault of WELL_FAULTS) {
        for (const severity of [0.35, 0.65, 0.95]) out.push({ fault, severity, levelM, spm });
      }
    }
  }
  return out;
}

/** One sktime line for a case: every other sample's position (m) and load (kN), and the class. */
export function caseLine(c: SimulatedCase): string {
  const card = simulatedStaticCard(c);
  const every = <T>(_: T, i: number) => i % 2 === 0;
  const p = Array.from(card.position, (v) => v.toFixed(3)).filter(every).join(",");
  const l = Array.from(card.load, (v) => (v / 1000).toFixed(2)).filter(every).join(",");
  return `${p}:${l}:${caseClass(c)}`;
}

if (import.meta.main) {
  const classes = [NORMAL_CLASS, ...Object.values(FAULT_CLASS)].sort();
  const lines = [
    "@problemName FieldtwinSimulatedCards",
    "@timeStamps false",
    "@missing false",
    "@univariate false",
    "@dimensions 2",
    "@equalLength true",
    "@seriesLength 100",
    `@classLabel true ${classes.join(" ")}`,
    "@data",
    ...trainingCases().map(caseLine),
  ];
  await Deno.stdout.write(new TextEncoder().encode(lines.join("\n") + "\n"));
}
