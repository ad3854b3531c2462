/**
 * The alarm engine on virtual time: delays, deadbands, latching, shelving,
 * suppression, conditions of every type, journal and operator actions.
 */
import assert from "node:assert/strict";
import { AlarmActionError, AlarmEngine } from "../actors/alarms/alarm_engine.ts";
import type { AlarmSpec } from "../actors/alarms/alarm_definition.ts";
import { alarmSettings, alarmSpec, FakeHost } from "./alarm_fixture.ts";

function engine(host: FakeHost, alarms: AlarmSpec[], settings = alarmSettings()) {
  const e = new AlarmEngine(host, { settings, alarms });
  e.start();
  return e;
}

const high = (over: Partial<AlarmSpec> = {}) =>
  alarmSpec({
    twin: "site-1",
    name: "supply_temp_h",
    unit: "degC",
    condition: { type: "limit", point: "supply_temp", level: "h", limit: 40, deadband: 2 },
    ...over,
  });

Deno.test("limit: raises above the limit, holds inside the deadband, clears below it", () => {
  const host = new FakeHost(["site-1"]);
  const e = engine(host, [high()]);
  const state = () => e.get("site-1/supply_temp_h")!.state;
  host.set("site-1", { supply_temp: 39.9 });
  assert.equal(state(), "normal");
  host.set("site-1", { supply_temp: 40.5 });
  assert.equal(state(), "unacknowledged");
  const view = e.get("site-1/supply_temp_h")!;
  assert.equal(view.message, "site-1 supply_temp 40.50 degC above H limit 40 degC");
  host.set("site-1", { supply_temp: 38.1 }); // inside the 2 K deadband
  assert.equal(state(), "unacknowledged");
  host.set("site-1", { supply_temp: 37.9 });
  assert.equal(state(), "returned_unacknowledged");
  // Without a deadband the same wander 40.5 -> 38.1 -> 40.5 would chatter.
  const entries = e.journal.query({ alarms: ["site-1/supply_temp_h"] });
  assert.deepEqual(entries.map((x) => x.state), ["returned_unacknowledged", "unacknowledged"]);
  assert.equal(entries[1].value, 40.5);
  assert.equal(entries[1].limit, 40);
});

Deno.test("on-delay: a condition shorter than the delay never raises; a longer one raises on time", () => {
  const host = new FakeHost(["site-1"]);
  const e = engine(host, [high({ onDelayS: 10, offDelayS: 5 })]);
  const state = () => e.get("site-1/supply_temp_h")!.state;
  host.set("site-1", { supply_temp: 45 });
  host.clock.advanceBy(9_000);
  host.set("site-1", { supply_temp: 30 }); // back before the 10 s are up
  host.clock.advanceBy(60_000);
  assert.equal(state(), "normal");
  assert.equal(e.journal.size, 0);

  host.set("site-1", { supply_temp: 45 });
  const t0 = host.clock.now();
  host.clock.advanceBy(9_999);
  assert.equal(state(), "normal");
  host.clock.advanceBy(1);
  assert.equal(state(), "unacknowledged");
  assert.equal(e.journal.query()[0].time, t0 + 10_000);

  // Off-delay: a dip shorter than 5 s keeps it active; a longer one clears.
  host.set("site-1", { supply_temp: 30 });
  host.clock.advanceBy(4_000);
  host.set("site-1", { supply_temp: 45 });
  host.clock.advanceBy(20_000);
  assert.equal(state(), "unacknowledged");
  host.set("site-1", { supply_temp: 30 });
  const t1 = host.clock.now();
  host.clock.advanceBy(5_000);
  assert.equal(state(), "returned_unacknowledged");
  assert.equal(e.journal.query()[0].time, t1 + 5_000);
});

