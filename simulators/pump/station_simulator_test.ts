import assert from "node:assert/strict";
import { stationParams } from "../../twins/pump_station/params.ts";
import type { PointValues } from "../simulator.ts";
import { DRIFT_RATE_M_PER_H, StationSimulator } from "./station_simulator.ts";
import { assertContinues } from "../snapshot_round_trip.ts";

const close = (a: number, b: number, tol: number, what = "") =>
  assert.ok(Math.abs(a - b) <= tol, `${what} ${a} vs ${b} (tol ${tol})`);

function station(params: Record<string, unknown> = {}, seed = 1): StationSimulator {
  return new StationSimulator({ id: "ps", config: stationParams.parse(params), seed });
}

function read(s: StationSimulator, id = "ps"): PointValues {
  const out: PointValues = {};
  s.read(id, out);
  return out;
}

/** Run from `t0` to `t1` in steps of `dt`. */
function run(s: StationSimulator, t0: number, t1: number, dt: number): void {
  for (let t = t0 + dt; t <= t1 + 1e-9; t += dt) s.step(dt, t);
}

Deno.test("tank mass balance closes: reported flows integrate to the level change", () => {
  const s = station();
  const a = s.tankArea;
  const l0 = s.level;
  let net = 0;
  for (let t = 1; t <= 6 * 3600; t++) {
    const v = read(s);
    net += ((v.inflow as number) - (v.outflow as number)) / 3600;
    s.step(1, t);
  }
  // Flows are held over each step (explicit Euler), so the sum is the volume change;
  // the control switch inside the run adds at most one second of one pump's flow.
  close(net, a * (s.level - l0), 0.06, "m3");
  const vol = s.volumes;
  close(vol.pumped - vol.delivered - vol.leaked, a * (s.level - l0), 1e-9, "cumulative volumes");
  assert.ok(vol.pumped > 0 && vol.delivered > 0);
});

Deno.test("a control acts at the exact crossing time, even with 10-minute steps", () => {
  // Pump off, constant 60 L/s demand: the level falls linearly from 4 m and P1 must
  // start when it reaches 3 m, at t = 1 m * A / 0.06 m3/s.
  const params = {
    pumps: [{ suffix: "p1", control: { start_below_m: 3, stop_above_m: 5.5 } }],
    demand: { pattern: [1] },
  };
  const s = station(params);
  const tCross = s.tankArea * 1 / 0.06;
  run(s, 0, 6000, 600);
  const ev = s.switchLog.find((e) => e.action === "start")!;
  close(ev.tS, tCross, 1e-6, "start time s");
  assert.equal(ev.pump, "ps-p1");
  // Same event and same level with 1 s steps.
  const fine = station(params);
  run(fine, 0, 6000, 1);
  close(fine.switchLog[0].tS, tCross, 1e-6);
  close(fine.level, s.level, 2e-3, "level after the start");
});

Deno.test("1 s and 60 s steps give the same day within a centimetre", () => {
  const a = station(), b = station();
  for (let h = 1; h <= 24; h++) {
    run(a, (h - 1) * 3600, h * 3600, 1);
    run(b, (h - 1) * 3600, h * 3600, 60);
    close(a.level, b.level, 0.01, `hour ${h}`);
  }
  close(a.units[0].energyJ, b.units[0].energyJ, 0.002 * b.units[0].energyJ, "P1 energy");
});

Deno.test("lead/lag: the lag pump starts only below its own start level", () => {
  const s = station();
  run(s, 0, 24 * 3600, 60);
  const p2 = s.switchLog.filter((e) => e.pump === "ps-p2");
  assert.ok(p2.length >= 2, "the lag pump ran during the morning peak");
  const started = s.switchLog.find((e) => e.pump === "ps-p2" && e.action === "start")!;
  // Replay to that moment: the level is at the lag start level, 2 m.
  const r = station();
  run(r, 0, Math.floor(started.tS / 60) * 60, 60);
  r.step(started.tS - Math.floor(started.tS / 60) * 60, started.tS);
  close(r.level, 2, 1e-6, "level at lag start");
});

Deno.test("auto refuses hand starts of controlled pumps; manual takes them; off stops all", () => {
  const s = station();
  assert.match(s.actuate("ps-p2", { type: "start", args: {} })!, /auto/);
  assert.equal(s.actuate("ps", { type: "set_mode", args: { mode: "manual" } }), undefined);
  assert.equal(s.actuate("ps-p2", { type: "start", args: {} }), undefined);
  run(s, 0, 60, 1);
  let v = read(s);
  assert.equal(v.running_pumps, 2);
  assert.equal(read(s, "ps-p2").status, "running");
  s.actuate("ps", { type: "set_mode", args: { mode: "off" } });
  run(s, 60, 120, 1);
  v = read(s);
  assert.equal(v.running_pumps, 0);
  assert.equal(v.inflow, 0);
  assert.match(s.actuate("ps-p1", { type: "start", args: {} })!, /off/);
  assert.match(s.actuate("nope", { type: "start", args: {} })!, /no pump/);
});

