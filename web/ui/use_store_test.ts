import assert from "node:assert/strict";
import type { TwinView } from "./api_types.ts";
import { AlarmStore } from "./alarm_store.ts";
import { LiveStore } from "./live_store.ts";
import { frameOrTimeout, subscribeByFrame } from "./use_store.ts";
import { FakeStreamSource } from "./fake_stream_source.ts";

const site = (id: string, value: number, ts: number): TwinView => ({
  id,
  name: id,
  kind: "cooling_site",
  mode: "running",
  running: true,
  source: "simulator",
  version: ts,
  points: { supply_temp: { value, unit: "degC", quality: "good", ts } },
});

/** Frames run only when the test says a frame passed. */
function frames() {
  const queue: (() => void)[] = [];
  return {
    schedule: (fn: () => void) => {
      queue.push(fn);
      return () => queue.splice(queue.indexOf(fn) >>> 0, 1);
    },
    paint() {
      for (const fn of queue.splice(0)) fn();
    },
    get waiting() {
      return queue.length;
    },
  };
}

Deno.test("a burst of stream messages re-renders a view once a frame, with the last state", () => {
  let source!: FakeStreamSource;
  const store = new LiveStore({ open: () => (source = new FakeStreamSource()) });
  const alarms = new AlarmStore(store, {
    fetcher: () => Promise.resolve(new Response("{}", { status: 503 })),
    every: () => () => {},
    later: () => () => {},
  });
  store.start();
  const frame = frames();
  // Stand-ins for two components: one reading the live store (the fleet), one the
  // alarm store only (the banner), each rendered by its own by-frame subscription.
  let fleetRenders = 0, bannerRenders = 0, every = 0;
  let shown = NaN;
  subscribeByFrame(store, () => {
    fleetRenders++;
    shown = store.get("site-1")!.points.supply_temp.value as number;
  }, frame.schedule);
  subscribeByFrame(alarms, () => bannerRenders++, frame.schedule);
  store.subscribe(() => every++); // a trend that needs every sample still hears each one

  source.emit("snapshot", [site("site-1", 40, 1000), site("site-2", 41, 1000)]);
  for (let i = 1; i <= 50; i++) {
    source.emit("twins", [site("site-1", 40 + i / 10, 1000 + i)]);
    source.emit("clock", { now: 1000 + i });
  }
  assert.equal(fleetRenders, 0, "nothing renders before the frame");
  assert.ok(every >= 101, `every change is still heard (${every})`);
  frame.paint();
  assert.equal(fleetRenders, 1, "101 changes, one render");
  assert.equal(shown, 45, "the render shows the last value");
  assert.equal(bannerRenders, 0, "the alarm view has nothing to render for twin values");

  // The next frame with nothing new renders nothing.
  frame.paint();
  assert.equal(fleetRenders, 1);
  source.emit("twins", [site("site-2", 42, 2000)]);
  frame.paint();
  assert.equal(fleetRenders, 2);
  store.stop();
});

Deno.test("unsubscribing drops a render still waiting for its frame", () => {
  let source!: FakeStreamSource;
  const store = new LiveStore({ open: () => (source = new FakeStreamSource()) });
  store.start();
  const frame = frames();
  let renders = 0;
  const off = subscribeByFrame(store, () => renders++, frame.schedule);
  source.emit("snapshot", [site("site-1", 40, 1000)]);
  assert.equal(frame.waiting, 1);
  off();
  assert.equal(frame.waiting, 0);
  frame.paint();
  assert.equal(renders, 0);
  store.stop();
});

Deno.test("a frame that never comes (a hidden tab) is stood in for by the timer, once", () => {
  const frames: (() => void)[] = [], timers: (() => void)[] = [];
  let cancelled = 0;
  const schedule = frameOrTimeout({
    raf: (fn) => {
      frames.push(fn);
      return () => cancelled++;
    },
    timeout: (fn) => {
      timers.push(fn);
      return () => cancelled++;
    },
  });
  let runs = 0;
  schedule(() => runs++);
  timers[0](); // hidden: no frame, the timer fires
  assert.equal(runs, 1);
  frames[0](); // the frame when the tab shows again does not run it twice
  assert.equal(runs, 1);
  schedule(() => runs++);
  frames[1](); // visible: the frame runs it and the timer is cancelled
  assert.equal(runs, 2);
  timers[1]();
  assert.equal(runs, 2);
  const cancel = schedule(() => runs++);
  cancel();
  frames[2]();
  timers[2]();
  assert.equal(runs, 2, "cancelled before either");
});
