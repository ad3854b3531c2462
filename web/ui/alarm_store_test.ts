import assert from "node:assert/strict";
import type {
  AlarmEventPayload,
  AlarmMetricsReport,
  AlarmState,
  AlarmView,
  JournalEntry,
  Priority,
} from "./api_types.ts";
import { type AlarmFeed, AlarmStore, summarize } from "./alarm_store.ts";

function alarm(
  twin: string,
  name: string,
  priority: Priority,
  state: AlarmState,
  since: number,
): AlarmView {
  return {
    id: `${twin}/${name}`,
    twin,
    name,
    priority,
    state,
    active: state !== "normal",
    latched: false,
    suppressedByDesign: false,
    condition: "limit",
    point: "supply_temp",
    value: 46,
    limit: 45,
    unit: "degC",
    message: `${twin} ${name} ${state}`,
    customMessage: false,
    description: "",
    since,
    activeSince: since,
    shelvedUntil: null,
    last: { action: "activate", user: null, comment: null, time: since },
    annunciations: 1,
    chattering: false,
    maxShelveS: 28_800,
  };
}

let seq = 0;
function event(a: AlarmView, previous: AlarmState = "normal"): AlarmEventPayload {
  const entry: JournalEntry = {
    seq: ++seq,
    time: a.since,
    alarm: a.id,
    twin: a.twin,
    priority: a.priority,
    state: a.state,
    previous,
    active: a.active,
    action: "activate",
    value: a.value,
    limit: a.limit,
    message: a.message,
    user: null,
    comment: null,
  };
  return { alarm: a, entry };
}

function metrics(flood: boolean, time = 0): AlarmMetricsReport {
  return {
    time,
    flood: { active: flood },
    standing: [],
    byState: {},
  } as unknown as AlarmMetricsReport;
}

class FakeFeed implements AlarmFeed {
  alarm = new Set<(p: AlarmEventPayload) => void>();
  snapshot = new Set<() => void>();
  onAlarm(l: (p: AlarmEventPayload) => void) {
    this.alarm.add(l);
    return () => this.alarm.delete(l);
  }
  onSnapshot(l: () => void) {
    this.snapshot.add(l);
    return () => this.snapshot.delete(l);
  }
  emit(p: AlarmEventPayload) {
    for (const l of this.alarm) l(p);
  }
  reconnect() {
    for (const l of this.snapshot) l();
  }
}

/** A feed that carries the alarm list after each snapshot, as the live store does. */
class StreamFeed extends FakeFeed {
  lists = new Set<(alarms: readonly AlarmView[]) => void>();
  onAlarmSnapshot(l: (alarms: readonly AlarmView[]) => void) {
    this.lists.add(l);
    return () => this.lists.delete(l);
  }
  /** A snapshot (after a connect or a resync) and the alarm list that follows it. */
  resync(list: AlarmView[]) {
    this.reconnect();
    for (const l of this.lists) l(list);
  }
}

/** A fake server whose answers the test releases one by one. */
function setup(feed: FakeFeed = new FakeFeed()) {
  const held: { path: string; answer(body: unknown, status?: number): void }[] = [];
  const timers: { fn: () => void; ms: number; cancelled: boolean; repeat: boolean }[] = [];
  let now = 0;
  const store = new AlarmStore(feed, {
    fetcher: (path) =>
      new Promise((resolve) =>
        held.push({
          path,
          answer: (body, status = 200) => resolve(new Response(JSON.stringify(body), { status })),
        })
      ),
    every: (fn, ms) => {
      const t = { fn, ms, cancelled: false, repeat: true };
      timers.push(t);
      return () => (t.cancelled = true);
    },
    later: (fn, ms) => {
      const t = { fn, ms, cancelled: false, repeat: false };
      timers.push(t);
      return () => (t.cancelled = true);
    },
    now: () => now,
  });
  const answer = async (path: string, body: unknown, status = 200) => {
    const i = held.findIndex((h) => h.path === path);
    assert.ok(i >= 0, `no request for ${path} waiting; waiting: ${held.map((h) => h.path)}`);
    held.splice(i, 1)[0].answer(body, status);
    // Let the store's awaits run.
    for (let k = 0; k < 10; k++) await Promise.resolve();
    await new Promise((r) => setTimeout(r, 0));
  };
  return {
    feed,
    store,
    held,
    timers,
    answer,
    advance(ms: number) {
      now += ms;
    },
  };
}

const LIST = "/api/alarms";
const METRICS = "/api/alarms/metrics";

