import assert from "node:assert/strict";
import { pointWriter, writePoint } from "./point_writer.ts";
import type { PointValues } from "../simulators/simulator.ts";

Deno.test("writePoint adds and overwrites points of any name, quotes and all", () => {
  const values: PointValues = {};
  for (let i = 0; i < 40; i++) writePoint(values, `p${i}`, i + 0.5);
  writePoint(values, 'odd "name"\n\\', true);
  writePoint(values, "p3", "text");
  assert.equal(values.p0, 0.5);
  assert.equal(values.p39, 39.5);
  assert.equal(values.p3, "text");
  assert.equal(values['odd "name"\n\\'], true);
  assert.equal(Object.keys(values).length, 41);
});

Deno.test("a point named __proto__ is an own point, not the prototype", () => {
  const values: PointValues = {};
  writePoint(values, "__proto__", 7);
  assert.equal(Object.getPrototypeOf(values), Object.prototype);
  assert.deepEqual(Object.keys(values), ["__proto__"]);
  assert.equal(Object.getOwnPropertyDescriptor(values, "__proto__")?.value, 7);
  writePoint(values, "__proto__", 8);
  assert.equal(Object.getOwnPropertyDescriptor(values, "__proto__")?.value, 8);
});

Deno.test("pointWriter makes one writer per name", () => {
  assert.equal(pointWriter("flow"), pointWriter("flow"));
  assert.notEqual(pointWriter("flow"), pointWriter("head"));
});
