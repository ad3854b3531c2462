/**
 * The times an alarm row shows: when its condition became active and, once
 * acknowledged, when. The alarm's `since` moves with every state change, so
 * showing only it would lose the activation time at the acknowledgement.
 *
 * @module
 */
import type { AlarmView } from "./api_types.ts";

/** Activation and acknowledge times of an alarm (epoch ms), null when none. */
export interface AlarmTimes {
  /** When the condition became active; while it has cleared, when it entered its state. */
  activated: number;
  /** Whether `activated` is the activation (false: the condition has cleared). */
  active: boolean;
  /** When it was acknowledged, while it is acknowledged. */
  acknowledged: number | null;
}

/** The times to show for `a`. */
export function alarmTimes(
  a: Pick<AlarmView, "state" | "since" | "activeSince" | "last">,
): AlarmTimes {
  const acknowledged = a.state === "acknowledged"
    ? (a.last.action === "ack" ? a.last.time : a.since)
    : null;
  return a.activeSince !== null
    ? { activated: a.activeSince, active: true, acknowledged }
    : { activated: a.since, active: false, acknowledged };
}
