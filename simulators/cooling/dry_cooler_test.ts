import assert from "node:assert/strict";
import {
  AIR_SIDE_EXPONENT,
  AIR_SIDE_SHARE,
  coolerConductance,
  coolerUa,
  counterflowEffectiveness,
} from "./dry_cooler.ts";

const close = (a: number, b: number, tol: number) =>
  assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

Deno.test("counter-flow effectiveness matches textbook values and limits", () => {
  // NTU 2, Cr 0.5: (1 - e^-1) / (1 - 0.5 e^-1) = 0.7746 (Incropera table 11.3 form).
  close(counterflowEffectiveness(2, 0.5), 0.7746, 1e-4);
  // Cr = 0 (condensing/evaporating side): 1 - e^-NTU.
  close(counterflowEffectiveness(1.5, 0), 1 - Math.exp(-1.5), 1e-12);
  // Balanced: NTU / (1 + NTU), and the general formula tends to it.
  close(counterflowEffectiveness(3, 1), 0.75, 1e-12);
  close(counterflowEffectiveness(3, 0.9998), 0.75, 1e-4);
  // Huge exchanger with Cr < 1 approaches 1; none gives 0.
  close(counterflowEffectiveness(50, 0.6), 1, 1e-9);
  assert.equal(counterflowEffectiveness(0, 0.5), 0);
});

Deno.test("UA is rated at rated flows, grows with airflow^0.7 on the air side, zero with no flow", () => {
  close(coolerUa(100, 1, 1), 100, 1e-12);
  // Double airflow: 1/UA = (0.75 * 2^-0.7 + 0.25) / 100 -> 140.5 kW/K.
  const doubled = 100 / (AIR_SIDE_SHARE * 2 ** -AIR_SIDE_EXPONENT + (1 - AIR_SIDE_SHARE));
  close(coolerUa(100, 2, 1), doubled, 1e-9);
  close(doubled, 140.5, 0.1);
  assert.ok(coolerUa(100, 0.5, 1) < coolerUa(100, 1, 1));
  assert.ok(coolerUa(100, 1, 0.5) < coolerUa(100, 1, 1));
  assert.equal(coolerUa(100, 0, 1), 0);
  assert.equal(coolerUa(100, 1, 0), 0);
});

Deno.test("cooler conductance is e C_min and never exceeds either capacity rate", () => {
  // Air is C_min here: C_air 36 kW/K, coolant 76 kW/K, UA 56 kW/K.
  const k = coolerConductance(56, 76, 36);
  close(k, counterflowEffectiveness(56 / 36, 36 / 76) * 36, 1e-12);
  assert.ok(k < 36);
  // Same exchanger with the sides swapped gives the same duty (symmetry).
  close(coolerConductance(56, 36, 76), k, 1e-12);
  assert.equal(coolerConductance(56, 0, 36), 0);
  assert.equal(coolerConductance(56, 76, 0), 0);
});