Deno.test("operator actions carry user and comment into the journal; bad requests are refused", () => {
  const host = new FakeHost(["site-1"]);
  const e = engine(host, [high({ maxShelveS: 600 })]);
  const id = "site-1/supply_temp_h";
  assert.throws(
    () => e.act(id, "ack", { user: "ann", comment: "" }),
    (err: AlarmActionError) =>
      err.status === 409 &&
      /cannot acknowledge alarm "site-1\/supply_temp_h" while it is normal/.test(err.message),
  );
  host.set("site-1", { supply_temp: 41 });
  const acked = e.act(id, "ack", { user: "ann", comment: "crew on the way" });
  assert.equal(acked.state, "acknowledged");
  assert.deepEqual(
    { ...e.journal.query({ limit: 1 })[0], seq: 0, time: 0 },
    {
      seq: 0,
      time: 0,
      alarm: id,
      twin: "site-1",
      priority: "high",
      state: "acknowledged",
      previous: "unacknowledged",
      active: true,
      action: "ack",
      value: 41,
      limit: 40,
      message: "site-1 supply_temp 41 degC above H limit 40 degC",
      user: "ann",
      comment: "crew on the way",
    },
  );
  assert.throws(() => e.act(id, "shelve", { user: "ann", comment: "" }), /comment is required/);
  assert.throws(
    () => e.act(id, "shelve", { user: "ann", comment: "sensor work", durationS: 601 }),
    /at most 600/,
  );
  assert.throws(
    () => e.act("nope/x", "ack", { user: "a", comment: "" }),
    (err: AlarmActionError) => err.status === 404,
  );
  const shelved = e.act(id, "shelve", { user: "bob", comment: "sensor work", durationS: 300 });
  assert.equal(shelved.shelvedUntil, host.clock.now() + 300_000);
  assert.deepEqual(e.list().map((a) => a.id), [], "shelved alarms leave the active list");
  assert.deepEqual(e.list({ states: ["shelved"] }).map((a) => a.id), [id]);
  host.clock.advanceBy(300_000);
  assert.equal(e.get(id)!.state, "unacknowledged", "shelve expired with the condition still there");
  assert.equal(e.journal.query({ limit: 1 })[0].action, "shelve_expired");
  e.act(id, "remove_from_service", { user: "bob", comment: "transmitter replaced" });
  host.set("site-1", { supply_temp: 20 });
  e.act(id, "return_to_service", { user: "bob", comment: "" });
  assert.equal(e.get(id)!.state, "normal");
});

Deno.test("latching: stays annunciated after the condition clears, reset only once it is gone", () => {
  const host = new FakeHost(["pump-1"]);
  const id = "pump-1/trip";
  const e = engine(host, [alarmSpec({
    twin: "pump-1",
    name: "trip",
    priority: "critical",
    latching: true,
    condition: { type: "state", point: "status", in: ["tripped"] },
  })]);
  host.set("pump-1", { status: "running" });
  host.set("pump-1", { status: "tripped" });
  e.act(id, "ack", { user: "ann", comment: "" });
  assert.throws(() => e.act(id, "reset", { user: "ann", comment: "" }), /condition still holds/);
  host.set("pump-1", { status: "stopped" });
  assert.equal(e.get(id)!.state, "acknowledged");
  assert.equal(e.get(id)!.latched, true);
  e.act(id, "reset", { user: "ann", comment: "motor checked" });
  assert.equal(e.get(id)!.state, "normal");
});

Deno.test("suppression by design: low flow is not an alarm while the pump is stopped", () => {
  const host = new FakeHost(["pump-1"]);
  const id = "pump-1/low_flow_l";
  const e = engine(host, [alarmSpec({
    twin: "pump-1",
    name: "low_flow_l",
    unit: "m3/h",
    condition: { type: "limit", point: "flow", level: "l", limit: 50, deadband: 0 },
    suppress: { twin: "pump-1", modes: ["stopped", "maintenance"], expr: undefined },
  })]);
  host.set("pump-1", { flow: 0 }, "stopped");
  assert.equal(e.get(id)!.state, "suppressed");
  assert.equal(e.list().length, 0);
  host.set("pump-1", { flow: 10 }, "running"); // started, flow still low
  assert.equal(e.get(id)!.state, "unacknowledged");
  host.set("pump-1", { flow: 120 });
  e.act(id, "ack", { user: "a", comment: "" });
  assert.equal(e.get(id)!.state, "normal");
  // A twin the operator stopped is suppressed too: it cannot be judged.
  host.twins.get("pump-1")!.running = false;
  host.set("pump-1", { flow: 0 }, "stopped");
  assert.equal(e.get(id)!.state, "suppressed");
});

