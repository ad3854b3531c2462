import assert from "node:assert/strict";
import { PumpChamber, type PumpSettings } from "./pump_chamber.ts";

const AREA = 1.5e-3, PD = 15e6, PI = 5e6, K = 1.5e9, DEAD = AREA * 0.15;

function settings(over: Partial<PumpSettings> = {}): PumpSettings {
  return {
    areaM2: AREA,
    dischargePa: PD,
    intakePa: PI,
    bulkModulusPa: K,
    deadVolumeM3: DEAD,
    gasFraction: 0,
    travellingLeakM3s: 0,
    standingLeakM3s: 0,
    fillCapM3: Infinity,
    tagStopM: -Infinity,
    tagStiffnessNM: 2e7,
    ...over,
  };
}

/** Move the plunger from its current spot to `to` in small steps. */
function travel(c: PumpChamber, from: number, to: number, steps = 400, dt = 1e-3): void {
  for (let i = 1; i <= steps; i++) c.advance(from + ((to - from) * i) / steps, dt);
}

Deno.test("liquid-full chamber: a small expansion drops pressure by K·ΔV/V, then the standing valve opens", () => {
  const c = new PumpChamber(settings());
  c.reset(settings(), 0);
  assert.equal(c.pressure, PD);
  assert.equal(c.load(0), 0, "travelling valve open: no fluid load on the rods");
  const dv = 1e-4 * DEAD;
  c.advance(dv / AREA, 1e-3);
  assert.ok(Math.abs((PD - c.pressure) / (K * 1e-4) - 1) < 0.01, `ΔP ${PD - c.pressure}`);
  // Decompressing fully takes V·(Pd − Pi)/K of volume; beyond that the chamber is at Pi.
  travel(c, dv / AREA, 1);
  assert.equal(c.pressure, PI);
  assert.ok(Math.abs(c.load(1) - AREA * (PD - PI)) < 1e-6, "standing valve open: Fo on the rods");
  const decompress = (DEAD * (PD - PI)) / K;
  const expected = AREA * 1 - decompress;
  assert.ok(
    Math.abs(c.tally.intakeLiquid / expected - 1) < 1e-3,
    `${c.tally.intakeLiquid} vs ${expected}`,
  );
});

Deno.test("on the way down the liquid recompresses over V·(Pd − Pi)/(K·Ap) and the load comes off", () => {
  const c = new PumpChamber(settings());
  c.reset(settings(), 0);
  travel(c, 0, 1);
  const v = DEAD + AREA * 1;
  const squeeze = (v * (PD - PI)) / K / AREA; // plunger travel to reach Pd
  travel(c, 1, 1 - 0.5 * squeeze, 50);
  assert.ok(c.pressure > PI && c.pressure < PD, "both valves shut mid-compression");
  assert.ok(Math.abs((c.pressure - PI) / (0.5 * (PD - PI)) - 1) < 0.02);
  travel(c, 1 - 0.5 * squeeze, 1 - 1.2 * squeeze, 50);
  assert.equal(c.pressure, PD);
  assert.equal(c.load(1 - 1.2 * squeeze), 0);
});

Deno.test("free gas follows P·V = const (isothermal)", () => {
  const c = new PumpChamber(settings());
  c.reset(settings(), 0);
  c.liquid = 0;
  c.gas = PI * 2e-3;
  assert.ok(Math.abs(c.pressureAt(2e-3) - PI) < 1);
  assert.ok(Math.abs(c.pressureAt(1e-3) / (2 * PI) - 1) < 1e-9);
  // Liquid alongside the gas only takes up room.
  c.liquid = 5e-4;
  assert.ok(Math.abs(c.pressureAt(1.5e-3) / (2 * PI) - 1) < 0.01);
});

