/**
 * A well simulator with card diagnosis on top: its points gain
 * `diagnosis` (the card class) and `diagnosis_confidence` (%), and
 * `inspect` gains the diagnosis and the Gibbs downhole card computed from
 * the surface card (what a live well would give; the simulator's own exact
 * pump card stays under `downholeCard`).
 *
 * @module
 */
import type {
  Actuation,
  PointValues,
  Simulator,
  SimulatorState,
} from "../../simulators/simulator.ts";
import type { WellSimulator } from "../../simulators/well/well_simulator.ts";
import type { CardClassifier } from "./card_classifier.ts";
import { WellCardDiagnosis } from "./well_card_diagnosis.ts";

/** The `diagnosis` point while the unit is stopped (no card is being drawn). */
export const NOT_PUMPING = "NOT_PUMPING";

/** Wraps a well simulator and diagnoses each new card it completes. */
export class DiagnosedWell implements Simulator {
  readonly feeds: readonly string[];
  /** The wrapped simulator. */
  readonly well: WellSimulator;
  /** The well's diagnosis state. */
  readonly diagnosis: WellCardDiagnosis;

  /** Diagnose `well`'s cards with `classifier`. */
  constructor(well: WellSimulator, classifier: CardClassifier) {
    this.well = well;
    this.feeds = well.feeds;
    this.diagnosis = new WellCardDiagnosis(classifier);
  }

  /** Step the well. */
  step(dtS: number, tS: number): void {
    this.well.step(dtS, tS);
  }

  /** The well's points plus the diagnosis of its latest card. */
  read(id: string, out: PointValues): void {
    this.well.read(id, out);
    if (out.pumping !== true) {
      out.diagnosis = NOT_PUMPING;
      out.diagnosis_confidence = 0;
      return;
    }
    this.diagnosis.update(this.well, {
      intakePa: (out.intake_pressure as number) * 1000,
      productionM3d: out.production_liquid as number,
      spm: out.spm as number,
    });
    const r = this.diagnosis.result!;
    out.diagnosis = r.label;
    out.diagnosis_confidence = Math.round(1000 * r.confidence) / 10;
  }

  /** The well's state; the diagnosis follows from its card, so a restored well diagnoses it again. */
  snapshot(): SimulatorState {
    return this.well.snapshot();
  }

  /** Continue from {@linkcode DiagnosedWell.snapshot}. */
  restore(state: SimulatorState): void {
    this.well.restore(state);
  }

  /** Commands go to the well. */
  actuate(id: string, action: Actuation): string | undefined {
    return this.well.actuate(id, action);
  }

  /** The well's detail plus the diagnosis and the Gibbs downhole card (kN). */
  inspect(id: string): Record<string, unknown> {
    const base = this.well.inspect(id);
    const d = this.diagnosis;
    const dh = d.downhole;
    return {
      ...base,
      diagnosis: d.result ? { class: d.result.label, confidence: d.result.confidence } : null,
      gibbsDownholeCard: dh
        ? { position: Array.from(dh.position), load: Array.from(dh.load, (v) => v / 1000) }
        : null,
    };
  }
}
