import assert from "node:assert/strict";
import {
  affinityFlow,
  affinityHead,
  affinityPower,
  EfficiencyCurve,
  fitPowerCurve,
  G,
  HeadCurve,
  shaftPower,
} from "./pump_curve.ts";

const close = (a: number, b: number, tol: number, what = "") =>
  assert.ok(Math.abs(a - b) <= tol, `${what} ${a} vs ${b} (tol ${tol})`);

Deno.test("three-point fit reproduces EPANET's coefficients for (0,60) (50,50) (100,25)", () => {
  const c = fitPowerCurve(60, 50, 25, 50, 100)!;
  close(c.a, 60, 1e-12, "a");
  close(c.b, 8.498812e-3, 1e-9, "b");
  close(c.c, 1.807355, 1e-6, "c");
  // The exponent is unit-free, so the SI curve is the same curve.
  const si = HeadCurve.fromPoints([{ q: 0, h: 60 }, { q: 0.05, h: 50 }, { q: 0.1, h: 25 }]);
  assert.equal(si.form, "power");
  close(si.power!.c, c.c, 1e-12, "c SI");
  close(si.head(0.05, 1), 50, 1e-9, "H(50 L/s)");
  close(si.head(0.1, 1), 25, 1e-9, "H(100 L/s)");
  close(si.head(0.075, 1), 60 - 8.498812e-3 * Math.pow(75, 1.807355), 1e-5, "H(75 L/s)");
});

Deno.test("fit rejects points that are not a falling power curve", () => {
  assert.equal(fitPowerCurve(60, 70, 25, 50, 100), undefined);
  assert.equal(fitPowerCurve(60, 50, 55, 50, 100), undefined);
  assert.throws(() =>
    HeadCurve.fromPoints([{ q: 0, h: 60 }, { q: 0.05, h: 70 }, { q: 0.1, h: 25 }])
  );
});

Deno.test("single-point curve is EPANET's: through (0, 1.33334 H0), (Q0, H0), (2 Q0, 0)", () => {
  const c = HeadCurve.fromPoints([{ q: 0.04, h: 52 }]);
  assert.equal(c.form, "single");
  // EPANET's updatepumpparams writes 1.33334, not 4/3: 0.00035 m more shutoff head here.
  close(c.shutoff(1), 52 * 1.33334, 1e-9, "shutoff");
  close(c.head(0.04, 1), 52, 1e-9, "design point");
  close(c.runout(1), 0.08, 1e-9, "run-out at 2 Q0");
  // Close to the parabola 4/3 H0 (1 - (Q/2Q0)^2) it approximates.
  for (const q of [0.01, 0.03, 0.06]) {
    close(c.head(q, 1), (4 / 3) * 52 * (1 - (q / 0.08) ** 2), 2e-3, `H(${q})`);
  }
});

Deno.test("a table's shutoff head is its first point's, as EPANET's Hmax", () => {
  // The first point has flow: EPANET closes the pump above 38 m rather than follow the
  // first segment's line up towards zero flow (40 m there).
  const c = HeadCurve.fromPoints([{ q: 0.02, h: 38 }, { q: 0.04, h: 33 }, { q: 0.06, h: 24 }]);
  assert.equal(c.form, "table");
  close(c.head(0, 1), 43, 1e-12, "first segment extended to zero flow");
  close(c.shutoff(1), 38, 1e-12, "shutoff");
  close(c.shutoff(0.9), 38 * 0.81, 1e-12, "shutoff at speed");
});

Deno.test("a negative flow extends the curve as EPANET's head-loss function does", () => {
  const p = HeadCurve.fromPoints([{ q: 0, h: 60 }, { q: 0.05, h: 50 }, { q: 0.1, h: 25 }]);
  const { a, b, c } = p.power!;
  // H = a + b |Q|^c back through the pump, at speed s: s^2 a + b s^(2-c) |Q|^c.
  close(p.head(-0.01, 1), a + b * Math.pow(0.01, c), 1e-12, "power, s = 1");
  close(p.head(-0.01, 0.9), 0.81 * a + b * Math.pow(0.9, 2 - c) * Math.pow(0.01, c), 1e-12);
  close(p.slope(-0.01, 1), -c * b * Math.pow(0.01, c - 1), 1e-9, "slope");
  const t = HeadCurve.fromPoints([
    { q: 0, h: 40 },
    { q: 0.02, h: 38 },
    { q: 0.04, h: 33 },
    { q: 0.06, h: 24 },
  ]);
  assert.equal(t.form, "table");
  close(t.head(-0.01, 1), 41, 1e-12, "table: the first segment's line");
});

