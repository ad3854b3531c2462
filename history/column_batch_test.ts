import assert from "node:assert/strict";
import type { PointValue } from "../twins/point.ts";
import {
  BatchColumns,
  ColumnBatchBuilder,
  forEachMinute,
  type ReceivedSeries,
} from "./column_batch.ts";

Deno.test("column batch: samples and minute aggregates round-trip, values of every type", () => {
  const b = new ColumnBatchBuilder();
  assert.ok(b.empty);
  b.name({ id: 0, twin: "p", point: "flow", unit: "m3/h" });
  b.name({ id: 1, twin: "p", point: "mode", unit: "" });
  b.minute(0, 60_000, 3, 2, 1.5, 2.5, 4, 2.5, 61_000);
  b.minute(1, 60_000, 2, 0, NaN, NaN, 0, "auto", 62_000);
  const values: [number, PointValue, "good" | "uncertain" | "bad", number][] = [
    [0, 1.25, "good", 1_000],
    [1, "auto", "uncertain", 1_000],
    [1, null, "bad", 2_000],
    [0, NaN, "good", 3_000],
    [1, true, "good", 4_000],
  ];
  // More than the builder's first arrays hold, so they grow.
  for (let k = 0; k < 300; k++) for (const [id, v, q, ts] of values) b.sample(id, v, q, ts + k);
  assert.equal(b.samples, 1_500);
  const { batch, transfer } = b.take(false);
  assert.ok(b.empty, "the builder starts again");
  assert.equal(transfer.length, 7);
  const copy = structuredClone(batch, { transfer });
  const series = new Map<number, ReceivedSeries>(
    copy.named.map((s) => [s.id, { twin: s.twin, point: s.point, unit: s.unit, sink: s.id }]),
  );
  const cols = new BatchColumns(copy, series);
  assert.equal(cols.length, 1_500);
  assert.equal(copy.rollup, false);
  for (let i = 0; i < 1_500; i++) {
    const [id, v, q, ts] = values[i % 5];
    const k = Math.floor(i / 5);
    assert.deepEqual(
      [cols.twin(i), cols.point(i), cols.unit(i), cols.sink(i), cols.value(i), cols.quality(i)],
      ["p", id === 0 ? "flow" : "mode", id === 0 ? "m3/h" : "", id, v, q],
    );
    assert.equal(cols.ts(i), ts + k);
  }
  const minutes: unknown[][] = [];
  forEachMinute(copy, (...args) => minutes.push(args));
  assert.deepEqual(minutes, [
    [0, 60_000, 3, 2, 1.5, 2.5, 4, 2.5, 61_000],
    [1, 60_000, 2, 0, NaN, NaN, 0, "auto", 62_000],
  ]);
  // A point the batch does not name is an error that says which.
  const lost = new BatchColumns(copy, new Map());
  assert.throws(() => lost.twin(0), /sample 0 names unknown point 0/);
});

Deno.test("column batch: shared columns are reused only once the receiver is done with their batch", () => {
  let done = 0;
  const b = new ColumnBatchBuilder({ isFree: (tag) => done >= tag });
  const fill = (k: number) => {
    b.minute(0, 60_000 * k, 1, 1, k, k, k, k, 60_000 * k);
    for (let i = 0; i < 10; i++) b.sample(0, k * 100 + i, "good", k * 1_000 + i);
  };
  fill(1);
  const first = b.take(true, 1).batch;
  assert.ok(first.ts.buffer instanceof SharedArrayBuffer);
  assert.equal(first.samples, 10);
  fill(2);
  const second = b.take(true, 2).batch;
  assert.notEqual(second.ts.buffer, first.ts.buffer, "the first is still being read");
  done = 1;
  fill(3); // built in fresh columns: the first became free only now
  const third = b.take(true, 3).batch;
  fill(4); // built in the first batch's columns
  const fourth = b.take(true, 4).batch;
  assert.equal(fourth.ts.buffer, first.ts.buffer);
  assert.notEqual(fourth.ts.buffer, second.ts.buffer);
  assert.notEqual(fourth.ts.buffer, third.ts.buffer);
  // The second, never freed, still holds its own samples.
  assert.deepEqual([...second.num.subarray(0, 10)], Array.from({ length: 10 }, (_, i) => 200 + i));
  assert.deepEqual([...fourth.num.subarray(0, 10)], Array.from({ length: 10 }, (_, i) => 400 + i));
});
