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
