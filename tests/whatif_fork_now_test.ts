/**
 * Forking the running plant "from now": a fork of a plant that has run for
 * a while (across midnight, with a fault and a shelved alarm), run N
 * seconds with no overrides, equals the plant itself advanced N seconds on
 * virtual time, point for point (every twin's points, those the online
 * learners write included, and every twin's mode), bit for bit. The fork is
 * taken with a cooling site's overheat timer running, a pump's anomaly
 * detector half trained and a flowing well's event detector watching (the
 * test feeds the well a generated 3W recording, as a driver would, in both
 * plants). A simulator without a snapshot is named in the warnings; an
 * override of a setpoint wins over the running value.
 */
import assert from "node:assert/strict";
import { PLANT_SECTIONS } from "../app/plant_sections.ts";
import { startPlant } from "../app/start_plant.ts";
import { validatePlant } from "../plant/plant_file.ts";
import type { PointValues } from "../simulators/simulator.ts";
import { loadKinds } from "../twins/registry.ts";
import { generatedWellSignals } from "../diagnosis/events/generated_well_recording.ts";
import { W3_SIGNAL_POINTS } from "../diagnosis/events/well_event_supervisor.ts";
import type { W3Signal } from "../diagnosis/events/w3_parquet.ts";
import { forkRunning } from "../whatif/fork_base.ts";
import { applyOverrides } from "../whatif/overrides.ts";
import { restoreSnapshot, SnapshotError, takeSnapshot } from "../whatif/plant_snapshot.ts";
import { parseWhatifSpec } from "../whatif/whatif_spec.ts";
import { runWhatif } from "../whatif/whatif_run.ts";

const kinds = await loadKinds();

const plantJson = {
  name: "fork-now",
  step_s: 5,
  seed: 3,
  start: "2026-07-01T22:00:00Z",
  twins: [
    { id: "site", kind: "cooling_site", params: { overheat_after_s: 1800 } },
    { id: "ps", kind: "pump_station" },
    { id: "pump", kind: "pump", params: { initial_status: "running" } },
    {
      id: "pump2",
      kind: "pump",
      params: { initial_status: "running", anomaly_train_samples: 3000 },
    },
    { id: "well", kind: "well" },
    { id: "fw", kind: "flowing_well" },
    { id: "rtu", kind: "rtu", params: { assets: ["site", "ps", "well"] } },
  ],
  alarms: {
    definitions: [{
      name: "fan_failed",
      kind: "cooling_site",
      priority: "medium",
      condition: { type: "limit", point: "fans_failed", h: 0 },
    }, {
      // Caught by the fork mid on-delay: it must rise when it would have.
      name: "hot",
      twin: "site",
      priority: "high",
      condition: { type: "limit", point: "supply_temp", h: 60 },
      on_delay_s: 900,
    }, {
      // Active before the fault, caught mid off-delay.
      name: "cool",
      twin: "site",
      priority: "low",
      condition: { type: "limit", point: "supply_temp", l: 43 },
      off_delay_s: 1800,
    }, {
      // Acknowledged as the fault comes, caught mid re-alarm delay.
      name: "fans_out",
      twin: "site",
      priority: "low",
      condition: { type: "limit", point: "fans_failed", h: 0 },
      realarm_s: 1800,
    }],
  },
};

function plantOf(json: unknown) {
  return validatePlant(json, kinds, PLANT_SECTIONS, "<fork-now test>");
}

/**
 * Every twin's points (simulators', calculated, and those the online
 * learners write: pump anomaly, cooling watch, well events) and its mode.
 */
function points(runtime: ReturnType<typeof startPlant>["runtime"]) {
  const out: Record<string, PointValues> = {};
  for (const t of runtime.twins.values()) out[t.id] = { ...t.values, mode: t.mode };
  return out;
}

/** Every alarm as the operator sees it (a fork's alarm counters start afresh, so not those). */
function alarmStates(plant: ReturnType<typeof startPlant>) {
  const { engine } = plant.alarms;
  return engine.ids().sort().map((id) => {
    const a = engine.get(id)!;
    return {
      id,
      state: a.state,
      active: a.active,
      activeSince: a.activeSince,
      shelvedUntil: a.shelvedUntil,
      // An alarm that never changed dates from its engine's start.
      ...(a.last.action === "start" ? {} : { since: a.since, last: a.last }),
    };
  });
}

