/**
 * Alarm journal entries as a table, newest first: time, priority, alarm,
 * the transition, what caused it, value and limit, message, user and
 * comment.
 *
 * @module
 */
import type { JournalEntry } from "./api_types.ts";
import { AlarmStateBadge, PriorityBadge } from "./alarm_badges.tsx";
import { stateLabel } from "./alarm_labels.ts";
import { entryValueText } from "./alarm_value_text.ts";
import { formatClock } from "./display_format.ts";
import { Link } from "./link.tsx";
import { alarmPath } from "./route.ts";

/** Names of the journal's actions as an operator reads them. */
const ACTION_TEXT: Record<string, string> = {
  activate: "condition active",
  clear: "condition cleared",
  suppress: "suppressed by design",
  unsuppress: "suppression ended",
  ack: "acknowledged",
  shelve: "shelved",
  unshelve: "unshelved",
  shelve_expired: "shelve expired",
  realarm: "re-alarmed",
  remove_from_service: "out of service",
  return_to_service: "back in service",
  reset: "reset",
};

/** The action of an entry in words. */
export function actionText(action: string): string {
  return ACTION_TEXT[action] ?? action.replaceAll("_", " ");
}

/** The journal table; `showAlarm` adds priority and alarm columns (off on an alarm's own page). */
export function JournalTable(
  props: { entries: readonly JournalEntry[]; showAlarm: boolean; id?: string },
) {
  return (
    <div class="table-scroll">
      <table class="data-table journal-table" id={props.id}>
        <thead>
          <tr>
            <th scope="col">Time (UTC)</th>
            {props.showAlarm && <th scope="col">Priority</th>}
            {props.showAlarm && <th scope="col">Alarm</th>}
            <th scope="col">State</th>
            <th scope="col">Cause</th>
            <th scope="col" class="num">Value / limit</th>
            <th scope="col">Message</th>
            <th scope="col">User</th>
            <th scope="col">Comment</th>
          </tr>
        </thead>
        <tbody>
          {props.entries.map((e) => {
            const cut = e.alarm.lastIndexOf("/");
            return (
              <tr key={e.seq} data-seq={e.seq} data-action={e.action}>
                <td class="col-time">
                  <time dateTime={new Date(e.time).toISOString()}>{formatClock(e.time)}</time>
                </td>
                {props.showAlarm && (
                  <td>
                    <PriorityBadge priority={e.priority} />
                  </td>
                )}
                {props.showAlarm && (
                  <td class="col-twin">
                    <Link href={alarmPath({ twin: e.twin, name: e.alarm.slice(cut + 1) })}>
                      {e.alarm}
                    </Link>
                  </td>
                )}
                <td class="col-transition">
                  <span class="muted">{stateLabel(e.previous)} →</span>{" "}
                  <AlarmStateBadge state={e.state} />
                </td>
                <td>{actionText(e.action)}</td>
                <td class="num">{entryValueText(e)}</td>
                <td class="col-message">{e.message}</td>
                <td>{e.user ?? ""}</td>
                <td>{e.comment ?? ""}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
