import assert from "node:assert/strict";
import { pointTable } from "./point_table.ts";

Deno.test("a point table is a plain, empty object that compares like {}", () => {
  const t = pointTable<number>("pump", "values");
  assert.equal(Object.getPrototypeOf(t), Object.prototype);
  assert.deepEqual(t, {});
  t.flow = 1.5;
  assert.deepEqual(t, { flow: 1.5 });
  assert.equal(JSON.stringify(t), '{"flow":1.5}');
  assert.deepEqual({ ...t }, { flow: 1.5 });
});

Deno.test("each call gives a new table; kinds and tables do not share one", () => {
  const a = pointTable<number>("pump", "values");
  const b = pointTable<number>("pump", "values");
  a.x = 1;
  assert.equal(b.x, undefined);
  assert.notEqual(a.constructor, undefined);
  assert.equal(Object.keys(pointTable("well", "times")).length, 0);
});
