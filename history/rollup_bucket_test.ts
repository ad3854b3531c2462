import assert from "node:assert/strict";
import { bucketStart, RollupBucket } from "./rollup_bucket.ts";

Deno.test("a bucket keeps min, max, mean, last and count of its samples", () => {
  const b = new RollupBucket(60_000);
  b.add(60_500, 3);
  b.add(61_000, -1);
  b.add(60_700, 10); // late but older: counts, but is not the last
  assert.deepEqual(b.row(), { ts: 60_000, min: -1, max: 10, mean: 4, last: -1, count: 3 });
});

Deno.test("booleans average as 0 and 1; strings, NaN and infinities count but do not average", () => {
  const b = new RollupBucket(0);
  b.add(1, true);
  b.add(2, false);
  b.add(3, true);
  b.add(4, NaN);
  b.add(5, Infinity);
  b.add(6, "auto");
  assert.deepEqual(b.row(), { ts: 0, min: 0, max: 1, mean: 2 / 3, last: "auto", count: 6 });
  const s = new RollupBucket(0);
  s.add(1, "manual");
  assert.deepEqual(s.row(), { ts: 0, min: null, max: null, mean: null, last: "manual", count: 1 });
});

Deno.test("merging two halves gives the bucket of all samples", () => {
  const samples: [number, number][] = [[1, 5], [2, 7], [3, -2], [4, 9], [5, 1]];
  const whole = new RollupBucket(0);
  for (const [t, v] of samples) whole.add(t, v);
  const a = new RollupBucket(0), b = new RollupBucket(0);
  for (const [t, v] of samples.slice(0, 2)) a.add(t, v);
  for (const [t, v] of samples.slice(2)) b.add(t, v);
  b.merge(a); // the older half merged into the newer keeps the newer last
  assert.deepEqual(b.row(), whole.row());
  const empty = new RollupBucket(0);
  empty.merge(whole);
  assert.deepEqual(empty.row(), whole.row());
});

Deno.test("bucketStart floors to the width, before 1970 too", () => {
  assert.equal(bucketStart(119_999, 60_000), 60_000);
  assert.equal(bucketStart(120_000, 60_000), 120_000);
  assert.equal(bucketStart(-1, 60_000), -60_000);
});
