/**
 * Repeated stratified k-fold cross-validation of the card classifier, with
 * a seeded shuffle so the figures are the same on every run.
 *
 * @module
 */
import { Random } from "../../simulators/random.ts";
import { CardClassifier, trainCardModel, type TrainingCard } from "./card_classifier.ts";

/** Cross-validation results. */
export interface CrossValidation {
  /** Accuracy of each fold of each repeat, in order. */
  foldAccuracy: number[];
  /** Mean of {@linkcode foldAccuracy}. */
  mean: number;
  /** Standard deviation of {@linkcode foldAccuracy}. */
  sd: number;
  /** Counts summed over repeats: confusion[true][predicted]. */
  confusion: number[][];
}

/** Fold of each card: each class's cards shuffled and dealt round the folds. */
export function stratifiedFolds(labels: readonly number[], folds: number, rng: Random): number[] {
  const out = new Array<number>(labels.length).fill(0);
  const classes = [...new Set(labels)].sort((a, b) => a - b);
  for (const c of classes) {
    const idx: number[] = [];
    labels.forEach((l, i) => {
      if (l === c) idx.push(i);
    });
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(rng.next() * (i + 1));
      [idx[i], idx[j]] = [idx[j], idx[i]];
    }
    idx.forEach((i, k) => out[i] = k % folds);
  }
  return out;
}

/**
 * Cross-validate on `cards` (labels index `classes`): `repeats` × `folds`,
 * seeded. `extra` cards join every training fold and are never tested.
 */
export function crossValidate(
  cards: readonly TrainingCard[],
  classes: readonly string[],
  folds = 5,
  repeats = 3,
  seed = 1,
  extra: readonly TrainingCard[] = [],
): CrossValidation {
  const rng = new Random(seed, "cards:cv");
  const confusion = classes.map(() => classes.map(() => 0));
  const foldAccuracy: number[] = [];
  const labels = cards.map((c) => c.label);
  for (let r = 0; r < repeats; r++) {
    const fold = stratifiedFolds(labels, folds, rng);
    for (let f = 0; f < folds; f++) {
      const train = [...cards.filter((_, i) => fold[i] !== f), ...extra];
      const test = cards.filter((_, i) => fold[i] === f);
      if (test.length === 0) continue;
      const clf = new CardClassifier(trainCardModel(train, classes));
      let right = 0;
      for (const c of test) {
        const p = classes.indexOf(clf.classifyFeatures(c.features).label);
        confusion[c.label][p]++;
        if (p === c.label) right++;
      }
      foldAccuracy.push(right / test.length);
    }
  }
  const mean = foldAccuracy.reduce((a, b) => a + b, 0) / foldAccuracy.length;
  const sd = Math.sqrt(foldAccuracy.reduce((a, b) => a + (b - mean) ** 2, 0) / foldAccuracy.length);
  return { foldAccuracy, mean, sd, confusion };
}

/** A confusion matrix as text: rows are true classes, columns predicted (by index). */
export function formatConfusion(classes: readonly string[], confusion: number[][]): string {
  const w = Math.max(...classes.map((c) => c.length));
  const head = " ".repeat(w + 3) + classes.map((_, i) => String(i).padStart(4)).join("");
  const rows = classes.map((c, i) =>
    `${String(i).padStart(2)} ${c.padEnd(w)}` +
    confusion[i].map((v) => String(v).padStart(4)).join("")
  );
  return [head, ...rows].join("\n");
}
