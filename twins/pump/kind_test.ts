import assert from "node:assert/strict";
import { createActor } from "xstate";
import { VirtualClock } from "../../runtime/clock.ts";
import type { PointValues } from "../../simulators/simulator.ts";
import { kind } from "./kind.ts";

Deno.test("params: empty params give a working pump; a bad curve names the problem", () => {
  const p = kind.params.parse({});
  assert.equal(p.curve.length, 3);
  assert.equal(p.vfd, false);
  const bad = kind.params.safeParse({
    curve: [{ flow_lps: 0, head_m: 10 }, { flow_lps: 5, head_m: 20 }],
  });
  assert.equal(bad.success, false);
  assert.match(JSON.stringify(bad.error!.issues), /decrease/);
  assert.equal(kind.params.safeParse({ speed_pct: 150 }).success, false);
});

Deno.test("commands: set_speed is bounded to 30..110 %, faults to the pump faults", () => {
  assert.equal(kind.commands.set_speed.args.safeParse({ pct: 120 }).success, false);
  assert.equal(kind.commands.set_speed.args.safeParse({ pct: 80 }).success, true);
  assert.equal(kind.commands.inject_fault.args.safeParse({ fault: "cavitation" }).success, true);
  assert.equal(kind.commands.inject_fault.args.safeParse({ fault: "fire" }).success, false);
  assert.equal(kind.commands.inject_fault.machine, false);
});

Deno.test("runtime loop: start command, simulator ramps, twin observes running before the timeout", () => {
  const params = kind.params.parse({});
  const sim = kind.simulator!({
    id: "pump1",
    params,
    seed: 1,
    children: [],
    lookup: () => undefined,
    declared: () => undefined,
  });
  assert.deepEqual(sim.feeds, ["pump1"]);
  const clock = new VirtualClock(0);
  const actor = createActor(kind.machine, { input: { id: "pump1", params }, clock });
  actor.start();
  const values: PointValues = {};
  let last = "";
  const tick = (t: number) => {
    clock.advanceTo(t * 1000);
    sim.step(1, t);
    sim.read("pump1", values);
    const o = kind.observe(values, params);
    if (o !== last) actor.send({ type: "observed", state: o });
    last = o;
  };
  tick(1);
  assert.equal(actor.getSnapshot().value, "stopped");
  assert.equal(actor.getSnapshot().can({ type: "start" }), true);
  assert.equal(sim.actuate("pump1", { type: "start", args: {} }), undefined);
  actor.send({ type: "start" });
  const seen: string[] = [];
  for (let t = 2; t <= 30; t++) {
    tick(t);
    seen.push(String(actor.getSnapshot().value));
  }
  assert.equal(seen[0], "starting");
  assert.equal(seen.at(-1), "running");
  assert.ok((values.flow as number) > 170, `flow ${values.flow}`);
  // An overload trips the equipment; the twin follows.
  sim.actuate("pump1", { type: "inject_fault", args: { fault: "motor_overload" } });
  for (let t = 31; t <= 40; t++) tick(t);
  assert.equal(actor.getSnapshot().value, "tripped");
});
