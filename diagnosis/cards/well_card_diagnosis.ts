/**
 * Diagnosis of a well's cards as they complete: the surface card is
 * inverted to the downhole card (Gibbs), turned into the quasi-static card
 * and classified. Work is done only when the card source reports a new
 * card, so a well whose card has not changed costs one integer comparison
 * per step. Any source that can say when its card changed and give the
 * card and the rod string can feed it (the simulator now; a live or
 * replayed card later).
 *
 * @module
 */
import type { CardClassifier, CardDiagnosis } from "./card_classifier.ts";
import { type DownholeCard, downholeCard, type DownholeSettings } from "./gibbs_downhole.ts";
import { staticCard } from "./static_card.ts";
import {
  cardLoadMeasures,
  checkFluidLoad,
  type FluidLoadCheck,
  type WellHydraulics,
} from "./fluid_load_check.ts";
import { NORMAL_CLASS } from "./fault_classes.ts";
import type { RodStringSpec } from "../../simulators/well/rod_string.ts";

/** A surface card over one stroke at equal time steps (position m, load N). */
export interface SurfaceCard {
  /** Polished-rod positions, m. */
  readonly surfacePosition: ArrayLike<number>;
  /** Polished-rod loads, N. */
  readonly surfaceLoad: ArrayLike<number>;
  /** Stroke period, s. */
  readonly periodS: number;
}

/** Where cards come from. */
export interface CardSource {
  /** Changes exactly when a new card completes. */
  readonly cardVersion: number;
  /** The latest card. */
  readonly card: SurfaceCard;
  /** Rod string, fluid density and damping for the downhole card. */
  readonly cardSettings: { rods: RodStringSpec; fluidKgM3: number; dampingPerS: number };
  /** Plunger area and the gauge pressure over the plunger with tight tubing, when known. */
  readonly hydraulics?: { plungerAreaM2: number; dischargePa: number };
}

/** What the well measures at the time of a card: intake pressure (Pa gauge), production (m³/d), speed. */
export type WellMeasures = Pick<WellHydraulics, "intakePa" | "productionM3d" | "spm">;

/**
 * Classes whose normalised cards are the same thin parallelogram (they differ in how much fluid
 * load is carried, which normalising removes): among them the fluid-load check decides.
 */
const THIN_CARD_CLASSES: ReadonlySet<string> = new Set([
  NORMAL_CLASS,
  "OIL_ROD_LEAKAGE",
  "WORK_WITH_FLOAT",
]);

/** One well's latest diagnosis, brought up to date when its card changes. */
export class WellCardDiagnosis {
  readonly #classifier: CardClassifier;
  #version = -1;
  /** Latest diagnosis (undefined before the first card). */
  result: CardDiagnosis | undefined;
  /** The source of the latest diagnosed card, for its downhole card on demand. */
  #source: CardSource | undefined;
  /** The downhole card last asked for, with the card version it is of. */
  #downhole: { version: number; card: DownholeCard } | undefined;
  /** Fluid-load check of the latest card (undefined without hydraulics and measures). */
  fluidLoad: FluidLoadCheck | undefined;
  /** Cards diagnosed so far. */
  diagnosed = 0;

  /** Diagnose with `classifier` (shared by the wells of a runtime). */
  constructor(classifier: CardClassifier) {
    this.#classifier = classifier;
  }

  /**
   * Diagnose `src`'s card if it is new; returns whether it was. With the source's hydraulics and
   * the well's `measures`, a thin card's class comes from the fluid-load check.
   */
  update(src: CardSource, measures?: WellMeasures): boolean {
    if (src.cardVersion === this.#version) return false;
    this.#version = src.cardVersion;
    this.#source = src;
    this.#downhole = undefined;
    const card = src.card;
    const s: DownholeSettings = { ...src.cardSettings, periodS: card.periodS };
    const downhole = downholeCard(card.surfacePosition, card.surfaceLoad, s);
    const qs = staticCard(downhole, s);
    const result = this.#classifier.classify(qs.position, qs.load);
    const h = src.hydraulics;
    this.fluidLoad = h && measures
      ? checkFluidLoad(cardLoadMeasures(downhole), { ...h, ...measures })
      : undefined;
    // The classifier's confidence stays: it is its belief in the card's shape, which physics only splits.
    if (this.fluidLoad && THIN_CARD_CLASSES.has(result.label)) {
      result.label = this.fluidLoad.label ?? NORMAL_CLASS;
    }
    this.result = result;
    this.diagnosed++;
    return true;
  }

  /**
   * Downhole card (Gibbs) of the source's card, undefined before the first
   * diagnosis. Worked out again when asked for rather than kept, since a
   * plant of thousands of wells diagnoses every card and looks at few; the
   * source's card is the diagnosed one unless a newer one has completed
   * since, and then this is the newer one's.
   */
  get downhole(): DownholeCard | undefined {
    const src = this.#source;
    if (!src) return undefined;
    if (this.#downhole?.version !== src.cardVersion) {
      const card = src.card;
      const s: DownholeSettings = { ...src.cardSettings, periodS: card.periodS };
      this.#downhole = {
        version: src.cardVersion,
        card: downholeCard(card.surfacePosition, card.surfaceLoad, s),
      };
    }
    return this.#downhole.card;
  }
}
