/**
 * Geometry of the well display: the walking beam's tilt from the polished
 * rod's live position in its stroke, depths in the wellbore (fluid level
 * over the pump), and the latest dynamometer card shrunk into a thumbnail.
 *
 * @module
 */
import { cardPath, type CardSeries } from "./dyno_card_scale.ts";
import { extent, scale } from "./plot_scale.ts";
import { clamp } from "./process_value.ts";

/** Width of the well display's viewBox. */
export const WELL_W = 440;
/** Height of the well display's viewBox. */
export const WELL_H = 320;

/**
 * The beam's tilt in degrees (SVG rotation, clockwise positive) for the rod
 * at `positionM` of a `strokeM` stroke: the horsehead (right end) up at the
 * top of the stroke, level mid-stroke, down at the bottom.
 */
export function beamTilt(
  positionM: number | undefined,
  strokeM: number | undefined,
  maxDeg = 14,
): number {
  if (positionM === undefined || !strokeM || !(strokeM > 0)) return 0;
  const t = clamp(positionM / strokeM, 0, 1);
  // Clockwise rotation lowers the right end, so the top of the stroke is a negative angle.
  return (0.5 - t) * 2 * maxDeg;
}

/** The y of `depthM` below surface in a wellbore drawn from `top` (surface) to `bottom` (pump). */
export function depthY(depthM: number, pumpDepthM: number, top: number, bottom: number): number {
  if (!(pumpDepthM > 0)) return bottom;
  return top + clamp(depthM / pumpDepthM, 0, 1) * (bottom - top);
}

/** The pump's depth: the rod string's length (params.rods), 0 when unknown. */
export function pumpDepth(rods: unknown): number {
  if (!Array.isArray(rods)) return 0;
  let sum = 0;
  for (const r of rods) if (r && typeof r.length_m === "number") sum += r.length_m;
  return sum;
}

/** `card` as a closed path filling `box` (an empty string for a card with no spread). */
export function thumbnailPath(
  card: CardSeries,
  box: { x: number; y: number; w: number; h: number },
): string {
  const [x0, x1] = extent(card.position);
  const [y0, y1] = extent(card.load);
  if (!(x1 > x0) || !(y1 > y0)) return "";
  return cardPath(
    card,
    (m) => scale(m, x0, x1, box.x, box.x + box.w),
    (kn) => scale(kn, y0, y1, box.y + box.h, box.y),
  );
}
