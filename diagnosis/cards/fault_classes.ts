/**
 * Our well fault names and the dynamometer-card classes of the field
 * dataset, one to one. This is the only place the two vocabularies meet.
 *
 * | simulator fault        | card class                 | what happens at the pump                      |
 * | ---------------------- | -------------------------- | --------------------------------------------- |
 * | (none)                 | REGULAR_WORK               | full barrel, tight valves                     |
 * | fluid_pound            | LIQUID_NOT_ENOUGH          | the barrel fills only partly                  |
 * | gas_interference       | GAS_EFFECTIVE              | free gas compresses before the valve opens    |
 * | travelling_valve_leak  | TRAVELLING_VALVE_LEAKAGE   | load bleeds off on the upstroke               |
 * | standing_valve_leak    | STATIC_VALVE_LEAKAGE       | load stays on into the downstroke             |
 * | double_valve_leak      | DOUBLE_VALVE_LEAKAGE       | both of the above                             |
 * | rod_parted             | ROD_BROKEN                 | the pump is gone from the rods                |
 * | pump_tagging           | PUMP_DOWN_BANG             | plunger hits the standing-valve cage          |
 * | pump_hitting_up        | PUMP_UP_BANG               | plunger hits the top of the barrel            |
 * | tubing_leak            | OIL_ROD_LEAKAGE            | a tubing hole lightens the column lifted      |
 * | heavy_oil              | OIL_TO_DENSE               | viscous drag on rods and plunger              |
 * | flowing_through_pump   | WORK_WITH_FLOAT            | the well flows; valves stay open              |
 *
 * @module
 */
import type { WellFault } from "../../simulators/well/well_faults.ts";

/** The class of a well with no fault. */
export const NORMAL_CLASS = "REGULAR_WORK";

/** Card class of each simulator fault. */
export const FAULT_CLASS: Readonly<Record<WellFault, string>> = {
  fluid_pound: "LIQUID_NOT_ENOUGH",
  gas_interference: "GAS_EFFECTIVE",
  travelling_valve_leak: "TRAVELLING_VALVE_LEAKAGE",
  standing_valve_leak: "STATIC_VALVE_LEAKAGE",
  double_valve_leak: "DOUBLE_VALVE_LEAKAGE",
  rod_parted: "ROD_BROKEN",
  pump_tagging: "PUMP_DOWN_BANG",
  pump_hitting_up: "PUMP_UP_BANG",
  tubing_leak: "OIL_ROD_LEAKAGE",
  heavy_oil: "OIL_TO_DENSE",
  flowing_through_pump: "WORK_WITH_FLOAT",
};
