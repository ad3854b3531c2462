/**
 * A flowing well's observation: the recorded event label, reduced to the
 * four modes (3W's classes: 0 normal, 1-9 an event in steady state,
 * 101-109 the transient into it).
 *
 * @module
 */
import type { PointValues } from "../../simulators/simulator.ts";

/** The mode a recorded `event_class` stands for. */
export function observeEventClass(values: Readonly<PointValues>): string {
  const c = values.event_class;
  if (typeof c !== "number" || !Number.isFinite(c)) return "unlabelled";
  if (c === 0) return "normal";
  if (c >= 101 && c <= 109) return "transient";
  if (c >= 1 && c <= 9) return "event";
  return "unlabelled";
}
