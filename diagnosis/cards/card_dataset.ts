/**
 * Turns a parsed card file into training cards: the classifier's input plus class ids,
 * with any unreadable or unlabelled line reported by line number.
 *
 * @module
 */
import { cardSeries } from "./card_series.ts";
import type { TrainingCard } from "./card_classifier.ts";
import { type CardFile, isLineError } from "./sktime_cards.ts";

/**
 * Training cards from `file`; throws naming `source` and the first bad line.
 * Labels index `known` when given (a second file joins the first's classes).
 */
export function trainingCards(
  file: CardFile,
  source: string,
  known?: readonly string[],
): { classes: string[]; cards: TrainingCard[] } {
  const seen = new Set<string>();
  for (const e of file.entries) {
    if (isLineError(e)) throw new Error(`${source}:${e.line}: ${e.message}`);
    if (e.label === undefined) throw new Error(`${source}:${e.line}: card has no label`);
    seen.add(e.label);
  }
  const classes = known
    ? [...known]
    : file.classLabels.length > 0
    ? [...file.classLabels]
    : [...seen].sort();
  for (const label of seen) {
    if (!classes.includes(label)) throw new Error(`${source}: unknown class ${label}`);
  }
  const cards: TrainingCard[] = [];
  for (const e of file.entries) {
    if (isLineError(e)) continue;
    cards.push({ features: cardSeries(e.position, e.load), label: classes.indexOf(e.label!) });
  }
  if (cards.length === 0) throw new Error(`${source}: no cards`);
  return { classes, cards };
}