Deno.test("the standing valve admits well fluid with its free-gas fraction", () => {
  const s = settings({ gasFraction: 0.3 });
  const c = new PumpChamber(s);
  c.reset(s, 0);
  travel(c, 0, 2);
  const t = c.tally;
  assert.ok(Math.abs(t.intakeGas / (t.intakeGas + t.intakeLiquid) - 0.3) < 1e-9);
  // Gas expands the barrel's contents: on the way down the load comes off late and gradually.
  let release = NaN;
  for (let i = 1; i <= 400; i++) {
    const u = 2 - (2 * i) / 400;
    c.advance(u, 1e-3);
    if (Number.isNaN(release) && c.load(u) < 0.5 * AREA * (PD - PI)) release = u;
  }
  // Half the load is gone when Pc = (Pd + Pi)/2: gas volume shrunk by Pi/Pc.
  const gasTop = 0.3 * 2 * AREA;
  const liquidTop = DEAD + c.tally.intakeLiquid; // the dead space was already full of liquid
  const vAtHalf = liquidTop + (gasTop * PI) / ((PD + PI) / 2);
  const expected = (vAtHalf - DEAD) / AREA;
  assert.ok(Math.abs(release - expected) < 0.02, `release at ${release} m, expected ${expected} m`);
});

Deno.test("a fill allowance stops intake; the rest of the barrel is a cavity at intake pressure", () => {
  const cap = AREA * 0.6;
  const s = settings({ fillCapM3: cap });
  const c = new PumpChamber(s);
  c.reset(s, 0);
  travel(c, 0, 1);
  assert.ok(c.tally.intakeLiquid <= cap + 1e-12 && c.tally.intakeLiquid > 0.99 * cap);
  assert.equal(c.pressure, PI, "load stays on through the unfilled part of the upstroke");
  // Coming down, the load is only released once the plunger reaches the liquid,
  // which fills the barrel to 0.6 m above the bottom.
  travel(c, 1, 0.62, 200);
  assert.equal(c.pressure, PI, "still in the cavity");
  travel(c, 0.62, 0.55, 200);
  assert.equal(c.pressure, PD, "hit the liquid: fluid pound");
});

Deno.test("leaks: a travelling-valve leak fills a shut chamber, a standing-valve leak drains it", () => {
  const tight = new PumpChamber(settings());
  const tv = new PumpChamber(settings({ travellingLeakM3s: 1e-4 }));
  const sv = new PumpChamber(settings({ standingLeakM3s: 1e-4 }));
  for (const c of [tight, tv, sv]) {
    c.reset(c.settings, 0);
    travel(c, 0, 1);
    // Hold still at the top: both valves shut, mid pressure.
    c.pressure = (PD + PI) / 2;
    c.liquid = (DEAD + AREA) / (1 - (c.pressure - PI) / K);
    for (let i = 0; i < 50; i++) c.advance(1, 1e-3);
  }
  assert.ok(Math.abs(tight.pressure - (PD + PI) / 2) < 1);
  assert.ok(tv.pressure > tight.pressure + 1e5, `tv ${tv.pressure}`);
  assert.ok(sv.pressure < tight.pressure - 1e5, `sv ${sv.pressure}`);
  assert.ok(tv.tally.travellingLeak > 0 && sv.tally.standingLeak > 0);
});

Deno.test("solveBottom returns the root of a0·u + h·F(u) = r with F from the chamber", () => {
  const s = settings({ tagStopM: -0.1 });
  const c = new PumpChamber(s);
  c.reset(s, 0);
  travel(c, 0, 0.5);
  const a0 = 1.001, h = 1e-6;
  for (const r of [0.49, 0.5, 0.51, -0.3, 0.52 + h * AREA * (PD - PI)]) {
    const u = c.solveBottom(a0, r, h);
    // Rebuild F(u) from a copy of the state: the solve itself must not change the contents.
    const probe = new PumpChamber(s);
    probe.reset(s, 0);
    probe.liquid = c.liquid;
    probe.gas = c.gas;
    probe.pressure = Math.min(PD, Math.max(PI, probe.pressureAt(probe.volumeAt(u))));
    const f = probe.load(u);
    assert.ok(Math.abs(a0 * u + h * f - r) < 1e-8, `r=${r}: residual ${a0 * u + h * f - r}`);
  }
});
