/**
 * An alarm engine's judging handed to another engine (a what-if fork "from
 * now"): delays under way go on with the time they had left, so the fork
 * raises an alarm when the engine it was taken from does.
 */
import assert from "node:assert/strict";
import type { Clock } from "../../runtime/clock.ts";
import { alarmSettings, alarmSpec, FakeHost } from "../../tests/alarm_fixture.ts";
import type { AlarmSpec } from "./alarm_definition.ts";
import { AlarmEngine, type AlarmHost } from "./alarm_engine.ts";

const lowFlow = (over: Partial<AlarmSpec> = {}) =>
  alarmSpec({
    twin: "pump-1",
    name: "low_flow_l",
    unit: "m3/h",
    condition: { type: "limit", point: "flow", level: "l", limit: 20, deadband: 5 },
    suppress: { twin: "pump-1", modes: ["stopped"], expr: undefined, holdS: 10 },
    ...over,
  });
const hot = alarmSpec({
  twin: "pump-1",
  name: "hot_h",
  unit: "degC",
  condition: { type: "limit", point: "temp", level: "h", limit: 80, deadband: 0 },
  onDelayS: 30,
});

function engineOn(host: AlarmHost, alarms: AlarmSpec[]) {
  const e = new AlarmEngine(host, { settings: alarmSettings(), alarms });
  e.start();
  return e;
}

/** Step both hosts a second at a time with the same values; the time each raised `id`. */
function raisedAt(hosts: FakeHost[], engines: AlarmEngine[], id: string, seconds: number) {
  const at: (number | undefined)[] = hosts.map(() => undefined);
  for (let s = 0; s < seconds; s++) {
    hosts.forEach((h, i) => {
      h.clock.advanceBy(1_000);
      h.set("pump-1", { flow: 2, temp: 90 }, "running");
      if (at[i] === undefined && engines[i].get(id)!.state === "unacknowledged") {
        at[i] = h.clock.now();
      }
    });
  }
  return at;
}

Deno.test("judging: a suppression hold and an on-delay under way end in the fork when they would have", () => {
  const running = new FakeHost(["pump-1"]);
  const e = engineOn(running, [lowFlow(), hot]);
  running.set("pump-1", { flow: 0, temp: 20 }, "stopped");
  running.clock.advanceBy(1_000);
  running.set("pump-1", { flow: 2, temp: 90 }, "running"); // hold and on-delay start at 1 s
  running.clock.advanceBy(4_000);
  const { alarms, warnings } = e.judging();
  assert.deepEqual(warnings, []);
  const low = alarms.find((j) => j.id === "pump-1/low_flow_l")!;
  assert.deepEqual(
    [low.suppressed, low.design, low.raw, low.delayLeftMs],
    [true, false, true, 6_000],
  );
  const h = alarms.find((j) => j.id === "pump-1/hot_h")!;
  assert.deepEqual([h.raw, h.debounced, h.delayLeftMs], [true, false, 26_000]);

  // The fork: its engine started on no values, then takes the twin's and the judging.
  const forked = new FakeHost(["pump-1"], running.clock.now());
  const f = engineOn(forked, [lowFlow(), hot]);
  Object.assign(forked.twins.get("pump-1")!, { mode: "running" });
  Object.assign(forked.twins.get("pump-1")!.values, { flow: 2, temp: 90 });
  assert.deepEqual(f.resume([...alarms, { ...low, id: "pump-1/gone" }]), [
    "pump-1/gone: the fork has no such alarm; its state is dropped",
  ]);
  const hosts = [running, forked], engines = [e, f];
  assert.deepEqual(raisedAt(hosts, engines, "pump-1/low_flow_l", 10), [11_000, 11_000]);
  assert.deepEqual(raisedAt(hosts, engines, "pump-1/hot_h", 30), [31_000, 31_000]);
  e.stop();
  f.stop();
});

Deno.test("judging: a clock that cannot tell due times carries each delay whole, named", () => {
  const host = new FakeHost(["pump-1"]);
  const c = host.clock;
  const clock: Clock = {
    virtual: true,
    now: () => c.now(),
    setTimeout: (fn, ms) => c.setTimeout(fn, ms),
    clearTimeout: (id) => c.clearTimeout(id),
  };
  const e = engineOn({ clock, twins: host.twins, onChange: (l) => host.onChange(l) }, [hot]);
  host.set("pump-1", { temp: 90 });
  c.advanceBy(12_000);
  const { alarms, warnings } = e.judging();
  assert.equal(alarms[0].delayLeftMs, 30_000);
  assert.deepEqual(warnings, [
    "pump-1/hot_h: the clock cannot tell when its on/off delay ends; it restarts",
  ]);
  e.stop();
});

Deno.test("judging: a rate alarm's window of samples goes to the fork", () => {
  const rate = alarmSpec({
    twin: "pump-1",
    name: "temp_rate",
    unit: "degC",
    condition: {
      type: "rate",
      point: "temp",
      limit: 2,
      per: "min",
      windowS: 60,
      direction: "rise",
      deadband: 0,
    },
  });
  const running = new FakeHost(["pump-1"]);
  const e = engineOn(running, [rate]);
  const temp = (t: number) => 20 + (3 * t) / 60_000; // 3 degC/min
  running.run(20_000, 1_000, (t) => running.set("pump-1", { temp: temp(t) }));
  const { alarms } = e.judging();
  assert.equal((alarms[0].check as { times: number[] }).times.length > 0, true);
  const forked = new FakeHost(["pump-1"], running.clock.now());
  const f = engineOn(forked, [rate]);
  assert.deepEqual(f.resume(JSON.parse(JSON.stringify(alarms))), []);
  for (const h of [running, forked]) {
    h.run(60_000, 1_000, (t) => h.set("pump-1", { temp: temp(t) }));
  }
  assert.equal(e.get("pump-1/temp_rate")!.activeSince, f.get("pump-1/temp_rate")!.activeSince);
  assert.ok(e.get("pump-1/temp_rate")!.activeSince! <= 31_000);
  e.stop();
  f.stop();
});
