import assert from "node:assert/strict";
import { validatePlant } from "../../plant/plant_file.ts";
import { Runtime } from "../../runtime/runtime.ts";
import type { KindDefinition } from "../kind.ts";
import type { KindRegistry } from "../registry.ts";
import { kind } from "./kind.ts";

// Only this kind: the test must not depend on other folders' kinds.
const kinds: KindRegistry = new Map([["well", kind as KindDefinition<unknown>]]);

function runtime(params: Record<string, unknown> = {}) {
  const plant = validatePlant(
    {
      name: "wells",
      twins: [{ id: "well-1", kind: "well", params: { pumped_off_after_s: 120, ...params } }],
    },
    kinds,
    [],
  );
  const rt = new Runtime(plant, kinds, { virtual: true, log: () => {} });
  return { rt, well: rt.twins.get("well-1")! };
}

Deno.test("a healthy well produces; shut in, open, change speed through the command path", () => {
  const { rt, well } = runtime();
  rt.runFor(5_000);
  assert.equal(well.mode, "producing");
  assert.ok((well.values.production_liquid as number) > 30);
  const slow = well.values.production_liquid as number;
  assert.equal(
    rt.commands.submit("well-1", { type: "set_spm", args: { spm: 8 } }).status,
    "executed",
  );
  rt.runFor(60_000);
  assert.ok((well.values.production_liquid as number) > slow * 1.2);
  assert.equal(rt.commands.submit("well-1", { type: "shut_in", args: {} }).status, "executed");
  rt.runFor(2_000);
  assert.equal(well.mode, "shut_in");
  assert.equal(well.values.pumping, false);
  const refused = rt.commands.submit("well-1", { type: "set_spm", args: { spm: 5 } });
  assert.equal(refused.status, "failed");
  assert.match(refused.reason ?? "", /not allowed while well "well-1" is shut_in/);
  assert.equal(rt.commands.submit("well-1", { type: "open", args: {} }).status, "executed");
  rt.runFor(2_000);
  assert.equal(well.mode, "producing");
  rt.shutdown();
});

Deno.test("parted rods: the card gives it away, the well faults; shut in, reset, repair in maintenance", () => {
  const { rt, well } = runtime();
  rt.runFor(3_000);
  rt.commands.submit("well-1", { type: "inject_fault", args: { fault: "rod_parted" } });
  rt.runFor(2_000);
  assert.equal(well.mode, "fault");
  assert.equal(well.values.production_liquid, 0);
  assert.equal(rt.commands.submit("well-1", { type: "reset", args: {} }).status, "failed");
  rt.commands.submit("well-1", { type: "shut_in", args: {} });
  rt.runFor(1_000);
  assert.equal(
    rt.commands.submit("well-1", { type: "enter_maintenance", args: {} }).status,
    "executed",
  );
  assert.equal(well.mode, "maintenance");
  rt.commands.submit("well-1", { type: "clear_fault", args: {} });
  rt.commands.submit("well-1", { type: "exit_maintenance", args: {} });
  rt.commands.submit("well-1", { type: "open", args: {} });
  rt.runFor(3_000);
  assert.equal(well.mode, "producing");
  assert.ok((well.values.production_liquid as number) > 30);
  rt.shutdown();
});

Deno.test("a weak reservoir pumps off after pumped_off_after_s of low fill", () => {
  const { rt, well } = runtime({ max_rate_m3d: 25 });
  rt.runFor(60_000);
  assert.equal(well.mode, "producing", "low fill, but not for long enough yet");
  assert.ok((well.values.fillage as number) < 75);
  rt.runFor(70_000);
  assert.equal(well.mode, "pumped_off");
  rt.shutdown();
});

Deno.test("fault injection arguments are validated by the kind's schema", () => {
  const { rt } = runtime();
  assert.throws(
    () => rt.commands.submit("well-1", { type: "inject_fault", args: { fault: "gremlins" } }),
    /fault/,
  );
  assert.throws(
    () => rt.commands.submit("well-1", { type: "set_spm", args: { spm: 30 } }),
    /spm/,
  );
  rt.shutdown();
});
