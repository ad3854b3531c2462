import assert from "node:assert/strict";
import { createActor } from "xstate";
import { VirtualClock } from "../../runtime/clock.ts";
import type { PointValues } from "../../simulators/simulator.ts";
import { kind as pumpKind } from "../pump/kind.ts";
import { kind } from "./kind.ts";

Deno.test("params default to the EPANET reference station and reject bad tanks and bands", () => {
  const p = kind.params.parse({});
  assert.equal(p.pumps.length, 2);
  assert.equal(p.tank.diameter_m, 15);
  assert.equal(p.demand.pattern.length, 24);
  const bad = kind.params.safeParse({
    tank: { min_level_m: 1, max_level_m: 6, initial_level_m: 7 },
    pumps: [{ suffix: "p1", control: { start_below_m: 0.2, stop_above_m: 5 } }, { suffix: "p1" }],
  });
  assert.equal(bad.success, false);
  const issues = JSON.stringify(bad.error!.issues);
  assert.match(issues, /initial_level_m/);
  assert.match(issues, /duplicate suffix/);
  assert.match(issues, /control levels/);
  assert.equal(
    kind.params.safeParse({
      pumps: [{ suffix: "p1", control: { start_below_m: 4, stop_above_m: 3 } }],
    })
      .success,
    false,
  );
});

Deno.test("children are pump twins the pump kind accepts, with the station's suction", () => {
  const params = kind.params.parse({ sump: { head_m: 12 }, header: { elevation_m: 10 } });
  const children = kind.children!("ps1", params);
  assert.deepEqual(children.map((c) => [c.id, c.kind]), [["ps1-p1", "pump"], ["ps1-p2", "pump"]]);
  const p1 = pumpKind.params.parse(children[0].params);
  assert.equal(p1.suction.static_m, 2, "sump head 12 m over pumps at 10 m");
  assert.equal(p1.initial_status, "running");
});

Deno.test("runtime loop: auto control starts the lag pump and its twin follows", () => {
  const params = kind.params.parse({});
  const children = kind.children!("ps1", params);
  const sim = kind.simulator!({
    id: "ps1",
    params,
    seed: 1,
    children,
    lookup: () => undefined,
    declared: () => undefined,
  });
  assert.deepEqual(sim.feeds, ["ps1", "ps1-p1", "ps1-p2"]);
  const clock = new VirtualClock(0);
  const station = createActor(kind.machine, { input: { id: "ps1", params }, clock });
  station.start();
  const pumps = children.map((c) => {
    const a = createActor(pumpKind.machine, { input: { id: c.id, params: c.params }, clock });
    a.start();
    return a;
  });
  const last = new Map<string, string>();
  const values: PointValues = {};
  const lagStates = new Set<string>();
  for (let t = 60; t <= 12 * 3600; t += 60) {
    clock.advanceTo(t * 1000);
    sim.step(60, t);
    sim.read("ps1", values);
    const so = kind.observe(values, params);
    if (last.get("ps1") !== so) station.send({ type: "observed", state: so });
    last.set("ps1", so);
    children.forEach((c, i) => {
      sim.read(c.id, values);
      const o = pumpKind.observe(values, c.params as never);
      if (last.get(c.id) !== o) pumps[i].send({ type: "observed", state: o });
      last.set(c.id, o);
    });
    lagStates.add(String(pumps[1].getSnapshot().value));
  }
  assert.ok(lagStates.has("running"), [...lagStates].join());
  assert.equal(station.getSnapshot().value, "auto");
  // A hand start is refused in auto; after set_mode manual it goes through.
  assert.match(sim.actuate("ps1-p1", { type: "start", args: {} }) ?? "", /auto/);
  assert.equal(sim.actuate("ps1", { type: "set_mode", args: { mode: "manual" } }), undefined);
  station.send({ type: "set_mode", mode: "manual" });
  assert.equal(station.getSnapshot().value, "manual");
  assert.equal(sim.actuate("ps1-p1", { type: "start", args: {} }), undefined);
});
