import assert from "node:assert/strict";
import type { PointValue } from "../twins/point.ts";
import { HourMinutes, PackWriter } from "./minute_pack.ts";

const H = Date.UTC(2026, 0, 1, 5);
const MIN = 60_000;

/** Every minute of an hour as its bucket row (or null when empty). */
function rows(h: HourMinutes) {
  return Array.from({ length: 60 }, (_, i) => h.bucket(i)?.row() ?? null);
}

Deno.test("packing keeps every shape of minute exactly, and packs a still minute small", () => {
  const h = new HourMinutes(H);
  const add = (i: number, values: PointValue[], start = 0) =>
    values.forEach((v, k) => {
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
        H + i * MIN + start + k * 1000,
      );
    });
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
