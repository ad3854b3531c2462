import assert from "node:assert/strict";
import type { AlarmEventPayload, CommandRecord, TwinView } from "./api_types.ts";
import { LiveStore } from "./live_store.ts";
import { FakeStreamSource } from "./fake_stream_source.ts";

function view(id: string, mode: string, value: number, ts: number, version = 1): TwinView {
  return {
    id,
    name: id,
    kind: "rtu",
    mode,
    running: true,
    source: "simulator",
    version,
    points: { data_age: { value, unit: "s", quality: "good", ts } },
  };
}

function setup() {
  const sources: FakeStreamSource[] = [];
  const timers: (() => void)[] = [];
  const store = new LiveStore({
    open: () => {
      const s = new FakeStreamSource(0);
      sources.push(s);
      return s;
    },
    schedule: (fn) => timers.push(fn),
  });
  store.start();
  return { store, sources, timers };
}

Deno.test("a snapshot replaces all twins and marks the stream live", () => {
  const { store, sources } = setup();
  assert.equal(store.connection, "connecting");
  sources[0].emit("snapshot", [view("a", "online", 1, 1000), view("b", "online", 2, 2000)]);
  sources[0].emit("snapshot", [view("b", "stale", 3, 3000)]);
  assert.deepEqual([...store.twins.keys()], ["b"]);
  assert.equal(store.get("b")?.mode, "stale");
  assert.equal(store.connection, "live");
  assert.equal(store.latestTs, 3000);
});

Deno.test("a twins frame merges by id and keeps the others and their order", () => {
  const { store, sources } = setup();
  sources[0].emit("snapshot", [view("a", "online", 1, 1000), view("b", "online", 2, 1000)]);
  sources[0].emit("twins", [view("a", "offline", 9, 2000, 2)]);
  assert.deepEqual([...store.twins.keys()], ["a", "b"]);
  assert.equal(store.get("a")?.points.data_age.value, 9);
  assert.equal(store.get("a")?.mode, "offline");
  assert.equal(store.get("b")?.points.data_age.value, 2);
  assert.equal(store.latestTs, 2000);
});

Deno.test("every change bumps the revision once and notifies subscribers", () => {
  const { store, sources } = setup();
  let calls = 0;
  const off = store.subscribe(() => calls++);
  sources[0].emit("snapshot", [view("a", "online", 1, 1000)]); // snapshot + live
  const afterSnapshot = store.revision;
  sources[0].emit("twins", [view("a", "online", 2, 2000)]);
  assert.equal(store.revision, afterSnapshot + 1);
  assert.equal(calls, store.revision);
  off();
  sources[0].emit("twins", [view("a", "online", 3, 3000)]);
  assert.equal(calls, afterSnapshot + 1);
});

Deno.test("command frames reach command watchers only", () => {
  const { store, sources } = setup();
  const seen: CommandRecord[] = [];
  store.onCommand((r) => seen.push(r));
  const before = store.revision;
  sources[0].emit("command", { id: "cmd-1", twin: "a", type: "stop", status: "executed" });
  assert.equal(seen.length, 1);
  assert.equal(seen[0].status, "executed");
  assert.equal(store.revision, before);
});

Deno.test("an error shows reconnecting; the next snapshot makes it live again", () => {
  const { store, sources } = setup();
  sources[0].emit("snapshot", [view("a", "online", 1, 1000)]);
  sources[0].readyState = 0; // the browser is retrying by itself
  sources[0].onerror!(new Event("error"));
  assert.equal(store.connection, "reconnecting");
  assert.equal(sources.length, 1, "no second stream while the browser retries");
  sources[0].emit("snapshot", [view("a", "online", 5, 9000)]);
  assert.equal(store.connection, "live");
  assert.equal(store.get("a")?.points.data_age.value, 5);
});

