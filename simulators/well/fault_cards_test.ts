import assert from "node:assert/strict";
import { WellSimulator } from "./well_simulator.ts";
import { EXAMPLE_WELL } from "./example_well.ts";
import type { WellFault } from "./well_faults.ts";

interface Card {
  position: number[];
  load: number[];
}

/** The example well (no noise, fixed level) with `fault` injected, after one step: its cards and volumes. */
function cardsWith(fault?: WellFault, severity = 0.6) {
  const sim = new WellSimulator({
    id: "w",
    config: { ...EXAMPLE_WELL, measurementNoise: 0, initialFluidLevelM: 700 },
    seed: 1,
  });
  if (fault) {
    assert.equal(sim.actuate("w", { type: "inject_fault", args: { fault, severity } }), undefined);
  }
  sim.step(1, 1);
  const view = sim.inspect("w");
  const card = sim.card;
  return {
    surface: view.card as Card,
    pump: view.downholeCard as Card,
    fluidLoadKn: view.fluidLoadKn as number,
    plungerStrokeM: view.plungerStrokeM as number,
    travellingLeakM3: card.travellingLeakM3,
    standingLeakM3: card.standingLeakM3,
    peakKn: Math.max(...(view.card as Card).load),
    minKn: Math.min(...(view.card as Card).load),
  };
}

const normal = cardsWith();

Deno.test("double valve leak: liquid leaks through both valves", () => {
  const c = cardsWith("double_valve_leak");
  assert.ok(c.travellingLeakM3 > 0 && c.standingLeakM3 > 0);
  assert.equal(normal.travellingLeakM3 + normal.standingLeakM3, 0);
});

Deno.test("tubing leak: less reaches surface; what leaks goes back to the annulus", () => {
  const run = (fault?: WellFault) => {
    const sim = new WellSimulator({
      id: "w",
      config: { ...EXAMPLE_WELL, measurementNoise: 0, initialFluidLevelM: 700 },
      seed: 1,
    });
    if (fault) sim.actuate("w", { type: "inject_fault", args: { fault, severity: 0.5 } });
    const out: Record<string, number | boolean | string> = {};
    for (let t = 1; t <= 600; t++) sim.step(1, t);
    sim.read("w", out);
    return out;
  };
  const ok = run(), leak = run("tubing_leak");
  // 0.3 of what is lifted leaks back: surface production falls by about that, the level falls less.
  assert.ok((leak.production_liquid as number) < 0.8 * (ok.production_liquid as number));
  assert.ok((leak.fluid_level as number) < (ok.fluid_level as number));
});

Deno.test("tubing leak: the plunger lifts a lighter column, the card is thinner", () => {
  const c = cardsWith("tubing_leak");
  // 0.6 × 0.6 of the differential is lost: the fluid load falls to 0.64 of normal.
  assert.ok(Math.abs(c.fluidLoadKn / normal.fluidLoadKn - 0.64) < 0.01, `${c.fluidLoadKn}`);
  assert.ok(c.peakKn < normal.peakKn);
});

Deno.test("heavy oil: drag raises the upstroke load and lowers the downstroke load", () => {
  const c = cardsWith("heavy_oil");
  assert.ok(c.peakKn > normal.peakKn + 1, `${c.peakKn} vs ${normal.peakKn}`);
  assert.ok(c.minKn < normal.minKn - 1, `${c.minKn} vs ${normal.minKn}`);
  // At the pump: on the upstroke the load exceeds the fluid load (drag on the rising plunger).
  assert.ok(Math.max(...c.pump.load) > 1.05 * c.fluidLoadKn);
});

Deno.test("pump hitting up: a load spike at the top of the stroke and a shorter plunger stroke", () => {
  const c = cardsWith("pump_hitting_up");
  const top = c.pump.position.indexOf(Math.max(...c.pump.position));
  const spike = Math.max(...c.pump.load.slice(Math.max(0, top - 10), top + 10));
  assert.ok(spike > 1.3 * c.fluidLoadKn, `${spike} vs Fo ${c.fluidLoadKn}`);
  assert.ok(c.plungerStrokeM < normal.plungerStrokeM - 0.1);
  assert.ok(Math.max(...normal.pump.load) < 1.1 * normal.fluidLoadKn);
});

Deno.test("flowing through the pump: the intake pushes back, little fluid load is left", () => {
  const c = cardsWith("flowing_through_pump");
  assert.ok(c.fluidLoadKn < 0.5 * normal.fluidLoadKn, `${c.fluidLoadKn} vs ${normal.fluidLoadKn}`);
});
