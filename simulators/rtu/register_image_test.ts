import assert from "node:assert/strict";
import type { PointSpec } from "../../twins/point.ts";
import { type DeclaredPoints, layoutRegisters, RegisterTemplates } from "./register_image.ts";

const PUMP: Record<string, PointSpec> = {
  flow: { unit: "m3/h", description: "" },
  running: { unit: "", description: "", type: "boolean" },
  head: { unit: "m", description: "" },
};
const SITE: Record<string, PointSpec> = { supply_temp: { unit: "degC", description: "" } };
const CALC: Record<string, PointSpec> = { pue: { unit: "", description: "" } };

Deno.test("register templates: RTUs over assets declaring alike share one layout; another declaration gets its own", () => {
  const declared: Record<string, DeclaredPoints> = {
    p1: { own: PUMP, extra: {} },
    p2: { own: PUMP, extra: {} },
    s1: { own: SITE, extra: {} },
    s2: { own: SITE, extra: { ...CALC } },
    s3: { own: SITE, extra: { ...CALC } },
  };
  const lookup = (id: string) => declared[id];
  const templates = new RegisterTemplates();
  const a = templates.of(["p1", "s1"], lookup);
  assert.equal(templates.of(["p2", "s1"], lookup), a, "same kinds, same extra points");
  const b = templates.of(["p1", "s2"], lookup);
  assert.notEqual(b, a, "a calculated point on the site");
  assert.equal(templates.of(["p2", "s3"], lookup), b);
  assert.notEqual(templates.of(["s1", "p1"], lookup), a, "order matters");
  assert.notEqual(
    templates.of(["p1", "ghost", "s1"], lookup),
    a,
    "a missing asset keeps its place",
  );
  // The shared template gives each RTU its own assets and base.
  assert.deepEqual(
    layoutRegisters(["p2", "s3"], lookup, 10).map((e) => `${e.asset}.${e.point}@${e.address}`),
    ["p2.flow@10", "p2.head@12", "p2.running@14", "s3.supply_temp@15", "s3.pue@17"],
  );
  assert.equal(b.size, 9);
});