Deno.test("a full tank throttles the inflow to the outflow and holds its level", () => {
  const s = station({ mode: "manual", demand: { base_lps: 20, pattern: [1] } });
  s.actuate("ps-p2", { type: "start", args: {} });
  run(s, 0, 4 * 3600, 60);
  const v = read(s);
  close(s.level, 6, 1e-9, "at max level");
  close(v.inflow as number, v.outflow as number, 1e-6, "inflow = outflow");
  close(v.outflow as number, 72, 1e-9, "20 L/s");
});

Deno.test("pipe leak: an unmetered outflow lowers the tank; the volumes still balance", () => {
  const clean = station(), leaky = station();
  leaky.actuate("ps", { type: "inject_fault", args: { fault: "pipe_leak", severity: 0.5 } });
  run(clean, 0, 3 * 3600, 60);
  run(leaky, 0, 3 * 3600, 60);
  assert.ok(leaky.level < clean.level - 0.2, `${leaky.level} vs ${clean.level}`);
  const v = leaky.volumes;
  close(v.pumped - v.delivered - v.leaked, leaky.tankArea * (leaky.level - 4), 1e-9);
  // About 0.5 * 0.3 * 60 L/s = 9 L/s for 3 h: some 97 m3.
  assert.ok(v.leaked > 80 && v.leaked < 110, `${v.leaked} m3`);
  close(read(leaky).outflow as number, read(clean).outflow as number, 1e-9, "meter unchanged");
});

Deno.test("level sensor drift: the reading runs high and the pump stops early", () => {
  const s = station();
  s.actuate("ps", { type: "inject_fault", args: { fault: "level_sensor_drift" } });
  run(s, 0, 2 * 3600, 60);
  close(s.measuredLevel - s.level, 2 * DRIFT_RATE_M_PER_H, 1e-9, "drift after 2 h");
  run(s, 2 * 3600, 6 * 3600, 60);
  const stop = s.switchLog.find((e) => e.action === "stop")!;
  const clean = station();
  run(clean, 0, 6 * 3600, 60);
  const cleanStop = clean.switchLog.find((e) => e.action === "stop")!;
  assert.ok(stop.tS < cleanStop.tS - 600, `${stop.tS} vs ${cleanStop.tS}`);
  assert.ok(s.level < 5.5 - 0.3, "the true level never reached the stop level");
});

Deno.test("an overload trip on the lead pump leaves the lag pump alone, short at the peak", () => {
  const s = station();
  s.actuate("ps-p1", { type: "inject_fault", args: { fault: "motor_overload" } });
  run(s, 0, 60, 60);
  assert.equal(read(s, "ps-p1").status, "tripped");
  const trip = s.switchLog.find((e) => e.action === "trip")!;
  close(trip.tS, 5, 1e-9, "relay time inside a 60 s step");
  run(s, 60, 20 * 3600, 60);
  assert.equal(read(s, "ps-p1").status, "tripped");
  const start = s.switchLog.find((e) => e.pump === "ps-p2" && e.action === "start")!;
  assert.equal(start.reason, "auto");
  assert.equal(read(s, "ps-p2").status, "running");
  // One pump (about 55 L/s) cannot meet the 90 L/s evening peak: the tank empties.
  const v = read(s);
  close(s.level, 0.5, 1e-9, "tank at its minimum");
  assert.ok((v.outflow as number) < (v.demand as number), "demand not met");
  close(v.outflow as number, v.inflow as number, 1e-6, "delivery limited to the pumped flow");
});

Deno.test("set_level_band moves a pump's stop level", () => {
  const s = station();
  assert.equal(
    s.actuate("ps", {
      type: "set_level_band",
      args: { pump: "p1", start_below_m: 3, stop_above_m: 4.5 },
    }),
    undefined,
  );
  assert.match(
    s.actuate("ps", {
      type: "set_level_band",
      args: { pump: "p1", start_below_m: 5, stop_above_m: 4 },
    })!,
    /below/,
  );
  run(s, 0, 4 * 3600, 60);
  const stop = s.switchLog.find((e) => e.action === "stop")!;
  const r = station();
  r.actuate("ps", {
    type: "set_level_band",
    args: { pump: "p1", start_below_m: 3, stop_above_m: 4.5 },
  });
  run(r, 0, Math.floor(stop.tS / 60) * 60, 60);
  r.step(stop.tS - Math.floor(stop.tS / 60) * 60, stop.tS);
  close(r.level, 4.5, 1e-6, "level at stop");
});

