import assert from "node:assert/strict";
import { dependencyOrder } from "./dependency_order.ts";

Deno.test("dependency order: every node after what it reads, ties in input order", () => {
  const deps: Record<string, string[]> = {
    "a.cop": ["a.heat", "a.power"],
    "a.heat": ["a.flow_si"],
    "a.power": [],
    "a.flow_si": ["a.flow"], // a.flow is a measured point, not a node
  };
  const r = dependencyOrder(Object.keys(deps), (n) => deps[n]);
  assert.deepEqual(r.order, ["a.flow_si", "a.heat", "a.power", "a.cop"]);
  for (const [n, ds] of Object.entries(deps)) {
    for (const d of ds.filter((x) => x in deps)) {
      assert.ok(r.order!.indexOf(d) < r.order!.indexOf(n), `${d} before ${n}`);
    }
  }
});

Deno.test("dependency order: a cycle is named node by node and closes on its first node", () => {
  const deps: Record<string, string[]> = {
    "s1.x": ["s2.y"],
    "s2.y": ["s1.z"],
    "s1.z": ["s1.x"],
    "s1.free": [],
  };
  const r = dependencyOrder(Object.keys(deps), (n) => deps[n]);
  assert.equal(r.order, undefined);
  assert.deepEqual(r.cycles, [["s1.x", "s2.y", "s1.z", "s1.x"]]);
  const self = dependencyOrder(["a"], () => ["a"]);
  assert.deepEqual(self.cycles, [["a", "a"]]);
});
