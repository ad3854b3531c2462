/**
 * Alarm metrics on virtual time: floods, chattering, bad actors, standing
 * alarms and counts by priority, as JSON and Prometheus lines.
 */
import assert from "node:assert/strict";
import { AlarmEngine, type AlarmEventPayload } from "../actors/alarms/alarm_engine.ts";
import type { AlarmSpec } from "../actors/alarms/alarm_definition.ts";
import { alarmSettings, alarmSpec, FakeHost } from "./alarm_fixture.ts";

const limit = (twin: string, priority: AlarmSpec["priority"] = "medium") =>
  alarmSpec({
    twin,
    name: "x_h",
    priority,
    condition: { type: "limit", point: "x", level: "h", limit: 10, deadband: 0 },
  });

Deno.test("flood: 10 annunciations within 10 minutes start a flood, which ends when the rate falls", () => {
  const ids = Array.from({ length: 12 }, (_, i) => `t${i}`);
  const host = new FakeHost(ids);
  const e = new AlarmEngine(host, {
    settings: alarmSettings(),
    alarms: ids.map((id) => limit(id)),
  });
  const floods: number[] = [];
  e.onEvent((p: AlarmEventPayload) => {
    if (p.floodStarted) floods.push(p.entry.time);
  });
  e.start();
  // Nine alarms one minute apart: 9 in 10 minutes, no flood.
  for (let i = 0; i < 9; i++) {
    host.clock.advanceBy(60_000);
    host.set(ids[i], { x: 11 });
  }
  assert.equal(e.metrics().flood.active, false);
  assert.equal(e.metrics().annunciations.lastWindow, 9);
  host.clock.advanceBy(60_000);
  host.set(ids[9], { x: 11 }); // the 10th within 600 s (first at 60 s, this at 600 s)
  const m = e.metrics();
  assert.equal(m.flood.active, true);
  assert.equal(m.flood.since, 600_000);
  assert.deepEqual(floods, [600_000]);
  // The first annunciation (60 s) leaves the window at 660 s: the flood ends there.
  host.clock.advanceBy(61_000);
  const after = e.metrics();
  assert.equal(after.flood.active, false);
  assert.deepEqual(after.flood.episodes, [{ start: 600_000, end: 660_000, peak: 10 }]);
  assert.equal(after.annunciations.lastWindow, 9);
});

Deno.test("chattering: 3 annunciations within 60 s flag an alarm; the same over 3 minutes does not", () => {
  const host = new FakeHost(["fast", "slow"]);
  const e = new AlarmEngine(host, {
    settings: alarmSettings(),
    alarms: [limit("fast"), limit("slow")],
  });
  const started: string[] = [];
  e.onEvent((p) => p.chatterStarted && started.push(p.alarm.id));
  e.start();
  for (let k = 0; k < 3; k++) {
    host.set("slow", { x: 11 }); // an annunciation every 65 s
    host.clock.advanceBy(10_000);
    host.set("slow", { x: 9 });
    host.clock.advanceBy(55_000);
  }
  for (let k = 0; k < 3; k++) {
    host.set("fast", { x: 11 }); // an annunciation every 25 s
    if (k === 2) break;
    host.clock.advanceBy(10_000);
    host.set("fast", { x: 9 });
    host.clock.advanceBy(15_000);
  }
  assert.deepEqual(started, ["fast/x_h"]);
  const m = e.metrics();
  assert.deepEqual(m.chattering.map((c) => c.alarm), ["fast/x_h"]);
  assert.equal(m.chattering[0].episodes, 1);
  assert.equal(e.get("fast/x_h")!.chattering, true);
  assert.equal(e.get("slow/x_h")!.chattering, false);
  host.clock.advanceBy(61_000);
  assert.equal(e.metrics().chattering.length, 0, "quiet for a minute: no longer chattering");
});

Deno.test("bad actors, standing alarms and counts by priority", () => {
  const host = new FakeHost(["a", "b", "c"]);
  const e = new AlarmEngine(host, {
    settings: alarmSettings({ standing_after_s: 3600, bad_actors: 2 }),
    alarms: [limit("a", "critical"), limit("b", "high"), limit("c", "low")],
  });
  e.start();
  for (let k = 0; k < 5; k++) {
    host.clock.advanceBy(120_000);
    host.set("a", { x: 11 });
    host.clock.advanceBy(120_000);
    host.set("a", { x: 0 });
    if (k < 2) {
      host.set("b", { x: 11 });
      host.clock.advanceBy(1_000);
      host.set("b", { x: 0 });
    }
  }
  host.set("c", { x: 50 });
  const since = host.clock.now();
  e.act("a/x_h", "ack", { user: "ann", comment: "" });
  host.clock.advanceBy(3_600_000);
  const m = e.metrics();
  assert.deepEqual(m.badActors.map((b) => [b.alarm, b.annunciations]), [["a/x_h", 5], [
    "b/x_h",
    2,
  ]]);
  assert.equal(m.badActors[0].share, Number((5 / 8).toFixed(4)));
  assert.equal(m.annunciations.total, 8);
  assert.deepEqual(m.standing.map((s) => [s.alarm, s.activeSince, s.durationS]), [[
    "c/x_h",
    since,
    3600,
  ]]);
  assert.equal(m.active.total, 1);
  assert.equal(m.active.byPriority.low, 1);
  assert.equal(m.unacknowledged.byPriority.high, 1, "b returned to normal unacknowledged");
  assert.equal(m.unacknowledged.byPriority.low, 1);
  assert.equal(m.byState.returned_unacknowledged, 1);
  assert.equal(m.byState.normal, 1);
  const text = e.prometheus();
  assert.match(text, /^fieldtwin_alarms_active\{priority="low"\} 1$/m);
  assert.match(text, /^fieldtwin_alarm_annunciations_total 8$/m);
  assert.match(text, /^fieldtwin_alarms_standing 1$/m);
  assert.match(text, /^fieldtwin_alarms_state\{state="returned_unacknowledged"\} 1$/m);
});