Deno.test("rate of change: a 3 degC/min ramp raises a 2 degC/min alarm, a 1 degC/min drift does not", () => {
  const host = new FakeHost(["a", "b"]);
  const rate = (twin: string) =>
    alarmSpec({
      twin,
      name: "temp_rate",
      unit: "degC",
      condition: {
        type: "rate",
        point: "t",
        limit: 2,
        per: "min",
        windowS: 60,
        direction: "rise",
        deadband: 0,
      },
    });
  const e = engine(host, [rate("a"), rate("b")]);
  let raisedAt = -1;
  host.run(300_000, 1_000, (t) => {
    host.set("a", { t: 20 + (3 * t) / 60_000 });
    host.set("b", { t: 20 + (1 * t) / 60_000 });
    if (raisedAt < 0 && e.get("a/temp_rate")!.state === "unacknowledged") raisedAt = t;
  });
  assert.equal(e.get("b/temp_rate")!.state, "normal");
  // First sample at 1 s; judged once half a window (30 s) of samples exists.
  assert.equal(raisedAt, 31_000);
  const view = e.get("a/temp_rate")!;
  assert.ok(Math.abs((view.value as number) - 3) < 1e-9, `rate ${view.value}`);
  // Judged once per window/32 (1.875 s): the last judgement was at 299 s.
  assert.match(view.message, /^a t 34.95 degC rising 3.00 degC\/min \(limit 2 degC\/min\)$/);
  // Value and limit are a rate: their unit is the point's per minute.
  assert.equal(view.unit, "degC/min");
  assert.equal(view.limit, 2);
});

Deno.test("deviation from a setpoint point, mode sets and expressions across twins", () => {
  const host = new FakeHost(["site-1", "pump-1"]);
  const e = engine(host, [
    alarmSpec({
      twin: "site-1",
      name: "supply_dev",
      unit: "degC",
      condition: {
        type: "deviation",
        point: "supply_temp",
        setpoint: { twin: "site-1", point: "supply_setpoint" },
        limit: 5,
        direction: "both",
        deadband: 0.5,
      },
    }),
    alarmSpec({ twin: "pump-1", name: "tripped", condition: { type: "mode", in: ["tripped"] } }),
    alarmSpec({
      twin: "site-1",
      name: "hot_without_pump",
      condition: { type: "expression", expr: 'supply_temp > 35 and mode("pump-1") != "running"' },
    }),
  ]);
  host.set("pump-1", {}, "running");
  host.set("site-1", { supply_temp: 30, supply_setpoint: 30 });
  host.set("site-1", { supply_temp: 24.9 });
  assert.equal(e.get("site-1/supply_dev")!.state, "unacknowledged", "5.1 below setpoint");
  host.set("site-1", { supply_temp: 25.4 });
  assert.equal(e.get("site-1/supply_dev")!.state, "unacknowledged", "inside the deadband");
  host.set("site-1", { supply_setpoint: 29 }); // the setpoint moves: deviation 3.6
  assert.equal(e.get("site-1/supply_dev")!.state, "returned_unacknowledged");

  host.set("site-1", { supply_temp: 36 });
  assert.equal(e.get("site-1/hot_without_pump")!.state, "normal");
  host.set("pump-1", {}, "tripped"); // a change on the other twin re-judges the expression
  assert.equal(e.get("site-1/hot_without_pump")!.state, "unacknowledged");
  assert.equal(e.get("pump-1/tripped")!.state, "unacknowledged");
  assert.equal(e.get("pump-1/tripped")!.message, "pump-1 is tripped (alarm; alarm when tripped)");
});

