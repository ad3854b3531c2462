import assert from "node:assert/strict";
import { CardClassifier, trainCardModel, type TrainingCard } from "./card_classifier.ts";
import { cardSeries } from "./card_series.ts";
import { modelJson } from "./card_model_file.ts";
import { parseCardFile } from "./sktime_cards.ts";
import { trainingCards } from "./card_dataset.ts";
import { Random } from "../../simulators/random.ts";

/** Cards of three made-up classes: full, half-filled (pound) and thin, with seeded noise. */
function generated(count: number, seed: number): { cards: TrainingCard[]; classes: string[] } {
  const rng = new Random(seed, "test-cards");
  const classes = ["FULL", "POUND", "THIN"];
  const cards: TrainingCard[] = [];
  for (let i = 0; i < count; i++) {
    const label = i % 3;
    const x: number[] = [], f: number[] = [];
    for (let k = 0; k < 100; k++) {
      const ph = k / 100, pos = 0.5 - 0.5 * Math.cos(2 * Math.PI * ph);
      const release = label === 1 ? 0.5 : 0.05;
      let load = ph < 0.5 ? Math.min(1, ph / 0.08) : Math.max(0, 1 - (ph - 0.5) / release);
      if (label === 2) load *= 0.15;
      x.push(3 * pos);
      f.push(20 + 30 * load + 0.5 * rng.normal());
    }
    cards.push({ features: cardSeries(x, f), label });
  }
  return { cards, classes };
}

Deno.test("training twice on the same cards gives the same model bytes", () => {
  const a = generated(60, 7), b = generated(60, 7);
  assert.equal(
    modelJson(trainCardModel(a.cards, a.classes)),
    modelJson(trainCardModel(b.cards, b.classes)),
  );
  const c = generated(60, 8);
  assert.notEqual(
    modelJson(trainCardModel(a.cards, a.classes)),
    modelJson(trainCardModel(c.cards, c.classes)),
  );
});

Deno.test("a model classifies unseen cards of well-separated classes, with confidence", () => {
  const train = generated(60, 1), test = generated(30, 2);
  const clf = new CardClassifier(trainCardModel(train.cards, train.classes));
  let right = 0;
  for (const c of test.cards) {
    const d = clf.classifyFeatures(c.features);
    if (d.label === train.classes[c.label]) right++;
    assert.ok(d.confidence > 0 && d.confidence <= 1);
  }
  assert.equal(right, test.cards.length);
  // Round trip through JSON gives the same answers.
  const again = new CardClassifier(JSON.parse(modelJson(clf.model)));
  for (const c of test.cards) {
    assert.deepEqual(again.classifyFeatures(c.features), clf.classifyFeatures(c.features));
  }
});

Deno.test("a model made for another input or format is refused", () => {
  const m = trainCardModel(generated(9, 1).cards, ["FULL", "POUND", "THIN"]);
  assert.throws(() => new CardClassifier({ ...m, input: "features v1" }), /retrain/);
  assert.throws(
    () => new CardClassifier({ ...m, version: 1 } as unknown as typeof m),
    /version 1 is not 2; retrain/,
  );
  assert.throws(
    () => new CardClassifier({ ...m, weights: m.weights.slice(8) }),
    /weights, expected/,
  );
});

const SHARED = new URL("../../../shared/datasets/dynacards/cards_train.ts", import.meta.url);
const haveShared = (() => {
  try {
    return Deno.statSync(SHARED).isFile;
  } catch {
    return false;
  }
})();

Deno.test({
  name:
    "the committed model is what train-cards makes from the shared file and the simulated cards",
  ignore: !haveShared,
  fn: async () => {
    const sim = new URL("./simulated_cards_train.sktime", import.meta.url);
    const { classes, cards: field } = trainingCards(
      parseCardFile(await Deno.readTextFile(SHARED)),
      "cards_train.ts",
    );
    const { cards: simulated } = trainingCards(
      parseCardFile(await Deno.readTextFile(sim)),
      "simulated_cards_train.sktime",
      classes,
    );
    const json = modelJson(trainCardModel([...field, ...simulated], classes));
    const committed = await Deno.readTextFile(new URL("./card_model.json", import.meta.url));
    assert.equal(json, committed);
  },
});
