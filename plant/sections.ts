/**
 * The plant-file sections the loader knows besides `twins`. A feature with
 * its own part of the plant file (Modbus devices, alarms, calculated points)
 * adds its validator to this list.
 *
 * @module
 */
import { alarmSection } from "../actors/alarms/alarm_section.ts";
import { notificationsSection } from "../actors/notify/notifications_section.ts";
import { calculatedSection } from "../actors/rules/calculated_section.ts";
import type { PlantSection } from "./plant_section.ts";
import { devicesSection } from "../drivers/modbus/devices_section.ts";
import { serversSection } from "../drivers/modbus/servers_section.ts";

/**
 * Every known section. `calculated` comes before `alarms`, whose
 * definitions may name calculated points.
 */
export const SECTIONS: readonly PlantSection[] = [
  calculatedSection,
  alarmSection,
  notificationsSection,
  devicesSection,
  serversSection,
];