Deno.test("bad quality and missing values hold the alarm where it is", () => {
  const host = new FakeHost(["site-1"]);
  const e = engine(host, [high()]);
  host.set("site-1", { supply_temp: 45 });
  host.twins.get("site-1")!.quality.supply_temp = "bad";
  host.set("site-1", { supply_temp: 0 });
  assert.equal(e.get("site-1/supply_temp_h")!.state, "unacknowledged");
  assert.equal(e.get("site-1/supply_temp_h")!.value, 45);
});

Deno.test("journal queries by time range, twin, priority and state; the ring drops the oldest", () => {
  const host = new FakeHost(["a", "b"]);
  const spec = (twin: string, priority: AlarmSpec["priority"]) =>
    alarmSpec({
      twin,
      name: "x_h",
      priority,
      condition: { type: "limit", point: "x", level: "h", limit: 1, deadband: 0 },
    });
  const e = engine(
    host,
    [spec("a", "critical"), spec("b", "low")],
    alarmSettings({ journal_capacity: 100 }),
  );
  for (let k = 0; k < 40; k++) {
    host.clock.advanceBy(1_000);
    host.set("a", { x: k % 2 ? 0 : 2 });
    host.set("b", { x: k % 2 ? 0 : 2 });
  }
  assert.equal(e.journal.total, 80);
  assert.equal(e.journal.size, 80);
  const mid = e.journal.query({ from: 10_000, to: 19_000 });
  assert.equal(mid.length, 20);
  assert.ok(mid.every((x) => x.time >= 10_000 && x.time <= 19_000));
  assert.ok(mid[0].time >= mid.at(-1)!.time, "newest first");
  assert.equal(e.journal.query({ twins: ["b"] }).length, 40);
  assert.equal(
    e.journal.query({ priorities: ["critical"], states: ["unacknowledged"] }).length,
    20,
  );
  for (let k = 0; k < 30; k++) {
    host.clock.advanceBy(1_000);
    host.set("a", { x: k % 2 ? 2 : 0 });
  }
  assert.equal(e.journal.total, 109, "29 more transitions (the first sample changed nothing)");
  assert.equal(e.journal.size, 100);
  assert.equal(e.journal.query({ limit: 1000 }).at(-1)!.seq, 10, "entries 1..9 fell off");
});

Deno.test("suppression by an expression or by another twin's mode (the general path)", () => {
  const host = new FakeHost(["pump-1", "station"]);
  const flowLow = (name: string, suppress: AlarmSpec["suppress"]) =>
    alarmSpec({
      twin: "pump-1",
      name,
      condition: { type: "limit", point: "flow", level: "l", limit: 50, deadband: 0 },
      suppress,
    });
  const e = engine(host, [
    flowLow("by_expr", { twin: "pump-1", modes: undefined, expr: "speed < 10" }),
    flowLow("by_station", { twin: "station", modes: ["off"], expr: undefined }),
  ]);
  host.set("station", {}, "off");
  host.set("pump-1", { flow: 0, speed: 0 });
  assert.equal(e.get("pump-1/by_expr")!.state, "suppressed");
  assert.equal(e.get("pump-1/by_station")!.state, "suppressed");
  host.set("pump-1", { speed: 80 });
  assert.equal(e.get("pump-1/by_expr")!.state, "unacknowledged", "running at speed with no flow");
  assert.equal(e.get("pump-1/by_station")!.state, "suppressed");
  host.set("station", {}, "auto"); // a change of the station re-judges the pump's alarm
  assert.equal(e.get("pump-1/by_station")!.state, "unacknowledged");
});

const lowFlow = (over: Partial<AlarmSpec> = {}) =>
  alarmSpec({
    twin: "pump-1",
    name: "low_flow_l",
    unit: "m3/h",
    condition: { type: "limit", point: "flow", level: "l", limit: 20, deadband: 5 },
    suppress: { twin: "pump-1", modes: ["stopped", "starting", "tripped"], expr: undefined },
    ...over,
  });

