import assert from "node:assert/strict";
import type { PointValue } from "../twins/point.ts";
import { HourMinutes, PackWriter } from "./minute_pack.ts";
import { RollupBucket } from "./rollup_bucket.ts";

const H = Date.UTC(2026, 0, 1, 5);
const MIN = 60_000;

/** Every minute of an hour as its bucket row (or null when empty). */
function rows(h: HourMinutes) {
  return Array.from({ length: 60 }, (_, i) => h.bucket(i)?.row() ?? null);
}

/** Add one sample `v` taken at `ts` to minute `i` of `h` (a boolean counts as 0 or 1). */
function addSample(h: HourMinutes, i: number, v: PointValue, ts: number): void {
  const x = typeof v === "boolean" ? (v ? 1 : 0) : v;
  const finite = typeof x === "number" && Number.isFinite(x);
  h.add(
    H + i * MIN,
    1,
    finite ? 1 : 0,
    finite ? x : NaN,
    finite ? x : NaN,
    finite ? x : 0,
    v,
    ts,
  );
}

Deno.test("packing keeps every shape of minute exactly, and packs a still minute small", () => {
  const h = new HourMinutes(H);
  const add = (i: number, values: PointValue[], start = 0) =>
    values.forEach((v, k) => addSample(h, i, v, H + i * MIN + start + k * 1000));
  add(0, [1.5, 1.5, 1.5]); // still
  add(1, [0.1, 0.7, -3e-300, 12345.678]); // moving
  add(2, [true, true]); // still boolean
  add(3, [false, true, false]);
  add(4, ["auto", "manual"]); // strings: count and last only
  add(5, [2, NaN]); // last is NaN, the number still averages
  add(6, [null, 4]);
  add(59, [Infinity, 1], 58_000); // last near the end of the hour
  const w = new PackWriter();
  h.pack(w);
  const back = new HourMinutes(H);
  back.unpack(w.bytes(), "merge");
  assert.deepEqual(rows(back), rows(h));
  assert.ok(rows(back)[7] === null);
  // A still minute costs 16 bytes; the whole pack a version byte and the records.
  const still = new HourMinutes(H);
  still.add(H, 60, 60, 20, 20, 1200, 20, H + 59_000);
  const w2 = new PackWriter();
  still.pack(w2);
  assert.equal(w2.length, 1 + 16);
});

Deno.test("merging packs adds them up; replacing takes the newer state of a minute", () => {
  const a = new HourMinutes(H);
  a.add(H, 2, 2, 1, 3, 4, 3, H + 1000);
  const b = new HourMinutes(H);
  b.add(H, 1, 1, 0, 0, 0, 0, H + 2000);
  b.add(H + MIN, 1, 1, 9, 9, 9, 9, H + MIN);
  const w = new PackWriter();
  b.pack(w);
  a.unpack(w.bytes(), "merge");
  assert.deepEqual(a.bucket(0)!.row(), { ts: H, min: 0, max: 3, mean: 4 / 3, last: 0, count: 3 });
  assert.deepEqual(a.hour()!.row(), { ts: H, min: 0, max: 9, mean: 13 / 4, last: 9, count: 4 });
  a.unpack(w.bytes(), "replace");
  assert.deepEqual(a.bucket(0)!.row(), { ts: H, min: 0, max: 0, mean: 0, last: 0, count: 1 });
});

Deno.test("a cut or foreign blob is refused, not misread", () => {
  const h = new HourMinutes(H);
  h.add(H, 1, 1, 1, 1, 1, 1, H);
  const w = new PackWriter();
  h.pack(w);
  const bytes = w.bytes();
  assert.throws(
    () => new HourMinutes(H).unpack(bytes.subarray(0, bytes.length - 1), "merge"),
    /cut short/,
  );
  assert.throws(() => new HourMinutes(H).unpack(new Uint8Array([9]), "merge"), /version/);
});

Deno.test("the hour's bucket is its minutes' buckets merged in order, over 300 random hours", () => {
  let seed = 11;
  const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const odd: PointValue[] = [true, false, "auto", null, NaN, Infinity];
  for (let k = 0; k < 300; k++) {
    const h = new HourMinutes(H);
    for (let n = Math.floor(rnd() * 200); n > 0; n--) {
      const i = Math.floor(rnd() * 60);
      const v = rnd() < 0.2 ? odd[Math.floor(rnd() * odd.length)] : (rnd() - 0.5) * 1e3;
      // Times repeat, within a minute and across minutes (a merged journal
      // may carry any), so ties and order both matter.
      addSample(h, i, v, H + (rnd() < 0.3 ? 0 : i * MIN) + Math.floor(rnd() * 4) * 15_000);
    }
    let merged: RollupBucket | undefined;
    for (let i = 0; i < 60; i++) {
      const b = h.bucket(i);
      if (!b) continue;
      merged ??= new RollupBucket(H);
      merged.merge(b);
    }
    const hour = h.hour();
    assert.deepEqual(hour?.row() ?? null, merged?.row() ?? null, `hour ${k}`);
    assert.equal(hour?.lastTs, merged?.lastTs);
  }
  // Two minutes whose lasts carry the same time: the later minute's wins, as a merge in order gives.
  const tie = new HourMinutes(H);
  tie.add(H + 2 * MIN, 1, 1, 5, 5, 5, 5, H + 10_000);
  tie.add(H + 7 * MIN, 1, 1, 9, 9, 9, 9, H + 10_000);
  assert.equal(tie.hour()?.last, 9);
});
