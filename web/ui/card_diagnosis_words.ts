/**
 * A well's card diagnosis in the words an operator uses: the classifier
 * speaks the field dataset's class names (diagnosis/cards/fault_classes.ts),
 * the page speaks the pumper's.
 *
 * @module
 */

/** Operator's words for each card class (and for a unit that is not pumping). */
const WORDS: Readonly<Record<string, string>> = {
  REGULAR_WORK: "normal pumping",
  LIQUID_NOT_ENOUGH: "fluid pound",
  GAS_EFFECTIVE: "gas interference",
  TRAVELLING_VALVE_LEAKAGE: "travelling valve leak",
  STATIC_VALVE_LEAKAGE: "standing valve leak",
  DOUBLE_VALVE_LEAKAGE: "travelling and standing valves leak",
  ROD_BROKEN: "parted rods",
  PUMP_DOWN_BANG: "pump tagging bottom",
  PUMP_UP_BANG: "pump hitting up",
  OIL_ROD_LEAKAGE: "tubing leak",
  OIL_TO_DENSE: "heavy oil drag",
  WORK_WITH_FLOAT: "well flowing through the pump",
  NOT_PUMPING: "not pumping",
};

/**
 * The operator's words for card class `cls`; a class this table does not
 * know yet (a newer model) reads as its own name in lower case, never blank.
 */
export function diagnosisWords(cls: string): string {
  return WORDS[cls] ?? cls.toLowerCase().replaceAll("_", " ");
}

/** Whether `cls` means the well needs a look (anything but normal pumping or a stopped unit). */
export function isFaultClass(cls: string): boolean {
  return cls !== "REGULAR_WORK" && cls !== "NOT_PUMPING";
}

/** A confidence in percent (0-100) as a whole percentage, for example "87%". */
export function confidenceText(percent: number): string {
  if (!Number.isFinite(percent)) return "–";
  return `${Math.round(Math.min(100, Math.max(0, percent)))}%`;
}