Deno.test("suppression and delays: a start annunciates nothing, whatever the on-delay", () => {
  for (const onDelayS of [0, 30]) {
    const host = new FakeHost(["pump-1"]);
    const e = engine(host, [lowFlow({ onDelayS })]);
    const id = "pump-1/low_flow_l";
    // Stopped for two minutes with no flow: longer than the on-delay.
    host.run(120_000, 1_000, () => host.set("pump-1", { flow: 0 }, "stopped"));
    assert.equal(e.get(id)!.state, "suppressed");
    assert.deepEqual(
      e.journal.query().map((j) => j.action),
      ["suppress"],
      "a suppressed alarm's condition starts nothing",
    );
    // The start: flow and mode change on the same sample.
    host.run(60_000, 1_000, () => host.set("pump-1", { flow: 197.2 }, "running"));
    assert.equal(e.get(id)!.state, "normal");
    assert.deepEqual(
      e.journal.query().map((j) => `${j.previous}->${j.state}`),
      ["suppressed->normal", "normal->suppressed"],
      `on-delay ${onDelayS} s: no annunciation`,
    );
    // A trip: flow gone and mode tripped on the same sample.
    host.set("pump-1", { flow: 0 }, "tripped");
    host.run(60_000, 1_000, () => host.set("pump-1", { flow: 0 }));
    assert.equal(e.get(id)!.state, "suppressed");
    assert.equal(e.metrics().annunciations.total, 0);
    e.stop();
  }
});

Deno.test("suppression and delays: a condition holding on leaving suppression raises after its on-delay", () => {
  const host = new FakeHost(["pump-1"]);
  const e = engine(host, [lowFlow({ onDelayS: 30 })]);
  const id = "pump-1/low_flow_l";
  host.run(60_000, 1_000, () => host.set("pump-1", { flow: 0 }, "stopped"));
  const startedAt = host.clock.now() + 1_000;
  let raisedAt = 0;
  host.run(60_000, 1_000, (t) => {
    host.set("pump-1", { flow: 3 }, "running"); // runs, delivers nothing
    if (!raisedAt && e.get(id)!.state === "unacknowledged") raisedAt = t;
  });
  assert.equal(raisedAt - startedAt, 30_000);
  assert.match(e.get(id)!.message, /pump-1 flow 3 m3\/h below L limit 20 m3\/h/);
  // Suppressed again while it still holds: the condition is forgotten, so
  // the next start judges afresh.
  host.set("pump-1", { flow: 0 }, "stopped");
  assert.equal(e.get(id)!.state, "suppressed");
  assert.equal(e.get(id)!.active, false);
  host.set("pump-1", { flow: 150 }, "running");
  assert.equal(e.get(id)!.state, "normal");
  e.stop();
});

Deno.test("suppression hold: a start settles for hold_s before the alarm is judged", () => {
  const host = new FakeHost(["pump-1"]);
  const base = lowFlow().suppress!;
  const e = engine(host, [
    lowFlow({ suppress: { ...base, holdS: 10 } }),
    lowFlow({ name: "no_hold", suppress: base }),
  ]);
  host.set("pump-1", { flow: 0 }, "stopped");
  // Flow builds over 8 s after the pump reports running.
  let t0 = 0;
  host.run(20_000, 1_000, (t) => {
    t0 ||= t;
    host.set("pump-1", { flow: Math.min(150, (t - t0) * 20 / 1000) }, "running");
  });
  assert.equal(e.get("pump-1/low_flow_l")!.state, "normal", "held through the ramp");
  assert.equal(e.get("pump-1/no_hold")!.state, "returned_unacknowledged", "raised during the ramp");
  // A start that does not deliver: raised when the hold ends, not before.
  host.set("pump-1", { flow: 0 }, "stopped");
  const startAt = host.clock.now() + 1_000;
  let raisedAt = 0;
  host.run(20_000, 1_000, (t) => {
    host.set("pump-1", { flow: 2 }, "running");
    if (!raisedAt && e.get("pump-1/low_flow_l")!.state === "unacknowledged") raisedAt = t;
  });
  assert.equal(raisedAt - startAt, 10_000);
  assert.equal(e.get("pump-1/low_flow_l")!.suppressedByDesign, false);
  // Stopped again within the hold: the hold is cancelled, still suppressed.
  host.set("pump-1", { flow: 0 }, "stopped");
  host.set("pump-1", { flow: 0 }, "running");
  host.clock.advanceBy(5_000);
  host.set("pump-1", { flow: 0 }, "stopped");
  host.clock.advanceBy(20_000);
  assert.equal(e.get("pump-1/low_flow_l")!.state, "suppressed");
  e.stop();
});

