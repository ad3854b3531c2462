/**
 * An in-page confirmation for controls: the question, a Confirm and a Cancel
 * button. It takes the focus when it opens (on Cancel, so a stray Enter
 * does nothing harmful), Escape cancels, and the focus goes back to the
 * button that asked when it closes. Not `window.confirm`, which keyboard
 * users cannot style or read well and browser tests cannot see.
 *
 * @module
 */
import type { ComponentChildren } from "preact";
import { useId, useLayoutEffect, useRef, useState } from "preact/hooks";

interface Pending {
  question: string;
  confirmLabel: string;
  run(): void;
  opener: HTMLElement | null;
}

/** What {@linkcode useConfirm} gives a component. */
export interface Confirm {
  /** Ask `question`; `run` only after Confirm. */
  ask(question: string, confirmLabel: string, run: () => void): void;
  /** The dialog to render where it should appear (null while nothing is asked). */
  dialog: ComponentChildren;
}

/** A confirmation owned by one component. */
export function useConfirm(): Confirm {
  const [pending, setPending] = useState<Pending | undefined>();
  const close = (confirmed: boolean) => {
    const p = pending;
    setPending(undefined);
    if (!p) return;
    // Back to the button that asked (if it is still there), then act.
    if (p.opener?.isConnected) p.opener.focus();
    if (confirmed) p.run();
  };
  return {
    ask(question, confirmLabel, run) {
      const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      setPending({ question, confirmLabel, run, opener });
    },
    dialog: pending && (
      <ConfirmDialog
        question={pending.question}
        confirmLabel={pending.confirmLabel}
        onClose={close}
      />
    ),
  };
}

function ConfirmDialog(
  props: { question: string; confirmLabel: string; onClose(confirmed: boolean): void },
) {
  const id = useId();
  const cancel = useRef<HTMLButtonElement>(null);
  // Layout effect, not effect: the focus must be inside the dialog by the time it is on screen,
  // or an Escape typed right away goes to the button that asked and cancels nothing.
  useLayoutEffect(() => cancel.current?.focus(), []);
  return (
    <div
      class="confirm-dialog"
      role="alertdialog"
      aria-labelledby={`${id}-q`}
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.preventDefault();
          props.onClose(false);
        }
      }}
    >
      <p id={`${id}-q`} class="confirm-question">{props.question}</p>
      <div class="command-actions">
        <button type="button" class="danger" data-confirm="yes" onClick={() => props.onClose(true)}>
          {props.confirmLabel}
        </button>
        <button
          type="button"
          ref={cancel}
          data-confirm="no"
          onClick={() => props.onClose(false)}
        >
          Cancel
        </button>
      </div>
    </div>
  );
}
