/**
 * Stop and start a top-level twin (with its children) in the runtime. The
 * server's answer to a refused request is shown beside the button. Stopping
 * always asks for confirmation in the page first.
 *
 * @module
 */
import { useState } from "preact/hooks";
import { postJson } from "./api_client.ts";
import { useConfirm } from "./confirm_dialog.tsx";
import { stopTwinQuestion } from "./control_confirmation.ts";

/** Stop/start buttons for a twin that has no parent. */
export function LifecycleControls(props: { id: string; running: boolean }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const confirm = useConfirm();
  const act = async (action: "stop" | "start") => {
    setBusy(true);
    setError(undefined);
    const r = await postJson(`/api/twins/${encodeURIComponent(props.id)}/${action}`);
    setBusy(false);
    if (!r.ok) setError(r.error);
  };
  return (
    <div class="lifecycle">
      {props.running
        ? (
          <button
            type="button"
            class="danger"
            disabled={busy}
            onClick={() =>
              confirm.ask(stopTwinQuestion(props.id), "Yes, stop twin", () => void act("stop"))}
          >
            Stop twin
          </button>
        )
        : (
          <button type="button" disabled={busy} onClick={() => act("start")}>
            Start twin
          </button>
        )}
      <span class="muted">
        {props.running
          ? "Stops its actor and simulator (and its children)."
          : "Starts it with fresh state."}
      </span>
      {error && <span class="outcome outcome-error" role="alert">{error}</span>}
      {confirm.dialog}
    </div>
  );
}
