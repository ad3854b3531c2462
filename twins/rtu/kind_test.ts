import assert from "node:assert/strict";
import { validatePlant } from "../../plant/plant_file.ts";
import { Runtime } from "../../runtime/runtime.ts";
import { loadKinds } from "../registry.ts";

const kinds = await loadKinds();

function plant() {
  return validatePlant(
    {
      name: "rtu",
      twins: [
        { id: "field-{i}", count: 2, kind: "rtu" },
        {
          id: "rtu",
          kind: "rtu",
          params: { assets: ["field-1", "field-2"], stale_after_s: 5, offline_after_s: 30 },
        },
      ],
    },
    kinds,
    [],
  );
}

Deno.test("RTU modes: stale when the image freezes, offline after offline_after_s, online again", () => {
  const rt = new Runtime(plant(), kinds, { virtual: true });
  const rtu = rt.twins.get("rtu")!;
  rt.runFor(2_000);
  assert.equal(rtu.mode, "online");
  rt.commands.submit("rtu", { type: "inject_fault", args: { fault: "stale" } });
  rt.runFor(5_000);
  assert.equal(rtu.mode, "online", "not stale until data is older than stale_after_s");
  rt.runFor(1_000);
  assert.equal(rtu.mode, "stale");
  rt.runFor(29_000);
  assert.equal(rtu.mode, "stale", "offline only after offline_after_s of staleness");
  rt.runFor(1_000);
  assert.equal(rtu.mode, "offline");
  rt.commands.submit("rtu", { type: "clear_fault", args: {} });
  rt.runFor(1_000);
  assert.equal(rtu.mode, "online");
  rt.commands.submit("rtu", { type: "inject_fault", args: { fault: "comm_loss" } });
  rt.runFor(1_000);
  assert.equal(rtu.mode, "offline");
  assert.equal(rtu.values.comm_ok, false);
  rt.shutdown();
});

Deno.test("RTU over two field RTUs reports their register count", () => {
  const rt = new Runtime(plant(), kinds, { virtual: true });
  rt.runFor(3_000);
  // each field RTU has 4 numeric points (2 registers each) and 1 boolean
  assert.equal(rt.twins.get("rtu")!.values.registers, 18);
  rt.shutdown();
});
