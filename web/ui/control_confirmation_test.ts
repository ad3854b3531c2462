import assert from "node:assert/strict";
import { commandQuestion, outOfServiceQuestion, stopTwinQuestion } from "./control_confirmation.ts";

Deno.test("control confirmation: halting commands ask, naming the twin and the effect", () => {
  assert.equal(commandQuestion("P-101", "stop"), "Stop P-101? This stops it.");
  assert.equal(
    commandQuestion("well-3", "shut_in"),
    "Shut in well-3? This stops its pumping unit; the well stops producing.",
  );
  assert.match(commandQuestion("x", "emergency_stop")!, /^Emergency stop x\?/);
});

Deno.test("control confirmation: set_mode asks only when it switches off", () => {
  assert.match(
    commandQuestion("station-1", "set_mode", { mode: "off" })!,
    /^Switch station-1 off\?/,
  );
  assert.equal(commandQuestion("station-1", "set_mode", { mode: "auto" }), undefined);
  assert.equal(commandQuestion("station-1", "set_mode", { mode: "manual" }), undefined);
  assert.equal(commandQuestion("station-1", "set_mode", {}), undefined);
});

Deno.test("control confirmation: setpoints, starts and resets go without a question", () => {
  for (const t of ["start", "open", "set_speed", "set_fan_setpoint", "reset", "set_spm"]) {
    assert.equal(commandQuestion("t", t, { value: 50 }), undefined, t);
  }
});

Deno.test("control confirmation: twin stop and out of service always ask", () => {
  assert.match(stopTwinQuestion("site-1"), /^Stop twin site-1\? /);
  assert.match(
    outOfServiceQuestion("rtu-2/comm", "RTU comm lost"),
    /^Take alarm rtu-2\/comm \(RTU comm lost\) out of service\? /,
  );
});
