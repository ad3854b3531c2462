import assert from "node:assert/strict";
import { Random } from "../../simulators/random.ts";
import { COOLING_SITE_DEFAULTS, varySite } from "../../simulators/cooling/site_config.ts";
import { type CoolingSetpoints, defaultSetpoints, SiteModel } from "./steady_state.ts";
import { simulateSetpoints } from "./verify_setpoints.ts";

// The simulator reaches its settled state within SETTLED_K of the true one;
// the model must land inside that and a little more.
const TOLERANCE_K = 0.05;
const TOLERANCE_KW = 0.02;

Deno.test("the steady-state model agrees with the simulator's settled state on seeded random sites", () => {
  const rng = new Random(7, "steady-state-test");
  let worstK = 0, worstKw = 0, cases = 0;
  for (let i = 0; i < 16; i++) {
    const config = varySite({ ...COOLING_SITE_DEFAULTS, variation: 0.2 }, rng);
    const full = config.rigs * config.rig_power_kw * config.coolant_heat_fraction;
    const state = {
      ambientC: rng.uniform(-5, 30),
      heatKw: full * rng.uniform(0.5, 0.9),
      fansFailed: i % 4 === 3 ? 2 : 0,
    };
    const to: CoolingSetpoints = i % 2 === 0
      ? { mode: "auto", supplyC: rng.uniform(30, 42), fanPct: 60, pumpPct: rng.uniform(50, 100) }
      : {
        mode: "manual",
        supplyC: 40,
        fanPct: rng.uniform(20, 100),
        pumpPct: rng.uniform(50, 100),
      };
    const sim = simulateSetpoints(config, state, defaultSetpoints(config), to);
    if (sim.minThrottlePct < 100) continue; // a throttled fleet puts less heat in than the model's
    assert.ok(sim.settled, `case ${i} settled`);
    const m = new SiteModel(config, state).steady(to);
    worstK = Math.max(
      worstK,
      Math.abs(m.outletC - sim.outletC),
      Math.abs(m.supplyC - sim.supplyC),
    );
    worstKw = Math.max(worstKw, Math.abs(m.powerKw - sim.powerKw));
    cases++;
  }
  assert.ok(cases >= 12, `${cases} unthrottled cases`);
  assert.ok(worstK < TOLERANCE_K, `worst temperature difference ${worstK} K`);
  assert.ok(worstKw < TOLERANCE_KW, `worst power difference ${worstKw} kW`);
});

Deno.test("in auto the model's fans settle where the supply meets the setpoint, or at a limit", () => {
  const c = COOLING_SITE_DEFAULTS;
  const m = new SiteModel(c, { ambientC: 20, heatKw: 600 });
  const held = m.steady({ mode: "auto", supplyC: 38, fanPct: 0, pumpPct: 80 });
  assert.ok(Math.abs(held.supplyC - 38) < 1e-4);
  assert.ok(held.fanPct > c.fan_min_pct && held.fanPct < 100);
  // Unreachably cold: fans at full; warmer than the minimum fan speed gives: fans at the minimum.
  assert.equal(m.steady({ mode: "auto", supplyC: 21, fanPct: 0, pumpPct: 80 }).fanPct, 100);
  const warm = m.at(c.fan_min_pct, 80).supplyC + 1;
  assert.equal(
    m.steady({ mode: "auto", supplyC: warm, fanPct: 0, pumpPct: 80 }).fanPct,
    c.fan_min_pct,
  );
  // Less flow: a larger rise across the rigs; less power.
  const slow = m.steady({ mode: "auto", supplyC: 38, fanPct: 0, pumpPct: 50 });
  assert.ok(slow.outletC - slow.supplyC > held.outletC - held.supplyC);
  assert.ok(slow.pumpKw < held.pumpKw);
});