Deno.test("a seed fills the store; counts by priority and the newest unacknowledged alarm", async () => {
  const t = setup();
  t.store.start();
  await t.answer(METRICS, metrics(false));
  await t.answer(LIST, [
    alarm("site-1", "temp_hh", "critical", "unacknowledged", 3000),
    alarm("site-2", "temp_hh", "critical", "acknowledged", 4000),
    alarm("well-1", "fillage_l", "low", "returned_unacknowledged", 5000),
    alarm("site-3", "temp_h", "high", "acknowledged", 1000),
  ]);
  assert.equal(t.store.seeds, 1);
  assert.deepEqual(t.store.list().map((a) => a.id), [
    "site-2/temp_hh",
    "site-1/temp_hh",
    "site-3/temp_h",
    "well-1/fillage_l",
  ]);
  const s = t.store.summary();
  assert.deepEqual(
    s.counts.map((c) => [c.priority, c.total, c.unacked]),
    [["critical", 2, 1], ["high", 1, 0], ["medium", 0, 0], ["low", 1, 1], ["diagnostic", 0, 0]],
  );
  assert.deepEqual([s.total, s.unacked], [4, 2]);
  assert.equal(s.newest?.id, "well-1/fillage_l", "the later of the two unacknowledged");
  assert.deepEqual(t.store.forTwin("site-1").map((a) => a.id), ["site-1/temp_hh"]);
});

Deno.test("events upsert by id and drop alarms whose state leaves the annunciated set", async () => {
  const t = setup();
  t.store.start();
  await t.answer(LIST, []);
  const a = alarm("rtu-1", "comm", "critical", "unacknowledged", 1000);
  t.feed.emit(event(a));
  assert.equal(t.store.summary().counts[0].unacked, 1);
  const acked = { ...a, state: "acknowledged" as const, since: 2000 };
  t.feed.emit(event(acked, "unacknowledged"));
  assert.equal(t.store.active.size, 1);
  assert.deepEqual([t.store.summary().counts[0].total, t.store.summary().counts[0].unacked], [
    1,
    0,
  ]);
  assert.equal(t.store.summary().newest, undefined);
  const revision = t.store.revision;
  t.feed.emit(event({ ...acked, state: "normal", active: false, since: 3000 }, "acknowledged"));
  assert.equal(t.store.active.size, 0);
  assert.ok(t.store.revision > revision);
  t.feed.emit(event({ ...a, state: "shelved", since: 4000 }));
  assert.equal(t.store.active.size, 0, "shelved is not annunciated");
});

Deno.test("events that arrive while a seed is on its way win over the older seed", async () => {
  const t = setup();
  t.store.start();
  const a = alarm("rtu-1", "comm", "critical", "unacknowledged", 1000);
  // The list was computed before the ack; the ack's event arrives before the list.
  t.feed.emit(event({ ...a, state: "acknowledged", since: 2000 }, "unacknowledged"));
  await t.answer(LIST, [a]);
  assert.equal(t.store.active.get(a.id)?.state, "acknowledged");
  // A seed that no longer has an alarm removes it, unless an event brought it back meanwhile.
  t.feed.reconnect();
  const b = alarm("rtu-2", "comm", "high", "unacknowledged", 3000);
  t.feed.emit(event(b));
  await t.answer(LIST, []);
  assert.deepEqual([...t.store.active.keys()], ["rtu-2/comm"]);
  assert.equal(t.store.seeds, 2);
});

Deno.test("a reconnect reseeds; an older seed answering late does not overwrite a newer one", async () => {
  const t = setup();
  t.store.start();
  t.feed.reconnect(); // the first snapshot comes while the start seed is still out
  const a = alarm("rtu-1", "comm", "critical", "unacknowledged", 1000);
  // Answer the newer request first, then the stale one.
  const lists = t.held.filter((h) => h.path === LIST);
  assert.equal(lists.length, 2);
  lists[1].answer([a]);
  t.held.splice(t.held.indexOf(lists[1]), 1);
  await new Promise((r) => setTimeout(r, 0));
  await t.answer(LIST, []);
  assert.deepEqual([...t.store.active.keys()], ["rtu-1/comm"]);
  assert.equal(t.store.seeds, 1, "the stale answer is not a seed");
});

Deno.test("a failed seed keeps what the store had and reports the server's error", async () => {
  const t = setup();
  t.store.start();
  await t.answer(LIST, [alarm("rtu-1", "comm", "critical", "unacknowledged", 1000)]);
  t.feed.reconnect();
  await t.answer(LIST, { error: "runtime is restarting" }, 503);
  assert.equal(t.store.error, "runtime is restarting");
  assert.equal(t.store.active.size, 1);
});

