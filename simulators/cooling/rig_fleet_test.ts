import assert from "node:assert/strict";
import { HASH_POWER_EXPONENT, RigFleet, type RigFleetOptions } from "./rig_fleet.ts";

const OPTS: RigFleetOptions = {
  rigs: 200,
  rigPowerKw: 3.5,
  rigHashrateThs: 200,
  throttleC: 55,
  shutdownC: 65,
  bootS: 120,
};
const close = (a: number, b: number, tol: number) =>
  assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

Deno.test("cool rigs run flat out: 200 x 3.5 kW = 700 kW, 40 PH/s", () => {
  const fleet = new RigFleet(OPTS, true);
  fleet.update(1, 48, true);
  assert.equal(fleet.online, 200);
  close(fleet.powerKw, 700, 1e-9);
  close(fleet.hashrateThs, 40_000, 1e-9);
});

Deno.test("firmware throttles linearly to half power between 55 and 65 degC", () => {
  const fleet = new RigFleet(OPTS, true);
  fleet.update(1, 60, true);
  close(fleet.throttle, 0.75, 1e-12);
  close(fleet.powerKw, 700 * 0.75, 1e-9);
  // Hashrate falls less than power: 0.75^0.7 = 0.8176.
  close(fleet.hashrateThs, 40_000 * 0.75 ** HASH_POWER_EXPONENT, 1e-9);
  close(0.75 ** HASH_POWER_EXPONENT, 0.8176, 1e-4);
  assert.equal(fleet.throttleAt(55), 1);
  assert.equal(fleet.throttleAt(70), 0.5);
});

Deno.test("over-temperature trips rigs progressively; they stay down until below the throttle point", () => {
  const fleet = new RigFleet(OPTS, true);
  fleet.update(1, 66.5, true); // half-way through the 3 K trip spread
  assert.equal(fleet.tripped, 100);
  assert.equal(fleet.online, 100);
  fleet.update(1, 70, true);
  assert.equal(fleet.tripped, 200);
  assert.equal(fleet.powerKw, 0);
  fleet.update(1, 60, true); // cooler, but still above the throttle point: stays latched
  assert.equal(fleet.online, 0);
  fleet.update(1, 54, true); // restart: boot at 200 rigs / 120 s
  assert.equal(fleet.tripped, 0);
  assert.equal(fleet.online, 1);
  for (let i = 0; i < 59; i++) fleet.update(1, 50, true);
  assert.equal(fleet.online, 100);
  for (let i = 0; i < 100; i++) fleet.update(1, 50, true);
  assert.equal(fleet.online, 200);
});

Deno.test("power off drops every rig at once; power on boots the fleet in rig_boot_s", () => {
  const fleet = new RigFleet(OPTS, true);
  fleet.update(1, 48, false);
  assert.equal(fleet.online, 0);
  assert.equal(fleet.powerKw, 0);
  for (let i = 0; i < 30; i++) fleet.update(1, 40, true);
  assert.equal(fleet.online, 50);
  for (let i = 0; i < 90; i++) fleet.update(1, 40, true);
  assert.equal(fleet.online, 200);
});
