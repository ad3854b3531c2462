/**
 * The command panel of a twin: one small form per command of its kind, built
 * from the command's args schema. A form opens on the twin's current
 * setting (a station in manual shows manual) and keeps what the user chose
 * from then on. A command the twin's state does not accept (start on a
 * running site) is disabled with the reason beside it. Each form shows what
 * became of its last submission (executed, accepted and waiting, failed
 * with the reason) or the server's error for bad input, right under its
 * button. A control that halts equipment (stop, shut in, switch off) asks
 * for confirmation in the page first (see control_confirmation.ts).
 *
 * @module
 */
import { hasRole, isRole } from "../../security/roles.ts";
import { session } from "./auth_session.ts";
import { useMemo, useState } from "preact/hooks";
import { postJson } from "./api_client.ts";
import type { CommandInfo, CommandRecord, Point } from "./api_types.ts";
import {
  buildArgs,
  currentValues,
  type FormField,
  formFields,
  type FormValues,
  initialValues,
  isCheckbox,
  rangeHint,
} from "./command_form.ts";
import { useConfirm } from "./confirm_dialog.tsx";
import { commandQuestion } from "./control_confirmation.ts";

/** Props of {@linkcode CommandPanel}. */
export interface CommandPanelProps {
  /** Twin id. */
  twinId: string;
  /** The kind's commands by type. */
  commands: Record<string, CommandInfo>;
  /** Recent command records of the twin (for following accepted commands). */
  records: readonly CommandRecord[];
  /** The twin's live points, which tell its current settings. */
  points: Readonly<Record<string, Point>>;
  /**
   * Why each command the twin's current state refuses cannot run, by type;
   * commands not listed may be sent.
   */
  refused: Readonly<Record<string, string>>;
  /** Called after every submission, successful or not. */
  onSubmitted(record: CommandRecord | undefined): void;
}

/**
 * Why each command cannot run now, for a twin that accepts only `accepts`
 * in `mode` (none while it is not running); empty when `accepts` is unknown.
 */
export function refusals(
  types: readonly string[],
  accepts: readonly string[] | undefined,
  mode: string,
  running: boolean,
): Record<string, string> {
  const out: Record<string, string> = {};
  if (!accepts) return out;
  const why = running
    ? `not available while ${mode.replaceAll("_", " ")}`
    : "the twin is stopped; start it first";
  for (const t of types) if (!accepts.includes(t)) out[t] = why;
  return out;
}

/**
 * Why the logged-in user may not send commands at all (a viewer), or
 * undefined; the server refuses them too, this only says so up front.
 */
export function roleRefusal(user: { role: string } | undefined): string | undefined {
  if (!user || !isRole(user.role) || hasRole(user.role, "operator")) return undefined;
  return `your role (${user.role}) may only watch; commands need an operator`;
}

/** The panel. */
export function CommandPanel(props: CommandPanelProps) {
  const [comment, setComment] = useState("");
  const byRole = roleRefusal(session.user);
  const entries = Object.entries(props.commands);
  if (entries.length === 0) return <p class="muted">This kind takes no commands.</p>;
  return (
    <div class="command-panel">
      <div class="field">
        <label for="command-comment">Comment</label>
        <input
          id="command-comment"
          type="text"
          maxLength={1000}
          placeholder="why (recorded with the command)"
          value={comment}
          onInput={(e) => setComment(e.currentTarget.value)}
        />
      </div>
      {entries.map(([type, info]) => (
        <CommandForm
          key={type}
          twinId={props.twinId}
          type={type}
          info={info}
          comment={comment}
          records={props.records}
          points={props.points}
          refused={byRole ?? props.refused[type]}
          onSubmitted={props.onSubmitted}
        />
      ))}
    </div>
  );
}

interface Outcome {
  sending: boolean;
  record?: CommandRecord;
  error?: string;
}

