/**
 * One alarm as a row of the alarm list: time, priority, twin, message with
 * its flags, state, value and limit, and the actions: a one-click
 * acknowledge (or unshelve, return to service, reset) and a toggle that
 * opens the full action form in a row beneath. The time cell keeps the
 * activation time and, once acknowledged, the acknowledge time beside it.
 * After a one-click action the focus stays in the row (on its More button,
 * as the clicked button may go). Re-renders only when its alarm, selection
 * or flags change.
 *
 * @module
 */
import { Component } from "preact";
import { useContext, useRef, useState } from "preact/hooks";
import type { AlarmView } from "./api_types.ts";
import { type ActionOutcome, AlarmActionPanel, sendAction } from "./alarm_action_panel.tsx";
import { ACTIONS, type AlarmAction, allowedActions } from "./alarm_actions.ts";
import { AlarmFlags, AlarmStateBadge, PriorityBadge } from "./alarm_badges.tsx";
import { needsAck } from "./alarm_labels.ts";
import { alarmTimes } from "./alarm_times.ts";
import { alarmWords } from "./alarm_words.ts";
import { AppContext } from "./app_context.ts";
import { limitText, valueText } from "./alarm_value_text.ts";
import { formatClock } from "./display_format.ts";
import { Link } from "./link.tsx";
import { alarmPath, twinPath } from "./route.ts";

/** Props of {@linkcode AlarmRow}. */
export interface AlarmRowProps {
  /** The alarm. */
  alarm: AlarmView;
  /** Whether it is a standing alarm (from the metrics). */
  standing: boolean;
  /** Whether its box is ticked. */
  selected: boolean;
  /** Tick or untick it (stable across renders). */
  onSelect(id: string, on: boolean): void;
  /** Told of every action's outcome (stable across renders). */
  onOutcome(o: ActionOutcome): void;
}

/** Actions that need no comment and fit in the row as one click. */
const ONE_CLICK: readonly AlarmAction[] = ["ack", "unshelve", "in-service", "reset"];

/** Number of columns, for the action form's row. */
export const ALARM_COLUMNS = 8;

/** A row of the alarm list. */
export class AlarmRow extends Component<AlarmRowProps> {
  /** Render only when something the row shows has changed. */
  override shouldComponentUpdate(next: AlarmRowProps): boolean {
    const p = this.props;
    return next.alarm !== p.alarm || next.standing !== p.standing ||
      next.selected !== p.selected || next.onSelect !== p.onSelect ||
      next.onOutcome !== p.onOutcome;
  }

  /** The row, and the action form beneath it when open. */
  override render() {
    return <AlarmRowBody {...this.props} />;
  }
}

function AlarmRowBody(props: AlarmRowProps) {
  const { alarm: a } = props;
  const twinName = useContext(AppContext)?.store.nameOf(a.twin);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const more = useRef<HTMLButtonElement>(null);
  const oneClick = allowedActions(a).filter((x) => ONE_CLICK.includes(x));
  const act = async (action: AlarmAction) => {
    setBusy(true);
    setError(undefined);
    const o = await sendAction(a, action);
    setBusy(false);
    setError(o.error);
    // The clicked button leaves once the state changes; keep the keyboard here.
    if (!o.error) more.current?.focus();
    props.onOutcome(o);
  };
  const limit = limitText(a);
  const times = alarmTimes(a);
  return (
    <>
      <tr
        data-alarm={a.id}
        data-state={a.state}
        class={`alarm-row prio-edge-${a.priority}${needsAck(a.state) ? " is-unack" : ""}`}
      >
        <td class="col-select">
          <input
            type="checkbox"
            aria-label={`Select ${a.id}`}
            checked={props.selected}
            onChange={(e) => props.onSelect(a.id, e.currentTarget.checked)}
          />
        </td>
        <td class="col-time">
          <time
            class="time-active"
            dateTime={new Date(times.activated).toISOString()}
            title={times.active ? "active since" : "returned to normal at"}
          >
            {formatClock(times.activated)}
          </time>
          {!times.active && <span class="muted time-label">returned</span>}
          {times.acknowledged !== null && (
            <span class="time-ack">
              <span class="muted time-label">ack</span>{" "}
              <time dateTime={new Date(times.acknowledged).toISOString()}>
                {formatClock(times.acknowledged)}
              </time>
            </span>
          )}
        </td>
        <td>
          <PriorityBadge priority={a.priority} />
        </td>
        <td class="col-twin">
          <Link href={twinPath(a.twin)}>{a.twin}</Link>
        </td>
        <td class="col-message">
          <Link href={alarmPath(a)} class="alarm-message" title={a.description || undefined}>
            {alarmWords(a, twinName)}
          </Link>
          <AlarmFlags alarm={a} standing={props.standing} />
        </td>
        <td>
          <AlarmStateBadge state={a.state} />
        </td>
        <td class="col-value">
          <span class="num">{valueText(a)}</span>
          {limit && <span class="muted limit">{limit}</span>}
        </td>
        <td class="col-actions">
          <div class="row-actions">
            {oneClick.map((x) => (
              <button
                key={x}
                type="button"
                data-action={x}
                disabled={busy}
                onClick={() => act(x)}
              >
                {x === "ack" ? "Ack" : ACTIONS[x].label}
              </button>
            ))}
            <button
              type="button"
              ref={more}
              class="more"
              aria-expanded={open}
              aria-label={`More actions on ${a.id}`}
              onClick={() => setOpen(!open)}
            >
              {open ? "Close" : "More…"}
            </button>
          </div>
          {error && <p class="outcome outcome-error" role="alert">{error}</p>}
        </td>
      </tr>
      {open && (
        <tr class="alarm-panel-row" data-panel-for={a.id}>
          <td colSpan={ALARM_COLUMNS}>
            <AlarmActionPanel alarm={a} onOutcome={props.onOutcome} />
          </td>
        </tr>
      )}
    </>
  );
}