Deno.test("same seed, identical outputs; another seed changes only the noise", () => {
  const a = station({}, 5), b = station({}, 5), c = station({}, 6);
  for (const s of [a, b, c]) run(s, 0, 2 * 3600, 1);
  assert.deepEqual(read(a), read(b));
  assert.deepEqual(read(a, "ps-p1"), read(b, "ps-p1"));
  assert.deepEqual(read(a), read(c));
  assert.notEqual(read(a, "ps-p1").vibration, read(c, "ps-p1").vibration);
});

Deno.test("station points: pressures and power from the solved network", () => {
  const s = station();
  s.step(1, 1);
  const v = read(s);
  const p1 = read(s, "ps-p1");
  // Header pressure = pump head gain + sump head - header elevation (10 - 10 = 0).
  close(v.header_pressure as number, (p1.head as number) * 9.80665, 1e-6, "kPa");
  close(v.total_power as number, p1.power as number, 1e-12);
  close(v.inflow as number, p1.flow as number, 1e-12);
  assert.equal(v.mode, "auto");
  assert.ok((v.delivery_pressure as number) > 0);
});

Deno.test("EPANET's rules: a full tank closes its inlet; the pumps use no energy meanwhile", () => {
  // One pump left running by hand into a tank that takes 20 L/s: EPANET closes the main
  // whenever the tank is full, so the pump refills it in bursts at its full operating point
  // and draws nothing in between; the field model throttles it to 20 L/s all the while.
  const params = {
    pumps: [{ suffix: "p1", initial_status: "running" }],
    mode: "manual",
    demand: { base_lps: 20, pattern: [1] },
  } as const;
  const epanet = station({ ...params, model: "epanet" });
  const field = station(params);
  for (const s of [epanet, field]) run(s, 0, 3 * 3600, 60);
  const e0 = epanet.units[0].energyJ, f0 = field.units[0].energyJ;
  const pumped0 = epanet.volumes.pumped;
  for (let t = 3 * 3600 + 60; t <= 4 * 3600; t += 60) {
    epanet.step(60, t);
    field.step(60, t);
    // A minute of 20 L/s out of a 15 m tank is 6.8 mm: the level never falls further.
    assert.ok(epanet.level > 6 - 0.0068 && epanet.level < 6, `${epanet.level} at ${t}`);
    // Each minute opens with the pump at its full operating point (about 51 L/s), not 20.
    assert.ok((read(epanet).inflow as number) > 2 * 72, `${read(epanet).inflow} m3/h`);
  }
  // Over the hour the pump replaces exactly what the demand took: 72 m3.
  close(epanet.volumes.pumped - pumped0, 72, 0.5, "m3 pumped in the hour");
  // At its full operating point it lifts less head per m3 than when throttled.
  const eKWh = (epanet.units[0].energyJ - e0) / 3.6e6, fKWh = (field.units[0].energyJ - f0) / 3.6e6;
  assert.ok(eKWh < 0.9 * fKWh, `${eKWh} vs ${fKWh} kWh`);
  close(field.level, 6, 1e-9, "the field model holds the level at max");
});

Deno.test("EPANET's rules: an empty tank closes its outlet until the next step", () => {
  // Demand above what the one pump delivers: EPANET shuts the outlet of the empty tank
  // for the rest of the step and the pump refills it meanwhile; the field model delivers
  // the pumped flow and holds the level.
  const params = {
    pumps: [{ suffix: "p1", initial_status: "running" }],
    mode: "manual",
    demand: { base_lps: 90, pattern: [1] },
  } as const;
  const epanet = station({ ...params, model: "epanet" });
  const field = station(params);
  for (const s of [epanet, field]) run(s, 0, 6 * 3600, 60);
  close(field.level, 0.5, 1e-9, "field: held at min");
  close(read(field).outflow as number, read(field).inflow as number, 1e-6, "delivery = inflow");
  // EPANET: the level saws between the minimum and one minute of inflow above it.
  let lo = Infinity, hi = -Infinity, closedSteps = 0;
  for (let t = 6 * 3600 + 60; t <= 7 * 3600; t += 60) {
    epanet.step(60, t);
    lo = Math.min(lo, epanet.level);
    hi = Math.max(hi, epanet.level);
    if (read(epanet).outflow === 0) closedSteps++;
  }
  // A minute of inflow at the empty tank's level bounds the refill.
  const minute = epanet.units[0].curve.runout(1) * 60 / epanet.tankArea;
  assert.ok(lo >= 0.5 - minute / 60 && hi <= 0.5 + minute, `${lo}..${hi}`);
  assert.ok(hi > 0.5 + 0.005, `the closed outlet let the tank refill (to ${hi} m)`);
  assert.ok(closedSteps > 0, "the outlet was closed at the end of some steps");
});

