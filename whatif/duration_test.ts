import assert from "node:assert/strict";
import { formatDuration, parseDuration } from "./duration.ts";

Deno.test("parseDuration reads single and compound units", () => {
  assert.equal(parseDuration("24h"), 86_400_000);
  assert.equal(parseDuration("90m"), 5_400_000);
  assert.equal(parseDuration("1h30m"), 5_400_000);
  assert.equal(parseDuration("2d"), 172_800_000);
  assert.equal(parseDuration("1.5h"), 5_400_000);
  assert.equal(parseDuration("45s"), 45_000);
  assert.equal(parseDuration("1s500ms"), 1_500);
  assert.equal(parseDuration(" 3h "), 10_800_000);
});

Deno.test("parseDuration refuses what it would have to guess", () => {
  for (const bad of ["", "24", "h", "-1h", "1 h", "1h1h", "30m1h", "1x", "1hour", "1e3s"]) {
    assert.throws(() => parseDuration(bad), Error, `"${bad}" should be refused`);
  }
  assert.throws(() => parseDuration("24"), /write it like "24h"/);
  assert.throws(() => parseDuration("30m1h"), /from days down to ms/);
});

Deno.test("formatDuration round-trips", () => {
  assert.equal(formatDuration(5_400_000), "1h30m");
  assert.equal(formatDuration(90_061_001), "1d1h1m1s1ms");
  for (const s of ["24h", "90m", "2d3h", "45s"]) {
    assert.equal(parseDuration(formatDuration(parseDuration(s))), parseDuration(s));
  }
});
