/**
 * Alarm journal entries as a table, newest first: time, priority, alarm,
 * the transition, what caused it, value and limit, message, user and
 * comment. The message is in an operator's words when the alarm's
 * definition is known (journal_words.ts), with the engine's tag message as
 * its tooltip.
 *
 * @module
 */
import type { JournalEntry } from "./api_types.ts";
import { AlarmStateBadge, PriorityBadge } from "./alarm_badges.tsx";
import { stateLabel } from "./alarm_labels.ts";
import { entryValueText } from "./alarm_value_text.ts";
import { formatClock } from "./display_format.ts";
import { type AlarmDefinitionWords, journalWords } from "./journal_words.ts";
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

/** Props of {@linkcode JournalTable}. */
export interface JournalTableProps {
  /** Entries, newest first. */
  entries: readonly JournalEntry[];
  /** Adds priority and alarm columns (off on an alarm's own page). */
  showAlarm: boolean;
  /** Element id of the table. */
  id?: string;
  /** Alarm definitions by alarm id, to word the messages; an unknown alarm's message stays as tagged. */
  alarms?: ReadonlyMap<string, AlarmDefinitionWords>;
  /** A twin's display name by id. */
  twinName?(id: string): string | undefined;
}

/** The journal table. */
export function JournalTable(props: JournalTableProps) {
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
                <td class="col-message" title={e.message}>
                  {journalWords(e, props.alarms?.get(e.alarm), props.twinName?.(e.twin))}
                </td>
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
