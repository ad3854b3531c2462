/**
 * A nearest-neighbour classifier over card features. Training keeps every
 * training card's feature vector, quantised to one byte per feature over
 * that feature's range (so the model file stays small). A card takes the
 * class of the nearest stored card (weighted Euclidean distance, weights per
 * feature group in {@linkcode featureWeight}); its confidence is the share
 * of that class in the inverse-square-distance vote of the k nearest.
 * Training involves no randomness, so the same cards always give the same
 * model, byte for byte.
 *
 * Why this: in repeated stratified 5-fold cross-validation on the shared
 * field cards, 1-nearest-neighbour on the phase-resampled shape beat a
 * random forest (ml-random-forest: no better, and minutes per fold to train
 * on two cores), k > 1 votes, per-class centroids and k-means prototypes,
 * and a linear softmax. The group weights were chosen the same way.
 *
 * @module
 */
import { cardFeatures, FEATURE_NAMES } from "./card_features.ts";

/** Neighbours that vote. */
export const DEFAULT_K = 5;

/** The serialised model (what card_model.json holds). */
export interface CardModel {
  /** Format version. */
  version: 1;
  /** Class names, index = class id. */
  classes: string[];
  /** Feature names, to check the model matches the code. */
  features: string[];
  /** Neighbours that vote. */
  k: number;
  /** Per-feature lowest training value. */
  min: number[];
  /** Per-feature quantisation step (range / 255). */
  step: number[];
  /** Per-feature weight in the distance ({@linkcode featureWeight}). */
  weight: number[];
  /** Class id of each stored card. */
  labels: number[];
  /** Stored cards' quantised features, base64 of one byte per weighed feature (weight > 0), card after card. */
  codes: string;
}

/** A card prepared for training: its features and class id. */
export interface TrainingCard {
  /** Feature vector from {@linkcode cardFeatures}. */
  features: Float64Array;
  /** Index into the class list. */
  label: number;
}

/**
 * Weight of a feature in the distance, by group: the phase-resampled curve
 * counts once per point, lowest-over-highest load three times (it separates
 * thin cards, where the fluid load is small beside the rod weight, from full
 * ones), the scalar shape numbers once; the position-resampled half strokes
 * and the Fourier descriptors are computed but weigh nothing (adding them
 * lowered cross-validated accuracy).
 */
export function featureWeight(name: string): number {
  if (name.startsWith("phase_")) return 1;
  if (name === "min_over_max_load") return 3;
  if (name.startsWith("up_load_") || name.startsWith("down_load_")) return 0;
  if (name.startsWith("fourier_")) return 0;
  return 1;
}

/** Round to 6 significant digits so the JSON is short and exact on re-reading. */
function r6(v: number): number {
  return Number(v.toPrecision(6));
}

/** Train a model on `cards` whose labels index `classes`. */
export function trainCardModel(
  cards: readonly TrainingCard[],
  classes: readonly string[],
  k = DEFAULT_K,
): CardModel {
  if (cards.length === 0) throw new Error("no cards to train on");
  const d = FEATURE_NAMES.length, n = cards.length;
  const min: number[] = [], step: number[] = [], weight: number[] = [];
  for (let j = 0; j < d; j++) {
    let lo = Infinity, hi = -Infinity;
    for (const c of cards) {
      const v = c.features[j];
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    min.push(r6(lo));
    step.push(r6(hi > lo ? (hi - lo) / 255 : 1));
    weight.push(featureWeight(FEATURE_NAMES[j]));
  }
  // Features that weigh nothing are not stored: they cannot change a distance.
  const active: number[] = [];
  for (let j = 0; j < d; j++) if (weight[j] > 0) active.push(j);
  const da = active.length;
  const bytes = new Uint8Array(n * da);
  cards.forEach((c, i) => {
    active.forEach((j, a) => bytes[i * da + a] = quantise(c.features[j], min[j], step[j]));
  });
  return {
    version: 1,
    classes: [...classes],
    features: [...FEATURE_NAMES],
    k,
    min,
    step,
    weight,
    labels: cards.map((c) => c.label),
    codes: toBase64(bytes),
  };
}

function quantise(v: number, min: number, step: number): number {
  return Math.min(255, Math.max(0, Math.round((v - min) / step)));
}

function toBase64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(s);
}

