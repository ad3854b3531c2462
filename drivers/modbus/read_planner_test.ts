import assert from "node:assert/strict";
import { planReads, PROTOCOL_LIMITS, type ReadItem } from "./read_planner.ts";

const shape = (items: ReadItem[], limits = PROTOCOL_LIMITS) =>
  planReads(items, limits).map((r) => `${r.table}:${r.address}+${r.count}`);

Deno.test("contiguous registers merge into one read; tables never mix", () => {
  const items: ReadItem[] = [
    { table: "holding", address: 4, count: 2 },
    { table: "holding", address: 0, count: 2 },
    { table: "holding", address: 2, count: 2 },
    { table: "input", address: 6, count: 1 },
    { table: "coil", address: 0, count: 1 },
    { table: "coil", address: 1, count: 1 },
  ];
  assert.deepEqual(shape(items), ["coil:0+2", "holding:0+6", "input:6+1"]);
  // Every item is carried by exactly one read.
  const carried = planReads(items).flatMap((r) => r.items).sort();
  assert.deepEqual(carried, [0, 1, 2, 3, 4, 5]);
});

Deno.test("a gap splits a read unless max_gap allows spanning it", () => {
  const items: ReadItem[] = [
    { table: "holding", address: 0, count: 2 },
    { table: "holding", address: 5, count: 2 },
  ];
  assert.deepEqual(shape(items), ["holding:0+2", "holding:5+2"]);
  assert.deepEqual(shape(items, { ...PROTOCOL_LIMITS, maxGap: 3 }), ["holding:0+7"]);
  assert.deepEqual(shape(items, { ...PROTOCOL_LIMITS, maxGap: 2 }), ["holding:0+2", "holding:5+2"]);
});

Deno.test("reads stop at 125 registers and 2000 bits, never splitting a value", () => {
  // 100 float32 values = 200 registers: 62 values (124 registers) fit in the first read.
  const floats: ReadItem[] = Array.from({ length: 100 }, (_, i) => ({
    table: "holding",
    address: 2 * i,
    count: 2,
  }));
  assert.deepEqual(shape(floats), ["holding:0+124", "holding:124+76"]);
  const coils: ReadItem[] = Array.from({ length: 4_500 }, (_, i) => ({
    table: "coil",
    address: i,
    count: 1,
  }));
  assert.deepEqual(shape(coils), ["coil:0+2000", "coil:2000+2000", "coil:4000+500"]);
  assert.deepEqual(
    shape(floats.slice(0, 10), { ...PROTOCOL_LIMITS, maxRegisters: 8 }),
    ["holding:0+8", "holding:8+8", "holding:16+4"],
  );
});

Deno.test("bit fields in one register share its read", () => {
  const items: ReadItem[] = [
    { table: "holding", address: 10, count: 1 },
    { table: "holding", address: 10, count: 1 },
    { table: "holding", address: 11, count: 1 },
  ];
  const reads = planReads(items);
  assert.equal(reads.length, 1);
  assert.equal(reads[0].count, 2);
  assert.deepEqual(reads[0].items, [0, 1, 2]);
});
