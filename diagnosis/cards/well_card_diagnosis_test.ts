import assert from "node:assert/strict";
import { WellSimulator } from "../../simulators/well/well_simulator.ts";
import { EXAMPLE_WELL } from "../../simulators/well/example_well.ts";
import { CardClassifier } from "./card_classifier.ts";
import { committedModel } from "./card_model_file.ts";
import { downholeCard } from "./gibbs_downhole.ts";
import { type CardSource, WellCardDiagnosis } from "./well_card_diagnosis.ts";

/** Two recorded surface cards (plain arrays, as a live or replayed source would hold them). */
function recorded(fault?: string) {
  const sim = new WellSimulator({
    id: "w",
    config: { ...EXAMPLE_WELL, measurementNoise: 0, initialFluidLevelM: 800 },
    seed: 1,
  });
  if (fault) sim.actuate("w", { type: "inject_fault", args: { fault, severity: 0.8 } });
  sim.step(1, 1);
  return {
    card: {
      surfacePosition: Array.from(sim.card.surfacePosition),
      surfaceLoad: Array.from(sim.card.surfaceLoad),
      periodS: sim.card.periodS,
    },
    settings: sim.cardSettings,
  };
}

Deno.test("a card source that is not a simulator is diagnosed, once per new card", () => {
  const healthy = recorded(), bang = recorded("pump_hitting_up");
  const src: { -readonly [K in keyof CardSource]: CardSource[K] } = {
    cardVersion: 1,
    card: healthy.card,
    cardSettings: healthy.settings,
  };
  const d = new WellCardDiagnosis(new CardClassifier(committedModel()));
  assert.equal(d.downhole, undefined, "no card diagnosed yet");
  assert.equal(d.update(src), true);
  assert.equal(d.result!.label, "REGULAR_WORK");
  assert.equal(d.update(src), false, "same card, no work");
  assert.equal(d.diagnosed, 1);
  src.card = bang.card;
  src.cardVersion = 2;
  assert.equal(d.update(src), true);
  assert.equal(d.result!.label, "PUMP_UP_BANG");
  assert.equal(d.downhole!.position.length, 200);
  // Worked out on demand, it is the Gibbs card of the diagnosed surface card.
  const expected = downholeCard(bang.card.surfacePosition, bang.card.surfaceLoad, {
    ...bang.settings,
    periodS: bang.card.periodS,
  });
  assert.deepEqual(d.downhole, expected);
  assert.equal(d.downhole, d.downhole, "asked twice, worked out once");
  assert.equal(d.diagnosed, 2);
});
