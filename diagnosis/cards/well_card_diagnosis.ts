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
}

/** One well's latest diagnosis, brought up to date when its card changes. */
export class WellCardDiagnosis {
  readonly #classifier: CardClassifier;
  #version = -1;
  /** Latest diagnosis (undefined before the first card). */
  result: CardDiagnosis | undefined;
  /** Downhole card of the latest diagnosed card. */
  downhole: DownholeCard | undefined;
  /** Cards diagnosed so far. */
  diagnosed = 0;

  /** Diagnose with `classifier` (shared by the wells of a runtime). */
  constructor(classifier: CardClassifier) {
    this.#classifier = classifier;
  }

  /** Diagnose `src`'s card if it is new; returns whether it was. */
  update(src: CardSource): boolean {
    if (src.cardVersion === this.#version) return false;
    this.#version = src.cardVersion;
    const card = src.card;
    const s: DownholeSettings = { ...src.cardSettings, periodS: card.periodS };
    this.downhole = downholeCard(card.surfacePosition, card.surfaceLoad, s);
    const qs = staticCard(this.downhole, s);
    this.result = this.#classifier.classify(qs.position, qs.load);
    this.diagnosed++;
    return true;
  }
}