Deno.test("metrics: on a 10 s timer, and after events at most once per 2 s (leading and trailing)", async () => {
  const t = setup();
  t.store.start();
  await t.answer(METRICS, metrics(false, 1));
  await t.answer(LIST, []);
  const periodic = t.timers.find((x) => x.repeat)!;
  assert.equal(periodic.ms, 10_000);
  const metricsRequests = () => t.held.filter((h) => h.path === METRICS).length;

  // Right after the seed's own fetch, an event waits for the throttle window.
  t.advance(500);
  t.feed.emit(event(alarm("rtu-1", "comm", "critical", "unacknowledged", 1000)));
  assert.equal(metricsRequests(), 0);
  const trailing = t.timers.find((x) => !x.repeat && !x.cancelled)!;
  assert.equal(trailing.ms, 1500);
  // More events in the window do not add fetches.
  t.feed.emit(event(alarm("rtu-2", "comm", "critical", "unacknowledged", 1000)));
  assert.equal(t.timers.filter((x) => !x.repeat).length, 1);
  t.advance(1500);
  trailing.fn();
  assert.equal(metricsRequests(), 1);
  await t.answer(METRICS, metrics(true, 2));
  assert.equal(t.store.metrics?.flood.active, true);

  // Once the window has passed, the next event fetches at once.
  t.advance(2000);
  t.feed.emit(event(alarm("rtu-3", "comm", "critical", "unacknowledged", 1000)));
  assert.equal(metricsRequests(), 1);
  // An older answer arriving after a newer one is ignored.
  periodic.fn();
  const [older, newer] = t.held.filter((h) => h.path === METRICS);
  newer.answer(metrics(false, 4));
  await new Promise((r) => setTimeout(r, 0));
  older.answer(metrics(true, 3));
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(t.store.metrics?.time, 4);

  t.store.stop();
  assert.equal(periodic.cancelled, true);
});

Deno.test("summarize ignores states that are not annunciated", () => {
  const s = summarize([
    alarm("a", "x", "medium", "shelved", 1),
    alarm("b", "x", "medium", "normal", 2),
    alarm("c", "x", "medium", "returned_unacknowledged", 3),
  ]);
  assert.deepEqual([s.total, s.unacked, s.counts[2].total], [1, 1, 1]);
});

Deno.test("a resync replaces the alarm state with the stream's list, whatever events said before", async () => {
  const feed = new StreamFeed();
  const t = setup(feed);
  t.store.start();
  assert.equal(t.held.filter((h) => h.path === LIST).length, 0, "the stream seeds, not REST");
  await t.answer(METRICS, metrics(false));
  const a = alarm("rtu-1", "comm", "critical", "unacknowledged", 1000);
  const b = alarm("rtu-2", "comm", "high", "acknowledged", 2000);
  feed.resync([a, b, alarm("rtu-3", "comm", "low", "shelved", 500)]);
  assert.deepEqual([...t.store.active.keys()].sort(), ["rtu-1/comm", "rtu-2/comm"]);
  assert.equal(t.store.seeds, 1);
  // Events the client got before it fell behind; the ones after were dropped by the server.
  t.feed.emit(event({ ...a, state: "returned_unacknowledged", active: false, since: 3000 }));
  t.feed.emit(event(alarm("rtu-4", "comm", "medium", "unacknowledged", 3500)));
  assert.equal(t.store.active.size, 3);
  // On the server rtu-1 returned to normal (acknowledged), rtu-4 was acknowledged,
  // and rtu-5 came up: the list after the resync says so.
  const d = alarm("rtu-4", "comm", "medium", "acknowledged", 4000);
  const e = alarm("rtu-5", "comm", "critical", "unacknowledged", 4100);
  feed.resync([e, b, d]);
  assert.deepEqual(
    t.store.list().map((x) => [x.id, x.state]),
    [["rtu-5/comm", "unacknowledged"], ["rtu-2/comm", "acknowledged"], [
      "rtu-4/comm",
      "acknowledged",
    ]],
  );
  assert.equal(t.store.seeds, 2, "pages holding their own lists fetch them again");
  assert.equal(t.store.summary().unacked, 1);
  assert.ok(t.held.some((h) => h.path === METRICS), "metrics are fetched again");
  // Events after the resync apply on top of it.
  t.feed.emit(event({ ...e, state: "acknowledged", since: 5000 }, "unacknowledged"));
  assert.equal(t.store.summary().unacked, 0);
});

Deno.test("a REST seed still on its way when a stream list arrives is discarded", async () => {
  const feed = new StreamFeed();
  const t = setup(feed);
  t.store.start();
  void t.store.seed(); // someone asked for a seed by hand
  feed.resync([alarm("rtu-1", "comm", "critical", "unacknowledged", 1000)]);
  await t.answer(LIST, []);
  assert.deepEqual([...t.store.active.keys()], ["rtu-1/comm"]);
});