Deno.test("a stream the browser closed is reopened after the retry delay", () => {
  const { store, sources, timers } = setup();
  sources[0].readyState = 2;
  sources[0].onerror!(new Event("error"));
  assert.equal(store.connection, "reconnecting");
  assert.equal(sources[0].closed, true);
  assert.equal(timers.length, 1);
  timers[0]();
  assert.equal(sources.length, 2);
  sources[1].emit("snapshot", []);
  assert.equal(store.connection, "live");
});

Deno.test("a frame that is not JSON is ignored without losing state", () => {
  const { store, sources } = setup();
  sources[0].emit("snapshot", [view("a", "online", 1, 1000)]);
  const orig = console.warn;
  console.warn = () => {};
  try {
    sources[0].emit("twins", "{not json");
  } finally {
    console.warn = orig;
  }
  assert.equal(store.get("a")?.points.data_age.value, 1);
});

Deno.test("after stop, no stream is reopened", () => {
  const { store, sources, timers } = setup();
  store.stop();
  assert.equal(sources[0].closed, true);
  sources[0].onerror!(new Event("error"));
  for (const t of timers) t();
  assert.equal(sources.length, 1);
});

Deno.test("alarm frames reach alarm watchers; every snapshot (each reconnect) is announced", () => {
  const { store, sources } = setup();
  const alarms: AlarmEventPayload[] = [];
  let snapshots = 0;
  store.onAlarm((p) => alarms.push(p));
  const off = store.onSnapshot(() => snapshots++);
  const payload = {
    alarm: { id: "a/comm", state: "unacknowledged" },
    entry: { seq: 7, action: "activate" },
  };
  sources[0].emit("alarm", payload);
  assert.deepEqual(alarms, [payload]);
  sources[0].emit("snapshot", [view("a", "online", 1, 1000)]);
  sources[0].emit("snapshot", [view("a", "online", 1, 2000)]);
  assert.equal(snapshots, 2);
  assert.equal(store.connection, "live", "the store is live before watchers reseed");
  off();
  sources[0].emit("snapshot", []);
  assert.equal(snapshots, 2);
});

Deno.test("a clock frame sets the runtime clock values age against, and re-renders", () => {
  const { store, sources } = setup();
  let heard = 0;
  store.subscribe(() => heard++);
  assert.equal(store.clockNow, 0);
  sources[0].emit("clock", { now: 1_700_000_000_000 });
  assert.equal(store.clockNow, 1_700_000_000_000);
  assert.equal(heard, 1);
  sources[0].emit("clock", { now: "soon" });
  assert.equal(store.clockNow, 1_700_000_000_000);
});

Deno.test("a resync is counted and announced; the alarm list after a snapshot reaches its watchers", () => {
  const { store, sources } = setup();
  const lists: unknown[] = [];
  let resyncs = 0;
  store.onAlarmSnapshot((l) => lists.push(l));
  store.onResync(() => resyncs++);
  sources[0].emit("snapshot", [view("a", "online", 1, 1000)]);
  sources[0].emit("alarms", [{ id: "a/comm", state: "unacknowledged" }]);
  const revision = store.revision;
  sources[0].emit("resync", { reason: "overflow", dropped: 412 });
  assert.deepEqual([store.resyncs, resyncs], [1, 1]);
  assert.ok(store.revision > revision, "views hear of the resync");
  sources[0].emit("snapshot", [view("a", "stale", 2, 2000)]);
  sources[0].emit("alarms", []);
  assert.deepEqual(lists, [[{ id: "a/comm", state: "unacknowledged" }], []]);
  assert.equal(store.get("a")?.mode, "stale");
  sources[0].emit("alarms", { not: "a list" });
  assert.equal(lists.length, 2, "an alarm list that is not an array is ignored");
});

Deno.test("station_plan frames reach plan watchers, and stop after unsubscribing", () => {
  const { store, sources } = setup();
  const got: unknown[] = [];
  const off = store.onStationPlan((p) => got.push(p));
  const plan = { twin: "ps1", job: "j1", status: "done", planned_at: 1 };
  sources[0].emit("station_plan", plan);
  assert.deepEqual(got, [plan]);
  off();
  sources[0].emit("station_plan", { ...plan, job: "j2" });
  assert.equal(got.length, 1);
});