function fromBase64(text: string): Uint8Array {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** A diagnosis: the class and how sure the vote was. */
export interface CardDiagnosis {
  /** Class name (the dataset's label). */
  label: string;
  /** Share of the k nearest cards' inverse-square-distance vote that went to it, 0..1. */
  confidence: number;
}

/** A loaded model, ready to classify; holds its stored cards decoded once. */
export class CardClassifier {
  /** The model it was built from. */
  readonly model: CardModel;
  readonly #stored: Float32Array;
  readonly #n: number;
  readonly #d: number;
  readonly #scratch: Float64Array;
  readonly #active: Int32Array;
  readonly #bestD: Float64Array;
  readonly #bestI: Int32Array;
  readonly #votes: Float64Array;

  /** Decode `model`; throws if it does not match the feature code. */
  constructor(model: CardModel) {
    if (model.version !== 1) throw new Error(`unknown card model version ${model.version}`);
    const d = FEATURE_NAMES.length;
    if (model.features.length !== d || model.features.some((f, i) => f !== FEATURE_NAMES[i])) {
      throw new Error(
        "card model was trained on other features; retrain it (deno task train-cards)",
      );
    }
    const bytes = fromBase64(model.codes);
    const n = model.labels.length;
    const active: number[] = [];
    for (let j = 0; j < d; j++) if (model.weight[j] > 0) active.push(j);
    if (bytes.length !== n * active.length) {
      throw new Error(`card model holds ${bytes.length} codes, expected ${n * active.length}`);
    }
    this.model = model;
    this.#n = n;
    this.#active = Int32Array.from(active);
    const da = active.length;
    this.#d = da;
    // Only weighed features are kept, already scaled, so a distance is a plain sum of squares.
    this.#stored = new Float32Array(n * da);
    for (let i = 0; i < n; i++) {
      for (let a = 0; a < da; a++) {
        const j = active[a];
        this.#stored[i * da + a] = (model.min[j] + bytes[i * da + a] * model.step[j]) *
          model.weight[j];
      }
    }
    this.#scratch = new Float64Array(da);
    this.#bestD = new Float64Array(model.k);
    this.#bestI = new Int32Array(model.k);
    this.#votes = new Float64Array(model.classes.length);
  }

  /** Classify a feature vector. */
  classifyFeatures(features: Float64Array): CardDiagnosis {
    const m = this.model, d = this.#d, q = this.#scratch, k = Math.min(m.k, this.#n);
    const active = this.#active;
    for (let a = 0; a < d; a++) {
      const j = active[a];
      // Quantise like the stored cards so a training card finds itself at distance 0.
      q[a] = (m.min[j] + quantise(features[j], m.min[j], m.step[j]) * m.step[j]) * m.weight[j];
    }
    const bestD = this.#bestD.fill(Infinity), bestI = this.#bestI.fill(-1);
    const s = this.#stored;
    for (let i = 0; i < this.#n; i++) {
      let dist = 0;
      const base = i * d, worst = bestD[k - 1];
      for (let j = 0; j < d && dist < worst; j++) {
        const e = s[base + j] - q[j];
        dist += e * e;
      }
      if (dist >= worst) continue;
      let p = k - 1;
      while (p > 0 && bestD[p - 1] > dist) {
        bestD[p] = bestD[p - 1];
        bestI[p] = bestI[p - 1];
        p--;
      }
      bestD[p] = dist;
      bestI[p] = i;
    }
    const votes = this.#votes.fill(0);
    let total = 0;
    for (let p = 0; p < k; p++) {
      // Inverse-square distance weights: the nearest card dominates, a tie among far ones does not.
      const w = 1 / (bestD[p] + 1e-6);
      votes[m.labels[bestI[p]]] += w;
      total += w;
    }
    // The nearest card decides (1-NN scored best); the vote says how sure that is.
    const best = m.labels[bestI[0]];
    return { label: m.classes[best], confidence: total > 0 ? votes[best] / total : 0 };
  }

  /** Classify a card given by positions and loads (any units). */
  classify(position: ArrayLike<number>, load: ArrayLike<number>): CardDiagnosis {
    return this.classifyFeatures(cardFeatures(position, load));
  }
}
