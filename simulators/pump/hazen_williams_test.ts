import assert from "node:assert/strict";
import {
  hazenWilliamsHeadloss,
  hazenWilliamsResistance,
  HW_SI_CONSTANT,
} from "./hazen_williams.ts";

Deno.test("EPANET's US constant 4.727 converts to the SI 10.667", () => {
  assert.ok(Math.abs(HW_SI_CONSTANT - 10.667) < 0.002, `${HW_SI_CONSTANT}`);
});

Deno.test("head loss of the reference main at 60 L/s, by hand", () => {
  // h = 10.667 * 130^-1.852 * 0.3^-4.871 * 2000 * 0.06^1.852 = 4.99 m
  const hand = 10.667 * Math.pow(130, -1.852) * Math.pow(0.3, -4.871) * 2000 *
    Math.pow(0.06, 1.852);
  const r = hazenWilliamsResistance(2000, 0.3, 130);
  const h = hazenWilliamsHeadloss(r, 0.06);
  assert.ok(Math.abs(h - hand) / hand < 2e-4, `${h} vs ${hand}`);
  assert.ok(h > 4.9 && h < 5.1);
});

Deno.test("head loss scales with length, flow^1.852 and keeps the flow's sign", () => {
  const r = hazenWilliamsResistance(1000, 0.25, 130);
  assert.ok(Math.abs(hazenWilliamsResistance(2000, 0.25, 130) - 2 * r) < 1e-9 * r);
  const h1 = hazenWilliamsHeadloss(r, 0.03);
  assert.ok(Math.abs(hazenWilliamsHeadloss(r, 0.06) / h1 - Math.pow(2, 1.852)) < 1e-12);
  assert.equal(hazenWilliamsHeadloss(r, -0.03), -h1);
  // A rougher pipe (lower C) loses more.
  assert.ok(hazenWilliamsResistance(1000, 0.25, 100) > r);
});
