import assert from "node:assert/strict";
import { modeLabel, modeTone, TONE_ORDER } from "./mode_tone.ts";

Deno.test("the modes named in the brief get their agreed colours", () => {
  for (const m of ["running", "online", "producing"]) assert.equal(modeTone(m), "ok", m);
  for (const m of ["starting", "stale", "degraded"]) assert.equal(modeTone(m), "warn", m);
  for (const m of ["tripped", "fault", "offline", "overheated"]) {
    assert.equal(modeTone(m), "alarm", m);
  }
  for (const m of ["stopped", "shut_in"]) assert.equal(modeTone(m), "off", m);
  assert.equal(modeTone("maintenance"), "maint");
});

Deno.test("an unknown mode is judged by the words in it, else neutral", () => {
  assert.equal(modeTone("pump_tripped"), "alarm");
  assert.equal(modeTone("sensor_failure"), "alarm");
  assert.equal(modeTone("ramping_up"), "warn");
  assert.equal(modeTone("under_maintenance"), "maint");
  assert.equal(modeTone("Running_Remote"), "ok");
  assert.equal(modeTone("calibrating"), "neutral");
});

Deno.test("alarms sort before warnings, healthy and stopped last", () => {
  const modes = ["stopped", "running", "stale", "tripped", "calibrating", "maintenance"];
  modes.sort((a, b) => TONE_ORDER[modeTone(a)] - TONE_ORDER[modeTone(b)]);
  assert.deepEqual(modes, ["tripped", "stale", "maintenance", "running", "stopped", "calibrating"]);
});

Deno.test("mode labels read as words", () => {
  assert.equal(modeLabel("shut_in"), "shut in");
});
