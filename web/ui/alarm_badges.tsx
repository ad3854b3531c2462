/**
 * Small alarm badges: a priority (shape, name and colour, never colour
 * alone), a lifecycle state (words, with the ISA-18.2 code as tooltip), and
 * flags such as chattering or standing.
 *
 * @module
 */
import type { AlarmView } from "./api_types.ts";
import { PRIORITY_MARK, STATE_CODE, stateLabel } from "./alarm_labels.ts";
import type { AlarmState, Priority } from "./api_types.ts";

/** A priority badge: `◆ critical` on the priority's colour. */
export function PriorityBadge(props: { priority: Priority }) {
  const p = props.priority;
  return (
    <span class={`prio prio-${p}`} data-priority={p}>
      <span class="prio-mark" aria-hidden="true">{PRIORITY_MARK[p] ?? "?"}</span>
      {p}
    </span>
  );
}

/** A state badge; unacknowledged states stand out until acknowledged. */
export function AlarmStateBadge(props: { state: AlarmState }) {
  const s = props.state;
  return (
    <span
      class={`astate astate-${s}`}
      data-state={s}
      title={STATE_CODE[s] ? `ISA-18.2 ${STATE_CODE[s]}` : undefined}
    >
      {stateLabel(s)}
    </span>
  );
}

/** Flags worth a glance beside an alarm's message. */
export function AlarmFlags(props: { alarm: AlarmView; standing: boolean }) {
  const a = props.alarm;
  return (
    <>
      {a.chattering && (
        <span
          class="flag flag-chatter"
          title="3 or more annunciations within the chatter window (EEMUA 191)"
        >
          chattering
        </span>
      )}
      {props.standing && (
        <span class="flag flag-standing" title="Active longer than the standing threshold">
          standing
        </span>
      )}
      {a.latched && (
        <span class="flag flag-latched" title="Latched: the condition has gone; reset it">
          latched
        </span>
      )}
      {a.suppressedByDesign && a.state !== "suppressed" && (
        <span class="flag" title="Suppressed by design right now">suppressed</span>
      )}
    </>
  );
}
