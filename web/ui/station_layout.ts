/**
 * Geometry of the pump-station schematic: sump on the left, the pumps in a
 * column, the discharge header, the main up to the tank, the tank with its
 * level and each pump's level-control band beside it, the demand on the
 * right. Pure numbers, so the drawing's fit at any pump count is tested.
 *
 * @module
 */
import { clamp } from "./process_value.ts";

/** Width of the schematic's viewBox; the SVG scales to its box (phone width included). */
export const STATION_W = 440;

const TOP = 50;
const ROW = 62;
const MAIN_Y = 26;
const TANK = { x: 272, w: 66, top: 40, h: 170 };
const HEADER_X = 248;

/** Where one pump sits. */
export interface PumpSlot {
  /** Centre x of the pump symbol. */
  cx: number;
  /** Centre y. */
  cy: number;
  /** Radius. */
  r: number;
}

/** The whole drawing's geometry for `pumps` pumps. */
export interface StationGeometry {
  /** viewBox width. */
  width: number;
  /** viewBox height. */
  height: number;
  /** Sump rectangle. */
  sump: { x: number; y: number; w: number; h: number };
  /** Pump symbols, top to bottom. */
  pumps: PumpSlot[];
  /** Header: a vertical line joining the pumps' discharges, from the main down. */
  header: { x: number; y1: number; y2: number };
  /** Tank outline. */
  tank: { x: number; y: number; w: number; h: number };
  /** Main: from the header's top along `y` to the tank's centre, then down into it. */
  main: { x1: number; y: number; x2: number };
  /** Left edge of the first level-control band, and the spacing between bands. */
  bands: { x: number; step: number };
  /** Demand line: from the tank's side near its bottom, right to `x2`. */
  demand: { x1: number; y: number; x2: number };
}

/** Geometry for a station of `pumps` pumps (at least one). */
export function stationGeometry(pumps: number): StationGeometry {
  const n = Math.max(1, pumps);
  const slots = Array.from({ length: n }, (_, i) => ({ cx: 66, cy: TOP + 22 + i * ROW, r: 16 }));
  const last = slots[slots.length - 1].cy;
  const height = Math.max(TANK.top + TANK.h + 100, last + 90);
  const bandsX = TANK.x + TANK.w + 8;
  return {
    width: STATION_W,
    height,
    sump: { x: 6, y: TOP, w: 30, h: last - TOP + 34 },
    pumps: slots,
    header: { x: HEADER_X, y1: MAIN_Y, y2: last },
    tank: { x: TANK.x, y: TANK.top, w: TANK.w, h: TANK.h },
    main: { x1: HEADER_X, y: MAIN_Y, x2: TANK.x + TANK.w / 2 },
    bands: { x: bandsX, step: Math.min(18, (STATION_W - 6 - bandsX) / n) },
    demand: { x1: TANK.x + TANK.w, y: TANK.top + TANK.h - 4, x2: STATION_W - 6 },
  };
}

/** The y of tank level `m` inside `tank`, for a tank `maxM` high (clamped to the tank). */
export function levelY(tank: { y: number; h: number }, m: number, maxM: number): number {
  if (!(maxM > 0)) return tank.y + tank.h;
  return tank.y + tank.h - clamp(m / maxM, 0, 1) * tank.h;
}

/** One pump's level control as the station reports it (`detail.controls`). */
export interface LevelControl {
  /** Pump twin id. */
  pump: string;
  /** Start when the level falls to this, m. */
  start_below_m: number;
  /** Stop when the level rises to this, m. */
  stop_above_m: number;
}

/**
 * The level controls in the station's `detail.controls`: the entries that
 * carry both levels (a pump outside the level control is listed without
 * them); anything else reads as none.
 */
export function levelControls(v: unknown): LevelControl[] {
  if (!Array.isArray(v)) return [];
  return v.filter((c): c is LevelControl =>
    !!c && typeof c === "object" && typeof c.pump === "string" &&
    typeof c.start_below_m === "number" && typeof c.stop_above_m === "number"
  );
}

/** Who decides whether a pump runs now, in words for the schematic and its accessible name. */
export function pumpControlText(
  stationMode: string | undefined,
  control: LevelControl | undefined,
  scheduled: boolean,
): string {
  if (scheduled) return "schedule";
  if (stationMode === "off") return "station off";
  if (stationMode === "manual") return "manual";
  if (stationMode === "auto") {
    return control
      ? `level ctl ${fmtM(control.start_below_m)}–${fmtM(control.stop_above_m)} m`
      : "not in level ctl";
  }
  return "";
}

const fmtM = (m: number) => (Number.isInteger(m) ? String(m) : m.toFixed(1));
