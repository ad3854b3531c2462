/**
 * The card classifier: MiniRocket features of the card's two series
 * (position and load at 128 phases, {@linkcode cardSeries}; 4,956 features
 * per series) and a one-vs-rest ridge classifier over them, its regulariser
 * chosen by leave-one-out on the training cards. Training involves no
 * randomness beyond a fixed seed, so the same cards always give the same
 * model, byte for byte.
 *
 * Why this: in repeated stratified 5-fold cross-validation on the shared
 * field cards (`train-cards --cv`) it scored 69.4 % against 62.4 % for the
 * 1-nearest-neighbour on phase-resampled features it replaced, and beat
 * about 50 other card representations (docs/diagnosis.md lists them).
 *
 * The model keeps the transform's biases (float32) and the ridge weights
 * quantised to 16 bits per class (the quantised weights are the ones
 * scored with, in cross-validation too).
 *
 * @module
 */
import { cardSeries, SERIES_POINTS } from "./card_series.ts";
import { fitMiniRocket, miniRocketFeatureCount, type MiniRocketParams } from "./minirocket.ts";
import { MiniRocketWasm } from "./minirocket_wasm.ts";
import { ClassScoresWasm } from "./class_scores_wasm.ts";
import { fitRidge } from "./ridge_classifier.ts";

/** The input the model reads; a model made for another is refused. */
export const MODEL_INPUT = `position and load over max load at ${SERIES_POINTS} phases`;
/** MiniRocket features asked for per series. */
export const FEATURES_PER_SERIES = 5000;
/**
 * Scores are near +1 for the class and -1 for the rest on cards like the
 * training cards; this factor makes a clear win read near 100 % and a tie 50 %.
 */
export const CONFIDENCE_SHARPNESS = 5;
/** Seed of the transform's bias draws. */
const SEED = 1;

/** One series' transform as stored. */
export interface StoredTransform {
  /** Series length. */
  length: number;
  /** Dilations. */
  dilations: number[];
  /** Biases per dilation and kernel. */
  featuresPerDilation: number[];
  /** Base64 of the float32 biases. */
  biases: string;
}

/** The serialised model (what card_model.json holds). */
export interface CardModel {
  /** Format version. */
  version: 2;
  /** Class names, index = class id. */
  classes: string[];
  /** What the model reads ({@linkcode MODEL_INPUT}). */
  input: string;
  /** Transform of each series (position, then load). */
  transforms: StoredTransform[];
  /** Ridge regulariser chosen by leave-one-out. */
  alpha: number;
  /** Per class: the weight of one quantisation step. */
  scale: number[];
  /** Per class: the score of a card whose features are all zero. */
  intercept: number[];
  /** Base64 of the int16 weights, feature-major (feature j, class c at j × classes + c). */
  weights: string;
}

/** A card prepared for training: its series and class id. */
export interface TrainingCard {
  /** The classifier's input, from {@linkcode cardSeries}. */
  features: Float64Array;
  /** Index into the class list. */
  label: number;
}

