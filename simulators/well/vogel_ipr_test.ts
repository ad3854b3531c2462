import assert from "node:assert/strict";
import { vogelPwf, vogelRate } from "./vogel_ipr.ts";

Deno.test("Vogel by hand: Pwf = Pr/2 gives qmax·(1 − 0.1 − 0.2) = 0.7·qmax", () => {
  assert.ok(Math.abs(vogelRate(6000, 12_000, 60) - 42) < 1e-9);
  // Pwf = 0.25 Pr: 1 − 0.05 − 0.05 = 0.9
  assert.ok(Math.abs(vogelRate(3000, 12_000, 60) - 54) < 1e-9);
});

Deno.test("Vogel ends: no flow at reservoir pressure, qmax at zero Pwf, never negative", () => {
  assert.equal(vogelRate(12_000, 12_000, 60), 0);
  assert.equal(vogelRate(13_000, 12_000, 60), 0);
  assert.equal(vogelRate(0, 12_000, 60), 60);
  assert.equal(vogelRate(-5, 12_000, 60), 60);
});

Deno.test("vogelPwf inverts vogelRate", () => {
  for (const q of [1, 10, 30, 42, 59]) {
    const pwf = vogelPwf(q, 12_000, 60);
    assert.ok(Math.abs(vogelRate(pwf, 12_000, 60) - q) < 1e-9, `q=${q}`);
  }
  assert.equal(vogelPwf(0, 12_000, 60), 12_000);
  assert.equal(vogelPwf(80, 12_000, 60), 0);
});
