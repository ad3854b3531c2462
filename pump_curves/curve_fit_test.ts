import assert from "node:assert/strict";
import { Random } from "../simulators/random.ts";
import { fitPolynomial, fitPowerFunction, polyValue, powerValue } from "./curve_fit.ts";
import { efficiencyHasOnePeak, headFallsWithFlow } from "./physics_checks.ts";

/** Seeded noisy operating data from a known power curve and a known efficiency parabola. */
function syntheticPump(seed: number) {
  const rng = new Random(seed, "curve-fit-test");
  const a = rng.uniform(30, 120);
  const c = rng.uniform(1.4, 2.6);
  const qRun = rng.uniform(40, 400); // run-out flow, L/s
  const b = a / Math.pow(qRun, c);
  const qBep = qRun * rng.uniform(0.45, 0.6);
  const etaMax = rng.uniform(0.65, 0.85);
  // eta = etaMax (1 - ((q - qBep)/qBep)^2): a parabola through zero at zero flow.
  const eta = (q: number) => etaMax * (1 - ((q - qBep) / qBep) ** 2);
  const qs: number[] = [], hs: number[] = [], es: number[] = [];
  const n = 40;
  for (let i = 0; i < n; i++) {
    const q = qRun * 0.85 * (i + rng.next()) / n;
    qs.push(q);
    hs.push(powerValue({ a, b, c }, q) + rng.normal(0, 0.005 * a));
    es.push(eta(q) + rng.normal(0, 0.005));
  }
  return { a, b, c, qRun, eta, qs, hs, es };
}

Deno.test("fitPowerFunction recovers A and C from noiseless data exactly", () => {
  const qs = [0, 10, 20, 30, 40, 50, 60];
  const f = { a: 104, b: 1.69e-5 * 2000 ** 1.773 / 40 ** 1.773, c: 1.773 };
  const fit = fitPowerFunction(qs, qs.map((q) => powerValue(f, q)));
  assert.ok(Math.abs(fit.a - 104) < 1e-6, `A ${fit.a}`);
  assert.ok(Math.abs(fit.c - 1.773) < 1e-6, `C ${fit.c}`);
  assert.ok(Math.abs(fit.b / f.b - 1) < 1e-5, `B ${fit.b}`);
  assert.ok(fit.r2 > 0.999999 && fit.rmse < 1e-6);
});

Deno.test("fits recover known curves from seeded noisy data (property over 60 seeds)", () => {
  // Tolerances: shutoff head within 2 %, exponent within 0.25, fitted head within 1.5 % of
  // shutoff over the data range, efficiency within 0.02 over the range, R² above 0.98.
  let pass = 0;
  const seeds = 60;
  const failures: string[] = [];
  for (let seed = 0; seed < seeds; seed++) {
    const p = syntheticPump(seed);
    const power = fitPowerFunction(p.qs, p.hs);
    const cubic = fitPolynomial(p.qs, p.hs, 3);
    const eff = fitPolynomial(p.qs, p.es, 2);
    const qmax = Math.max(...p.qs);
    let headErr = 0, effErr = 0;
    for (let k = 0; k <= 50; k++) {
      const q = qmax * k / 50;
      headErr = Math.max(headErr, Math.abs(powerValue(power, q) - powerValue(p, q)) / p.a);
      effErr = Math.max(effErr, Math.abs(polyValue(eff.coefficients, q) - p.eta(q)));
    }
    const ok = Math.abs(power.a / p.a - 1) < 0.02 && Math.abs(power.c - p.c) < 0.25 &&
      headErr < 0.015 && effErr < 0.02 && power.r2 > 0.98 && cubic.r2 > 0.98 &&
      headFallsWithFlow((q) => powerValue(power, q), 0, qmax).ok &&
      efficiencyHasOnePeak((q) => polyValue(eff.coefficients, q), qmax * 0.05, qmax).ok;
    if (ok) pass++;
    else {failures.push(
        `seed ${seed}: A ${power.a}/${p.a} C ${power.c}/${p.c} head ${headErr} eff ${effErr}`,
      );}
  }
  console.log(`curve fit property: ${pass}/${seeds} seeds within tolerance`);
  assert.ok(pass / seeds >= 0.95, failures.join("\n"));
});

Deno.test("physics checks catch a rising head and a double-humped efficiency", () => {
  assert.equal(headFallsWithFlow((q) => 50 - (q - 10) ** 2 / 10, 0, 40).ok, false);
  assert.equal(headFallsWithFlow((q) => 50 - q * q / 100, 0, 40).ok, true);
  const twoPeaks = efficiencyHasOnePeak((q) => 0.5 + 0.2 * Math.sin(q / 5), 0, 60);
  assert.equal(twoPeaks.ok, false);
  assert.match(twoPeaks.reason!, /rises again/);
  const one = efficiencyHasOnePeak((q) => 0.8 * (1 - ((q - 30) / 30) ** 2), 1, 59);
  assert.ok(one.ok && Math.abs(one.peakFlow - 30) < 0.6);
  assert.equal(efficiencyHasOnePeak((q) => 1.2 - q / 100, 0, 10).ok, false);
});

Deno.test("fits name the bad point", () => {
  assert.throws(() => fitPowerFunction([0, 1], [3, 2]), /at least 3 points/);
  assert.throws(() => fitPolynomial([0, 1, -2, 3], [1, 2, 3, 4], 2), /flow at point 2 is -2/);
  assert.throws(() => fitPolynomial([0, 1, 2, 3], [1, NaN, 3, 4], 3), /value at point 1/);
});