Deno.test("multi-point table interpolates linearly and extrapolates its last segment", () => {
  const c = HeadCurve.fromPoints([
    { q: 0, h: 40 },
    { q: 0.02, h: 38 },
    { q: 0.04, h: 33 },
    { q: 0.06, h: 24 },
  ]);
  assert.equal(c.form, "table");
  close(c.head(0.03, 1), (38 + 33) / 2, 1e-12, "midpoint");
  close(c.slope(0.05, 1), (24 - 33) / 0.02, 1e-9, "segment slope");
  close(c.runout(1), 0.06 + 24 * 0.02 / 9, 1e-12, "run-out on the extended last segment");
  assert.throws(() => HeadCurve.fromPoints([{ q: 0, h: 40 }, { q: 0.02, h: 41 }]), /decrease/);
});

Deno.test("affinity laws: Q ~ s, H ~ s^2, P ~ s^3 for every curve form", () => {
  const curves = [
    HeadCurve.fromPoints([{ q: 0.04, h: 52 }]),
    HeadCurve.fromPoints([{ q: 0, h: 60 }, { q: 0.05, h: 50 }, { q: 0.1, h: 25 }]),
    HeadCurve.fromPoints([{ q: 0, h: 40 }, { q: 0.02, h: 38 }, { q: 0.04, h: 33 }, {
      q: 0.06,
      h: 24,
    }]),
  ];
  const eta = EfficiencyCurve.constant(0.75);
  for (const c of curves) {
    for (const s of [0.6, 0.85, 1.1]) {
      for (const q of [0.005, 0.02, 0.035]) {
        const h1 = c.head(q, 1);
        const q2 = affinityFlow(q, s);
        close(c.head(q2, s), affinityHead(h1, s), 1e-9, `${c.form} H at s=${s}`);
        const p1 = shaftPower(q, h1, eta.at(q, 1));
        close(shaftPower(q2, c.head(q2, s), eta.at(q2, s)), affinityPower(p1, s), 1e-6, "P");
      }
      close(c.runout(s), s * c.runout(1), 1e-12, `${c.form} run-out`);
    }
  }
});

Deno.test("shaft power is rho g Q H / eta, by hand", () => {
  // 50 L/s lifted 50 m at 75 %: 1000 * 9.80665 * 0.05 * 50 / 0.75 = 32 688.83 W.
  close(shaftPower(0.05, 50, 0.75), 32_688.833, 1e-3, "P");
  close(shaftPower(0.05, 50, 0.75, 1.2), 1.2 * 32_688.833, 1e-3, "P at SG 1.2");
  assert.equal(G, 9.80665);
});

Deno.test("efficiency table: interpolation at Q/s and the Sarbu-Borza speed correction", () => {
  const e = EfficiencyCurve.table([{ q: 0, e: 0.2 }, { q: 0.04, e: 0.7 }, { q: 0.06, e: 0.8 }]);
  close(e.at(0.05, 1), 0.75, 1e-12, "interpolated");
  close(e.at(0.07, 1), 0.8, 1e-12, "held beyond the last point");
  // At 95 % speed, 15 L/s looks up 15.79 L/s, then 1 - (1 - e) (1/0.95)^0.1.
  const base = 0.2 + 0.5 * (0.015 / 0.95) / 0.04;
  close(e.at(0.015, 0.95), 1 - (1 - base) * Math.pow(1 / 0.95, 0.1), 1e-12, "speed-corrected");
  assert.equal(EfficiencyCurve.constant(0.75).at(0.015, 0.9), 0.75);
});
