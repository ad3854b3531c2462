import assert from "node:assert/strict";
import { MotionTable, MotionTables } from "./motion_table.ts";
import { newRodMotion, polishedRodMotion } from "./pumping_unit.ts";

Deno.test("a motion table holds exactly what polishedRodMotion gives at each step's phase", () => {
  const steps = 1237, table = new MotionTable(3.05, 60 / 7.3, 0.31, steps);
  const m = newRodMotion();
  for (const n of [0, 1, 2, 618, 619, steps - 1, steps]) {
    polishedRodMotion(n / steps, 3.05, 60 / 7.3, 0.31, m);
    assert(Object.is(table.position[n], m.position), `position at step ${n}`);
    assert(Object.is(table.velocity[n], m.velocity), `velocity at step ${n}`);
    assert(Object.is(table.acceleration[n], m.acceleration), `acceleration at step ${n}`);
  }
  // Half way is the top of the stroke: the full stroke length up, at rest.
  assert(Math.abs(table.position[steps / 2 | 0] - 3.05) < 1e-4);
});

Deno.test("motion tables are shared per stroke shape and keep at most their capacity", () => {
  const tables = new MotionTables(2);
  const a = tables.get(3, 8, 0.3, 100);
  assert.equal(tables.get(3, 8, 0.3, 100), a);
  const b = tables.get(3, 8, 0.3, 120);
  assert(b !== a && b.steps === 120);
  tables.get(3, 6, 0.3, 100);
  assert.equal(tables.size, 2);
  // The oldest went first: asking again builds a new table.
  assert(tables.get(3, 8, 0.3, 100) !== a);
});
