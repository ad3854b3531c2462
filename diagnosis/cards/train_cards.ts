/**
 * `deno task train-cards <file.ts> [--out FILE] [--cv]`: train the card
 * classifier on a labelled sktime card file and write the model (default
 * diagnosis/cards/card_model.json). Training is deterministic: the same file
 * gives the same model bytes. `--cv` also prints repeated stratified 5-fold
 * cross-validation (3 repeats, seeded) and its confusion matrix to stderr.
 *
 * @module
 */
import { parseCardFile } from "./sktime_cards.ts";
import { trainingCards } from "./card_dataset.ts";
import { trainCardModel } from "./card_classifier.ts";
import { crossValidate, formatConfusion } from "./cross_validate.ts";
import { modelJson } from "./card_model_file.ts";

/** Default model path, beside this file. */
export const DEFAULT_MODEL_PATH = new URL("./card_model.json", import.meta.url);

async function main(args: string[]): Promise<number> {
  let input: string | undefined, out: string | URL = DEFAULT_MODEL_PATH, cv = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--out") out = args[++i];
    else if (a === "--cv") cv = true;
    else if (a === "--help" || a === "-h") {
      console.log("usage: deno task train-cards <cards.ts> [--out model.json] [--cv]");
      return 0;
    } else if (a.startsWith("-")) {
      console.error(`train-cards: unknown option ${a}`);
      return 2;
    } else input = a;
  }
  if (!input || out === undefined) {
    console.error("usage: deno task train-cards <cards.ts> [--out model.json] [--cv]");
    return 2;
  }
  const { classes, cards } = trainingCards(parseCardFile(await Deno.readTextFile(input)), input);
  const model = trainCardModel(cards, classes);
  const json = modelJson(model);
  await Deno.writeTextFile(out, json);
  console.error(
    `train-cards: ${cards.length} cards, ${classes.length} classes, model ${json.length} bytes -> ${out}`,
  );
  if (cv) {
    const r = crossValidate(cards, classes, 5, 3, 1);
    const pct = (v: number) => (100 * v).toFixed(1);
    console.error(
      `cross-validation (stratified 5-fold x 3, seed 1): accuracy ${pct(r.mean)} % ± ${
        pct(r.sd)
      } (sd over ${r.foldAccuracy.length} folds; min ${pct(Math.min(...r.foldAccuracy))}, max ${
        pct(Math.max(...r.foldAccuracy))
      })`,
    );
    console.error(formatConfusion(classes, r.confusion));
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
