/**
 * How alarm priorities and lifecycle states read on screen. Every priority
 * carries its name and a shape beside its colour, and every state its
 * ISA-18.2 code, so no alarm is told apart by colour alone (ISA-101). The
 * lists mirror the engine's (a test checks they agree); they are copied
 * rather than imported so the browser bundle stays free of server code.
 *
 * @module
 */
import type { AlarmState, Priority } from "./api_types.ts";

/** Priorities, most urgent first (the order the API sorts by). */
export const PRIORITIES: readonly Priority[] = ["critical", "high", "medium", "low", "diagnostic"];

/** A shape per priority, shown beside its name (fewer corners, less urgent). */
export const PRIORITY_MARK: Readonly<Record<Priority, string>> = {
  critical: "◆",
  high: "▲",
  medium: "■",
  low: "●",
  diagnostic: "○",
};

/** Sort rank of a priority: 0 for critical; unknown ones last. */
export function priorityRank(p: string): number {
  const i = PRIORITIES.indexOf(p as Priority);
  return i < 0 ? PRIORITIES.length : i;
}

/** Lifecycle states in the order the engine lists them. */
export const ALARM_STATES: readonly AlarmState[] = [
  "normal",
  "unacknowledged",
  "acknowledged",
  "returned_unacknowledged",
  "shelved",
  "suppressed",
  "out_of_service",
];

/** States in which an alarm is annunciated (the active list). */
export const ANNUNCIATED_STATES: readonly AlarmState[] = [
  "unacknowledged",
  "acknowledged",
  "returned_unacknowledged",
];

const ANNUNCIATED = new Set<string>(ANNUNCIATED_STATES);

/** Whether an alarm in `state` is annunciated to the operator. */
export function isAnnunciated(state: string): boolean {
  return ANNUNCIATED.has(state);
}

/** Whether an alarm in `state` waits for an acknowledgement. */
export function needsAck(state: string): boolean {
  return state === "unacknowledged" || state === "returned_unacknowledged";
}

/** A state as words (`returned_unacknowledged` -> `returned, unacknowledged`). */
export const STATE_LABEL: Readonly<Record<AlarmState, string>> = {
  normal: "normal",
  unacknowledged: "unacknowledged",
  acknowledged: "acknowledged",
  returned_unacknowledged: "returned, unacknowledged",
  shelved: "shelved",
  suppressed: "suppressed by design",
  out_of_service: "out of service",
};

/** ISA-18.2 short code of each state. */
export const STATE_CODE: Readonly<Record<AlarmState, string>> = {
  normal: "NORM",
  unacknowledged: "UNACK",
  acknowledged: "ACKED",
  returned_unacknowledged: "RTNUN",
  shelved: "SHLVD",
  suppressed: "DSUPR",
  out_of_service: "OOSRV",
};

/** The label of a state the UI may not know yet (a newer server). */
export function stateLabel(state: string): string {
  return STATE_LABEL[state as AlarmState] ?? state.replaceAll("_", " ");
}
