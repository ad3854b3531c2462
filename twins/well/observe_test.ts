import assert from "node:assert/strict";
import { minimumIntactPeakKn, observeWell } from "./observe.ts";
import { wellParams } from "./params.ts";

const params = wellParams.parse({});
const healthy = { pumping: true, spm: 6, peak_load: 62, fillage: 99 };

Deno.test("observations: stopped, producing, low fill", () => {
  assert.equal(observeWell({ ...healthy, pumping: false }, params), "stopped");
  assert.equal(observeWell(healthy, params), "producing");
  assert.equal(observeWell({ ...healthy, fillage: 60 }, params), "low_fill");
  assert.equal(
    observeWell({ ...healthy, fillage: 75 }, params),
    "producing",
    "threshold is strict",
  );
});

Deno.test("a peak under the intact string's buoyant weight + Mills term reads as parted rods", () => {
  // Default string: W_rb ≈ 38.45 kN; at 6 spm α ≈ 0.0755, W_r·α ≈ 3.3 kN.
  const floor = minimumIntactPeakKn(params, 6);
  assert.ok(Math.abs(floor - 41.75) < 0.1, `floor ${floor}`);
  assert.equal(observeWell({ ...healthy, peak_load: 25 }, params), "rod_parted");
  assert.equal(observeWell({ ...healthy, peak_load: 0.94 * floor }, params), "rod_parted");
  assert.equal(observeWell({ ...healthy, peak_load: 1.0 * floor }, params), "producing");
  // The dynamic term raises the floor with speed.
  assert.ok(minimumIntactPeakKn(params, 12) > floor + 5);
});
