import assert from "node:assert/strict";
import { dialogOpen, type KeyPress, shortcutFor, SHORTCUTS } from "./keyboard_shortcuts.ts";

const el = (tagName: string, attrs: Record<string, string> = {}, editable = false) =>
  ({
    tagName,
    isContentEditable: editable,
    getAttribute: (n: string) => attrs[n] ?? null,
  }) as unknown as EventTarget;

const press = (key: string, more: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  defaultPrevented: false,
  target: el("BODY"),
  ...more,
});

const page = { wall: false, dialogOpen: false };
const wall = { wall: true, dialogOpen: false };

Deno.test("shortcuts: ? and a everywhere, Space and arrows on the wall only", () => {
  assert.equal(shortcutFor(press("?"), page), "help");
  assert.equal(shortcutFor(press("a"), page), "alarms");
  assert.equal(shortcutFor(press("a"), wall), "alarms");
  assert.equal(shortcutFor(press(" "), page), undefined);
  assert.equal(shortcutFor(press("ArrowLeft"), page), undefined);
  assert.equal(shortcutFor(press(" "), wall), "pause");
  assert.equal(shortcutFor(press("ArrowLeft"), wall), "previous");
  assert.equal(shortcutFor(press("ArrowRight"), wall), "next");
  assert.equal(shortcutFor(press("b"), wall), undefined);
});

Deno.test("shortcuts: never while typing, in a dialog, with a modifier or once handled", () => {
  for (const tag of ["INPUT", "TEXTAREA", "SELECT"]) {
    assert.equal(shortcutFor(press("a", { target: el(tag) }), page), undefined, tag);
    assert.equal(shortcutFor(press(" ", { target: el(tag) }), wall), undefined, tag);
    assert.equal(shortcutFor(press("ArrowRight", { target: el(tag) }), wall), undefined, tag);
  }
  assert.equal(shortcutFor(press("?", { target: el("DIV", {}, true) }), page), undefined);
  assert.equal(shortcutFor(press("a"), { wall: false, dialogOpen: true }), undefined);
  assert.equal(shortcutFor(press(" "), { wall: true, dialogOpen: true }), undefined);
  assert.equal(shortcutFor(press("a", { ctrlKey: true }), page), undefined);
  assert.equal(shortcutFor(press("a", { metaKey: true }), page), undefined);
  assert.equal(shortcutFor(press("ArrowLeft", { altKey: true }), wall), undefined);
  assert.equal(shortcutFor(press("a", { defaultPrevented: true }), page), undefined);
  assert.equal(shortcutFor(press("a", { isComposing: true }), page), undefined);
});

Deno.test("shortcuts: Space on a button or link is its click, arrows still step", () => {
  assert.equal(shortcutFor(press(" ", { target: el("BUTTON") }), wall), undefined);
  assert.equal(shortcutFor(press(" ", { target: el("A") }), wall), undefined);
  assert.equal(shortcutFor(press(" ", { target: el("DIV", { role: "button" }) }), wall), undefined);
  assert.equal(shortcutFor(press("ArrowRight", { target: el("BUTTON") }), wall), "next");
  assert.equal(shortcutFor(press(" ", { target: el("UL") }), wall), "pause");
});

Deno.test("shortcuts: an open dialog is found by its role or element", () => {
  const doc = (hit: string | null) =>
    ({
      querySelector: (sel: string) => (hit && sel.includes(hit) ? {} : null),
    }) as unknown as Pick<Document, "querySelector">;
  assert.equal(dialogOpen(doc(null)), false);
  assert.equal(dialogOpen(doc('role="alertdialog"')), true);
  assert.equal(dialogOpen(doc("dialog[open]")), true);
  // Every action the decision can give is in the help.
  assert.ok(SHORTCUTS.some((s) => s.keys.includes("?")));
  assert.ok(SHORTCUTS.some((s) => s.keys.includes("Space") && s.where === "wall display"));
});
