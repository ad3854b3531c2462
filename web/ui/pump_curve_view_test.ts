import { deepEqual, equal, ok } from "node:assert/strict";
import {
  coefficientText,
  efficiencyEquation,
  fittedRunout,
  headEquation,
  operatingPoint,
  polynomial,
  powerHead,
  sampleCurve,
} from "./pump_curve_view.ts";

Deno.test("operating point: flow in L/s from the twin's m3/h; none while the pump is still", () => {
  const point = (value: unknown) => ({ value });
  deepEqual(
    operatingPoint({
      flow: point(180),
      head: point(50),
      speed: point(90),
      efficiency: point(74),
    }),
    { flowLps: 50, headM: 50, speedPct: 90, efficiencyPct: 74 },
  );
  equal(operatingPoint({ flow: point(0), head: point(0), speed: point(0) }), undefined);
  equal(operatingPoint({ flow: point(null), head: point(3), speed: point(100) }), undefined);
});

Deno.test("curves at another speed follow the affinity laws", () => {
  const f = { a: 60, b: 0.0085, c: 1.8 };
  const nominal = sampleCurve((q) => powerHead(f, q), 0, 200, 1, "head", 10);
  const slow = sampleCurve((q) => powerHead(f, q), 0, 100, 0.8, "head", 10);
  equal(nominal[0][1], 60);
  ok(Math.abs(slow[0][1] - 0.64 * 60) < 1e-9, "shutoff head scales with s²");
  // The point (Q, H) at nominal speed is (0.8 Q, 0.64 H) at 80 %.
  const q = 40;
  const at = sampleCurve((x) => powerHead(f, x), 0.8 * q, 0.8 * q, 0.8, "head", 1)[0];
  ok(Math.abs(at[1] - 0.64 * powerHead(f, q)) < 1e-9);
  // Negative heads past run-out are left out.
  const runout = fittedRunout(f, 0);
  ok(Math.abs(powerHead(f, runout)) < 1e-9);
  ok(nominal.every(([, h]) => h >= 0) && nominal.length < 11);
  // Efficiency at reduced speed is a little lower (Sarbu-Borza), never higher.
  const e = sampleCurve(() => 80, 10, 10, 0.8, "efficiency", 1)[0][1];
  ok(e < 80 && e > 79, String(e));
});

Deno.test("equations: EPANET's power form and the efficiency polynomial", () => {
  equal(headEquation({ a: 60, b: 0.0084988, c: 1.80735 }), "H = 60 − 0.0084988 · Q^1.8074");
  equal(headEquation({ a: 104, b: 1.6897e-5, c: 1.7726 }), "H = 104 − 1.6897e-5 · Q^1.7726");
  equal(efficiencyEquation([30.5, 1.672, -0.01496]), "η = 30.5 + 1.672 · Q − 0.01496 · Q^2");
  equal(coefficientText(0), "0");
  equal(polynomial([1, 2, 3], 2), 17);
});
