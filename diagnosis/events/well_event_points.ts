/**
 * The points the well event supervisor writes, declared by the flowing well
 * kind (so plant files can put alarms on them and they show like any
 * point). Kept apart from the supervisor so the kind does not load the rules.
 *
 * @module
 */
import type { PointSpec } from "../../twins/point.ts";

/** Event detection points of every flowing well twin. */
export const WELL_EVENT_POINTS: Readonly<Record<string, PointSpec>> = Object.freeze({
  detected_event: {
    unit: "",
    description:
      "3W event detected online from pressures and temperatures: 0 normal, 3 severe slugging, 4 flow instability, 9 hydrate in the service line; empty while warming up",
  },
  detected_event_since: {
    unit: "",
    description: "Time of the sample at which detected_event took its value (ISO 8601)",
    type: "string",
  },
  event_detection: {
    unit: "",
    description: "Event detector: warming_up (less than one 2-hour window seen) or watching",
    type: "string",
  },
});