/** A generated 3W recording with slugging from 12,000 s, fed to "fw" a second at a time. */
const RECORDING = generatedWellSignals({ seconds: 20_000, onset: 12_000, event: 3 });
const SIGNALS = Object.entries(W3_SIGNAL_POINTS) as [W3Signal, string][];

/** Run `ms` in 5 s steps, feeding the flowing well the recording's seconds of each step. */
/**
 * The running plant forked "from now" under `overrides` (a what-if spec's
 * field), started but not yet given the snapshot's state.
 */
function forkFromNow(
  running: ReturnType<typeof startPlant>,
  snapshot: ReturnType<typeof takeSnapshot>,
  overrides: unknown,
) {
  const base = forkRunning(running.runtime, snapshot.atMs);
  const spec = parseWhatifSpec({ base: "running", from: "now", duration: "1h", overrides });
  const { plant } = applyOverrides(base, kinds, spec.variants[0].layers);
  return startPlant(plant, kinds, {
    virtual: true,
    dayStartMs: snapshot.dayStartMs,
    log: () => {},
  });
}

function advance(plant: ReturnType<typeof startPlant>, ms: number) {
  const { runtime } = plant;
  const fw = runtime.twins.get("fw")!;
  const start = Date.parse(plantJson.start); // the recording's second 0, in the fork too
  for (let done = 0; done < ms; done += 5000) {
    runtime.runFor(5000);
    const now = runtime.clock.now();
    for (let ts = now - 4000; ts <= now; ts += 1000) {
      const i = (ts - start) / 1000;
      const v: PointValues = {};
      for (const [signal, point] of SIGNALS) v[point] = RECORDING[signal][i];
      fw.update(v, ts);
    }
  }
}

Deno.test("a fork from now with no overrides equals the running plant advanced on virtual time", () => {
  const plant = plantOf(plantJson);
  const running = startPlant(plant, kinds, { virtual: true, log: () => {} });
  try {
    advance(running, 3 * 3600_000); // across midnight
    running.runtime.commands.submit(
      "site",
      { type: "inject_fault", args: { fault: "fan_failure", severity: 1 } },
      "test",
    );
    advance(running, 60_000);
    const engine = running.alarms.engine;
    const fansOut = engine.list().find((a) => a.name === "fans_out_h")!;
    engine.act(fansOut.id, "ack", { user: "op", comment: "" });
    advance(running, 540_000);
    const fan = engine.list().find((a) => a.name === "fan_failed_h")!;
    assert.ok(fan, "the fan alarm is active");
    engine.act(fan.id, "shelve", { user: "op", comment: "known", durationS: 7200 } as never);

    const snapshot = structuredClone(takeSnapshot(running));
    assert.equal(snapshot.atMs, running.runtime.clock.now());
    // Caught mid-timer and mid-learning, so carrying them is what keeps the fork equal.
    assert.equal(running.runtime.twins.get("site")!.mode, "degraded");
    const overheat = snapshot.timers.find((t) => t.twin === "site");
    assert.ok(overheat, `the overheat timer runs: ${JSON.stringify(snapshot.timers)}`);
    assert.match(overheat.id, /overheatAfter/);
    assert.ok(overheat.remainingMs > 600_000 && overheat.remainingMs < 1800_000);
    const judged = (name: string) => snapshot.alarmJudging!.find((j) => j.id === `site/${name}`)!;
    const left = (ms: number | null, from: number, to: number) =>
      ms !== null && ms > from && ms < to;
    assert.ok(judged("hot_h").raw && !judged("hot_h").debounced, "hot waits out its on-delay");
    assert.ok(left(judged("hot_h").delayLeftMs, 0, 900_000), JSON.stringify(judged("hot_h")));
    assert.ok(!judged("cool_l").raw && judged("cool_l").debounced, "cool waits out its off-delay");
    assert.ok(left(judged("cool_l").delayLeftMs, 0, 1800_000), JSON.stringify(judged("cool_l")));
    assert.equal(judged("fans_out_h").life.state, "acknowledged");
    assert.equal(judged("fans_out_h").lifeLeftMs, 1800_000 - 540_000);
    assert.equal(running.anomaly.detector("pump2")!.phase, "training");
    assert.equal(running.anomaly.detector("pump")!.phase, "scoring");
    assert.equal(running.runtime.twins.get("site")!.values.watch_status, "watching");
    assert.equal(running.runtime.twins.get("fw")!.values.event_detection, "watching");
    assert.equal(running.runtime.twins.get("fw")!.values.detected_event, 0);
    assert.deepEqual(Object.keys(snapshot.simulators).sort(), [
      "ps",
      "pump",
      "pump2",
      "rtu",
      "site",
      "well",
    ]);

    // The fork, in this process (a worker runs the same function).
    const base = forkRunning(running.runtime, snapshot.atMs);
    const { plant: forked } = applyOverrides(base, kinds, []);
    const fork = startPlant(forked, kinds, {
      virtual: true,
      dayStartMs: snapshot.dayStartMs,
      log: () => {},
    });
    try {
      assert.deepEqual(restoreSnapshot(fork, snapshot), []);
      assert.equal(fork.alarms.engine.get(fan.id)?.state, "shelved");
      assert.deepEqual(points(fork.runtime), points(running.runtime), "at the fork");
      assert.deepEqual(alarmStates(fork), alarmStates(running), "alarms at the fork");
      // Counts since the plant's start, its flood window and chatter windows go on.
      assert.ok(running.alarms.engine.metrics().annunciations.total >= 2);
      assert.deepEqual(fork.alarms.engine.metrics(), running.alarms.engine.metrics());
      for (let k = 1; k <= 24; k++) {
        advance(running, 300_000);
        advance(fork, 300_000);
        assert.deepEqual(points(fork.runtime), points(running.runtime), `after ${k * 5} min`);
        assert.deepEqual(alarmStates(fork), alarmStates(running), `alarms after ${k * 5} min`);
        assert.deepEqual(
          fork.alarms.engine.metrics(),
          running.alarms.engine.metrics(),
          `alarm metrics after ${k * 5} min`,
        );
      }
      // What the carried timer and learners did in the two hours.
      const at = (id: string) => fork.runtime.twins.get(id)!;
      assert.equal(at("site").mode, "overheated");
      assert.equal(at("pump2").values.anomaly_status, "watching");
      assert.equal(at("fw").values.detected_event, 3);
      assert.equal(
        fork.alarms.engine.get(fan.id)?.state,
        running.alarms.engine.get(fan.id)?.state,
      );
      // The delays carried ran out in the two hours, each at its time.
      const alarm = (name: string) => fork.alarms.engine.get(`site/${name}`)!;
      assert.equal(alarm("hot_h").activeSince! - snapshot.atMs, judged("hot_h").delayLeftMs);
      assert.equal(alarm("cool_l").active, false);
      assert.equal(alarm("fans_out_h").last.action, "realarm");
      assert.equal(alarm("fans_out_h").last.time - snapshot.atMs, 1800_000 - 540_000);
    } finally {
      fork.stop();
    }
  } finally {
    running.stop();
  }
});

