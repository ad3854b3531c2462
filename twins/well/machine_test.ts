import assert from "node:assert/strict";
import { createActor } from "xstate";
import { VirtualClock } from "../../runtime/clock.ts";
import { type WellEvent, wellMachine } from "./machine.ts";
import { wellParams } from "./params.ts";

const params = wellParams.parse({ start_confirm_s: 30, pumped_off_after_s: 300 });

function start() {
  const clock = new VirtualClock(0);
  const actor = createActor(wellMachine, { input: { id: "well-1", params }, clock });
  actor.start();
  const mode = () => JSON.stringify(actor.getSnapshot().value);
  const see = (state: string) => actor.send({ type: "observed", state });
  const can = (event: WellEvent) => actor.getSnapshot().can(event);
  return { clock, actor, mode, see, can };
}

Deno.test("starts producing and confirms the start when a sample shows it pumping", () => {
  const { mode, see } = start();
  assert.equal(mode(), '{"producing":"starting"}');
  see("producing");
  assert.equal(mode(), '{"producing":"running"}');
});

Deno.test("a start not seen pumping within start_confirm_s is a fault", () => {
  const { clock, mode, see } = start();
  see("stopped");
  assert.equal(
    mode(),
    '{"producing":"starting"}',
    "a stopped sample during start waits for the window",
  );
  clock.advanceBy(29_999);
  assert.equal(mode(), '{"producing":"starting"}');
  clock.advanceBy(1);
  assert.equal(mode(), '"fault"');
});

Deno.test("low fill for pumped_off_after_s means pumped off; recovery goes back to producing", () => {
  const { clock, mode, see } = start();
  see("producing");
  see("low_fill");
  assert.equal(mode(), '{"producing":"low_fill"}');
  clock.advanceBy(299_000);
  assert.equal(mode(), '{"producing":"low_fill"}');
  clock.advanceBy(1_000);
  assert.equal(mode(), '"pumped_off"');
  see("producing");
  assert.equal(mode(), '{"producing":"running"}');
});

Deno.test("a short spell of low fill does not count as pumped off", () => {
  const { clock, mode, see } = start();
  see("low_fill");
  assert.equal(mode(), '{"producing":"low_fill"}', "straight from starting");
  clock.advanceBy(200_000);
  see("producing");
  clock.advanceBy(500_000);
  assert.equal(mode(), '{"producing":"running"}');
});

Deno.test("parted rods or an unexpected stop while pumping is a fault", () => {
  for (
    const [setup, obs] of [["producing", "rod_parted"], ["producing", "stopped"], [
      "pumped_off",
      "rod_parted",
    ], ["pumped_off", "stopped"]]
  ) {
    const { clock, mode, see } = start();
    see("producing");
    if (setup === "pumped_off") {
      see("low_fill");
      clock.advanceBy(300_000);
      assert.equal(mode(), '"pumped_off"');
    }
    see(obs);
    assert.equal(mode(), '"fault"', `${setup} + ${obs}`);
  }
});

Deno.test("shut in and open; set_spm only while producing or pumped off", () => {
  const { actor, clock, mode, see, can } = start();
  see("producing");
  assert.ok(can({ type: "set_spm", spm: 8 }));
  actor.send({ type: "set_spm", spm: 8 });
  assert.equal(actor.getSnapshot().context.spm, 8);
  actor.send({ type: "shut_in" });
  assert.equal(mode(), '"shut_in"');
  see("stopped");
  assert.equal(mode(), '"shut_in"', "a stopped sample is expected here");
  assert.ok(!can({ type: "set_spm", spm: 5 }));
  assert.ok(!can({ type: "shut_in" }));
  assert.ok(!can({ type: "reset" }));
  actor.send({ type: "open" });
  assert.equal(mode(), '{"producing":"starting"}');
  see("producing");
  see("low_fill");
  clock.advanceBy(300_000);
  assert.equal(mode(), '"pumped_off"');
  assert.ok(can({ type: "set_spm", spm: 4 }));
  actor.send({ type: "shut_in" });
  assert.equal(mode(), '"shut_in"');
});

Deno.test("fault: reset and maintenance wait until the unit is stopped", () => {
  const { actor, mode, see, can } = start();
  see("producing");
  see("rod_parted");
  assert.equal(mode(), '"fault"');
  assert.ok(!can({ type: "reset" }), "the unit is still running");
  assert.ok(!can({ type: "enter_maintenance" }));
  assert.ok(!can({ type: "set_spm", spm: 5 }));
  assert.ok(!can({ type: "open" }));
  assert.ok(can({ type: "shut_in" }));
  actor.send({ type: "shut_in" });
  assert.equal(mode(), '"fault"', "stopping the unit does not clear the fault");
  assert.ok(can({ type: "reset" }));
  actor.send({ type: "reset" });
  assert.equal(mode(), '"shut_in"');
});

Deno.test("fault seen stopped: straight to maintenance, out to shut in, open again", () => {
  const { actor, mode, see, can } = start();
  see("producing");
  see("stopped");
  assert.equal(mode(), '"fault"');
  assert.ok(can({ type: "enter_maintenance" }));
  actor.send({ type: "enter_maintenance" });
  assert.equal(mode(), '"maintenance"');
  see("producing");
  assert.equal(mode(), '"maintenance"', "samples do not move a well out of maintenance");
  assert.ok(!can({ type: "open" }));
  actor.send({ type: "exit_maintenance" });
  assert.equal(mode(), '"shut_in"');
  assert.ok(can({ type: "enter_maintenance" }));
  actor.send({ type: "open" });
  assert.equal(mode(), '{"producing":"starting"}');
  assert.ok(!can({ type: "enter_maintenance" }));
});
