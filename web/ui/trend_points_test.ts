import assert from "node:assert/strict";
import type { PointSpec } from "./api_types.ts";
import { defaultTrendPoints, MAX_TREND_POINTS, trendablePoints } from "./trend_points.ts";

const spec = (extra: Partial<PointSpec> = {}): PointSpec => ({
  unit: "",
  description: "",
  ...extra,
});

Deno.test("trend points: numbers only, the kind's key ones first, else its first three", () => {
  const specs = {
    running: spec({ type: "boolean", key: true }),
    mode: spec({ type: "string" }),
    flow: spec({ unit: "m3/h", key: true }),
    head: spec({ unit: "m" }),
    power: spec({ unit: "kW", key: true, type: "number" }),
  };
  assert.deepEqual(trendablePoints(specs), ["flow", "head", "power"]);
  assert.deepEqual(defaultTrendPoints(specs), ["flow", "power"]);
  const plain = Object.fromEntries(["a", "b", "c", "d"].map((n) => [n, spec()]));
  assert.deepEqual(defaultTrendPoints(plain), ["a", "b", "c"]);
  const many = Object.fromEntries(
    Array.from({ length: 9 }, (_, i) => [`k${i}`, spec({ key: true })]),
  );
  assert.equal(defaultTrendPoints(many).length, MAX_TREND_POINTS);
  assert.deepEqual(defaultTrendPoints({ on: spec({ type: "boolean" }) }), []);
});
