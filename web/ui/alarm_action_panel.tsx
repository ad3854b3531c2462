/**
 * The actions an alarm's state allows, as one small form: a comment (which
 * the server requires to shelve or take out of service), a shelve duration
 * up to the alarm's maximum, and a button per action. What the server
 * answers is shown under the buttons: the new state, or its refusal word
 * for word. The form does not check the comment itself. Taking an alarm out
 * of service asks for confirmation in the page first.
 *
 * @module
 */
import { useId, useState } from "preact/hooks";
import { postJson } from "./api_client.ts";
import type { AlarmView } from "./api_types.ts";
import {
  actionPath,
  ACTIONS,
  type AlarmAction,
  allowedActions,
  durationText,
  shelveChoices,
} from "./alarm_actions.ts";
import { stateLabel } from "./alarm_labels.ts";
import { useConfirm } from "./confirm_dialog.tsx";
import { outOfServiceQuestion } from "./control_confirmation.ts";

/** What became of an action. */
export interface ActionOutcome {
  /** The alarm acted on. */
  alarm: AlarmView;
  /** The action. */
  action: AlarmAction;
  /** The alarm after it, when the server took it. */
  result?: AlarmView;
  /** The server's refusal. */
  error?: string;
}

/** Send one action; resolves to its outcome (never throws). */
export async function sendAction(
  alarm: AlarmView,
  action: AlarmAction,
  comment = "",
  durationS?: number,
): Promise<ActionOutcome> {
  const body: Record<string, unknown> = { comment };
  if (action === "shelve" && durationS !== undefined) body.duration_s = durationS;
  const r = await postJson<AlarmView>(actionPath(alarm, action), body);
  return r.ok && r.body
    ? { alarm, action, result: r.body }
    : { alarm, action, error: r.error ?? "the server did not answer" };
}

/** The outcome as one sentence. */
export function outcomeText(o: ActionOutcome): string {
  if (o.error) return o.error;
  return `${o.alarm.id} ${ACTIONS[o.action].done}; now ${stateLabel(o.result!.state)}`;
}

/** Props of {@linkcode AlarmActionPanel}. */
export interface AlarmActionPanelProps {
  /** The alarm. */
  alarm: AlarmView;
  /** Told of every outcome (the list shows it even after the row has gone). */
  onOutcome?(o: ActionOutcome): void;
}

/** The action form of one alarm. */
export function AlarmActionPanel(props: AlarmActionPanelProps) {
  const { alarm } = props;
  const uid = useId();
  const [comment, setComment] = useState("");
  const [duration, setDuration] = useState("");
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<ActionOutcome | undefined>();
  const actions = allowedActions(alarm);
  // The alarm view does not carry its maximum shelve time (yet); when it
  // does, longer choices are left out. The server enforces it either way.
  const maxS = alarm.maxShelveS;
  const confirm = useConfirm();

  const act = async (action: AlarmAction) => {
    setBusy(true);
    const o = await sendAction(
      alarm,
      action,
      comment,
      duration ? Number(duration) : undefined,
    );
    setBusy(false);
    setOutcome(o);
    if (!o.error) setComment("");
    props.onOutcome?.(o);
  };

  return (
    <form
      class="alarm-actions"
      data-alarm={alarm.id}
      aria-label={`Actions on ${alarm.id}`}
      onSubmit={(e) => e.preventDefault()}
    >
      <div class="field">
        <label for={`${uid}-comment`}>
          Comment <span class="muted optional">(required to shelve or take out of service)</span>
        </label>
        <input
          id={`${uid}-comment`}
          class="alarm-comment"
          type="text"
          maxLength={1000}
          placeholder="why (recorded in the journal)"
          value={comment}
          onInput={(e) => setComment(e.currentTarget.value)}
        />
      </div>
      {actions.includes("shelve") && (
        <div class="field field-inline">
          <label for={`${uid}-duration`}>Shelve for</label>
          <select
            id={`${uid}-duration`}
            class="shelve-duration"
            value={duration}
            onChange={(e) => setDuration(e.currentTarget.value)}
          >
            <option value="">
              {maxS ? `the maximum (${durationText(maxS)})` : "the alarm's maximum"}
            </option>
            {shelveChoices(maxS).map((s) => (
              <option key={s} value={String(s)}>{durationText(s)}</option>
            ))}
          </select>
        </div>
      )}
      <div class="command-actions">
        {actions.map((a) => (
          <button
            key={a}
            type="button"
            data-action={a}
            class={a === "out-of-service" ? "danger" : undefined}
            disabled={busy}
            onClick={() =>
              a === "out-of-service"
                ? confirm.ask(
                  outOfServiceQuestion(alarm.id, alarm.message),
                  "Yes, take out of service",
                  () => void act(a),
                )
                : act(a)}
          >
            {ACTIONS[a].label}
          </button>
        ))}
        {busy && <span class="outcome" role="status">sending…</span>}
        {!busy && outcome && (
          <span
            class={`outcome ${outcome.error ? "outcome-error" : "outcome-executed"}`}
            role={outcome.error ? "alert" : "status"}
          >
            {outcomeText(outcome)}
          </span>
        )}
      </div>
      {confirm.dialog}
    </form>
  );
}
