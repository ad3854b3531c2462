/**
 * The points the cooling diagnosis supervisor writes, declared by the
 * cooling-site kind (so plant files can put alarms on them and they show
 * like any point). Kept apart from the supervisor so the kind does not load
 * the detector.
 *
 * They are named `watch_*` on purpose: an RTU lays out a site's numeric
 * points by name, and names after `supply_temp` leave every register address
 * of the kind's measured points where Modbus maps already read them. The
 * class is not called `diagnosis` because the fleet view reads a point of
 * that name as a well's card class.
 *
 * @module
 */
import type { PointSpec } from "../../twins/point.ts";

/** Diagnosis points of every cooling-site twin. */
export const COOLING_DIAGNOSIS_POINTS: Readonly<Record<string, PointSpec>> = Object.freeze({
  watch_diagnosis: {
    unit: "",
    description:
      "Cooling diagnosis: normal, fan_failure, pump_failure, exchanger_fouling, sensor_drift; unknown while training or stopped",
    type: "string",
  },
  watch_confidence: {
    unit: "%",
    description: "Confidence of watch_diagnosis (50 % at the threshold); 0 while unknown",
  },
  watch_status: {
    unit: "",
    description:
      "Cooling diagnosis: training (learning the healthy site), watching or idle (stopped)",
    type: "string",
  },
  watch_fan_power_pct: {
    unit: "%",
    description:
      "Fan power for the fan speed against the healthy site's (lost fans lower it); 0 until watching",
  },
  watch_pump_flow_pct: {
    unit: "%",
    description:
      "Coolant flow for the pump speed against the healthy site's (a tripped pump lowers it); 0 until watching",
  },
  watch_cooler_ua_pct: {
    unit: "%",
    description:
      "Dry-cooler UA implied by the heat it rejects, against the healthy site's (fouling lowers it); 0 until watching",
  },
  watch_supply_residual: {
    unit: "K",
    description:
      "Supply sensor minus the supply the loop's energy balance implies, less its healthy offset (drift moves it); 0 until watching",
  },
});
