import assert from "node:assert/strict";
import type { AlarmView } from "./api_types.ts";
import { AlarmSound, SOUND_KEY } from "./alarm_sound.ts";

function prefs() {
  const m = new Map<string, string>();
  return {
    m,
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => m.set(k, v),
  };
}
const alarm = (id: string, priority: string, state: string, activeSince = 1000) => ({
  alarm: { id, priority, state, activeSince, since: activeSince } as unknown as AlarmView,
});

Deno.test("alarm sound: off by default; on, it sounds once per new critical/high activation", () => {
  const p = prefs();
  let tones = 0, stops = 0;
  const timers: (() => void)[] = [];
  const s = new AlarmSound(p, () => (tones++, () => stops++), (fn) => timers.push(fn));
  assert.equal(s.enabled, false);
  assert.equal(s.hear(alarm("a", "critical", "unacknowledged")), false, "off: quiet");
  s.setEnabled(true);
  assert.equal(p.m.get(SOUND_KEY), "on");
  assert.equal(new AlarmSound(p, () => () => {}).enabled, true, "remembered");
  assert.equal(s.hear(alarm("a", "critical", "unacknowledged")), false, "heard while off");
  assert.equal(s.hear(alarm("b", "medium", "unacknowledged")), false, "medium stays quiet");
  assert.equal(s.hear(alarm("c", "high", "acknowledged")), false, "acknowledged stays quiet");
  assert.equal(s.hear(alarm("c", "high", "unacknowledged")), true);
  assert.equal(s.sounding, true);
  assert.equal(s.hear(alarm("c", "high", "unacknowledged")), false, "never twice");
  s.silence();
  assert.equal(s.sounding, false);
  assert.equal(stops, 1);
  assert.equal(s.hear(alarm("c", "high", "unacknowledged", 5000)), true, "a new activation");
  timers.at(-1)!();
  assert.equal(s.sounding, false, "the tone ends by itself");
  s.know([alarm("d", "critical", "unacknowledged").alarm]);
  assert.equal(s.hear(alarm("d", "critical", "unacknowledged")), false, "standing at load");
  assert.equal(tones, 2);
});
