/**
 * The plant-file sections the loader knows besides `twins`. A feature with
 * its own part of the plant file (Modbus devices, alarms, calculated points)
 * adds its validator to this list.
 *
 * @module
 */
import type { PlantSection } from "./plant_section.ts";

/** Every known section. */
export const SECTIONS: readonly PlantSection[] = [];
