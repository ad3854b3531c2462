import assert from "node:assert/strict";
import { faultEffects, isWellFault, WELL_FAULTS, type WellFault } from "./well_faults.ts";

Deno.test("no fault leaves the pump healthy", () => {
  const fx = faultEffects(new Map());
  assert.deepEqual(fx, {
    fillFraction: 1,
    gasFraction: 0,
    travellingLeak: 0,
    standingLeak: 0,
    tagHeightM: 0,
    partedAt: Infinity,
  });
});

Deno.test("each fault moves only its own setting, further with severity", () => {
  const at = (f: WellFault, s: number) => faultEffects(new Map([[f, s]]));
  assert.ok(at("fluid_pound", 0.8).fillFraction < at("fluid_pound", 0.2).fillFraction);
  assert.ok(at("gas_interference", 0.8).gasFraction > at("gas_interference", 0.2).gasFraction);
  assert.ok(
    at("travelling_valve_leak", 0.8).travellingLeak >
      at("travelling_valve_leak", 0.2).travellingLeak,
  );
  assert.ok(
    at("standing_valve_leak", 0.8).standingLeak > at("standing_valve_leak", 0.2).standingLeak,
  );
  assert.ok(at("pump_tagging", 0.8).tagHeightM > at("pump_tagging", 0.2).tagHeightM);
  // A worse part is higher up the string: more rods lost.
  assert.ok(at("rod_parted", 0.8).partedAt < at("rod_parted", 0.2).partedAt);
  const gas = at("gas_interference", 0.5);
  assert.equal(gas.fillFraction, 1);
  assert.equal(gas.travellingLeak, 0);
  assert.equal(gas.partedAt, Infinity);
  // Severity is clamped to 0..1.
  assert.deepEqual(at("fluid_pound", 5), at("fluid_pound", 1));
});

Deno.test("isWellFault knows exactly the listed faults", () => {
  for (const f of WELL_FAULTS) assert.ok(isWellFault(f));
  assert.ok(!isWellFault("comm_loss"));
  assert.ok(!isWellFault(3));
});
