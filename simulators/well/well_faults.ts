/**
 * Injectable faults of a rod-pumped well and what each does to the pump
 * model. A fault is a name and a severity in 0..1; the mapping below turns
 * it into physical settings (a fill limit, a gas fraction, a leak rate, a
 * short or long spacing, a break depth, a tubing hole, viscous drag, an
 * intake pressure) so the card shape follows from the physics.
 *
 * @module
 */

/** Fault names a well accepts. */
export const WELL_FAULTS = [
  "fluid_pound",
  "gas_interference",
  "travelling_valve_leak",
  "standing_valve_leak",
  "rod_parted",
  "pump_tagging",
  "double_valve_leak",
  "tubing_leak",
  "heavy_oil",
  "pump_hitting_up",
  "flowing_through_pump",
] as const;

/** One of {@linkcode WELL_FAULTS}. */
export type WellFault = typeof WELL_FAULTS[number];

/** Severity used when a fault is injected without one. */
export const DEFAULT_SEVERITY = 0.5;

/** Whether `name` is a known well fault. */
export function isWellFault(name: unknown): name is WellFault {
  return typeof name === "string" && (WELL_FAULTS as readonly string[]).includes(name);
}

/** Pump-model settings implied by the active faults. */
export interface FaultEffects {
  /** Fraction of the nominal plunger stroke the intake can fill (1 = unrestricted). */
  fillFraction: number;
  /** Free-gas volume fraction entering the pump. */
  gasFraction: number;
  /** Travelling-valve leak as a fraction of the mean upstroke displacement rate. */
  travellingLeak: number;
  /** Standing-valve leak as a fraction of the mean upstroke displacement rate. */
  standingLeak: number;
  /** Plunger tag height above its free lowest point, m (0 = no tag). */
  tagHeightM: number;
  /** Depth of a rod part as a fraction of the string length (Infinity = intact). */
  partedAt: number;
  /** Share of the fluid load a tubing hole takes off the plunger (0 = tight tubing). */
  tubingLeak: number;
  /** Factor on the rod string's damping (1 = the well's own; viscous oil drags more). */
  dampingFactor: number;
  /** Plunger drag in viscous oil as a fraction of the fluid load at the mean plunger speed. */
  plungerDrag: number;
  /** How far the plunger overruns the top of its barrel and hits it, m (0 = never). */
  topHitM: number;
  /** Share of the pump's differential the reservoir pushes the intake up (a flowing well). */
  flowing: number;
}

/** Effects of no fault at all. */
export function noFaultEffects(): FaultEffects {
  return {
    fillFraction: 1,
    gasFraction: 0,
    travellingLeak: 0,
    standingLeak: 0,
    tagHeightM: 0,
    partedAt: Infinity,
    tubingLeak: 0,
    dampingFactor: 1,
    plungerDrag: 0,
    topHitM: 0,
    flowing: 0,
  };
}

/**
 * Translate active faults (name → severity 0..1) into pump settings:
 *
 * - fluid_pound: restricted intake, the barrel fills to 1 − 0.7·s of the stroke;
 * - gas_interference: free gas 0.7·s of the intake volume;
 * - travelling_valve_leak / standing_valve_leak: leak s × the mean upstroke
 *   displacement rate at the full differential (s = 1 leaves almost nothing);
 * - rod_parted: the string breaks at (0.8 − 0.6·s) of its length;
 * - pump_tagging: spaced 0.6·s m too short, so the plunger hits the cage;
 * - double_valve_leak: both valves leak, each s × the mean upstroke rate;
 * - tubing_leak: a hole above the pump returns 0.6·s of the lifted liquid
 *   to the annulus, and the column over the plunger holds only (1 − 0.6·s)
 *   of its pressure differential;
 * - heavy_oil: viscous drag on rods and plunger: rod damping × (1 + 4·s) and
 *   a plunger drag of 0.3·s of the fluid load at the mean plunger speed;
 * - pump_hitting_up: spaced 0.3·s m too long at the top, so the plunger
 *   hits the top of the barrel at the end of the upstroke;
 * - flowing_through_pump: the reservoir lifts the intake by 0.95·s of the
 *   pump's differential, so both valves stay open much of the stroke.
 *
 * The two valve-leak faults and double_valve_leak add up (leak rates are
 * capped at 1).
 */
export function faultEffects(
  faults: ReadonlyMap<WellFault, number>,
  out: FaultEffects = noFaultEffects(),
): FaultEffects {
  const sev = (f: WellFault) => Math.min(1, Math.max(0, faults.get(f) ?? 0));
  out.fillFraction = faults.has("fluid_pound") ? 1 - 0.7 * sev("fluid_pound") : 1;
  out.gasFraction = 0.7 * sev("gas_interference");
  out.travellingLeak = Math.min(1, sev("travelling_valve_leak") + sev("double_valve_leak"));
  out.standingLeak = Math.min(1, sev("standing_valve_leak") + sev("double_valve_leak"));
  out.tagHeightM = 0.6 * sev("pump_tagging");
  out.partedAt = faults.has("rod_parted") ? 0.8 - 0.6 * sev("rod_parted") : Infinity;
  out.tubingLeak = 0.6 * sev("tubing_leak");
  out.dampingFactor = 1 + 4 * sev("heavy_oil");
  out.plungerDrag = 0.3 * sev("heavy_oil");
  out.topHitM = 0.3 * sev("pump_hitting_up");
  out.flowing = 0.95 * sev("flowing_through_pump");
  return out;
}
