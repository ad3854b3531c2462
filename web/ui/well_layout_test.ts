import assert from "node:assert/strict";
import { beamTilt, depthY, pumpDepth, thumbnailPath } from "./well_layout.ts";

Deno.test("beamTilt: horsehead up at the top of the stroke, level mid-stroke", () => {
  assert.equal(beamTilt(3, 3), -14);
  assert.equal(beamTilt(0, 3), 14);
  assert.equal(beamTilt(1.5, 3), 0);
  assert.equal(beamTilt(9, 3), -14, "clamped");
  assert.equal(beamTilt(undefined, 3), 0);
  assert.equal(beamTilt(1, 0), 0);
});

Deno.test("depthY and pumpDepth: the fluid level over the pump", () => {
  assert.equal(pumpDepth([{ length_m: 400 }, { length_m: 500 }, { length_m: 600 }]), 1500);
  assert.equal(pumpDepth(undefined), 0);
  assert.equal(depthY(750, 1500, 200, 300), 250);
  assert.equal(depthY(0, 1500, 200, 300), 200);
  assert.equal(depthY(2000, 1500, 200, 300), 300);
  assert.equal(depthY(100, 0, 200, 300), 300);
});

Deno.test("thumbnailPath: the card fills its box", () => {
  const card = { position: [0, 3, 3, 0], load: [30, 60, 50, 20] };
  const d = thumbnailPath(card, { x: 10, y: 10, w: 100, h: 40 });
  assert.equal(d, "M10.0,40.0L110.0,10.0L110.0,20.0L10.0,50.0Z");
  assert.equal(thumbnailPath({ position: [1, 1], load: [2, 3] }, { x: 0, y: 0, w: 1, h: 1 }), "");
});
