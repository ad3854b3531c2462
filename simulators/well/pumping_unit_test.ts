import assert from "node:assert/strict";
import { newRodMotion, polishedRodMotion } from "./pumping_unit.ts";

const S = 3, T = 10, lambda = 0.25;
const w = (2 * Math.PI) / T;

Deno.test("polished rod runs 0 → S over the upstroke and back, rising monotonically", () => {
  const m = newRodMotion();
  assert.equal(polishedRodMotion(0, S, T, lambda, m).position, 0);
  assert.ok(Math.abs(polishedRodMotion(0.5, S, T, lambda, m).position - S) < 1e-12);
  let last = -1;
  for (let i = 0; i <= 100; i++) {
    const x = polishedRodMotion(i / 200, S, T, lambda, m).position;
    assert.ok(x >= last - 1e-12, `not monotonic at phase ${i / 200}`);
    last = x;
  }
  for (let i = 0; i <= 100; i++) {
    const x = polishedRodMotion(0.5 + i / 200, S, T, lambda, m).position;
    assert.ok(x <= last + 1e-12, `downstroke not monotonic at phase ${0.5 + i / 200}`);
    last = x;
  }
});

Deno.test("velocity and acceleration are the time derivatives of position", () => {
  const m = newRodMotion(), a = newRodMotion(), b = newRodMotion();
  const h = 1e-6;
  for (const phase of [0.1, 0.27, 0.5, 0.66, 0.9]) {
    polishedRodMotion(phase, S, T, lambda, m);
    polishedRodMotion(phase - h / T, S, T, lambda, a);
    polishedRodMotion(phase + h / T, S, T, lambda, b);
    const v = (b.position - a.position) / (2 * h);
    const acc = (b.position - 2 * m.position + a.position) / (h * h);
    assert.ok(Math.abs(v - m.velocity) < 1e-6, `velocity at ${phase}`);
    assert.ok(Math.abs(acc - m.acceleration) < 1e-3 * Math.max(1, Math.abs(m.acceleration)));
  }
});

Deno.test("a conventional unit accelerates harder at the bottom than at the top (Mills 1 ± c/p)", () => {
  const m = newRodMotion();
  const bottom = polishedRodMotion(0, S, T, lambda, m).acceleration;
  const top = polishedRodMotion(0.5, S, T, lambda, m).acceleration;
  assert.ok(Math.abs(bottom - (S / 2) * w * w * (1 + lambda)) < 1e-12);
  assert.ok(Math.abs(top + (S / 2) * w * w * (1 - lambda)) < 1e-12);
  // λ = 0 is plain harmonic motion: symmetric.
  assert.ok(Math.abs(polishedRodMotion(0, S, T, 0, m).acceleration - (S / 2) * w * w) < 1e-12);
});
