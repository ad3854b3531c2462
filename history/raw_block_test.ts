import assert from "node:assert/strict";
import type { PointValue, Quality } from "../twins/point.ts";
import { PackWriter } from "./minute_pack.ts";
import { BlockEncoder, type BlockSample, decodeBlock, latestByTime } from "./raw_block.ts";

const T0 = Date.UTC(2026, 0, 1);

Deno.test("a block holds every value type and quality, appended in parts", () => {
  const samples: [number, PointValue, Quality][] = [
    [T0, 1.25, "good"],
    [T0 + 1000, true, "uncertain"],
    [T0 + 2000, "manual ✓", "good"],
    [T0 + 2500, NaN, "bad"],
    [T0 + 90_000_000, null, "good"], // a day later: the time is a varint
    [T0 + 3000, -0.5, "good"], // late: a step back in time
  ];
  const w = new PackWriter();
  const enc = new BlockEncoder(w);
  let data = new Uint8Array();
  // Two appends, as two flushes would make them, concatenated as SQL does.
  for (const part of [samples.slice(0, 2), samples.slice(2)]) {
    enc.start(T0);
    for (const [ts, v, q] of part) enc.add(ts, v, q);
    data = new Uint8Array([...data, ...w.bytes()]);
  }
  const out: BlockSample[] = [];
  decodeBlock(T0, data, out);
  assert.deepEqual(out.map((s) => [s.ts, s.value, s.quality]), samples);
  // 1 s apart a number costs 11 bytes: 2 of time, 1 of flags, 8 of value.
  enc.start(T0);
  enc.add(T0, 1, "good");
  const one = enc.length;
  enc.add(T0 + 1000, 2, "good");
  assert.equal(enc.length - one, 11);
});

Deno.test("read back in time order, a sample written later wins at the same time", () => {
  const s = (ts: number, value: number): BlockSample => ({ ts, value, quality: "good" });
  assert.deepEqual(latestByTime([s(1, 1), s(3, 3), s(2, 2), s(3, 30)]), [
    s(1, 1),
    s(2, 2),
    s(3, 30),
  ]);
  const sorted = [s(1, 1), s(2, 2)];
  assert.equal(latestByTime(sorted), sorted);
});
