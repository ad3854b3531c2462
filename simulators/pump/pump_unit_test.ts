import assert from "node:assert/strict";
import { pumpParams } from "../../twins/pump/params.ts";
import { maxCurvePower, PumpUnit } from "./pump_unit.ts";
import { shaftPower } from "./pump_curve.ts";

const unit = (p: Record<string, unknown> = {}) => new PumpUnit(pumpParams.parse(p));

Deno.test("rated power defaults to 110 % of the largest power on the curve; FLA from it", () => {
  const u = unit();
  // Q H peaks where 60 = b (1 + c) Q^c (Q in L/s): about 76 L/s.
  const b = 8.498812e-3, c = 1.807355;
  const q = Math.pow(60 / (b * (1 + c)), 1 / c);
  const hand = shaftPower(q / 1000, 60 - b * Math.pow(q, c), 0.75);
  assert.ok(Math.abs(maxCurvePower(u.curve, u.efficiency, 1) - hand) / hand < 1e-3);
  assert.ok(Math.abs(u.ratedPowerW - 1.1 * maxCurvePower(u.curve, u.efficiency, 1)) < 1e-6);
  // I = P / (eta_m sqrt(3) V pf)
  const fla = u.ratedPowerW / (0.94 * Math.sqrt(3) * 400 * 0.86);
  assert.ok(Math.abs(u.fullLoadCurrentA - fla) < 1e-9);
  assert.equal(unit({ motor: { rated_kw: 55 } }).ratedPowerW, 55_000);
});

Deno.test("ramps run at 1/ramp_up_s up and 1/ramp_down_s down, and bound the sub-step", () => {
  const u = unit({ ramp_up_s: 4, ramp_down_s: 2 });
  u.start();
  assert.equal(u.status, "starting");
  assert.equal(u.maxSubstep(), 1);
  assert.equal(u.speedAfter(2), 0.5);
  u.integrate(3.5);
  assert.equal(u.speed, 0.875);
  assert.equal(u.maxSubstep(), 0.5);
  u.integrate(0.5);
  assert.equal(u.status, "running");
  assert.equal(u.maxSubstep() > 1e6, true);
  u.stop();
  u.integrate(1);
  assert.equal(u.speed, 0.5);
  u.integrate(1);
  assert.equal(u.status, "stopped");
});

Deno.test("zero ramps switch at once", () => {
  const u = unit({ ramp_up_s: 0, ramp_down_s: 0 });
  u.start();
  assert.equal(u.status, "running");
  assert.equal(u.speed, 1);
  u.stop();
  assert.equal(u.status, "stopped");
});

Deno.test("an overloaded motor bounds the sub-step to the relay's remaining time", () => {
  const u = unit({ initial_status: "running" });
  u.injectFault("motor_overload", 1);
  u.flow = 0.05;
  u.evaluate();
  assert.ok(u.currentA > 1.15 * u.fullLoadCurrentA);
  assert.equal(u.maxSubstep(), 5);
  u.integrate(3);
  assert.equal(u.maxSubstep(), 2);
  u.integrate(2);
  assert.equal(u.status, "tripped");
  assert.equal(u.speed, 0);
});
