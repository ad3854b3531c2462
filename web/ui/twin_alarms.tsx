/**
 * A twin's annunciated alarms on its detail page, above the points: a small
 * table with a one-click acknowledge, each alarm linking to its own page,
 * and a link to every alarm of the twin in the list.
 *
 * @module
 */
import { useState } from "preact/hooks";
import type { AlarmView } from "./api_types.ts";
import { sendAction } from "./alarm_action_panel.tsx";
import { AlarmFlags, AlarmStateBadge, PriorityBadge } from "./alarm_badges.tsx";
import { needsAck } from "./alarm_labels.ts";
import { listQueryString } from "./alarm_list_query.ts";
import { valueText } from "./alarm_value_text.ts";
import { alarmWords } from "./alarm_words.ts";
import { useApp } from "./app_context.ts";
import { formatTimeOfDay } from "./display_format.ts";
import { Link } from "./link.tsx";
import { alarmPath } from "./route.ts";

/** The alarms section of twin `id`. */
export function TwinAlarms(props: { id: string }) {
  const { alarms } = useApp();
  const list = alarms.forTwin(props.id);
  const standing = alarms.standing();
  const all = `/alarms${
    listQueryString({ tab: "all", priorities: [], twin: props.id, states: [] })
  }`;
  return (
    <section aria-labelledby="twin-alarms-title" id="twin-alarms">
      <h3 id="twin-alarms-title">
        Alarms <span class="muted count">{list.length}</span>
      </h3>
      {list.length === 0
        ? (
          <p class="muted">
            No active alarms. <Link href={all}>Every alarm of this twin</Link>
          </p>
        )
        : (
          <div class="table-scroll">
            <table class="data-table alarm-table compact">
              <tbody>
                {list.map((a) => (
                  <TwinAlarmRow
                    key={a.id}
                    alarm={a}
                    standing={standing.has(a.id)}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
      {list.length > 0 && (
        <p class="more-link">
          <Link href={all}>Every alarm of this twin</Link>
        </p>
      )}
    </section>
  );
}

function TwinAlarmRow(props: { alarm: AlarmView; standing: boolean }) {
  const twinName = useApp().store.twins.get(props.alarm.twin)?.name;
  const a = props.alarm;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  return (
    <tr data-alarm={a.id} data-state={a.state} class={`alarm-row prio-edge-${a.priority}`}>
      <td>
        <PriorityBadge priority={a.priority} />
      </td>
      <td class="col-message">
        <Link href={alarmPath(a)} class="alarm-message" title={a.description || undefined}>
          {alarmWords(a, twinName)}
        </Link>
        <AlarmFlags alarm={a} standing={props.standing} />
        {error && <p class="outcome outcome-error" role="alert">{error}</p>}
      </td>
      <td class="num">{valueText(a)}</td>
      <td>
        <AlarmStateBadge state={a.state} />
      </td>
      <td class="col-time">
        <time dateTime={new Date(a.since).toISOString()}>{formatTimeOfDay(a.since)}</time>
      </td>
      <td class="col-actions">
        {needsAck(a.state) && (
          <button
            type="button"
            data-action="ack"
            disabled={busy}
            onClick={async () => {
              setBusy(true);
              const o = await sendAction(a, "ack");
              setBusy(false);
              setError(o.error);
            }}
          >
            Ack
          </button>
        )}
      </td>
    </tr>
  );
}
