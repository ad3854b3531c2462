/**
 * Card diagnosis throughput, each figure beside a baseline from the same run:
 *
 * - `cards_diagnosed_per_s`: features and classification of field cards
 *   (the shared dynacards file, or the committed simulated cards when it is
 *   absent), against resampling the card into the classifier's series alone;
 * - `diagnose_cards_file_cards_per_s`: `diagnose-cards` end to end on that
 *   file's text (parse, features, classify), against parsing alone;
 * - `well_cards_diagnosed_per_s`: a simulated well's new card through the
 *   runtime path (Gibbs downhole card, quasi-static card, classify), against
 *   the simulator solving that card, so the ratio says how much diagnosis
 *   adds to a new card.
 *
 * Medians of several rounds; the note gives the spread.
 *
 * Run alone: `deno run --allow-read bench/card_bench.ts`
 *
 * @module
 */
import { type BenchResult, benchResult } from "./bench_result.ts";
import { CardClassifier } from "../diagnosis/cards/card_classifier.ts";
import { cardSeries } from "../diagnosis/cards/card_series.ts";
import { committedModel } from "../diagnosis/cards/card_model_file.ts";
import { diagnoseText } from "../diagnosis/cards/diagnose_cards.ts";
import { isLineError, type LabelledCard, parseCardFile } from "../diagnosis/cards/sktime_cards.ts";
import { WellCardDiagnosis } from "../diagnosis/cards/well_card_diagnosis.ts";
import { CardSolver, DynamometerCard, SOUND_PUMP } from "../simulators/well/dynamometer_card.ts";
import { EXAMPLE_WELL } from "../simulators/well/example_well.ts";
import { WellSimulator } from "../simulators/well/well_simulator.ts";

const ROUNDS = 7;
const FIELD = new URL("../../shared/datasets/dynacards/cards_train.ts", import.meta.url);
const SIMULATED = new URL("../diagnosis/cards/simulated_cards_train.sktime", import.meta.url);

function stats(xs: number[]): { median: number; spread: string } {
  const s = [...xs].sort((a, b) => a - b);
  const f = (x: number) => Math.round(x).toLocaleString("en");
  return { median: s[s.length >> 1], spread: `${f(s[0])}-${f(s[s.length - 1])}` };
}

/** Items per second of `fn` (which handles `count` items), median over rounds with the spread. */
function rate(count: number, fn: () => void): { median: number; spread: string } {
  fn(); // warm up
  const rates: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = performance.now();
    fn();
    rates.push(count / ((performance.now() - t0) / 1000));
  }
  return stats(rates);
}

async function cardText(): Promise<{ text: string; source: string }> {
  try {
    return { text: await Deno.readTextFile(FIELD), source: "shared field cards" };
  } catch {
    return { text: await Deno.readTextFile(SIMULATED), source: "committed simulated cards" };
  }
}

/** Run the card benchmarks. */
export async function runCardBench(): Promise<BenchResult[]> {
  const { text, source } = await cardText();
  const cards = parseCardFile(text).entries.filter((e) => !isLineError(e)) as LabelledCard[];
  const clf = new CardClassifier(committedModel());
  const out: BenchResult[] = [];

  let sink = 0;
  const feat = rate(cards.length, () => {
    for (const c of cards) sink += cardSeries(c.position, c.load)[0];
  });
  const diag = rate(cards.length, () => {
    for (const c of cards) sink += clf.classify(c.position, c.load).confidence;
  });
  out.push(benchResult(
    "cards_diagnosed_per_s",
    diag.median,
    "cards/s",
    feat.median,
    `${cards.length} ${source}; baseline: the card's two 128-phase series alone; spread ${diag.spread} vs ${feat.spread}; MiniRocket + ridge, ${clf.model.classes.length} classes`,
  ));

  const parse = rate(cards.length, () => {
    sink += parseCardFile(text).entries.length;
  });
  const file = rate(cards.length, () => {
    sink += diagnoseText(text, clf).labels.length;
  });
  out.push(benchResult(
    "diagnose_cards_file_cards_per_s",
    file.median,
    "cards/s",
    parse.median,
    `diagnose-cards on the ${source} text; baseline: parsing alone; spread ${file.spread} vs ${parse.spread}`,
  ));

  // The runtime path: one well's new card, diagnosed; baseline: the simulator solving it.
  const well = new WellSimulator({
    id: "w",
    config: { ...EXAMPLE_WELL, measurementNoise: 0, initialFluidLevelM: 800 },
    seed: 1,
  });
  well.step(1, 1);
  const settings = well.cardSettings;
  const solver = new CardSolver(settings.rods, settings.fluidKgM3);
  const card = new DynamometerCard(well.card.points);
  const inputs = wellInputs(well);
  const n = 200;
  let version = 0;
  const source1 = {
    get cardVersion() {
      return version;
    },
    card: well.card,
    cardSettings: settings,
  };
  const diagnosis = new WellCardDiagnosis(clf);
  const runtime = rate(n, () => {
    for (let i = 0; i < n; i++) {
      version++;
      diagnosis.update(source1);
    }
  });
  const solves = 10;
  const solve = rate(solves, () => {
    for (let i = 0; i < solves; i++) solver.solve(inputs, card);
  });
  out.push(benchResult(
    "well_cards_diagnosed_per_s",
    runtime.median,
    "cards/s",
    solve.median,
    `Gibbs downhole card + quasi-static card + classify; baseline: the simulator solving one card (example well); spread ${runtime.spread} vs ${solve.spread}`,
  ));
  if (sink === -1) console.error(sink);
  return out;
}

/** The example well's healthy card inputs, as its simulator sets them (at 800 m of fluid level). */
function wellInputs(well: WellSimulator) {
  const s = well.cardSettings;
  const g = 9.81, rho = EXAMPLE_WELL.fluidDensityKgM3, depth = 1500;
  const area = Math.PI / 4 * EXAMPLE_WELL.plungerDiameterM ** 2;
  return {
    spm: EXAMPLE_WELL.spm,
    strokeLengthM: EXAMPLE_WELL.strokeLengthM,
    crankRatio: EXAMPLE_WELL.crankRatio,
    dampingPerS: s.dampingPerS,
    plungerAreaM2: area,
    dischargePa: EXAMPLE_WELL.tubingHeadPressurePa + rho * g * depth + 101_325,
    intakePa: EXAMPLE_WELL.casingPressurePa + rho * g * (depth - 800) + 101_325,
    bulkModulusPa: EXAMPLE_WELL.bulkModulusPa,
    deadVolumeM3: area * EXAMPLE_WELL.deadLengthM,
    ...SOUND_PUMP,
  };
}

if (import.meta.main) {
  for (const r of await runCardBench()) console.log(JSON.stringify(r));
}
