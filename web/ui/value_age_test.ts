import assert from "node:assert/strict";
import type { Point } from "./api_types.ts";
import { formatAge, pointAge, runtimeNow } from "./value_age.ts";

const point = (ts: number): Point => ({ value: 1, unit: "", quality: "good", ts });

Deno.test("ages read in the largest units that keep them short", () => {
  assert.equal(formatAge(0), "now");
  assert.equal(formatAge(999), "now");
  assert.equal(formatAge(3_400), "3 s ago");
  assert.equal(formatAge(59_999), "59 s ago");
  assert.equal(formatAge(4 * 60_000 + 5_000), "4 min ago");
  assert.equal(formatAge(2 * 3_600_000), "2 h ago");
  assert.equal(formatAge(2 * 3_600_000 + 5 * 60_000), "2 h 5 min ago");
  assert.equal(formatAge(3 * 86_400_000 + 4 * 3_600_000), "3 d 4 h ago");
  assert.equal(formatAge(undefined), "never");
});

Deno.test("a point's age runs on the runtime clock, not the browser's", () => {
  // Virtual time far from the browser's Date.now.
  const now = Date.UTC(2026, 0, 1, 0, 10, 0);
  assert.equal(pointAge(point(now - 7_000), now), 7_000);
  assert.equal(formatAge(pointAge(point(now - 7_000), now)), "7 s ago");
  // A sample slightly ahead of the last clock frame is fresh, not negative.
  assert.equal(pointAge(point(now + 300), now), 0);
  assert.equal(pointAge(point(0), now), undefined, "never sampled");
  assert.equal(pointAge(undefined, now), undefined);
  assert.equal(pointAge(point(now), 0), undefined, "no clock heard yet");
});

Deno.test("the runtime clock is the streamed clock, or the newest sample before the first frame", () => {
  assert.equal(runtimeNow({ clockNow: 0, latestTs: 5_000 }), 5_000);
  assert.equal(runtimeNow({ clockNow: 9_000, latestTs: 5_000 }), 9_000);
  assert.equal(runtimeNow({ clockNow: 0, latestTs: 0 }), 0);
});