Deno.test("a scope narrows the stream to some twins with every alarm, and reopens it on change", () => {
  const urls: string[] = [];
  const sources: FakeStreamSource[] = [];
  const store = new LiveStore({
    open: (url) => {
      urls.push(url);
      const s = new FakeStreamSource(0);
      sources.push(s);
      return s;
    },
    url: (path) => `${path}${path.includes("?") ? "&" : "?"}access_token=t`,
  });
  store.setScope({ ids: ["site-001"] }); // before start: the first stream is already narrow
  store.start();
  assert.deepEqual(urls, ["/api/stream?ids=site-001&alarms=all&access_token=t"]);
  assert.equal(store.partial, false, "nothing held yet");
  sources[0].emit("snapshot", [view("site-001", "running", 1, 1000)]);
  assert.equal(store.partial, true, "a twin's page's few twins, not the plant");
  store.setScope({ ids: ["site-001"] });
  assert.equal(sources.length, 1, "the same scope keeps the stream");
  store.setScope({ ids: ["ps-1-p2", "ps-1", "ps-1-p1", "ps-1"] });
  assert.equal(sources[0].closed, true);
  assert.equal(urls[1], "/api/stream?ids=ps-1,ps-1-p1,ps-1-p2&alarms=all&access_token=t");
  // Frames of the old stream that still arrive change nothing.
  sources[0].emit("twins", [view("site-001", "stale", 2, 2000)]);
  assert.equal(store.get("site-001")?.mode, "running");
  store.setScope(undefined);
  assert.equal(urls[2], "/api/stream?access_token=t");
  assert.equal(store.partial, true, "until the plant's snapshot is in");
  sources[2].emit("snapshot", [view("a", "online", 1, 1000), view("b", "online", 1, 1000)]);
  assert.deepEqual([...store.twins.keys()], ["a", "b"]);
  assert.equal(store.partial, false);
  // Every twin, some points (the overview): not partial, but light.
  store.setScope({ points: ["key", "diagnosis"] });
  assert.equal(urls[3], "/api/stream?points=diagnosis,key&access_token=t");
  assert.equal(store.light, false, "until its snapshot is in");
  sources[3].emit("snapshot", [view("a", "online", 1, 1000)]);
  assert.equal(store.light, true);
  assert.equal(store.partial, false);
  store.setScope({ points: ["diagnosis", "key"] });
  assert.equal(sources.length, 4, "the same points in another order keep the stream");
  store.setScope({});
  assert.equal(urls[4], "/api/stream?access_token=t", "an empty scope is everything");
  store.stop();
});

Deno.test("names of twins outside the scope: remembered, else looked up once in one request", async () => {
  const asked: string[][] = [];
  const sources: FakeStreamSource[] = [];
  const store = new LiveStore({
    open: () => {
      const s = new FakeStreamSource(0);
      sources.push(s);
      return s;
    },
    lookup: (ids) => {
      asked.push([...ids]);
      return Promise.resolve(ids.map((id) => ({ id, name: `Name of ${id}` })));
    },
  });
  store.start();
  sources[0].emit("snapshot", [{ ...view("a", "online", 1, 1000), name: "Site A" }]);
  store.setScope({ ids: ["b"] });
  sources[1].emit("snapshot", [view("b", "online", 1, 1000)]);
  assert.equal(store.get("a"), undefined);
  assert.equal(store.nameOf("a"), "Site A", "seen before, in another scope");
  const before = store.revision;
  assert.equal(store.nameOf("x"), undefined);
  assert.equal(store.nameOf("y"), undefined);
  assert.equal(store.nameOf("x"), undefined);
  await new Promise((r) => setTimeout(r, 0));
  assert.deepEqual(asked, [["x", "y"]]);
  assert.equal(store.nameOf("x"), "Name of x");
  assert.ok(store.revision > before, "views hear that the names came");
  store.stop();
});
