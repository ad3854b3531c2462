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
    tubingLeak: 0,
    dampingFactor: 1,
    plungerDrag: 0,
    topHitM: 0,
    flowing: 0,
  });
});

Deno.test("the five faults added for the card classes move their own settings", () => {
  const at = (f: WellFault, s: number) => faultEffects(new Map([[f, s]]));
  const both = at("double_valve_leak", 0.4);
  assert.equal(both.travellingLeak, 0.4);
  assert.equal(both.standingLeak, 0.4);
  assert.equal(both.fillFraction, 1);
  assert.ok(at("tubing_leak", 0.8).tubingLeak > at("tubing_leak", 0.2).tubingLeak);
  const heavy = at("heavy_oil", 0.5);
  assert.equal(heavy.dampingFactor, 3);
  assert.equal(heavy.plungerDrag, 0.15);
  assert.ok(at("pump_hitting_up", 0.8).topHitM > at("pump_hitting_up", 0.2).topHitM);
  assert.ok(at("flowing_through_pump", 0.8).flowing > at("flowing_through_pump", 0.2).flowing);
  assert.equal(at("flowing_through_pump", 0.5).tubingLeak, 0);
  // Leaks add up but stay within 1.
  const all = faultEffects(new Map([["double_valve_leak", 0.8], ["travelling_valve_leak", 0.8]]));
  assert.equal(all.travellingLeak, 1);
  assert.equal(all.standingLeak, 0.8);
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