/** Round to 6 significant digits so the JSON is short and exact on re-reading. */
function r6(v: number): number {
  return Number(v.toPrecision(6));
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

/** The two series of a card's input. */
function channels(features: Float64Array): [Float64Array, Float64Array] {
  if (features.length !== 2 * SERIES_POINTS) {
    throw new Error(`card input has ${features.length} values, expected ${2 * SERIES_POINTS}`);
  }
  return [features.subarray(0, SERIES_POINTS), features.subarray(SERIES_POINTS)];
}

/** MiniRocket features of both series, back to back, into `out` (a new array by default). */
function transform(
  runners: readonly MiniRocketWasm[],
  features: Float64Array,
  out: Float32Array = new Float32Array(
    runners.reduce((a, r) => a + miniRocketFeatureCount(r.params), 0),
  ),
): Float32Array {
  const ch = channels(features);
  let o = 0;
  runners.forEach((runner, c) => {
    runner.transform(ch[c], out, o);
    o += miniRocketFeatureCount(runner.params);
  });
  return out;
}

/** A WebAssembly runner for each series' transform. */
function runners(params: readonly MiniRocketParams[]): MiniRocketWasm[] {
  return params.map((p) => new MiniRocketWasm(p));
}

/** Train a model on `cards` whose labels index `classes`. */
export function trainCardModel(
  cards: readonly TrainingCard[],
  classes: readonly string[],
): CardModel {
  if (cards.length === 0) throw new Error("no cards to train on");
  const split = cards.map((c) => channels(c.features));
  const params = [0, 1].map((c) =>
    fitMiniRocket(split.map((s) => s[c]), FEATURES_PER_SERIES, SEED + c)
  );
  const run = runners(params);
  const x = cards.map((c) => transform(run, c.features));
  const fit = fitRidge(x, cards.map((c) => c.label), classes.length);
  const k = classes.length, p = x[0].length;
  // 16-bit weights per class; the intercept takes in the feature means with the quantised weights.
  const scale: number[] = [];
  for (let c = 0; c < k; c++) {
    let m = 0;
    for (let j = 0; j < p; j++) m = Math.max(m, Math.abs(fit.weights[j * k + c]));
    scale.push(r6(m > 0 ? m / 32767 : 1));
  }
  const q = new Int16Array(p * k);
  for (let j = 0; j < p; j++) {
    for (let c = 0; c < k; c++) {
      q[j * k + c] = Math.max(
        -32767,
        Math.min(32767, Math.round(fit.weights[j * k + c] / scale[c])),
      );
    }
  }
  const intercept: number[] = [];
  for (let c = 0; c < k; c++) {
    let s = fit.intercept[c];
    for (let j = 0; j < p; j++) s -= fit.mean[j] * q[j * k + c] * scale[c];
    intercept.push(r6(s));
  }
  return {
    version: 2,
    classes: [...classes],
    input: MODEL_INPUT,
    transforms: params.map((t) => ({
      length: t.length,
      dilations: t.dilations,
      featuresPerDilation: t.featuresPerDilation,
      biases: toBase64(new Uint8Array(t.biases.buffer, t.biases.byteOffset, t.biases.byteLength)),
    })),
    alpha: fit.alpha,
    scale,
    intercept,
    weights: toBase64(new Uint8Array(q.buffer)),
  };
}

/** A diagnosis: the class and how sure the classifier is. */
export interface CardDiagnosis {
  /** Class name (the dataset's label). */
  label: string;
  /** Softmax of the class scores (× {@linkcode CONFIDENCE_SHARPNESS}) for the class named, 0..1. */
  confidence: number;
}

/** A loaded model, ready to classify; holds its weights decoded once. */
export class CardClassifier {
  /** The model it was built from. */
  readonly model: CardModel;
  readonly #runners: MiniRocketWasm[];
  readonly #features: Float32Array;
  readonly #scorer: ClassScoresWasm;

  /** Decode `model`; throws if it is not a model for this code. */
  constructor(model: CardModel) {
    if (model.version !== 2) {
      throw new Error(
        `card model version ${model.version} is not 2; retrain it (deno task train-cards)`,
      );
    }
    if (model.input !== MODEL_INPUT) {
      throw new Error(
        "card model was trained on another input; retrain it (deno task train-cards)",
      );
    }
    this.model = model;
    const params: MiniRocketParams[] = model.transforms.map((t) => {
      const b = fromBase64(t.biases);
      return {
        length: t.length,
        dilations: t.dilations,
        featuresPerDilation: t.featuresPerDilation,
        biases: new Float32Array(b.buffer, 0, b.length / 4),
      };
    });
    this.#runners = runners(params);
    const k = model.classes.length;
    const p = params.reduce((a, t) => a + miniRocketFeatureCount(t), 0);
    this.#features = new Float32Array(p);
    const raw = fromBase64(model.weights);
    if (raw.length !== 2 * p * k) {
      throw new Error(`card model holds ${raw.length / 2} weights, expected ${p * k}`);
    }
    const q = new Int16Array(raw.buffer, 0, p * k);
    const weights = new Float32Array(p * k);
    for (let j = 0; j < p; j++) {
      for (let c = 0; c < k; c++) weights[j * k + c] = q[j * k + c] * model.scale[c];
    }
    this.#scorer = new ClassScoresWasm(weights, k);
  }

  /** Classify a card's input ({@linkcode cardSeries}). */
  classifyFeatures(features: Float64Array): CardDiagnosis {
    const m = this.model, k = m.classes.length;
    const x = transform(this.#runners, features, this.#features);
    const s = this.#scorer.score(x, m.intercept);
    let best = 0;
    for (let c = 1; c < k; c++) if (s[c] > s[best]) best = c;
    let sum = 0;
    for (let c = 0; c < k; c++) sum += Math.exp(CONFIDENCE_SHARPNESS * (s[c] - s[best]));
    return { label: m.classes[best], confidence: 1 / sum };
  }

  /** Classify a card given by positions and loads (any units). */
  classify(position: ArrayLike<number>, load: ArrayLike<number>): CardDiagnosis {
    return this.classifyFeatures(cardSeries(position, load));
  }
}
