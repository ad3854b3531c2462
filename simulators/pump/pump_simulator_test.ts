import assert from "node:assert/strict";
import { pumpParams } from "../../twins/pump/params.ts";
import type { PointValues } from "../simulator.ts";
import { PumpSimulator } from "./pump_simulator.ts";
import { IMPELLER_WEAR_HEAD_LOSS } from "./pump_unit.ts";
import { assertContinues } from "../snapshot_round_trip.ts";

const close = (a: number, b: number, tol: number, what = "") =>
  assert.ok(Math.abs(a - b) <= tol, `${what} ${a} vs ${b} (tol ${tol})`);

function sim(params: Record<string, unknown> = {}, seed = 7): PumpSimulator {
  return new PumpSimulator({ id: "pump1", config: pumpParams.parse(params), seed });
}

/** Step `s` seconds at 1 s, returning the last reading. */
function run(p: PumpSimulator, s: number, t0 = 0): PointValues {
  for (let t = t0 + 1; t <= t0 + s; t++) p.step(1, t);
  const out: PointValues = {};
  p.read("pump1", out);
  return out;
}

Deno.test("default pump meets its system at the design point: 50 L/s, 50 m, 32.69 kW", () => {
  // Curve (0,60) (50,50) (100,25) and system 35 + 15 (Q/50)^2 cross at (50 L/s, 50 m).
  const p = sim({ initial_status: "running" });
  const v = run(p, 2);
  close(v.flow as number, 180, 1e-6, "flow m3/h");
  close(v.head as number, 50, 1e-6, "head m");
  close(v.power as number, 1000 * 9.80665 * 0.05 * 50 / 0.75 / 1000, 1e-6, "power kW");
  close(v.efficiency as number, 75, 1e-9, "efficiency %");
  assert.equal(v.status, "running");
  assert.ok((v.npsh_margin as number) > 0 && v.cavitation === false);
  // Suction 2 m - 0.3 m loss; discharge adds the 50 m head: kPa = m * 9.80665.
  close(v.discharge_pressure as number, (1.7 + 50) * 9.80665, 1e-6, "discharge kPa");
});

Deno.test("a start ramps the speed over ramp_up_s; no flow until the head beats the static lift", () => {
  const p = sim();
  assert.equal(p.actuate("pump1", { type: "start", args: {} }), undefined);
  let v = run(p, 1);
  assert.equal(v.status, "starting");
  close(v.speed as number, 20, 1e-9, "speed after 1 s of a 5 s ramp");
  v = run(p, 2, 1);
  // At 60 % speed the shutoff head is 0.36 * 60 = 21.6 m < 35 m static: check valve shut.
  assert.equal(v.flow, 0);
  v = run(p, 2, 3);
  assert.equal(v.status, "running");
  close(v.speed as number, 100, 1e-9);
  close(v.flow as number, 180, 1e-6);
  assert.equal(v.starts, 1);
  p.actuate("pump1", { type: "stop", args: {} });
  v = run(p, 1, 5);
  assert.equal(v.status, "stopping");
  v = run(p, 3, 6);
  assert.equal(v.status, "stopped");
  assert.equal(v.flow, 0);
  assert.equal(v.power, 0);
});

Deno.test("VFD speed follows the affinity laws on a friction-only system; fixed speed refuses", () => {
  const params = {
    vfd: true,
    initial_status: "running",
    system: { static_head_m: 0, friction_head_m: 50, at_flow_lps: 50 },
  };
  const p = sim(params);
  const full = run(p, 2);
  assert.equal(p.actuate("pump1", { type: "set_speed", args: { pct: 80 } }), undefined);
  const slow = run(p, 10, 2);
  close(slow.speed as number, 80, 1e-9);
  close((slow.flow as number) / (full.flow as number), 0.8, 1e-6, "Q ratio");
  close((slow.head as number) / (full.head as number), 0.64, 1e-6, "H ratio");
  close((slow.power as number) / (full.power as number), 0.512, 1e-6, "P ratio");
  const fixed = sim({ initial_status: "running" });
  assert.match(fixed.actuate("pump1", { type: "set_speed", args: { pct: 80 } })!, /variable/);
});

Deno.test("cavitation: NPSHa drops, margin goes negative, head and flow fall, vibration rises", () => {
  const healthy = run(sim({ initial_status: "running" }), 30);
  const mild = sim({ initial_status: "running" });
  mild.actuate("pump1", { type: "inject_fault", args: { fault: "cavitation", severity: 0.3 } });
  const m = run(mild, 30);
  assert.ok((m.npsh_margin as number) > 0, "a mild suction loss still leaves margin");
  close(m.flow as number, healthy.flow as number, 1e-6, "so the flow is unchanged");
  const p = sim({ initial_status: "running" });
  p.actuate("pump1", { type: "inject_fault", args: { fault: "cavitation" } });
  const v = run(p, 30);
  assert.equal(v.cavitation, true);
  assert.ok((v.npsh_margin as number) < 0, `margin ${v.npsh_margin}`);
  assert.ok((v.flow as number) < 0.95 * (healthy.flow as number), `flow ${v.flow}`);
  assert.ok((v.head as number) < (healthy.head as number));
  assert.ok((v.vibration as number) > (healthy.vibration as number) + 1);
  p.actuate("pump1", { type: "clear_fault", args: {} });
  close(run(p, 2, 30).flow as number, healthy.flow as number, 1e-6, "recovers");
});

