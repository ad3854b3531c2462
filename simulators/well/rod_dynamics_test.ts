import assert from "node:assert/strict";
import { ConstantLoad, RodDynamics } from "./rod_dynamics.ts";
import { stretchPerNewton, waveSpeed } from "./rod_string.ts";
import { EXAMPLE_RODS as TAPER } from "./example_well.ts";

Deno.test("a static load stretches the tapered string by F·Σ L/(E·A) (damped to rest)", () => {
  // Fluid as dense as steel: no buoyant weight, so the stretch is the load's alone.
  const rod = new RodDynamics(TAPER, TAPER.densityKgM3);
  rod.damping = 20;
  const load = new ConstantLoad(30_000);
  const dt = 0.9 * rod.maxStableDt;
  for (let t = 0; t < 5; t += dt) rod.step(dt, 0, load);
  const stretch = rod.u[0] - rod.u[rod.nodes - 1];
  const expected = 30_000 * stretchPerNewton(TAPER);
  assert.ok(Math.abs(stretch / expected - 1) < 0.02, `stretch ${stretch} vs ${expected}`);
  // Force continuity at the taper joints: every element carries the same tension at rest.
  assert.ok(Math.abs(rod.topTension() - 30_000) < 0.02 * 30_000);
});

Deno.test("settle() gives the static stretch under own buoyant weight that stepping keeps", () => {
  const rod = new RodDynamics(TAPER, 940);
  rod.settle(0, 10_000);
  const before = Float64Array.from(rod.u);
  const dt = 0.9 * rod.maxStableDt;
  const load = new ConstantLoad(10_000);
  for (let i = 0; i < 500; i++) rod.step(dt, 0, load);
  for (let i = 0; i < rod.nodes; i++) assert.ok(Math.abs(rod.u[i] - before[i]) < 1e-9);
  assert.ok(rod.u[rod.nodes - 1] < 0, "the bottom hangs below the unstretched position");
});

Deno.test("a disturbance at the polished rod reaches the pump after L/a", () => {
  const rod = new RodDynamics(TAPER, TAPER.densityKgM3, { elements: 120 });
  const dt = 0.9 * rod.maxStableDt;
  const free = new ConstantLoad(0);
  let t = 0;
  while (Math.abs(rod.u[rod.nodes - 1]) < 1e-4 && t < 2) {
    rod.step(dt, 0.01, free);
    t += dt;
  }
  const expected = 1500 / waveSpeed(TAPER);
  assert.ok(Math.abs(t / expected - 1) < 0.1, `arrival ${t} s vs L/a ${expected} s`);
});

Deno.test("the implicit bottom lets a very stiff pump contact run at the CFL step without blowing up", () => {
  const rod = new RodDynamics(TAPER, 940);
  rod.settle(0, 0);
  const stop = rod.u[rod.nodes - 1] + 0.05;
  const wall = {
    solveBottom(a0: number, r: number, h: number): number {
      // F = −k·(stop − u) below the stop: linear, so solve directly.
      const k = 1e10;
      const u = r / a0;
      return u >= stop ? u : (r + h * k * stop) / (a0 + h * k);
    },
  };
  const dt = 0.9 * rod.maxStableDt;
  for (let i = 0; i < 3000; i++) rod.step(dt, 0, wall);
  for (const v of rod.u) assert.ok(Number.isFinite(v) && Math.abs(v) < 1);
  assert.ok(rod.u[rod.nodes - 1] >= stop - 1e-3, "the wall holds the bottom up");
});
