import assert from "node:assert/strict";
import { Random } from "../random.ts";
import { AmbientTemperature } from "./ambient.ts";

const close = (a: number, b: number, tol: number) =>
  assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

Deno.test("daily cycle: peak at the peak hour, trough 12 h later, mean over a day", () => {
  const amb = new AmbientTemperature(
    { mean_c: 22, amplitude_c: 6, peak_hour: 15, noise_c: 0 },
    new Random(1),
  );
  close(amb.advance(1, 15 * 3600), 28, 1e-9);
  close(amb.advance(1, 3 * 3600), 16, 1e-9);
  close(amb.cycle(9 * 3600), 22, 1e-9);
  close(amb.cycle(15 * 3600 + 86_400), 28, 1e-9);
  let sum = 0;
  for (let t = 0; t < 86_400; t++) sum += amb.advance(1, t);
  close(sum / 86_400, 22, 1e-6);
});

Deno.test("noise: stationary with the configured spread, slow, and repeatable per seed", () => {
  const opts = { mean_c: 22, amplitude_c: 0, peak_hour: 15, noise_c: 0.3 };
  const a = new AmbientTemperature(opts, new Random(5, "amb"));
  const b = new AmbientTemperature(opts, new Random(5, "amb"));
  const c = new AmbientTemperature(opts, new Random(6, "amb"));
  let sum = 0, sumSq = 0, maxJump = 0, prev = a.advance(1, 0), differs = false;
  b.advance(1, 0);
  c.advance(1, 0);
  const n = 30 * 86_400;
  for (let t = 1; t < n; t++) {
    const x = a.advance(1, t);
    assert.equal(b.advance(1, t), x);
    if (c.advance(1, t) !== x) differs = true;
    sum += x - 22;
    sumSq += (x - 22) ** 2;
    maxJump = Math.max(maxJump, Math.abs(x - prev));
    prev = x;
  }
  const mean = sum / n, sd = Math.sqrt(sumSq / n - mean * mean);
  assert.ok(Math.abs(mean) < 0.05, `mean ${mean}`);
  assert.ok(Math.abs(sd - 0.3) < 0.05, `sd ${sd}`);
  // Per-second change is sd * sqrt(2 / tau) ~ 0.014 K: no jumps.
  assert.ok(maxJump < 0.1, `jump ${maxJump}`);
  assert.ok(differs);
});

Deno.test("hourly profile: the hours' values on the hour, straight lines between, 23:00 back to 00:00", () => {
  const profile = Array.from({ length: 24 }, (_, h) => 10 + h);
  const amb = new AmbientTemperature(
    { mean_c: 22, amplitude_c: 6, peak_hour: 15, noise_c: 0, profile_c: profile },
    new Random(1),
  );
  close(amb.cycle(0), 10, 1e-12);
  close(amb.cycle(5 * 3600), 15, 1e-12);
  close(amb.cycle(5.5 * 3600), 15.5, 1e-12);
  close(amb.cycle(23.5 * 3600), (33 + 10) / 2, 1e-12);
  close(amb.cycle(86_400 + 2 * 3600), 12, 1e-12);
  assert.throws(
    () =>
      new AmbientTemperature(
        { mean_c: 0, amplitude_c: 0, peak_hour: 0, noise_c: 0, profile_c: [1, 2] },
        new Random(1),
      ),
    /24 hourly values, not 2/,
  );
});

Deno.test("a restored ambient continues its noise bit for bit", () => {
  const opts = { mean_c: 22, amplitude_c: 6, peak_hour: 15, noise_c: 0.5 };
  const a = new AmbientTemperature(opts, new Random(5, "amb"));
  for (let t = 1; t <= 100; t++) a.advance(1, t);
  const b = new AmbientTemperature(opts, new Random(9, "other"));
  b.restore(structuredClone(a.snapshot()));
  for (let t = 101; t <= 200; t++) assert.equal(b.advance(1, t), a.advance(1, t));
});
