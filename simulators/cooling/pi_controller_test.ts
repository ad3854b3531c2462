import assert from "node:assert/strict";
import { PiController } from "./pi_controller.ts";

Deno.test("PI removes the steady error on a first-order plant", () => {
  // Plant: T' = (30 + 0.5 * (50 - u) - T) / 100; T = 40 needs u = 30.
  const pi = new PiController(8, 120, 10, 100, 50);
  let t = 45;
  for (let s = 0; s < 3600; s++) {
    const u = pi.update(t - 40, 1);
    t += (30 + 0.5 * (50 - u) - t) / 100;
  }
  assert.ok(Math.abs(t - 40) < 0.01, `T ${t}`);
  assert.ok(Math.abs(pi.output - 30) < 0.1, `u ${pi.output}`);
});

Deno.test("PI output stays in its limits and leaves a limit as soon as the error turns", () => {
  const pi = new PiController(8, 120, 10, 100, 50);
  for (let s = 0; s < 3600; s++) assert.equal(pi.update(5, 1) <= 100, true);
  assert.equal(pi.output, 100);
  // The integral stopped at 100 - Kp * 5 = 60, so a -0.5 K error gives
  // 60 + 8 * (-0.5) + (8 / 120) * (-0.5) = 55.97 %. Without anti-windup the
  // integral would have reached 60 + 3600 * (8 / 120) * 5 = 1260 and held 100 %.
  const u = pi.update(-0.5, 1);
  assert.ok(Math.abs(u - (60 - 4 - 8 / 240)) < 1e-9, `u ${u}`);
  for (let s = 0; s < 3600; s++) pi.update(-5, 1);
  assert.equal(pi.output, 10);
});

Deno.test("reset gives a bumpless start at the given output", () => {
  const pi = new PiController(8, 120, 10, 100);
  pi.reset(63);
  assert.equal(pi.update(0, 1), 63);
  pi.reset(150);
  assert.equal(pi.output, 100);
});

Deno.test("reset with the present error: the next update continues from the same output", () => {
  const pi = new PiController(8, 120, 10, 100);
  pi.reset(70, -0.5);
  // P = -4 %, integral 74 %, plus one second of integration: -8/120 * 0.5.
  assert.ok(Math.abs(pi.update(-0.5, 1) - (70 - 8 / 240)) < 1e-9);
});
