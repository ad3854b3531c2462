import assert from "node:assert/strict";
import {
  SPARK_SERIES_PER_REQUEST,
  sparkKey,
  sparkRequestPaths,
  sparkSegments,
  sparkValues,
} from "./sparkline_data.ts";

const M = 60_000;
const NOW = Date.UTC(2026, 0, 1, 12, 30, 17);

Deno.test("sparklines: many points in as few requests as the API allows, on one minute grid", () => {
  const keys = Array.from({ length: 120 }, (_, i) => sparkKey(`site-${i}`, "supply_temp"));
  const paths = sparkRequestPaths(keys, NOW);
  assert.equal(paths.length, 3, "120 points at 50 per request");
  const urls = paths.map((p) => new URL(p, "http://x"));
  assert.deepEqual(
    urls.map((u) => u.searchParams.get("series")!.split(",").length),
    [SPARK_SERIES_PER_REQUEST, SPARK_SERIES_PER_REQUEST, 20],
  );
  assert.equal(urls[0].searchParams.get("series")!.split(",")[0], "site-0:supply_temp");
  for (const u of urls) {
    assert.equal(u.pathname, "/api/history");
    assert.equal(u.searchParams.get("step"), "1m");
    const from = Number(u.searchParams.get("from")), to = Number(u.searchParams.get("to"));
    assert.equal(from, Date.UTC(2026, 0, 1, 11, 31), "the hour's 60 minutes, this one included");
    assert.equal(to - from, 60 * M - 1);
  }
  assert.deepEqual(sparkRequestPaths([], NOW), []);
});

Deno.test("sparklines: buckets land on their minute; missing minutes are gaps", () => {
  const from = Date.UTC(2026, 0, 1, 11, 31);
  const rows = [
    [from, 1, 3, 2, 2.5, 60],
    [from + 2 * M, 1, 3, 4, 2.5, 60],
    [from + 3 * M, null, null, null, true, 60], // a boolean point's last
    [from + 60 * M, 9, 9, 9, 9, 1], // past the grid
    [from - M, 9, 9, 9, 9, 1], // before it
  ];
  assert.deepEqual(sparkValues(rows, from, 5), [2, null, 4, 1, null]);
});

Deno.test("sparklines: segments span the canvas, lowest at the bottom, broken at gaps", () => {
  const segs = sparkSegments([0, 10, null, 5], 30, 20);
  assert.equal(segs.length, 2);
  assert.deepEqual(segs[0], [[0, 18.5], [10, 1.5]]);
  assert.deepEqual(segs[1], [[30, 10]]);
  assert.deepEqual(
    sparkSegments([3, 3, 3], 20, 10),
    [[[0, 5], [10, 5], [20, 5]]],
    "flat in the middle",
  );
  assert.deepEqual(sparkSegments([null, null], 20, 10), []);
});