Deno.test("impeller wear scales the head curve down by 30 % at severity 1", () => {
  const p = sim({ initial_status: "running" });
  p.actuate("pump1", { type: "inject_fault", args: { fault: "impeller_wear" } });
  const v = run(p, 2);
  // Hand-solve 0.7 (60 - b Q^c) = 35 + 15 (Q/50)^2 by bisection (Q in L/s).
  const w = 1 - IMPELLER_WEAR_HEAD_LOSS;
  const f = (q: number) => w * (60 - 8.498812e-3 * Math.pow(q, 1.807355)) - 35 - 15 * (q / 50) ** 2;
  let lo = 0, hi = 100;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) > 0) lo = mid;
    else hi = mid;
  }
  close(v.flow as number, lo * 3.6, 1e-3, "worn flow m3/h");
  assert.ok((v.flow as number) < 180 * 0.6);
});

Deno.test("bearing wear: vibration up about 6 mm/s, efficiency down 10 points, power up", () => {
  const healthy = run(sim({ initial_status: "running" }), 2);
  const p = sim({ initial_status: "running" });
  p.actuate("pump1", { type: "inject_fault", args: { fault: "bearing_wear" } });
  let vib = 0;
  let v: PointValues = {};
  for (let t = 1; t <= 200; t++) {
    v = run(p, 1, t - 1);
    vib += (v.vibration as number) / 200;
  }
  close(vib, 1.8 + 6, 0.3, "mean vibration mm/s");
  close(v.efficiency as number, 65, 1e-9, "efficiency %");
  close(v.flow as number, healthy.flow as number, 1e-6, "same operating point");
  close((v.power as number) / (healthy.power as number), 75 / 65, 1e-9, "power ratio");
});

Deno.test("motor overload trips the pump after overload_trip_s; reset and clear bring it back", () => {
  const p = sim({ initial_status: "running" });
  p.actuate("pump1", { type: "inject_fault", args: { fault: "motor_overload", severity: 0.5 } });
  let v = run(p, 4);
  assert.equal(v.status, "running");
  assert.ok((v.motor_current as number) > 1.15 * p.unit.fullLoadCurrentA);
  v = run(p, 1, 4);
  assert.equal(v.status, "tripped");
  assert.equal(v.flow, 0);
  assert.match(p.actuate("pump1", { type: "start", args: {} })!, /tripped/);
  p.actuate("pump1", { type: "reset", args: {} });
  p.actuate("pump1", { type: "clear_fault", args: { fault: "motor_overload" } });
  assert.equal(p.actuate("pump1", { type: "start", args: {} }), undefined);
  v = run(p, 10, 5);
  assert.equal(v.status, "running");
  assert.ok((v.motor_current as number) < p.unit.fullLoadCurrentA);
});

Deno.test("maintenance locks a stopped pump out", () => {
  const p = sim({ initial_status: "running" });
  assert.match(p.actuate("pump1", { type: "enter_maintenance", args: {} })!, /stop/);
  p.actuate("pump1", { type: "stop", args: {} });
  run(p, 5);
  assert.equal(p.actuate("pump1", { type: "enter_maintenance", args: {} }), undefined);
  assert.match(p.actuate("pump1", { type: "start", args: {} })!, /maintenance/);
  assert.equal(p.actuate("pump1", { type: "exit_maintenance", args: {} }), undefined);
  assert.equal(p.actuate("pump1", { type: "start", args: {} }), undefined);
});

Deno.test("same seed, same readings; another seed changes only the noise", () => {
  const a = run(sim({ initial_status: "running" }, 3), 50);
  const b = run(sim({ initial_status: "running" }, 3), 50);
  const c = run(sim({ initial_status: "running" }, 4), 50);
  assert.deepEqual(a, b);
  assert.notEqual(a.vibration, c.vibration);
  assert.equal(a.flow, c.flow);
});

Deno.test("inspect gives the curve at speed, the system curve and the operating point", () => {
  const p = sim({ initial_status: "running" });
  const info = p.inspect() as { curve: { head_m: number }[]; system_curve: { head_m: number }[] };
  assert.equal(info.curve.length, 21);
  close(info.curve[0].head_m, 60, 1e-9);
  close(info.system_curve[0].head_m, 35, 1e-9);
});

Deno.test("snapshot: a restored pump continues bit for bit through a ramp and an overload trip", () => {
  const p = sim({ vfd: true });
  p.actuate("pump1", { type: "start", args: {} });
  p.actuate("pump1", { type: "inject_fault", args: { fault: "bearing_wear", severity: 0.4 } });
  p.actuate("pump1", { type: "set_speed", args: { pct: 90 } });
  run(p, 3);
  const last = assertContinues(p, sim({ vfd: true }), {
    fromS: 3,
    steps: 30,
    each: (s, i) => {
      if (i === 5) {
        s.actuate("pump1", {
          type: "inject_fault",
          args: { fault: "motor_overload", severity: 1 },
        });
      }
    },
  });
  assert.equal(last.pump1.status, "tripped");
  const changed = sim({ vfd: true, speed_pct: 80 });
  changed.restore(structuredClone(p.snapshot()));
  assert.equal(changed.unit.setpoint, 0.8, "a setpoint the params change wins");
});
