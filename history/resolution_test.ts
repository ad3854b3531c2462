import assert from "node:assert/strict";
import { chooseResolution } from "./resolution.ts";

const H = 3_600_000;

Deno.test("without a step the span picks raw, 1-minute or 1-hour data", () => {
  assert.deepEqual(chooseResolution(0, 2 * H), { resolution: "raw", stepMs: undefined });
  assert.deepEqual(chooseResolution(0, 2 * H + 1), { resolution: "1m", stepMs: undefined });
  assert.deepEqual(chooseResolution(0, 72 * H), { resolution: "1m", stepMs: undefined });
  assert.deepEqual(chooseResolution(0, 30 * 24 * H), { resolution: "1h", stepMs: undefined });
});

Deno.test("a step reads the coarsest level that divides it", () => {
  assert.deepEqual(chooseResolution(0, H, "raw"), { resolution: "raw", stepMs: undefined });
  assert.deepEqual(chooseResolution(0, 90 * 24 * H, "raw"), {
    resolution: "raw",
    stepMs: undefined,
  });
  assert.deepEqual(chooseResolution(0, H, 10_000), { resolution: "raw", stepMs: 10_000 });
  assert.deepEqual(chooseResolution(0, H, 90_000), { resolution: "raw", stepMs: 90_000 });
  assert.deepEqual(chooseResolution(0, H, 60_000), { resolution: "1m", stepMs: undefined });
  assert.deepEqual(chooseResolution(0, H, 300_000), { resolution: "1m", stepMs: 300_000 });
  assert.deepEqual(chooseResolution(0, H, H), { resolution: "1h", stepMs: undefined });
  assert.deepEqual(chooseResolution(0, H, 24 * H), { resolution: "1h", stepMs: 24 * H });
});
