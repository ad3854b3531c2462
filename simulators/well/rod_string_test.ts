import assert from "node:assert/strict";
import {
  buoyantRodWeight,
  buoyantWeightAbove,
  GRAVITY,
  rodArea,
  rodLength,
  rodWeightInAir,
  stretchPerNewton,
  waveSpeed,
} from "./rod_string.ts";
import { EXAMPLE_RODS as TAPER } from "./example_well.ts";

Deno.test("rod weights by hand: Σ ρ·A·L·g in air, times (1 − ρf/ρs) in fluid", () => {
  const a1 = Math.PI / 4 * 0.0254 ** 2,
    a2 = Math.PI / 4 * 0.0222 ** 2,
    a3 = Math.PI / 4 * 0.01905 ** 2;
  const air = 7850 * GRAVITY * (a1 * 400 + a2 * 500 + a3 * 600);
  assert.ok(Math.abs(rodWeightInAir(TAPER) - air) < 1e-6);
  assert.ok(Math.abs(buoyantRodWeight(TAPER, 940) - air * (1 - 940 / 7850)) < 1e-6);
  assert.equal(rodLength(TAPER), 1500);
  assert.ok(Math.abs(rodArea(0.0254) - a1) < 1e-15);
});

Deno.test("buoyant weight above a depth counts whole upper sections and part of the next", () => {
  const perM3 = (7850 - 940) * GRAVITY;
  const expected = perM3 * (rodArea(0.0254) * 400 + rodArea(0.0222) * 100);
  assert.ok(Math.abs(buoyantWeightAbove(TAPER, 940, 500) - expected) < 1e-6);
  assert.ok(Math.abs(buoyantWeightAbove(TAPER, 940, 2000) - buoyantRodWeight(TAPER, 940)) < 1e-6);
  assert.equal(buoyantWeightAbove(TAPER, 940, 0), 0);
});

Deno.test("stretch per newton is Σ L/(E·A); steel wave speed ≈ 5120 m/s", () => {
  const e = 2.06e11;
  const expected = 400 / (e * rodArea(0.0254)) + 500 / (e * rodArea(0.0222)) +
    600 / (e * rodArea(0.01905));
  assert.ok(Math.abs(stretchPerNewton(TAPER) - expected) < 1e-15);
  assert.ok(Math.abs(waveSpeed(TAPER) - Math.sqrt(2.06e11 / 7850)) < 1e-9);
  assert.ok(waveSpeed(TAPER) > 5100 && waveSpeed(TAPER) < 5140);
});
