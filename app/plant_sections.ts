/**
 * The plant-file sections this application knows besides `twins`. They are
 * registered here, at the composition root, and handed to the loader, so the
 * loader (plant/) knows nothing of the features above it (alarms, rules,
 * notifications, Modbus). A feature with its own part of the plant file adds
 * its validator to this list.
 *
 * @module
 */
import { alarmSection } from "../actors/alarms/alarm_section.ts";
import { notificationsSection } from "../actors/notify/notifications_section.ts";
import { calculatedSection } from "../actors/rules/calculated_section.ts";
import { devicesSection } from "../drivers/modbus/devices_section.ts";
import { serversSection } from "../drivers/modbus/servers_section.ts";
import { historySection } from "../history/history_section.ts";
import { influxSection } from "../history/influx/influx_section.ts";
import { optimizationSection } from "../optimization/replan_section.ts";
import type { PlantSection } from "../plant/plant_section.ts";
import { recordingsSection } from "../replay/recordings_section.ts";

/**
 * Every section of a plant file the application runs. `calculated` comes
 * before `alarms`, whose definitions may name calculated points.
 */
export const PLANT_SECTIONS: readonly PlantSection[] = [
  calculatedSection,
  alarmSection,
  notificationsSection,
  devicesSection,
  serversSection,
  historySection,
  influxSection,
  recordingsSection,
  optimizationSection,
];
