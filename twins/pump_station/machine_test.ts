import assert from "node:assert/strict";
import { createActor } from "xstate";
import { VirtualClock } from "../../runtime/clock.ts";
import { stationMachine } from "./machine.ts";

function station(mode: "auto" | "manual" | "off" = "auto") {
  const actor = createActor(stationMachine, {
    input: { id: "ps1", params: { mode } },
    clock: new VirtualClock(0),
  });
  actor.start();
  return actor;
}

Deno.test("set_mode moves between auto, manual and off; the current mode is refused", () => {
  const a = station();
  assert.equal(a.getSnapshot().value, "auto");
  assert.equal(a.getSnapshot().can({ type: "set_mode", mode: "auto" }), false);
  assert.equal(a.getSnapshot().can({ type: "set_mode", mode: "manual" }), true);
  a.send({ type: "set_mode", mode: "manual" });
  assert.equal(a.getSnapshot().value, "manual");
  a.send({ type: "set_mode", mode: "off" });
  assert.equal(a.getSnapshot().value, "off");
  a.send({ type: "set_mode", mode: "auto" });
  assert.equal(a.getSnapshot().value, "auto");
});

Deno.test("the twin follows the mode the station reports", () => {
  const a = station();
  a.send({ type: "observed", state: "off" });
  assert.equal(a.getSnapshot().value, "off");
  a.send({ type: "observed", state: "nonsense" });
  assert.equal(a.getSnapshot().value, "off");
  a.send({ type: "observed", state: "manual" });
  assert.equal(a.getSnapshot().value, "manual");
});

Deno.test("the twin starts in the plant file's mode", () => {
  assert.equal(station("manual").getSnapshot().value, "manual");
  assert.equal(station("off").getSnapshot().value, "off");
});
