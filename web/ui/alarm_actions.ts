/**
 * The operator actions on an alarm: their URL names, button labels, whether
 * a comment is required, and which ones an alarm's state offers (after the
 * lifecycle table in docs/alarms.md). The page only hides buttons that
 * cannot apply; the server still judges every action and its refusal is
 * what the operator sees.
 *
 * @module
 */
import type { AlarmView } from "./api_types.ts";
import { needsAck } from "./alarm_labels.ts";

/** An action as the URL names it (`POST /api/alarms/{twin}/{name}/{action}`). */
export type AlarmAction = "ack" | "shelve" | "unshelve" | "out-of-service" | "in-service" | "reset";

/** What the UI shows for each action. */
export interface ActionInfo {
  /** Button label. */
  label: string;
  /** The server refuses it without a comment. */
  needsComment: boolean;
  /** Past tense, for the outcome line. */
  done: string;
}

/** Every action, in the order buttons appear. */
export const ACTIONS: Readonly<Record<AlarmAction, ActionInfo>> = {
  ack: { label: "Acknowledge", needsComment: false, done: "acknowledged" },
  reset: { label: "Reset", needsComment: false, done: "reset" },
  shelve: { label: "Shelve", needsComment: true, done: "shelved" },
  unshelve: { label: "Unshelve", needsComment: false, done: "unshelved" },
  "out-of-service": { label: "Out of service", needsComment: true, done: "taken out of service" },
  "in-service": { label: "Return to service", needsComment: false, done: "returned to service" },
};

const SHELVABLE = new Set(["normal", "unacknowledged", "acknowledged", "returned_unacknowledged"]);

/** The actions an alarm's state allows, in button order. */
export function allowedActions(
  alarm: Pick<AlarmView, "state" | "latched">,
): AlarmAction[] {
  const s = alarm.state;
  const out: AlarmAction[] = [];
  if (needsAck(s)) out.push("ack");
  if (alarm.latched && (s === "unacknowledged" || s === "acknowledged")) out.push("reset");
  if (SHELVABLE.has(s)) out.push("shelve");
  if (s === "shelved") out.push("unshelve");
  if (s === "out_of_service") out.push("in-service");
  else out.push("out-of-service");
  return out;
}

/** Shelve durations offered, in seconds; longer than the alarm's maximum ones are left out. */
export const SHELVE_CHOICES_S: readonly number[] = [900, 1800, 3600, 7200, 14_400, 28_800];

/** The shelve durations to offer an alarm, given its maximum when the server tells it. */
export function shelveChoices(maxS: number | undefined): number[] {
  return maxS === undefined ? [...SHELVE_CHOICES_S] : SHELVE_CHOICES_S.filter((s) => s <= maxS);
}

/** A duration as an operator reads it (`900` -> `15 min`, `7200` -> `2 h`). */
export function durationText(s: number): string {
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  const h = s / 3600;
  return Number.isInteger(h) ? `${h} h` : `${h.toFixed(1)} h`;
}

/** The path of an action on an alarm. */
export function actionPath(alarm: Pick<AlarmView, "twin" | "name">, action: AlarmAction): string {
  return `/api/alarms/${encodeURIComponent(alarm.twin)}/${
    encodeURIComponent(alarm.name)
  }/${action}`;
}
