/**
 * `deno task train-cards <file.ts> [more.ts ...] [--out FILE] [--cv]`: train
 * the card classifier on labelled sktime card files and write the model
 * (default diagnosis/cards/card_model.json). Training is deterministic: the
 * same files give the same model bytes. The committed model is
 * `deno task train-cards ../shared/datasets/dynacards/cards_train.ts
 * diagnosis/cards/simulated_cards_train.sktime` (field cards plus the
 * simulator's). `--cv` also prints repeated stratified 5-fold
 * cross-validation (3 repeats, seeded) of the first file's cards, with the
 * other files' cards left out and then added to every training fold, and
 * the confusion matrices, to stderr; `--cv-seed N` deals the folds with
 * another seed (default 1), to check a figure is not one seed's luck.
 *
 * @module
 */
import { parseCardFile } from "./sktime_cards.ts";
import { trainingCards } from "./card_dataset.ts";
import { trainCardModel, type TrainingCard } from "./card_classifier.ts";
import { crossValidate, formatConfusion } from "./cross_validate.ts";
import { modelJson } from "./card_model_file.ts";

/** Default model path, beside this file. */
export const DEFAULT_MODEL_PATH = new URL("./card_model.json", import.meta.url);

async function main(args: string[]): Promise<number> {
  const inputs: string[] = [];
  let out: string | URL = DEFAULT_MODEL_PATH, cv = false, cvSeed = 1;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--out") out = args[++i];
    else if (a === "--cv") cv = true;
    else if (a === "--cv-seed") {
      cvSeed = Number(args[++i]);
      if (!Number.isInteger(cvSeed)) {
        console.error(`train-cards: --cv-seed needs an integer, got ${args[i]}`);
        return 2;
      }
      cv = true;
    } else if (a === "--help" || a === "-h") {
      console.log(
        "usage: deno task train-cards <cards.ts> [more.ts ...] [--out model.json] [--cv] [--cv-seed N]",
      );
      return 0;
    } else if (a.startsWith("-")) {
      console.error(`train-cards: unknown option ${a}`);
      return 2;
    } else inputs.push(a);
  }
  if (inputs.length === 0 || out === undefined) {
    console.error(
      "usage: deno task train-cards <cards.ts> [more.ts ...] [--out model.json] [--cv] [--cv-seed N]",
    );
    return 2;
  }
  const first = trainingCards(parseCardFile(await Deno.readTextFile(inputs[0])), inputs[0]);
  const classes = first.classes;
  const extra: TrainingCard[] = [];
  for (const more of inputs.slice(1)) {
    extra.push(...trainingCards(parseCardFile(await Deno.readTextFile(more)), more, classes).cards);
  }
  const cards = [...first.cards, ...extra];
  const model = trainCardModel(cards, classes);
  const json = modelJson(model);
  await Deno.writeTextFile(out, json);
  console.error(
    `train-cards: ${cards.length} cards, ${classes.length} classes, model ${json.length} bytes -> ${out}`,
  );
  if (cv) {
    const pct = (v: number) => (100 * v).toFixed(1);
    const runs: [string, TrainingCard[]][] = [[`${inputs[0]} alone`, []]];
    if (extra.length > 0) {
      runs.push([`${inputs[0]}, other files' cards in every training fold`, extra]);
    }
    for (const [name, more] of runs) {
      const r = crossValidate(first.cards, classes, 5, 3, cvSeed, more);
      console.error(
        `cross-validation on ${name} (stratified 5-fold x 3, seed ${cvSeed}): accuracy ${
          pct(r.mean)
        } % ± ${pct(r.sd)} (sd over ${r.foldAccuracy.length} folds; min ${
          pct(Math.min(...r.foldAccuracy))
        }, max ${pct(Math.max(...r.foldAccuracy))})`,
      );
      console.error(formatConfusion(classes, r.confusion));
    }
  }
  return 0;
}

if (import.meta.main) {
  try {
    Deno.exit(await main(Deno.args));
  } catch (e) {
    console.error(`train-cards: ${e instanceof Error ? e.message : String(e)}`);
    Deno.exit(1);
  }
}
