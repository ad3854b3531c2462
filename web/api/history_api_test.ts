import assert from "node:assert/strict";
import { parseStep, parseTime } from "./history_api.ts";

Deno.test("times: epoch ms, ISO dates and date-times; no zone means UTC", () => {
  const t = Date.UTC(2026, 0, 2, 3, 4, 5, 678);
  assert.equal(parseTime(String(t), "from"), t);
  assert.equal(parseTime("2026-01-02T03:04:05.678Z", "from"), t);
  assert.equal(parseTime("2026-01-02T03:04:05.678", "from"), t);
  assert.equal(parseTime("2026-01-02 03:04:05.678", "from"), t);
  assert.equal(parseTime("2026-01-02T05:04:05.678+02:00", "from"), t);
  assert.equal(parseTime("2026-01-02", "to"), Date.UTC(2026, 0, 2));
  for (const bad of ["", "now", "1e12", "2026-1-2", "Jan 2 2026", "2026-01-02T25:00Z"]) {
    assert.throws(() => parseTime(bad, "to"), new RegExp(`^HttpError: \\?to: .*got "${bad}"`));
  }
});

Deno.test("steps: raw, durations and whole milliseconds", () => {
  assert.equal(parseStep("raw"), "raw");
  assert.equal(parseStep("250"), 250);
  assert.equal(parseStep("10s"), 10_000);
  assert.equal(parseStep("1.5m"), 90_000);
  assert.equal(parseStep("2h"), 7_200_000);
  assert.equal(parseStep("1d"), 86_400_000);
  for (const bad of ["0", "0s", "-5", "fast", "1.5ms", "5 m"]) {
    assert.throws(() => parseStep(bad), /\?step: expected "raw", a duration/, bad);
  }
});
