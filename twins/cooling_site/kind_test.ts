import assert from "node:assert/strict";
import { createActor } from "xstate";
import { VirtualClock } from "../../runtime/clock.ts";
import type { PointValues } from "../../simulators/simulator.ts";
import { kind } from "./kind.ts";
import { COOLING_DIAGNOSIS_POINTS } from "../../diagnosis/cooling/cooling_diagnosis_points.ts";

// Drives one site the way the runtime does: step, read, observe (send on
// change), advance the clock; commands validated, checked with `can`,
// actuated, then sent to the machine.
function plant(rawParams: Record<string, unknown> = {}) {
  const id = "site-007";
  const params = kind.params.parse({ variation: 0, ambient_noise_c: 0, ...rawParams });
  const clock = new VirtualClock(0);
  const sim = kind.simulator!({
    id,
    params,
    seed: 7,
    children: [],
    lookup: () => undefined,
    declared: () => undefined,
  });
  const actor = createActor(kind.machine, { input: { id, params }, clock }).start();
  const values: PointValues = {};
  let last: string | undefined;
  let t = 0;
  const run = (seconds: number) => {
    for (let i = 0; i < seconds; i++) {
      t++;
      sim.step(1, t);
      sim.read(id, values);
      const o = kind.observe(values, params);
      if (o !== last) {
        last = o;
        actor.send({ type: "observed", state: o });
      }
      clock.advanceBy(1000);
    }
  };
  const command = (type: string, args: Record<string, unknown> = {}): string | undefined => {
    const spec = kind.commands[type];
    const parsed = spec.args.safeParse(args);
    if (!parsed.success) return `invalid: ${parsed.error.message}`;
    const event = { type, ...parsed.data };
    if (spec.machine !== false && !actor.getSnapshot().can(event)) return "machine refuses";
    const err = sim.actuate(id, { type, args: parsed.data });
    if (err) return err;
    if (spec.machine !== false) actor.send(event as never);
    return undefined;
  };
  const mode = () => {
    const v = actor.getSnapshot().value;
    return typeof v === "string" ? v : Object.keys(v)[0];
  };
  return { sim, values, run, command, mode, inspect: () => sim.inspect!(id)! };
}

Deno.test("kind: every mode has a machine state, four key points, points match the simulator", () => {
  const p = plant();
  p.run(1);
  const states = Object.keys(kind.machine.config.states ?? {});
  assert.deepEqual(states.sort(), Object.keys(kind.modes).sort());
  assert.equal(Object.values(kind.points).filter((s) => s.key).length, 4);
  const own = Object.keys(kind.points).filter((k) => !(k in COOLING_DIAGNOSIS_POINTS));
  assert.deepEqual(Object.keys(p.values).sort(), own.sort());
});

Deno.test("pump failure: degraded at once, overheated after 300 s of throttling, reset once cool", () => {
  const p = plant();
  p.run(60);
  assert.equal(p.mode(), "running");
  assert.equal(p.command("inject_fault", { fault: "pump_failure" }), undefined);
  p.run(2);
  assert.equal(p.mode(), "degraded");
  p.run(60); // rig outlet passes 55 degC within ~30 s: hot, timer running
  assert.ok((p.values.rig_throttle as number) < 100);
  assert.equal(p.mode(), "degraded");
  p.run(300);
  assert.equal(p.mode(), "overheated");
  assert.equal(p.command("reset"), "machine refuses", "still hot");
  p.command("clear_fault", { fault: "pump_failure" });
  p.run(1800);
  assert.equal(p.values.rigs_online, 200, "rigs rebooted once the coolant flowed again");
  assert.equal(p.values.rig_throttle, 100);
  assert.equal(p.mode(), "overheated", "latched");
  assert.equal(p.command("reset"), undefined);
  assert.equal(p.mode(), "running");
});

Deno.test("sensor drift: the supply alarm never fires, but throttling rigs give it away", () => {
  const p = plant();
  p.run(60);
  p.command("inject_fault", { fault: "sensor_drift", severity: 0.5 });
  p.run(3600);
  const true1h = p.inspect().true_supply_temp as number;
  assert.ok(true1h > 44.5, `true supply ${true1h}`);
  assert.ok(Math.abs((p.values.supply_temp as number) - 40) < 0.5, "the sensor still says 40");
  assert.equal(p.mode(), "running", "the measured value hides the fault");
  p.run(3600);
  assert.equal(p.mode(), "overheated", "rig outlet above 55 degC throttles the rigs");
});

Deno.test("stop, maintenance lock-out, start: commands refused where they make no sense", () => {
  const p = plant();
  p.run(10);
  assert.equal(p.command("enter_maintenance"), "machine refuses");
  assert.equal(p.command("stop"), undefined);
  p.run(5);
  assert.equal(p.mode(), "stopped");
  assert.equal(p.values.it_power, 0);
  assert.equal(p.command("enter_maintenance"), undefined);
  assert.equal(p.command("start"), "machine refuses");
  p.run(60);
  assert.equal(p.mode(), "maintenance");
  assert.equal(p.command("exit_maintenance"), undefined);
  assert.equal(p.command("start"), undefined);
  p.run(3);
  assert.equal(p.mode(), "running");
  p.run(300);
  assert.equal(p.values.hashrate, 40_000);
});

Deno.test("fan failure degrades then clears; manual fan speed refused in auto, validated in manual", () => {
  const p = plant();
  p.run(10);
  p.command("inject_fault", { fault: "fan_failure" });
  p.run(2);
  assert.equal(p.mode(), "degraded");
  p.command("clear_fault");
  p.run(2);
  assert.equal(p.mode(), "running");
  assert.match(p.command("set_fan_setpoint", { pct: 50 })!, /auto/);
  assert.match(p.command("set_fan_setpoint", { pct: 150 })!, /invalid/);
  assert.match(p.command("set_supply_setpoint", { degC: 70 })!, /invalid/);
  assert.match(p.command("inject_fault", { fault: "meteor" })!, /invalid/);
  assert.equal(p.command("set_control_mode", { mode: "manual" }), undefined);
  assert.equal(p.command("set_fan_setpoint", { pct: 50 }), undefined);
  p.run(10);
  assert.equal(p.values.fan_speed, 50);
  assert.equal(p.values.control_mode, "manual");
});