Deno.test("EPANET's rules: no ramps, and no head lost to cavitation", () => {
  // A pump drawing from a low sump cavitates at high flow: the field model loses head there.
  const params = {
    pumps: [{ suffix: "p1" }],
    sump: { head_m: 2 },
    header: { elevation_m: 6 },
    mode: "manual",
    tank: { elevation_m: 30 },
  } as const;
  const epanet = station({ ...params, model: "epanet" });
  const field = station(params);
  for (const s of [epanet, field]) s.actuate("ps-p1", { type: "start", args: {} });
  epanet.step(1, 1);
  field.step(1, 1);
  assert.equal(read(epanet, "ps-p1").speed, 100, "at full speed within the first second");
  close(read(field, "ps-p1").speed as number, 20, 1e-9, "the field model ramps over 5 s");
  run(epanet, 1, 60, 1);
  run(field, 1, 60, 1);
  const e = read(epanet, "ps-p1"), f = read(field, "ps-p1");
  assert.equal(e.cavitation, true, "the margin is negative in both");
  assert.equal(f.cavitation, true);
  const curve = epanet.units[0].curve;
  close(e.head as number, curve.head((e.flow as number) / 3600, 1), 1e-9, "EPANET: on the curve");
  assert.ok((f.head as number) < curve.head((f.flow as number) / 3600, 1) - 0.5, "field: below it");
});

Deno.test("EPANET's rules: a control acts at a whole second, within a second of flow", () => {
  // Pump off, 60 L/s out: the level reaches the 3 m start level at A / 0.06 s, a fraction
  // of a second that EPANET rounds to whole seconds.
  const params = {
    pumps: [{ suffix: "p1", control: { start_below_m: 3, stop_above_m: 5.5 } }],
    demand: { pattern: [1] },
    model: "epanet",
  } as const;
  const s = station(params);
  const exact = s.tankArea / 0.06;
  run(s, 0, 6000, 600);
  const ev = s.switchLog.find((e) => e.action === "start")!;
  assert.equal(ev.tS, Math.round(exact), `${ev.tS} vs ${exact}`);
  assert.ok(Math.abs(ev.tS - exact) <= 0.5);
});

Deno.test("snapshot: a restored station continues bit for bit, level controls, faults and switch log included", () => {
  const s = station();
  s.actuate("ps", { type: "inject_fault", args: { fault: "level_sensor_drift" } });
  s.actuate("ps", {
    type: "set_level_band",
    args: { pump: "p1", start_below_m: 3, stop_above_m: 4.5 },
  });
  run(s, 30_000, 30_000 + 3 * 3600, 60);
  const fresh = station();
  assertContinues(s, fresh, {
    dtS: 60,
    fromS: 30_000 + 3 * 3600,
    steps: 6 * 60,
    each: (sim, i) => {
      if (i === 100) {
        sim.actuate("ps-p1", { type: "inject_fault", args: { fault: "motor_overload" } });
      }
    },
  });
  assert.deepEqual(fresh.switchLog, s.switchLog);
  assert.notEqual(s.level, fresh.level + 1, "sanity");
  assert.equal(fresh.volumes.pumped, s.volumes.pumped);
});

Deno.test("snapshot: a level band the params change wins; the one set by command is kept otherwise", () => {
  const s = station();
  s.actuate("ps", {
    type: "set_level_band",
    args: { pump: "p1", start_below_m: 3, stop_above_m: 4.5 },
  });
  run(s, 0, 600, 60);
  const state = structuredClone(s.snapshot());
  const same = station();
  same.restore(state);
  assert.deepEqual((same.inspect("ps-p1") as { control: unknown }).control, {
    start_below_m: 3,
    stop_above_m: 4.5,
  });
  const defaults = stationParams.parse({}) as { pumps: { suffix: string; control?: object }[] };
  const pumps = defaults.pumps.map((p) =>
    p.suffix === "p1" ? { ...p, control: { start_below_m: 2, stop_above_m: 5.8 } } : p
  );
  const overridden = station({ pumps });
  overridden.restore(state);
  assert.deepEqual((overridden.inspect("ps-p1") as { control: unknown }).control, {
    start_below_m: 2,
    stop_above_m: 5.8,
  });
  assert.throws(
    () => station({ pumps: pumps.slice(0, 1) }).restore(state),
    /had 2 pumps in the snapshot and has 1/,
  );
});