Deno.test("a run from now: an override wins over the running setpoint; a twin without a snapshot is named", () => {
  const plant = plantOf(plantJson);
  const running = startPlant(plant, kinds, { virtual: true, log: () => {} });
  try {
    assert.throws(() => takeSnapshot(running), SnapshotError);
    running.runtime.runFor(1800_000);
    running.runtime.commands.submit(
      "site",
      { type: "set_supply_setpoint", args: { degC: 31 } },
      "test",
    );
    running.runtime.runFor(60_000);
    // A simulator that cannot give its state (a kind without snapshot()).
    (running.runtime.simulatorOf("well") as { snapshot?: unknown }).snapshot = undefined;
    const snapshot = takeSnapshot(running);
    assert.deepEqual(snapshot.warnings, [
      "well: its well simulator cannot be snapshotted; it starts from its initial conditions",
    ]);
    const spec = parseWhatifSpec({
      base: "running",
      from: "now",
      duration: "10m",
      overrides: { setpoints: [{ twin: "site", supply_c: 29 }] },
    });
    const base = forkRunning(running.runtime, snapshot.atMs);
    const fork = applyOverrides(base, kinds, spec.variants[0].layers);
    const asIs = applyOverrides(base, kinds, []);
    const common = { durationMs: spec.durationMs, tariff: spec.tariff, tracks: [], snapshot };
    const track = [{ twin: "site", point: "supply_setpoint" }];
    const kept = runWhatif({ name: "as is", ...asIs, ...common, tracks: track }, kinds);
    const changed = runWhatif({ name: "supply 29", ...fork, ...common, tracks: track }, kinds);
    assert.equal(kept.kpis["site.supply_setpoint.max"].value, 31, "the running setpoint is kept");
    assert.equal(changed.kpis["site.supply_setpoint.max"].value, 29, "the override wins");
    assert.ok(kept.warnings.some((w) => w.startsWith("well: its well simulator")));
  } finally {
    running.stop();
  }
  assert.throws(
    () => parseWhatifSpec({ base: { plant: "plants/demo.json" }, from: "now" }),
    /from: "now" forks the running plant's state; it needs base "running"/,
  );
});

