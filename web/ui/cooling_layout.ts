/**
 * Geometry and states of the cooling-loop display: the rigs on the left,
 * the hot return up and over to the dry cooler with its fans on the right,
 * the cold supply back through the circulation pumps. The site reports
 * counts (fans, failed fans), not single units, so the failed ones are
 * drawn last in the row.
 *
 * @module
 */
import type { MachineLook } from "./process_value.ts";

/** Width of the loop's viewBox. */
export const COOLING_W = 440;
/** Height of the loop's viewBox. */
export const COOLING_H = 320;

/** The dry cooler's box, inside which the fans sit. */
export const COOLER_BOX = { x: 238, y: 62, w: 196, h: 112 };

/** A circle's centre and radius. */
export interface Slot {
  /** Centre x. */
  cx: number;
  /** Centre y. */
  cy: number;
  /** Radius. */
  r: number;
}

/**
 * Fan positions in a grid inside `box` (below a 20-unit caption line):
 * up to `cols` per row, the radius shrinking so any count fits.
 */
export function fanSlots(
  n: number,
  box: { x: number; y: number; w: number; h: number } = COOLER_BOX,
  cols = 5,
): Slot[] {
  if (n <= 0) return [];
  const c = Math.min(n, cols);
  const rows = Math.ceil(n / c);
  const cellW = box.w / c;
  const cellH = (box.h - 20) / rows;
  const r = Math.max(3, Math.min(16, cellW / 2 - 3, cellH / 2 - 3));
  return Array.from({ length: n }, (_, i) => ({
    cx: box.x + cellW * (i % c + 0.5),
    cy: box.y + 20 + cellH * (Math.floor(i / c) + 0.5),
    r,
  }));
}

/** Pump positions side by side along the supply line at `y`, centred on `cx`. */
export function pumpSlots(n: number, cx: number, y: number): Slot[] {
  const step = 40;
  return Array.from({ length: Math.max(0, n) }, (_, i) => ({
    cx: cx + (i - (n - 1) / 2) * step,
    cy: y,
    r: 15,
  }));
}

/**
 * The look of each of `n` units (fans or pumps) of which `failed` report a
 * drive fault: failed ones last and abnormal; the rest turn (solid) while
 * the site runs with a speed above zero, else stand still (hollow).
 */
export function unitLooks(
  n: number,
  failed: number,
  speedPct: number | undefined,
  siteRunning: boolean,
): MachineLook[] {
  const bad = Math.min(n, Math.max(0, Math.round(failed)));
  const turning = siteRunning && (speedPct ?? 0) > 0;
  return Array.from(
    { length: n },
    (_, i) =>
      i >= n - bad
        ? { fill: "hollow", words: "failed", abnormal: true }
        : turning
        ? { fill: "solid", words: "running", abnormal: false }
        : { fill: "hollow", words: "stopped", abnormal: false },
  );
}
