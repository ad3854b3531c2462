/**
 * Operators' keyboard shortcuts: which key press asks for what, and the
 * list the help overlay shows. A shortcut never fires while the user types
 * (an input, a text area, a select, an editable element), while a dialog is
 * open (a confirmation or the help itself takes the keys then), with a
 * modifier held (the browser's own shortcuts stay the browser's), or when
 * something on the page has already handled the key. Space on a button or
 * a link is that element's own click, not the wall's pause.
 *
 * @module
 */

/** What a shortcut asks for. */
export type ShortcutAction = "help" | "alarms" | "pause" | "previous" | "next";

/** A shortcut as the help overlay lists it. */
export interface Shortcut {
  /** The keys, as printed on the keyboard. */
  keys: string[];
  /** What it does, in words. */
  does: string;
  /** Where it works. */
  where: "every page" | "wall display";
}

/** Every shortcut, in the order the help lists them. */
export const SHORTCUTS: readonly Shortcut[] = [
  { keys: ["?"], does: "show or hide this list of shortcuts", where: "every page" },
  { keys: ["a"], does: "open the alarm centre", where: "every page" },
  { keys: ["Esc"], does: "close this list or a question", where: "every page" },
  { keys: ["Space"], does: "pause or resume the cycling through groups", where: "wall display" },
  { keys: ["←", "→"], does: "previous or next group", where: "wall display" },
];

/** The parts of a `KeyboardEvent` the decision needs. */
export interface KeyPress {
  /** `KeyboardEvent.key`. */
  key: string;
  /** Modifiers held. */
  ctrlKey: boolean;
  /** Modifiers held. */
  metaKey: boolean;
  /** Modifiers held. */
  altKey: boolean;
  /** Something handled the key already. */
  defaultPrevented: boolean;
  /** An input method is composing text. */
  isComposing?: boolean;
  /** Where the key went. */
  target: EventTarget | null;
}

/** The parts of an element the decision reads (a DOM `Element` has them). */
interface ElementLike {
  tagName?: string;
  isContentEditable?: boolean;
  getAttribute?(name: string): string | null;
}

/** Elements whose Space is their own (a click), not a shortcut. */
const ACTIVATES = new Set(["BUTTON", "A", "SUMMARY"]);
/** Elements that take typed text or choices. */
const TYPES_INTO = new Set(["INPUT", "TEXTAREA", "SELECT"]);

/** Whether keys sent to `target` are text the user types (or a choice in a form control). */
export function isTypingTarget(target: EventTarget | null): boolean {
  const el = target as ElementLike | null;
  if (!el || typeof el.tagName !== "string") return false;
  return TYPES_INTO.has(el.tagName.toUpperCase()) || el.isContentEditable === true;
}

function activatesOnSpace(target: EventTarget | null): boolean {
  const el = target as ElementLike | null;
  if (!el || typeof el.tagName !== "string") return false;
  return ACTIVATES.has(el.tagName.toUpperCase()) ||
    ["button", "link", "checkbox", "switch", "tab"].includes(el.getAttribute?.("role") ?? "");
}

/**
 * What `press` asks for, or undefined when it is no shortcut here: `wall`
 * says the wall display is on screen (Space and the arrows are its own),
 * `dialogOpen` that a dialog has the keys.
 */
export function shortcutFor(
  press: KeyPress,
  where: { wall: boolean; dialogOpen: boolean },
): ShortcutAction | undefined {
  if (press.defaultPrevented || press.isComposing) return undefined;
  if (press.ctrlKey || press.metaKey || press.altKey) return undefined;
  if (where.dialogOpen || isTypingTarget(press.target)) return undefined;
  switch (press.key) {
    case "?":
      return "help";
    case "a":
    case "A":
      return "alarms";
    case " ":
    case "Spacebar":
      return where.wall && !activatesOnSpace(press.target) ? "pause" : undefined;
    case "ArrowLeft":
      return where.wall ? "previous" : undefined;
    case "ArrowRight":
      return where.wall ? "next" : undefined;
  }
  return undefined;
}

/** Whether a dialog is open in `doc` (a confirmation, the shortcut help). */
export function dialogOpen(doc: Pick<Document, "querySelector">): boolean {
  return doc.querySelector('dialog[open], [role="dialog"], [role="alertdialog"]') !== null;
}
