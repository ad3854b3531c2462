/**
 * `deno task diagnose-cards <file.ts> [--model FILE]`: classify every card
 * of a sktime card file. stdout gets exactly one line per card line, in
 * input order: the predicted label (the dataset's names), and nothing else.
 * A line that cannot be read still gets its stdout line, `UNREADABLE`, so
 * answers stay aligned with the input; its error (with the line number)
 * goes to stderr and the command exits 1 after the last card. When every
 * readable card has a label, accuracy and a confusion matrix go to stderr.
 *
 * @module
 */
import { isLineError, parseCardFile } from "./sktime_cards.ts";
import { CardClassifier } from "./card_classifier.ts";
import { committedModel, readModel } from "./card_model_file.ts";
import { formatConfusion } from "./cross_validate.ts";

/** What stdout carries for a card line that could not be read. */
export const UNREADABLE = "UNREADABLE";

/** Predicted labels (one per card line) and the errors, for a file's text. */
export function diagnoseText(
  text: string,
  clf: CardClassifier,
): { labels: string[]; truth: (string | undefined)[]; errors: string[] } {
  const file = parseCardFile(text);
  const labels: string[] = [], truth: (string | undefined)[] = [], errors: string[] = [];
  for (const e of file.entries) {
    if (isLineError(e)) {
      labels.push(UNREADABLE);
      truth.push(undefined);
      errors.push(`line ${e.line}: ${e.message}`);
      continue;
    }
    labels.push(clf.classify(e.position, e.load).label);
    truth.push(e.label);
  }
  return { labels, truth, errors };
}

async function main(args: string[]): Promise<number> {
  let input: string | undefined, modelPath: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--model") modelPath = args[++i];
    else if (a === "--help" || a === "-h") {
      console.error("usage: deno task diagnose-cards <cards.ts> [--model model.json]");
      return 0;
    } else if (a.startsWith("-")) {
      console.error(`diagnose-cards: unknown option ${a}`);
      return 2;
    } else input = a;
  }
  if (!input) {
    console.error("usage: deno task diagnose-cards <cards.ts> [--model model.json]");
    return 2;
  }
  const clf = new CardClassifier(modelPath ? await readModel(modelPath) : committedModel());
  const { labels, truth, errors } = diagnoseText(await Deno.readTextFile(input), clf);
  await Deno.stdout.write(new TextEncoder().encode(labels.map((l) => l + "\n").join("")));
  for (const e of errors) console.error(`diagnose-cards: ${input}: ${e}`);
  const known = truth.filter((t) => t !== undefined).length;
  if (known > 0 && known === labels.length - errors.length) {
    const classes = clf.model.classes;
    const confusion = classes.map(() => classes.map(() => 0));
    let right = 0;
    truth.forEach((t, i) => {
      if (t === undefined) return;
      const a = classes.indexOf(t), p = classes.indexOf(labels[i]);
      if (a >= 0 && p >= 0) confusion[a][p]++;
      if (t === labels[i]) right++;
    });
    console.error(`accuracy ${(100 * right / known).toFixed(1)} % (${right} of ${known} cards)`);
    console.error(formatConfusion(classes, confusion));
  }
  return errors.length > 0 ? 1 : 0;
}

if (import.meta.main) {
  try {
    Deno.exit(await main(Deno.args));
  } catch (e) {
    console.error(`diagnose-cards: ${e instanceof Error ? e.message : String(e)}`);
    Deno.exit(1);
  }
}
