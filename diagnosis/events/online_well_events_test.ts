import assert from "node:assert/strict";
import { generatedWellSignals } from "./generated_well_recording.ts";
import { OnlineWellEvents } from "./online_well_events.ts";
import type { W3Signals } from "./w3_parquet.ts";
import { classifyWellEvent, DEFAULT_WELL_EVENT_RULES } from "./well_event_rules.ts";

/** The detector's class after every sample of `signals`. */
function online(signals: W3Signals, detector = new OnlineWellEvents()): (number | undefined)[] {
  const names = Object.keys(signals) as (keyof W3Signals)[];
  const n = signals[names[0]]!.length;
  const out: (number | undefined)[] = [];
  for (let i = 0; i < n; i++) {
    out.push(detector.push(Object.fromEntries(names.map((s) => [s, signals[s]![i]]))));
  }
  return out;
}

const ONSET = 10_800;

Deno.test("online events: slugging is named only after its onset, and the end agrees with eval-3w", () => {
  const s = generatedWellSignals({ seconds: 18_000, onset: ONSET, event: 3 });
  const c = online(s);
  // Nothing before the first 2-hour window, then normal until the slugging starts.
  assert.equal(c[DEFAULT_WELL_EVENT_RULES.windowSamples - 2], undefined);
  assert.equal(c[DEFAULT_WELL_EVENT_RULES.windowSamples - 1], 0);
  const first = c.indexOf(3);
  assert.ok(first > ONSET, `slugging named at ${first}, onset ${ONSET}`);
  assert.ok(first < ONSET + 3_600, `named within the hour (at ${first - ONSET} s)`);
  assert.ok(c.slice(first).every((v) => v === 3));
  assert.equal(c.at(-1), classifyWellEvent(s).predicted);
});

Deno.test("online events: a hydrate is named after its onset and agrees with eval-3w", () => {
  const s = generatedWellSignals({ seconds: 18_000, onset: ONSET, event: 9 });
  const c = online(s);
  const first = c.indexOf(9);
  assert.ok(first > ONSET && first < ONSET + 3_600, `hydrate named at ${first}`);
  assert.ok(!c.slice(0, first).some((v) => v === 3 || v === 4));
  assert.equal(c.at(-1), 9);
  assert.equal(classifyWellEvent(s).predicted, 9);
});

Deno.test("online events: no look-ahead: what comes after a sample never changes its class", () => {
  const quiet = generatedWellSignals({ seconds: 14_400, onset: ONSET, event: 0 });
  const slug = generatedWellSignals({ seconds: 14_400, onset: ONSET, event: 3 });
  const a = online(quiet), b = online(slug);
  // Same past up to the onset (same seed): same answers up to it, whatever follows.
  assert.deepEqual(a.slice(0, ONSET), b.slice(0, ONSET));
  assert.ok(a.every((v) => v === undefined || v === 0));
  assert.ok(b.includes(3));
});

Deno.test("online events: an event that ended ages out of the horizon", () => {
  const s = generatedWellSignals({ seconds: 36_000, onset: 7_200, end: 14_400, event: 3 });
  const c = online(s, new OnlineWellEvents(DEFAULT_WELL_EVENT_RULES, 14_400));
  assert.ok(c.includes(3));
  const back = c.lastIndexOf(3) + 1;
  assert.ok(back > 14_400 && back <= 14_400 + 14_400 + 7_200, `normal again at ${back}`);
  assert.ok(c.slice(back).every((v) => v === 0));
});

Deno.test("online events: a horizon shorter than a window is refused", () => {
  assert.throws(
    () => new OnlineWellEvents(DEFAULT_WELL_EVENT_RULES, 3_600),
    /shorter than one window/,
  );
});

Deno.test("online events: restored from its JSON state mid-recording, it continues alike", () => {
  const s = generatedWellSignals({ seconds: 14_400, onset: 9_000, event: 3 });
  const names = Object.keys(s) as (keyof W3Signals)[];
  const sample = (i: number) => Object.fromEntries(names.map((n) => [n, s[n]![i]]));
  const a = new OnlineWellEvents();
  for (let i = 0; i < 8_000; i++) a.push(sample(i));
  assert.equal(a.current, 0);
  const b = new OnlineWellEvents(), fresh = new OnlineWellEvents();
  b.restore(JSON.parse(JSON.stringify(a.snapshot())), "wells.w1.detector");
  assert.equal(b.samples, 8_000);
  const ca: unknown[] = [], cb: unknown[] = [], cf: unknown[] = [];
  for (let i = 8_000; i < 14_400; i++) {
    ca.push(a.push(sample(i)));
    cb.push(b.push(sample(i)));
    cf.push(fresh.push(sample(i)));
  }
  assert.deepEqual(cb, ca);
  assert.ok(ca.includes(3), "the slugging is named");
  assert.ok(!cf.includes(3), "a detector warming up afresh has not named it yet");
  assert.throws(
    () => new OnlineWellEvents().restore({ ...a.snapshot(), rings: [[1]] }, "w"),
    /w\.rings: expected 3 rings, got 1/,
  );
  const wrongLength = a.snapshot();
  wrongLength.rings[1] = [1, 2];
  assert.throws(
    () => new OnlineWellEvents().restore(wrongLength, "w"),
    /w\.rings\[1\]: expected 7200 numbers, got 2/,
  );
});
