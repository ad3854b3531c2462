/**
 * SKAB's scoring of binary anomaly labels: F1 of the anomaly class, false
 * alarm rate FAR = FP / (FP + TN) and missed alarm rate MAR = FN / (FN + TP).
 * Over several files the confusion counts are summed first (SKAB concatenates
 * every file's test part before scoring), so long files weigh more.
 *
 * @module
 */

/** Confusion counts of one file or of a sum of files. */
export interface Confusion {
  /** Predicted anomaly, labelled anomaly. */
  tp: number;
  /** Predicted anomaly, labelled normal. */
  fp: number;
  /** Predicted normal, labelled normal. */
  tn: number;
  /** Predicted normal, labelled anomaly. */
  fn: number;
}

/** F1, FAR and MAR from confusion counts; FAR and MAR as fractions (0..1). */
export interface SkabScores {
  /** 2TP / (2TP + FP + FN); 0 when there is nothing to find and nothing was flagged. */
  f1: number;
  /** FP / (FP + TN); 0 with no normal rows. */
  far: number;
  /** FN / (FN + TP); 0 with no anomalous rows. */
  mar: number;
}

/**
 * Count a file's confusion over its test rows.
 *
 * @param labels true labels (1 anomaly, 0 normal), one per test row
 * @param predicted the detector's flags, same length
 * @returns the counts
 * @example
 * confusion([1, 0, 1], [true, true, false]); // { tp: 1, fp: 1, tn: 0, fn: 1 }
 */
export function confusion(
  labels: ArrayLike<number>,
  predicted: ArrayLike<boolean>,
): Confusion {
  if (labels.length !== predicted.length) {
    throw new Error(`labels has ${labels.length} rows, predictions ${predicted.length}`);
  }
  const c: Confusion = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (let i = 0; i < labels.length; i++) {
    const truth = labels[i] >= 0.5;
    if (predicted[i]) truth ? c.tp++ : c.fp++;
    else truth ? c.fn++ : c.tn++;
  }
  return c;
}

/** Sum confusion counts over files. */
export function sumConfusion(all: readonly Confusion[]): Confusion {
  const s: Confusion = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (const c of all) {
    s.tp += c.tp;
    s.fp += c.fp;
    s.tn += c.tn;
    s.fn += c.fn;
  }
  return s;
}

/** F1, FAR and MAR of a confusion. */
export function skabScores(c: Confusion): SkabScores {
  const f1Den = 2 * c.tp + c.fp + c.fn;
  return {
    f1: f1Den === 0 ? 0 : 2 * c.tp / f1Den,
    far: c.fp + c.tn === 0 ? 0 : c.fp / (c.fp + c.tn),
    mar: c.fn + c.tp === 0 ? 0 : c.fn / (c.fn + c.tp),
  };
}

/** The evaluator's summary line: `F1=<x> FAR=<percent> MAR=<percent>` (percent without the sign). */
export function formatScores(s: SkabScores): string {
  return `F1=${s.f1.toFixed(3)} FAR=${(s.far * 100).toFixed(2)} MAR=${(s.mar * 100).toFixed(2)}`;
}
