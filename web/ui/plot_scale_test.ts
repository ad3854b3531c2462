import assert from "node:assert/strict";
import { extent, niceAxis, scale, tickLabel } from "./plot_scale.ts";

Deno.test("ticks are round and cover the data", () => {
  const a = niceAxis(23.4, 118.9);
  assert.equal(a.step, 20);
  assert.equal(a.lo, 20);
  assert.equal(a.hi, 120);
  assert.deepEqual(a.ticks, [20, 40, 60, 80, 100, 120]);
  assert.ok(a.lo <= 23.4 && a.hi >= 118.9);
});

Deno.test("fractional steps give clean tick values", () => {
  const a = niceAxis(0, 3.05); // polished-rod stroke in m
  assert.equal(a.step, 1);
  const b = niceAxis(0.02, 0.93);
  assert.equal(b.step, 0.2);
  assert.deepEqual(b.ticks, [0, 0.2, 0.4, 0.6, 0.8, 1]);
  assert.equal(tickLabel(0.6000000001, b.step), "0.6");
  assert.equal(tickLabel(40, 20), "40");
});

Deno.test("a flat or empty series still gets an axis around it", () => {
  const a = niceAxis(50, 50);
  assert.ok(a.lo < 50 && a.hi > 50);
  const z = niceAxis(0, 0);
  assert.ok(z.lo < 0 && z.hi > 0);
  assert.deepEqual(extent([]), [0, 1]);
  assert.deepEqual(extent([3, NaN, -2, 7]), [-2, 7]);
});

Deno.test("scale maps ends to ends and is linear between", () => {
  assert.equal(scale(0, 0, 10, 100, 0), 100);
  assert.equal(scale(10, 0, 10, 100, 0), 0);
  assert.equal(scale(2.5, 0, 10, 100, 0), 75);
  assert.equal(scale(1, 1, 1, 0, 10), 5);
});
