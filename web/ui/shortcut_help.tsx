/**
 * The app's keyboard shortcuts on every page (`?` for the help, `a` for the
 * alarm centre) and the help overlay listing them all; the wall display
 * handles its own (Space, arrows) with the same rules (keyboard_shortcuts.ts).
 *
 * @module
 */
import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import type { VNode } from "preact";
import { dialogOpen, shortcutFor, SHORTCUTS } from "./keyboard_shortcuts.ts";
import { navigate } from "./route.ts";

/**
 * Listen for the page-wide shortcuts while mounted; returns the help
 * overlay while it is open (render it anywhere), else null. `wall` says the
 * wall display is on screen, whose own keys the overlay lists too.
 */
export function useAppShortcuts(wall: boolean): VNode | null {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const action = shortcutFor(e, { wall, dialogOpen: dialogOpen(document) });
      if (action === "help") {
        e.preventDefault();
        setOpen(true);
      } else if (action === "alarms") {
        e.preventDefault();
        if (location.pathname !== "/alarms") navigate("/alarms");
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [wall]);
  return open ? <ShortcutHelp onClose={() => setOpen(false)} /> : null;
}

/** The help overlay: every shortcut and where it works; Esc, `?` or Close shut it. */
function ShortcutHelp(props: { onClose(): void }) {
  const close = useRef<HTMLButtonElement>(null);
  // Focus in before it shows, so Esc typed at once closes it; and back where it was after.
  useLayoutEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    close.current?.focus();
    return () => opener?.focus();
  }, []);
  return (
    <div class="shortcut-backdrop" onClick={props.onClose}>
      <div
        class="shortcut-help"
        role="dialog"
        aria-modal="true"
        aria-labelledby="shortcut-help-title"
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          if (e.key === "Escape" || e.key === "?") {
            e.preventDefault();
            props.onClose();
          } else if (e.key === "Tab") {
            // One control inside: the focus stays on it while the dialog is open.
            e.preventDefault();
          }
        }}
      >
        <h2 id="shortcut-help-title">Keyboard shortcuts</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">Keys</th>
              <th scope="col">Does</th>
              <th scope="col">Where</th>
            </tr>
          </thead>
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.keys.join()}>
                <td>{s.keys.map((k) => <kbd key={k}>{k}</kbd>)}</td>
                <td>{s.does}</td>
                <td>{s.where}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p class="muted">
          Not while typing in a field or while a question is open.
        </p>
        <button type="button" ref={close} onClick={props.onClose}>Close</button>
      </div>
    </div>
  );
}