Deno.test("twin set: added alarms are judged at once; a retired alarm is journalled and gone", () => {
  const host = new FakeHost(["pump-1", "pump-2"]);
  const e = engine(host, [lowFlow()]);
  const removed: string[] = [];
  e.onEvent((p) => p.removed && removed.push(p.alarm.id));
  host.set("pump-2", { flow: 1 }, "running");
  e.add([lowFlow({ twin: "pump-2", id: "pump-2/low_flow_l" }), lowFlow()]);
  assert.equal(e.size, 2, "an id already present is skipped");
  assert.equal(e.get("pump-2/low_flow_l")!.state, "unacknowledged");
  assert.deepEqual(e.retireTwins(["pump-2"]), ["pump-2/low_flow_l"]);
  assert.deepEqual(removed, ["pump-2/low_flow_l"]);
  assert.equal(e.get("pump-2/low_flow_l"), undefined);
  assert.equal(e.list().length, 0);
  const last = e.journal.query({ alarms: ["pump-2/low_flow_l"] })[0];
  assert.deepEqual([last.action, last.previous, last.state], [
    "removed",
    "unacknowledged",
    "normal",
  ]);
  assert.throws(() => e.act("pump-2/low_flow_l", "ack", { user: "a", comment: "" }), /no alarm/);
  host.set("pump-2", { flow: 0 }); // changes of a retired twin are ignored
  assert.equal(e.metrics().unacknowledged.total, 0);
  // A twin that gains alarms keeps what its alarms had judged.
  host.set("pump-1", { flow: 1 }, "running");
  assert.equal(e.get("pump-1/low_flow_l")!.state, "unacknowledged");
  e.add([high({
    twin: "pump-1",
    id: "pump-1/t_h",
    condition: { type: "limit", point: "t", level: "h", limit: 40, deadband: 2 },
  })]);
  host.set("pump-1", { flow: 100, t: 50 });
  assert.equal(e.get("pump-1/low_flow_l")!.state, "returned_unacknowledged", "its clear was seen");
  assert.equal(e.get("pump-1/t_h")!.state, "unacknowledged");
  e.stop();
});

Deno.test("twin set: an alarm watching a twin that leaves and comes back watches it again", () => {
  const host = new FakeHost(["station", "pump-2"]);
  const e = engine(host, [
    alarmSpec({
      twin: "station",
      name: "p2_low",
      condition: { type: "expression", expr: 'p("pump-2", "flow") < 10' },
    }),
    lowFlow({ twin: "pump-2", id: "pump-2/low_flow_l" }),
  ]);
  host.set("pump-2", { flow: 50 }, "running");
  assert.equal(e.get("station/p2_low")!.state, "normal");
  e.retireTwins(["pump-2"]);
  assert.equal(e.get("station/p2_low")!.state, "normal", "the station's alarm stays");
  e.add([lowFlow({ twin: "pump-2", id: "pump-2/low_flow_l" })]);
  host.set("pump-2", { flow: 1 });
  assert.equal(e.get("station/p2_low")!.state, "unacknowledged", "a change of pump-2 judges it");
  assert.equal(e.get("pump-2/low_flow_l")!.state, "unacknowledged");
  e.stop();
});