Deno.test("a run from now: an ambient override keeps a site's learnt baseline; a new constant learns afresh", () => {
  const json = {
    ...plantJson,
    twins: [{ id: "site", kind: "cooling_site", params: { watch_train_s: 600 } }],
    alarms: { definitions: [] },
  };
  const running = startPlant(plantOf(json), kinds, { virtual: true, log: () => {} });
  try {
    running.runtime.runFor(1800_000);
    assert.equal(running.runtime.twins.get("site")!.values.watch_status, "watching");
    const snapshot = takeSnapshot(running);
    const learnt = running.cooling.detector("site")!.snapshot();
    const forkOf = (overrides: unknown) => forkFromNow(running, snapshot, overrides);
    const hot = forkOf({ ambient: { offset_c: 5 } });
    try {
      const p = hot.runtime.twins.get("site")!.params as { ambient_mean_c: number };
      const q = running.runtime.twins.get("site")!.params as { ambient_mean_c: number };
      assert.equal(p.ambient_mean_c, q.ambient_mean_c + 5, "the override took");
      assert.deepEqual(restoreSnapshot(hot, snapshot), []);
      assert.deepEqual(hot.cooling.detector("site")!.snapshot(), learnt, "the baseline is kept");
      hot.runtime.runFor(300_000);
      assert.equal(hot.runtime.twins.get("site")!.values.watch_status, "watching");
    } finally {
      hot.stop();
    }
    const bigger = forkOf({ params: [{ twin: "site", set: { fans: 12 } }] });
    try {
      assert.deepEqual(restoreSnapshot(bigger, snapshot), [
        "site: params differ from the snapshot's; its cooling watch learns afresh",
      ]);
      bigger.runtime.runFor(300_000);
      assert.equal(bigger.runtime.twins.get("site")!.values.watch_status, "training");
    } finally {
      bigger.stop();
    }
  } finally {
    running.stop();
  }
});

Deno.test("a run from now: a pump in maintenance stays in it, with the speed its machine remembers", () => {
  const json = {
    ...plantJson,
    twins: [{ id: "m", kind: "pump", params: { initial_status: "running", vfd: true } }],
    alarms: { definitions: [] },
  };
  const running = startPlant(plantOf(json), kinds, { virtual: true, log: () => {} });
  const send = (p: typeof running, type: string, args?: unknown) =>
    p.runtime.commands.submit("m", args ? { type, args } : { type }, "test");
  const context = (p: typeof running) =>
    p.runtime.twins.get("m")!.actor!.getSnapshot().context as {
      speedPct: number;
      startTimeoutMs: number;
    };
  try {
    running.runtime.runFor(60_000);
    send(running, "stop");
    running.runtime.runFor(120_000);
    send(running, "set_speed", { pct: 60 });
    send(running, "enter_maintenance");
    running.runtime.runFor(60_000);
    assert.equal(running.runtime.twins.get("m")!.mode, "maintenance");
    assert.equal(context(running).speedPct, 60);
    const snapshot = takeSnapshot(running);
    const forkOf = (overrides: unknown) => forkFromNow(running, snapshot, overrides);
    const fork = forkOf({});
    try {
      assert.deepEqual(restoreSnapshot(fork, snapshot), []);
      assert.equal(fork.runtime.twins.get("m")!.mode, "maintenance");
      assert.deepEqual(context(fork), context(running));
      assert.match(send(fork, "start").reason ?? "", /not allowed while pump "m" is maintenance/);
      for (const p of [running, fork]) {
        send(p, "exit_maintenance");
        send(p, "start");
        p.runtime.runFor(600_000);
      }
      assert.equal(fork.runtime.twins.get("m")!.mode, "running");
      assert.deepEqual(points(fork.runtime), points(running.runtime));
    } finally {
      fork.stop();
    }
    // A variant's params win over the running machine's context; the state is kept.
    const slow = forkOf({ params: [{ twin: "m", set: { start_timeout_s: 99 } }] });
    try {
      assert.deepEqual(restoreSnapshot(slow, snapshot), [
        "m: params differ from the snapshot's; its anomaly detector learns afresh",
      ]);
      assert.equal(slow.runtime.twins.get("m")!.mode, "maintenance");
      assert.equal(context(slow).startTimeoutMs, 99_000);
    } finally {
      slow.stop();
    }
  } finally {
    running.stop();
  }
});
