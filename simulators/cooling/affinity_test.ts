import assert from "node:assert/strict";
import {
  affinityFlow,
  affinityPower,
  parallelPumpFlowFraction,
  PUMP_SHUTOFF_HEAD_RATIO,
} from "./affinity.ts";

Deno.test("affinity laws: half speed gives half the flow and an eighth of the power", () => {
  assert.equal(affinityFlow(90, 0.5), 45);
  assert.equal(affinityPower(7.5, 0.5), 7.5 / 8);
  assert.ok(Math.abs(affinityPower(2.5, 0.8) / affinityPower(2.5, 0.4) - 8) < 1e-12);
  assert.equal(affinityFlow(90, 0), 0);
  assert.equal(affinityPower(7.5, 1), 7.5);
});

// Solve pump curve = system curve by bisection, independently of the closed form.
function operatingFlow(running: number, installed: number, speed: number): number {
  const qRated = 1, hRated = 1;
  const k = hRated / (qRated * qRated);
  const h0 = PUMP_SHUTOFF_HEAD_RATIO * hRated;
  const b = (h0 - hRated) * installed * installed / (qRated * qRated);
  let lo = 0, hi = 10;
  for (let i = 0; i < 100; i++) {
    const q = (lo + hi) / 2;
    const pump = h0 * speed * speed - b * (q / running) ** 2;
    if (pump > k * q * q) lo = q;
    else hi = q;
  }
  return lo;
}

Deno.test("parallel pumps: one of two carries ~77 % of the flow, at any speed", () => {
  const oneOfTwo = operatingFlow(1, 2, 1) / operatingFlow(2, 2, 1);
  assert.ok(Math.abs(oneOfTwo - 0.7687) < 1e-3, `${oneOfTwo}`);
  assert.ok(Math.abs(parallelPumpFlowFraction(1, 2) - oneOfTwo) < 1e-9);
  const atHalfSpeed = operatingFlow(1, 2, 0.5) / operatingFlow(2, 2, 0.5);
  assert.ok(Math.abs(parallelPumpFlowFraction(1, 2) - atHalfSpeed) < 1e-9);
  // All pumps, or none.
  assert.equal(parallelPumpFlowFraction(2, 2), 1);
  assert.equal(parallelPumpFlowFraction(1, 1), 1);
  assert.equal(parallelPumpFlowFraction(0, 2), 0);
  assert.ok(Math.abs(operatingFlow(2, 2, 1) - 1) < 1e-9, "design point is rated flow");
});
