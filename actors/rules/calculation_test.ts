import assert from "node:assert/strict";
import { CompileCache, compileCalculation, type PointUnitLookup } from "./calculation.ts";
import { ExpressionError } from "./expression.ts";

// Pumps p1..p3 have flow (m3/h) and head (m); p3 measures flow in l/s; "odd" has no head.
const units: Record<string, Record<string, string>> = {
  p1: { flow: "m3/h", head: "m" },
  p2: { flow: "m3/h", head: "m" },
  p3: { flow: "l/s", head: "m" },
  odd: { flow: "m3/h" },
};
const unitOf: PointUnitLookup = (twin, point) => units[twin]?.[point];
const hasTwin = (id: string) => id in units;
const spec = (twin: string) => ({
  twin,
  point: "hyd",
  expr: "flow * 1000 kg/m^3 * 9.81 m/s^2 * head",
  unit: "kW",
});

Deno.test("a compile cache parses a kind-wide expression once and gives each twin its own references", () => {
  const cache = new CompileCache();
  const a = compileCalculation(spec("p1"), unitOf, hasTwin, cache);
  const b = compileCalculation(spec("p2"), unitOf, hasTwin, cache);
  const c = compileCalculation(spec("p3"), unitOf, hasTwin, cache);
  assert.equal(a.evaluate, b.evaluate);
  assert.equal(a.step, b.step);
  assert.notEqual(c.step, a.step, "l/s flow scales differently");
  assert.deepEqual(b.refs.map((r) => r.twin), ["p2", "p2"]);
  assert.deepEqual(c.refs.map((r) => r.factor), [0.001, 1]);
  // Same results as compiling alone.
  for (const twin of ["p1", "p2", "p3"]) {
    const alone = compileCalculation(spec(twin), unitOf, hasTwin);
    const shared = compileCalculation(spec(twin), unitOf, hasTwin, cache);
    assert.deepEqual(shared.refs, alone.refs);
    assert.equal(shared.resultFactor, alone.resultFactor);
    assert.equal(shared.type, alone.type);
    const values = { flow: 36, head: 50 };
    const run = (calc: typeof alone) => {
      const out = {
        values: {} as Record<string, number>,
        quality: {},
        times: {},
        sampleTs: 0,
        mode: "running",
      };
      const src = { values, quality: {}, times: {}, sampleTs: 5, mode: "running" };
      calc.step(out, [src, src], new Float64Array(2).fill(NaN), 0);
      return out.values.hyd;
    };
    assert.equal(run(shared), run(alone));
  }
});

Deno.test("a compile cache parses again for a twin that lacks a point the expression names", () => {
  const cache = new CompileCache();
  compileCalculation(spec("p1"), unitOf, hasTwin, cache);
  assert.throws(
    () => compileCalculation(spec("odd"), unitOf, hasTwin, cache),
    (e) => e instanceof ExpressionError && /unknown point "head"/.test(e.message),
  );
});

Deno.test("twins fed by different sources get generated steps of their own, with and without a cache", () => {
  for (const cache of [new CompileCache(), undefined]) {
    const sim1 = compileCalculation(spec("p1"), unitOf, hasTwin, cache, "simulator");
    const sim2 = compileCalculation(spec("p2"), unitOf, hasTwin, cache, "simulator");
    const device = compileCalculation(spec("p2"), unitOf, hasTwin, cache, "modbus");
    assert.equal(sim1.step, sim2.step, "one family shares its step");
    assert.notEqual(device.step, sim1.step, "another family has its own");
    // Identical text would share what V8 learns about the tables it reads.
    assert.notEqual(device.step.toString(), sim1.step.toString());
  }
});

Deno.test("a calculated point compares texts with == and != (a mode, a state point), as expressions promise", () => {
  const texts: PointUnitLookup = (twin, point) =>
    twin === "site" && (point === "control_mode" || point === "flow") ? "" : undefined;
  const run = (expr: string, mode: string, control: string) => {
    const calc = compileCalculation(
      { twin: "site", point: "x", expr, unit: "" },
      texts,
      (id) => id === "site",
    );
    assert.equal(calc.type, "boolean", expr);
    const twin = {
      values: { control_mode: control, flow: 3 } as Record<string, unknown>,
      quality: {},
      times: {},
      sampleTs: 1,
      mode,
    };
    calc.step(twin as never, calc.refs.map(() => twin) as never, new Float64Array(2).fill(NaN), 0);
    return twin.values.x;
  };
  assert.equal(run('mode() == "running"', "running", "auto"), true);
  assert.equal(run('mode() == "running"', "stopped", "auto"), false);
  assert.equal(run('control_mode != "manual"', "running", "manual"), false);
  assert.equal(run('control_mode != "manual" and flow > 1', "running", "auto"), true);
  // Numbers still compare as numbers.
  assert.equal(run("flow == 3", "running", "auto"), true);
});
