/**
 * Pure geometry of the dynamometer-card plot: the axes that hold every
 * card drawn on it, and a card as one closed SVG path.
 *
 * @module
 */
import { type Axis, extent, niceAxis } from "./plot_scale.ts";

/** A card: positions (m) and loads (kN), point by point around the stroke. */
export interface CardSeries {
  /** Rod position, m. */
  position: number[];
  /** Load, kN. */
  load: number[];
}

/**
 * Axes that hold all `cards` (the surface card and the downhole card share
 * them, so their loads compare at a glance); load always includes zero,
 * where a downhole card's lower side lies.
 */
export function cardAxes(cards: readonly CardSeries[]): { x: Axis; y: Axis } {
  const [x0, x1] = extent(cards.flatMap((c) => c.position));
  const [y0, y1] = extent(cards.flatMap((c) => c.load));
  return { x: niceAxis(x0, x1, 6), y: niceAxis(Math.min(0, y0), Math.max(0, y1), 5) };
}

/** `card` as a closed SVG path through its points mapped by `px`, `py` (one decimal). */
export function cardPath(
  card: CardSeries,
  px: (m: number) => number,
  py: (kn: number) => number,
): string {
  return card.position
    .map((p, i) => `${i ? "L" : "M"}${px(p).toFixed(1)},${py(card.load[i]).toFixed(1)}`)
    .join("") + "Z";
}
