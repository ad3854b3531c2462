import assert from "node:assert/strict";
import { dayOf, DaySet, MAX_TS, parsePartitionName, partitionName } from "./day_partitions.ts";

Deno.test("a day table is named by level and UTC date, and the name reads back", () => {
  const day = dayOf(Date.UTC(2026, 0, 1, 23, 59, 59, 999));
  assert.equal(partitionName("raw", day), "raw_20260101");
  assert.equal(partitionName("1m", day + 1), "m1_20260102");
  assert.equal(partitionName("1h", dayOf(MAX_TS)), "h1_99991231");
  assert.deepEqual(parsePartitionName("m1_20260102"), { level: "1m", day: day + 1 });
  for (const other of ["series", "raw_2026011", "raw_20260230", "x1_20260101", "raw_20260101x"]) {
    assert.equal(parsePartitionName(other), undefined, other);
  }
});

Deno.test("a day set answers ranges and what lies before a day", () => {
  const days = new DaySet();
  for (const d of [5, 1, 9, 3, 5]) days.add(d);
  assert.deepEqual(days.between(2, 9), [3, 5, 9]);
  assert.deepEqual(days.before(5), [1, 3]);
  assert.deepEqual(days.newestFirst(), [9, 5, 3, 1]);
  days.delete(3);
  assert.ok(!days.has(3) && days.has(9));
  assert.deepEqual(days.between(0, 100), [1, 5, 9]);
});