function CommandForm(
  props: {
    twinId: string;
    type: string;
    info: CommandInfo;
    comment: string;
    records: readonly CommandRecord[];
    points: Readonly<Record<string, Point>>;
    refused: string | undefined;
    onSubmitted(record: CommandRecord | undefined): void;
  },
) {
  const fields = useMemo(() => formFields(props.info.args), [props.info]);
  // What the user picked overrides the twin's setting, which overrides the defaults.
  const [edited, setEdited] = useState<FormValues>({});
  const values: FormValues = {
    ...initialValues(fields),
    ...currentValues(props.type, fields, props.points, props.records),
    ...edited,
  };
  const [outcome, setOutcome] = useState<Outcome | undefined>();
  const id = (name: string) => `cmd-${props.type}-${name}`;
  // An accepted command settles later; the stream brings its final record.
  const record = outcome?.record &&
    (props.records.find((r) => r.id === outcome.record!.id) ?? outcome.record);

  const confirm = useConfirm();
  const send = async (args: Record<string, unknown>) => {
    setOutcome({ sending: true });
    const body = { type: props.type, args, comment: props.comment };
    const reply = await postJson<CommandRecord & { command?: CommandRecord }>(
      `/api/twins/${encodeURIComponent(props.twinId)}/commands`,
      body,
    );
    const rec = reply.ok ? reply.body : reply.body?.command;
    setOutcome({ sending: false, record: rec, error: rec ? undefined : reply.error });
    props.onSubmitted(rec);
  };
  const submit = (e: Event) => {
    e.preventDefault();
    const args = buildArgs(fields, values);
    const question = commandQuestion(props.twinId, props.type, args);
    if (question) confirm.ask(question, `Yes, ${title}`, () => void send(args));
    else void send(args);
  };

  const title = props.type.replaceAll("_", " ");
  const reasonId = `${id("reason")}`;
  const button = (label: string) => (
    <button
      type="submit"
      disabled={outcome?.sending || props.refused !== undefined}
      aria-describedby={props.refused ? reasonId : undefined}
      title={props.refused}
    >
      {label}
    </button>
  );
  const reason = props.refused && (
    <span class="refused-reason" id={reasonId} data-refused>{props.refused}</span>
  );
  if (fields.length === 0) {
    // A command without arguments is just a button with its meaning beside it.
    return (
      <form
        class="command command-inline"
        onSubmit={submit}
        aria-label={title}
        data-command={props.type}
      >
        <div class="command-actions">
          {button(title)}
          {reason ?? <span class="muted">{props.info.description}</span>}
          <CommandOutcome sending={outcome?.sending} record={record} error={outcome?.error} />
        </div>
        {confirm.dialog}
      </form>
    );
  }
  return (
    <form
      class="command"
      noValidate
      onSubmit={submit}
      aria-labelledby={id("title")}
      data-command={props.type}
    >
      <div class="command-head">
        <h4 id={id("title")}>{title}</h4>
        <p class="muted">{props.info.description}</p>
      </div>
      {fields.map((f) => (
        <FieldInput
          key={f.name}
          field={f}
          id={id(f.name)}
          value={values[f.name]}
          onChange={(v) => setEdited({ ...edited, [f.name]: v })}
        />
      ))}
      <div class="command-actions">
        {button("Send")}
        {reason}
        <CommandOutcome sending={outcome?.sending} record={record} error={outcome?.error} />
      </div>
      {confirm.dialog}
    </form>
  );
}

function CommandOutcome(props: { sending?: boolean; record?: CommandRecord; error?: string }) {
  if (props.sending) return <span class="outcome" role="status">sending…</span>;
  if (props.error) {
    return <span class="outcome outcome-error" role="alert">{props.error}</span>;
  }
  const r = props.record;
  if (!r) return <span class="outcome" role="status" />;
  if (r.status === "failed") {
    return (
      <span class="outcome outcome-failed" role="alert" data-status="failed">
        failed: {r.reason}
      </span>
    );
  }
  return (
    <span class={`outcome outcome-${r.status}`} role="status" data-status={r.status}>
      {r.status === "executed" ? "executed" : "accepted, waiting for the device…"}
    </span>
  );
}

function FieldInput(
  props: {
    field: FormField;
    id: string;
    value: string | boolean;
    onChange(v: string | boolean): void;
  },
) {
  const { field: f, id } = props;
  const hint = rangeHint(f);
  const label = (
    <label for={id}>
      {f.name.replaceAll("_", " ")}
      {!f.required && <span class="muted optional">(optional)</span>}
    </label>
  );
  const hintText = [
    hint,
    f.defaultValue !== undefined ? `default ${JSON.stringify(f.defaultValue)}` : "",
  ]
    .filter(Boolean).join("; ");
  const describedBy = hintText || f.description ? `${id}-hint` : undefined;
  let input;
  if (isCheckbox(f)) {
    return (
      <div class="field field-check">
        <input
          id={id}
          type="checkbox"
          checked={props.value === true}
          onChange={(e) => props.onChange(e.currentTarget.checked)}
        />
        {label}
      </div>
    );
  } else if (f.type === "enum" || f.type === "boolean") {
    const options = f.type === "boolean" ? [true, false] : f.options ?? [];
    input = (
      <select
        id={id}
        value={String(props.value)}
        aria-describedby={describedBy}
        onChange={(e) => props.onChange(e.currentTarget.value)}
      >
        {!f.required && (
          <option value="">{f.defaultValue !== undefined ? "(default)" : "(none)"}</option>
        )}
        {options.map((o) => (
          <option key={String(o)} value={String(o)}>
            {typeof o === "boolean" ? (o ? "yes" : "no") : String(o).replaceAll("_", " ")}
          </option>
        ))}
      </select>
    );
  } else if (f.type === "const") {
    input = <output id={id}>{String(f.options?.[0])}</output>;
  } else {
    const common = {
      id,
      required: f.required,
      "aria-describedby": describedBy,
      value: String(props.value),
      onInput: (e: Event) => props.onChange((e.currentTarget as HTMLInputElement).value),
    };
    input = f.type === "number" || f.type === "integer"
      ? (
        <input
          {...common}
          type="number"
          inputMode="decimal"
          step={f.type === "integer" ? 1 : "any"}
          min={f.min}
          max={f.max}
        />
      )
      : <input {...common} type="text" />;
  }
  return (
    <div class="field">
      {label}
      {input}
      {describedBy && (
        <span class="hint" id={`${id}-hint`}>
          {[f.description, hintText].filter(Boolean).join(" · ")}
        </span>
      )}
    </div>
  );
}
