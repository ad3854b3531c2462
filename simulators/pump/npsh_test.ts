import assert from "node:assert/strict";
import {
  CAVITATION_HEAD_DROP_PER_M,
  CAVITATION_MIN_HEAD_FACTOR,
  cavitationHeadFactor,
  NpshModel,
} from "./npsh.ts";

const model = () =>
  new NpshModel({
    atmHeadM: 10.33,
    staticM: 2,
    vaporHeadM: 0.24,
    suctionLossM: 0.3,
    npshrShutoffM: 2,
    npshrRatedM: 4.5,
    ratedFlow: 0.05,
  });

Deno.test("NPSH available: atmosphere + static - vapour - suction loss ~ Q^2", () => {
  const m = model();
  assert.ok(Math.abs(m.available(0) - (10.33 + 2 - 0.24)) < 1e-12);
  assert.ok(Math.abs(m.available(0.05) - (10.33 + 2 - 0.24 - 0.3)) < 1e-12);
  assert.ok(Math.abs(m.available(0.1) - (10.33 + 2 - 0.24 - 1.2)) < 1e-12);
});

Deno.test("NPSH required follows the affinity laws and the margin falls with flow", () => {
  const m = model();
  assert.ok(Math.abs(m.required(0.05, 1) - 4.5) < 1e-12);
  for (const s of [0.7, 0.9]) {
    for (const q of [0, 0.02, 0.05]) {
      assert.ok(Math.abs(m.required(q * s, s) - s * s * m.required(q, 1)) < 1e-12);
    }
  }
  let prev = Infinity;
  for (let q = 0; q <= 0.12; q += 0.01) {
    const mg = m.margin(q, 1);
    assert.ok(mg < prev);
    assert.ok(Math.abs(mg - (m.marginAtZero(1) - m.marginCoefficient() * q * q)) < 1e-12);
    prev = mg;
  }
});

Deno.test("a blocked strainer (extra loss) takes the margin negative at rated flow", () => {
  const m = model();
  const before = m.margin(0.05, 1);
  m.extraLossM = 12;
  assert.ok(Math.abs(before - m.margin(0.05, 1) - 12) < 1e-12);
  assert.ok(m.margin(0.05, 1) < 0);
});

Deno.test("cavitation head factor: 1 with margin, falling per metre of deficit, floored", () => {
  assert.equal(cavitationHeadFactor(0.5), 1);
  assert.equal(cavitationHeadFactor(0), 1);
  assert.ok(Math.abs(cavitationHeadFactor(-1) - (1 - CAVITATION_HEAD_DROP_PER_M)) < 1e-12);
  assert.equal(cavitationHeadFactor(-100), CAVITATION_MIN_HEAD_FACTOR);
});
