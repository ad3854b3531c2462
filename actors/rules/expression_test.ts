import assert from "node:assert/strict";
import { compileExpression, ExpressionError, parseExpression } from "./expression.ts";

const points = new Set(["flow", "status", "running", "temp", "sp"]);
const scope = { units: false, isPoint: (n: string) => points.has(n) };

/** Evaluate `expr` with values by reference key (`point`, `twin.point`, `mode`, `twin.mode`). */
function evaluate(expr: string, values: Record<string, unknown>): unknown {
  const parsed = parseExpression(expr, scope);
  const slots = parsed.refs.map((r) => {
    const key = r.mode
      ? `${r.twin ? r.twin + "." : ""}mode`
      : `${r.twin ? r.twin + "." : ""}${r.point}`;
    return values[key];
  });
  return compileExpression(parsed)(slots);
}

Deno.test("expression: arithmetic and logic agree with mathjs semantics", () => {
  assert.equal(evaluate("flow * 2 + 3 ^ 2", { flow: 4 }), 17);
  assert.equal(evaluate("-7 mod 3", {}), 2, "floored modulo, as mathjs");
  assert.equal(evaluate("temp > sp + 2 and running", { temp: 43, sp: 40, running: true }), true);
  assert.equal(evaluate("temp > sp + 2 and running", { temp: 43, sp: 40, running: false }), false);
  assert.equal(evaluate("not running or flow < 5", { running: true, flow: 6 }), false);
  assert.equal(evaluate("running xor flow > 0", { running: true, flow: 0 }), true);
  assert.equal(evaluate("flow > 10 ? 1 : 0", { flow: 11 }), 1);
  assert.equal(evaluate("max(flow, 3, 9) + abs(-2) + round(2.345, 2)", { flow: 5 }), 13.35);
  assert.equal(evaluate("sqrt(flow) + log(100, 10)", { flow: 16 }), 6);
  assert.equal(evaluate("running == 1", { running: true }), true, "booleans compare as 0/1");
  assert.equal(evaluate("pi > 3 and e < 3", {}), true);
  assert.equal(
    evaluate("median(flow, 1, 2)", { flow: 7 }),
    2,
    "other mathjs functions go through mathjs",
  );
});

Deno.test("expression: strings, other twins' points and modes", () => {
  assert.equal(evaluate('status == "tripped"', { status: "tripped" }), true);
  assert.equal(evaluate('status != "tripped"', { status: "running" }), true);
  assert.equal(
    evaluate('p("pump-1", "flow") < 5 and mode("pump-1") == "running"', {
      "pump-1.flow": 2,
      "pump-1.mode": "running",
    }),
    true,
  );
  assert.equal(evaluate('mode() == "stopped"', { mode: "stopped" }), true);
  const parsed = parseExpression('flow + p("a", "flow") + flow + mode()', scope);
  assert.deepEqual(parsed.refs, [
    { twin: undefined, point: "flow", mode: false },
    { twin: "a", point: "flow", mode: false },
    { twin: undefined, point: "", mode: true },
  ], "each reference gets one slot");
});

Deno.test("expression: mistakes are refused naming the position", () => {
  const fails = (expr: string, message: RegExp, position?: number) => {
    assert.throws(() => parseExpression(expr, scope), (e: ExpressionError) => {
      assert.match(e.message, message);
      if (position !== undefined) assert.equal(e.position, position);
      return true;
    });
  };
  fails(
    "flow + * 2",
    /invalid expression "flow \+ \* 2" at character 8 \("\* 2"\): Value expected/,
    8,
  );
  fails("flow > (3", /at character 10 \(end of expression\): Parenthesis \) expected/, 10);
  fails("flow > fow", /unknown point "fow" in "flow > fow" at character 8/, 8);
  fails("frobnicate(flow)", /unknown function "frobnicate"/, 1);
  fails('p("a")', /p\(\) takes a twin and a point/);
  fails("p(flow, 1)", /p\(\) twin in "p\(flow, 1\)" must be a quoted string/);
  fails("x = 3", /AssignmentNode\) is not supported/);
  fails("temp > 40 degC", /unknown point "degC"/, 11);
});

Deno.test("expression: mathjs functions that evaluate, rewrite, configure or allocate are refused", () => {
  const refused = [
    'evaluate("1 + 1")',
    'parse("x")',
    'compile("x")',
    'simplify("x + x")',
    'derivative("x^2", "x")',
    'import("x")',
    'createUnit("zz")',
    "config(1)",
    "chain(3)",
    "zeros(100000, 100000)",
    "range(0, 1e12)",
    "random()",
    "isPrime(1e15)",
  ];
  for (const expr of refused) {
    assert.throws(
      () => parseExpression(expr, scope),
      (e: ExpressionError) => /function "\w+" is not allowed in point expressions/.test(e.message),
      expr,
    );
  }
  for (const name of ["constructor", "toString", "valueOf", "hasOwnProperty", "__proto__"]) {
    assert.throws(() => parseExpression(`${name}(1)`, scope), ExpressionError, `${name}()`);
    assert.throws(() => parseExpression(`${name} + 1`, scope), /unknown point/, name);
  }
  assert.equal(evaluate("mean(flow, 4) + hypot(3, 4)", { flow: 2 }), 8);
});
