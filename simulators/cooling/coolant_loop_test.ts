import assert from "node:assert/strict";
import { CoolantLoop, HOT_LEG_SHARE, type LoopInputs } from "./coolant_loop.ts";

const close = (a: number, b: number, tol: number) =>
  assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

// 2000 L of 30 % glycol: 2 m3 * 1030 kg/m3 * 3.7 kJ/(kg K) = 7622 kJ/K.
const CAPACITY = 2 * 1030 * 3.7;

Deno.test("steady state: dT across rigs = Q / (m_dot cp) and the cooler rejects all of Q", () => {
  const loop = new CoolantLoop(CAPACITY, 0, 20);
  // 72 m3/h of glycol: m_dot cp = 0.02 m3/s * 1030 * 3.7 = 76.22 kW/K.
  const g = (72 / 3600) * 1030 * 3.7;
  const inp: LoopInputs = { heatKw: 679, flowKwPerK: g, coolerKwPerK: 30, ambientC: 20 };
  loop.settle(inp);
  close(loop.hotC - loop.coldC, 679 / g, 1e-9);
  close(679 / g, 8.908, 1e-3);
  close(loop.rejectedKw, 679, 1e-9);
  // Cooler: 679 = 30 kW/K * (T_hot - 20) -> T_hot = 42.63 degC.
  close(loop.hotC, 20 + 679 / 30, 1e-9);
  // Stepping from the steady state stays there.
  loop.advance(1, inp);
  close(loop.hotC, 20 + 679 / 30, 1e-9);
});

Deno.test("no flow: the hot leg alone heats at Q / C_hot, the cold leg holds", () => {
  const loop = new CoolantLoop(CAPACITY, 0, 40);
  const inp: LoopInputs = { heatKw: 679, flowKwPerK: 0, coolerKwPerK: 0, ambientC: 20 };
  for (let i = 0; i < 10; i++) loop.advance(1, inp);
  const rate = 679 / (CAPACITY * HOT_LEG_SHARE);
  close(rate, 0.2545, 1e-4);
  close(loop.hotC, 40 + 10 * rate, 1e-9);
  close(loop.coldC, 40, 1e-12);
});

Deno.test("energy balance: stored heat changes by exactly (heat in - heat out) dt", () => {
  const loop = new CoolantLoop(CAPACITY, 0.5, 25);
  const g = 76.2;
  let net = 0;
  const e0 = loop.storedKj;
  for (let t = 0; t < 7200; t++) {
    // A load that swings and a cooler that is switched between two duties.
    const inp: LoopInputs = {
      heatKw: 500 + 200 * Math.sin(t / 300),
      flowKwPerK: g,
      coolerKwPerK: t < 3600 ? 20 : 40,
      ambientC: 20 + 5 * Math.cos(t / 2000),
    };
    loop.advance(1, inp);
    net += (inp.heatKw - loop.rejectedKw) * 1;
  }
  const stored = loop.storedKj - e0;
  assert.ok(Math.abs(stored) > 10_000, `the test must move energy: ${stored}`);
  close(stored, net, 1e-6 * Math.abs(stored));
});

Deno.test("implicit scheme is stable and monotone at steps far above the loop time constant", () => {
  // 50 L loop, transit time 0.4 s: explicit Euler at 60 s steps would blow up.
  const loop = new CoolantLoop(0.05 * 1030 * 3.7, 0, 20);
  const inp: LoopInputs = { heatKw: 100, flowKwPerK: 500, coolerKwPerK: 10, ambientC: 20 };
  let prev = loop.hotC;
  for (let i = 0; i < 50; i++) {
    loop.advance(60, inp);
    assert.ok(loop.hotC >= prev - 1e-9 && loop.hotC <= 30 + 1e-9);
    prev = loop.hotC;
  }
  // Steady: the cooler takes Q = K (T_hot - T_amb) -> T_hot = 30; T_cold = 30 - Q/G = 29.8.
  close(loop.hotC, 30, 1e-3);
  close(loop.coldC, 29.8, 1e-3);
});
