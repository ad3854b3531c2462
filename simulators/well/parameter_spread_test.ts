import assert from "node:assert/strict";
import { spreadReservoir } from "./parameter_spread.ts";

const base = { reservoirPressurePa: 12e6, maxRateM3d: 60, waterCut: 0.5, other: 7 };

Deno.test("no spread leaves the configured values exactly as they are", () => {
  assert.equal(spreadReservoir(base, 0, 1, "well-01"), base);
});

Deno.test("each well gets its own values within the spread, the same every run", () => {
  const wells = Array.from({ length: 5 }, (_, i) => spreadReservoir(base, 0.15, 2026, `w-${i}`));
  const pressures = new Set(wells.map((w) => w.reservoirPressurePa));
  assert.equal(pressures.size, 5, "five wells from one template differ");
  for (const w of wells) {
    assert.ok(Math.abs(w.reservoirPressurePa / 12e6 - 1) <= 0.15);
    assert.ok(Math.abs(w.maxRateM3d / 60 - 1) <= 0.15);
    assert.ok(Math.abs(w.waterCut / 0.5 - 1) <= 0.15);
    assert.equal(w.other, 7, "values outside the reservoir are kept");
  }
  assert.deepEqual(spreadReservoir(base, 0.15, 2026, "w-3"), wells[3], "seeded");
  assert.notDeepEqual(spreadReservoir(base, 0.15, 2027, "w-3"), wells[3], "another plant seed");
});

Deno.test("water cut stays a fraction however wide the spread", () => {
  for (let i = 0; i < 50; i++) {
    const w = spreadReservoir({ ...base, waterCut: 0.98 }, 0.5, 9, `w-${i}`);
    assert.ok(w.waterCut >= 0 && w.waterCut <= 1, String(w.waterCut));
  }
});
