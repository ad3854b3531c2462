/**
 * The points the pump anomaly supervisor writes, declared by the pump kind
 * (so plant files can put alarms on them and they show like any point). Kept
 * apart from the supervisor so the kind does not load the detector.
 *
 * @module
 */
import type { PointSpec } from "../../twins/point.ts";

/** Anomaly points of every pump twin. */
export const PUMP_ANOMALY_POINTS: Readonly<Record<string, PointSpec>> = Object.freeze({
  anomaly_score: {
    unit: "",
    description:
      "Anomaly detector score (MEWMA of curve residuals and vibration); 1 is the alarm threshold, 0 while training or idle",
  },
  anomaly: {
    unit: "",
    description: "Anomaly detector verdict: score above 1",
    type: "boolean",
  },
  anomaly_status: {
    unit: "",
    description: "Anomaly detector: training, watching or idle (pump not running)",
    type: "string",
  },
});
