import assert from "node:assert/strict";
import { EXAMPLE_WELL } from "../../simulators/well/example_well.ts";
import { toWellConfig, wellParams } from "./params.ts";

Deno.test("default params are the example well, converted to SI", () => {
  const cfg = toWellConfig(wellParams.parse({}));
  const { initialFluidLevelM, ...rest } = cfg;
  assert.equal(initialFluidLevelM, undefined);
  for (const [key, value] of Object.entries(EXAMPLE_WELL)) {
    const got = (rest as Record<string, unknown>)[key];
    if (typeof value === "number") {
      assert.ok(Math.abs((got as number) - value) < 1e-9 * Math.max(1, Math.abs(value)), key);
    } else {
      assert.deepEqual(got, value, key);
    }
  }
});

Deno.test("params are validated: ranges, unknown keys, casing wider than tubing", () => {
  assert.equal(wellParams.safeParse({ spm: 20 }).success, false);
  assert.equal(wellParams.safeParse({ water_cut: 1.5 }).success, false);
  assert.equal(wellParams.safeParse({ pump_depth: 1000 }).success, false);
  assert.equal(wellParams.safeParse({ casing_id_mm: 60 }).success, false);
  assert.equal(wellParams.safeParse({ rods: [] }).success, false);
  const p = wellParams.parse({ rods: [{ diameter_mm: 22.2, length_m: 900 }], max_rate_m3d: 20 });
  assert.equal(toWellConfig(p).rods.sections[0].lengthM, 900);
  assert.ok(Math.abs(toWellConfig(p).rods.sections[0].diameterM - 0.0222) < 1e-12);
});
