import assert from "node:assert/strict";
import { createMachine } from "xstate";
import { VirtualClock } from "../runtime/clock.ts";
import { PlantSystem } from "./plant_system.ts";

const blinker = createMachine({
  initial: "off",
  states: { off: { after: { 1000: "on" } }, on: { after: { 1000: "off" } } },
});

Deno.test("twins join one system under stable ids and run on the system's clock", () => {
  const clock = new VirtualClock(0);
  const system = new PlantSystem(clock);
  const refs = system.spawn([
    { id: "a", logic: blinker, input: {} },
    { id: "b", logic: blinker, input: {} },
  ]);
  assert.equal(system.get("a"), refs.get("a"));
  assert.equal(system.get("b")!.getSnapshot().value, "off");
  clock.advanceBy(1_000);
  assert.equal(system.get("a")!.getSnapshot().value, "on");
  system.stop(["a"]);
  assert.equal(system.get("a"), undefined);
  clock.advanceBy(1_000);
  assert.equal(system.get("b")!.getSnapshot().value, "off");
  // a stopped id can be started again
  system.spawn([{ id: "a", logic: blinker, input: {} }]);
  assert.equal(system.get("a")!.getSnapshot().value, "off");
  system.shutdown();
  assert.equal(system.get("b"), undefined);
});
