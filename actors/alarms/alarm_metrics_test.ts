import assert from "node:assert/strict";
import { AlarmMetrics } from "./alarm_metrics.ts";

const settings = {
  floodCount: 4,
  floodWindowMs: 600_000,
  chatterCount: 3,
  chatterWindowMs: 60_000,
  standingAfterMs: 3600_000,
  badActors: 5,
};

Deno.test("metrics resumed from their state go on as the metrics they were taken of", () => {
  const t0 = 1_767_225_600_000;
  const original = new AlarmMetrics(settings, t0);
  // A flood under way and one alarm two annunciations short of... one short of chattering.
  const before: [string, number][] = [["a", 10], ["b", 700], ["a", 710], ["c", 720], ["b", 730]];
  for (const [alarm, s] of before) original.annunciated(alarm, t0 + s * 1000);
  const taken = original.report(t0 + 740_000, []);
  assert.equal(taken.flood.active, true, "a flood is under way at the fork");
  assert.equal(original.chattering("a", t0 + 740_000), false);

  const state = JSON.parse(JSON.stringify(original.state(t0 + 740_000)));
  // Only what can still count is carried: the annunciation at 10 s left the window.
  assert.equal(state.window.length, 4);
  const resumed = new AlarmMetrics(settings, t0 + 740_000);
  resumed.resume(state);
  assert.deepEqual(resumed.report(t0 + 740_000, []), taken);

  const after: [string, number][] = [["a", 750], ["a", 760], ["d", 770], ["a", 2000]];
  const outcomes = after.map(([alarm, s]) => {
    const time = t0 + s * 1000;
    const outcome = resumed.annunciated(alarm, time);
    assert.deepEqual(outcome, original.annunciated(alarm, time), `${alarm} at ${s} s`);
    assert.deepEqual(resumed.report(time, []), original.report(time, []), `report at ${s} s`);
    return outcome;
  });
  // "a" starts chattering at 760 s, counting its 710 s annunciation from before the fork, and
  // the flood that started before the fork is not a new one.
  assert.deepEqual(outcomes[1], { chatterStarted: true, floodStarted: false });
  assert.equal(resumed.report(t0 + 2000_000, []).flood.episodes.length, 1);
  assert.equal(resumed.count("a"), 5);
});
