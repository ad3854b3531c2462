import assert from "node:assert/strict";
import { type ParallelPump, pumpFlowAt, solveForFlow, solveParallel } from "./operating_point.ts";
import { HeadCurve } from "./pump_curve.ts";

/** A bare curve at a fixed speed as a solver pump. */
function pump(curve: HeadCurve, s = 1): ParallelPump {
  return {
    turning: s > 0,
    head: (q) => curve.head(q, s),
    maxHead: () => curve.shutoff(s),
    slope: (q) => curve.slope(q, s),
    flow: 0,
  };
}

const ref = HeadCurve.fromPoints([{ q: 0, h: 60 }, { q: 0.05, h: 50 }, { q: 0.1, h: 25 }]);

Deno.test("one single-point pump against static + k Q^2 meets the hand-solved intersection", () => {
  // EPANET's single-point curve runs through (0, A), (Q0, H0), (2 Q0, 0) with A = 1.33334 H0:
  // nearly H = A - b Q^2 with b = (A - H0) / Q0^2 (its exponent is 1.99998, not 2).
  // System H = Hs + k Q^2 => Q = sqrt((A - Hs) / (b + k)).
  const h0 = 50, q0 = 0.05, hs = 35, k = 15 / (0.05 * 0.05), a = 1.33334 * h0;
  const p = pump(HeadCurve.fromPoints([{ q: q0, h: h0 }]));
  const h = solveParallel([p], hs, k, 2, 0);
  const q = Math.sqrt((a - hs) / ((a - h0) / (q0 * q0) + k));
  assert.ok(Math.abs(p.flow - q) < 2e-6, `${p.flow} vs ${q}`);
  assert.ok(Math.abs(h - (hs + k * p.flow * p.flow)) < 1e-7);
});

Deno.test("power-curve pump against a Hazen-Williams main: residuals vanish", () => {
  const p = pump(ref);
  const r = 1500;
  const h = solveParallel([p], 42, r, 1.852, 0);
  assert.ok(Math.abs(ref.head(p.flow, 1) - h) < 1e-8, "on the pump curve");
  assert.ok(Math.abs(42 + r * Math.pow(p.flow, 1.852) - h) < 1e-8, "on the system curve");
  // Independent bisection on Q for the same intersection.
  let lo = 0, hi = ref.runout(1);
  for (let i = 0; i < 200; i++) {
    const m = (lo + hi) / 2;
    if (ref.head(m, 1) - 42 - r * Math.pow(m, 1.852) > 0) lo = m;
    else hi = m;
  }
  assert.ok(Math.abs(p.flow - lo) < 1e-9, `${p.flow} vs ${lo}`);
});

Deno.test("two identical pumps in parallel share the flow equally at the head of one pump at Q/2", () => {
  const a = pump(ref), b = pump(ref);
  const h = solveParallel([a, b], 40, 1500, 1.852, 0);
  assert.ok(Math.abs(a.flow - b.flow) < 1e-10);
  assert.ok(Math.abs(ref.head((a.flow + b.flow) / 2, 1) - h) < 1e-8);
  const single = pump(ref);
  solveParallel([single], 40, 1500, 1.852, 0);
  assert.ok(a.flow + b.flow > single.flow, "two pumps deliver more than one");
  assert.ok(a.flow + b.flow < 2 * single.flow, "but less than twice (friction rises)");
});

Deno.test("pumps at different speeds, one off: each on its own curve at the common head", () => {
  const fast = pump(ref, 1), slow = pump(ref, 0.9), off = pump(ref, 0);
  const h = solveParallel([fast, slow, off], 38, 1200, 1.852, 0);
  assert.equal(off.flow, 0);
  assert.ok(fast.flow > slow.flow && slow.flow > 0);
  assert.ok(Math.abs(ref.head(fast.flow, 1) - h) < 1e-8);
  assert.ok(Math.abs(ref.head(slow.flow, 0.9) - h) < 1e-8);
  const q = fast.flow + slow.flow;
  assert.ok(Math.abs(38 + 1200 * Math.pow(q, 1.852) - h) < 1e-8);
});

Deno.test("a pump whose shutoff head is below the common head passes nothing (check valve)", () => {
  const big = pump(ref, 1), small = pump(ref, 0.75); // shutoff 33.75 m
  const h = solveParallel([big, small], 40, 1000, 1.852, 0);
  assert.ok(h > 33.75);
  assert.equal(small.flow, 0);
  assert.equal(pumpFlowAt(small, 50), 0);
  const none = pump(ref, 0.8); // shutoff 38.4 m, below the 40 m lift
  assert.equal(solveParallel([none], 40, 1000, 1.852, 0), 40);
  assert.equal(none.flow, 0);
});

Deno.test("throttled to a target flow, the pumps deliver exactly that total", () => {
  const a = pump(ref), b = pump(ref, 0.9);
  const free = solveParallel([a, b], 40, 1200, 1.852, 0);
  const target = 0.5 * (a.flow + b.flow);
  const h = solveForFlow([a, b], target, free);
  assert.ok(h > free);
  assert.ok(Math.abs(a.flow + b.flow - target) < 1e-10);
});

Deno.test("warm starts converge to the same point", () => {
  const a = pump(ref);
  const cold = solveParallel([a], 41, 1400, 1.852, 0);
  const warm = solveParallel([a], 41, 1400, 1.852, cold + 0.5);
  assert.ok(Math.abs(cold - warm) < 1e-9);
});

Deno.test("a pump closes above its largest head: a table's first point, not its extension", () => {
  // EPANET's Hmax for a table is its first point's head even when that point has flow.
  const t = HeadCurve.fromPoints([{ q: 0.02, h: 38 }, { q: 0.04, h: 33 }, { q: 0.06, h: 24 }]);
  const p = pump(t);
  assert.equal(pumpFlowAt(p, 39), 0, "above 38 m: closed although the line gives flow");
  assert.ok(Math.abs(pumpFlowAt(p, 35.5) - 0.03) < 1e-9, "on the curve below it");
});

Deno.test("an open pump whose largest head is unbounded passes flow back above its shutoff head", () => {
  // EPANET's band above shutoff: another pump holds the header 0.0001 m above this one's
  // shutoff head, and the curve's extension H = a + b |Q|^c gives the reverse flow.
  const open: ParallelPump = { ...pump(ref), maxHead: () => Infinity };
  const { b, c } = ref.power!;
  const q = pumpFlowAt(open, 60.0001);
  assert.ok(Math.abs(q + Math.pow(0.0001 / b, 1 / c)) < 1e-9, `${q}`);
  assert.equal(pumpFlowAt(pump(ref), 60.0001), 0, "a check valve shuts at the shutoff head");
});
