import assert from "node:assert/strict";
import { Random } from "../../simulators/random.ts";
import { COOLING_SITE_DEFAULTS, varySite } from "../../simulators/cooling/site_config.ts";
import { coolingDay } from "./cooling_day.ts";
import { type CoolingSolverName, optimizeCooling } from "./optimize_cooling.ts";
import { defaultSetpoints } from "./steady_state.ts";
import { simulateSetpoints } from "./verify_setpoints.ts";

Deno.test("the optimiser never proposes setpoints that break the rig limit in the simulator", () => {
  const rng = new Random(11, "optimize-cooling-test");
  const solvers: CoolingSolverName[] = ["de", "pso", "ga"];
  for (let i = 0; i < 12; i++) {
    const config = varySite({ ...COOLING_SITE_DEFAULTS, variation: 0.15 }, rng);
    const full = config.rigs * config.rig_power_kw * config.coolant_heat_fraction;
    const state = { ambientC: rng.uniform(-10, 36), heatKw: full * rng.uniform(0.6, 1) };
    const current = i % 3 === 2
      ? { mode: "manual" as const, supplyC: 40, fanPct: 70, pumpPct: 90 }
      : defaultSetpoints(config);
    const p = optimizeCooling(config, state, current, {
      solver: solvers[i % 3],
      seed: i,
      // A thin margin makes the simulator's check, not the margin, the guard.
      marginK: i % 2 === 0 ? 0.2 : 2,
    });
    const label = `case ${i} (${solvers[i % 3]}, ambient ${state.ambientC.toFixed(1)})`;
    assert.ok(p.feasible, `${label}: feasible`);
    assert.ok(p.withinMargin, `${label}: within the margin`);
    // Check again, independently of the optimiser's own check.
    const sim = simulateSetpoints(config, state, current, p.proposed);
    assert.ok(sim.settled, label);
    assert.ok(sim.peakOutletC <= config.rig_throttle_c, `${label}: peak ${sim.peakOutletC}`);
    assert.equal(sim.minThrottlePct, 100, `${label}: never throttled`);
    assert.ok(p.outletMarginK >= 0, label);
    assert.ok(p.proposed.pumpPct >= 30 && p.proposed.pumpPct <= 100, label);
    assert.equal(p.proposed.mode, current.mode, label);
  }
});

Deno.test("where nothing keeps the margin, the proposal cools hardest and says so", () => {
  const config = COOLING_SITE_DEFAULTS;
  const p = optimizeCooling(config, { ambientC: 40, heatKw: 679 }, defaultSetpoints(config));
  assert.equal(p.withinMargin, false);
  assert.equal(p.proposed.pumpPct, 100);
  assert.equal(p.simulated!.fanPct, 100);
  // The default control leaves the rigs throttling; full cooling brings them back under the limit.
  assert.ok(p.currentSimulated!.outletC > config.rig_throttle_c);
  assert.ok(p.simulated!.outletC <= config.rig_throttle_c);
  assert.ok(p.feasible);
});

Deno.test("proposals save fan and pump energy against the default control on a cold and a hot day", () => {
  const config = COOLING_SITE_DEFAULTS;
  const heatKw = config.rigs * config.rig_power_kw * config.coolant_heat_fraction * 0.9;
  for (const meanC of [0, 30]) {
    const day = coolingDay(config, { meanC, amplitudeC: 6, peakHour: 15, heatKw });
    assert.equal(day.feasibleHours, 24, `mean ${meanC}`);
    assert.ok(day.proposedKwh < 0.8 * day.baselineKwh, `mean ${meanC}: ${JSON.stringify(day)}`);
    for (const h of day.hours) {
      assert.ok(h.proposedOutletC <= config.rig_throttle_c, `mean ${meanC} hour ${h.hour}`);
      assert.ok(h.proposedKw < h.baselineKw, `mean ${meanC} hour ${h.hour}`);
    }
  }
});

Deno.test("one seed, one proposal; the solvers agree within a few percent", () => {
  const config = COOLING_SITE_DEFAULTS;
  const state = { ambientC: 25, heatKw: 650 };
  const a = optimizeCooling(config, state, defaultSetpoints(config), { solver: "pso", seed: 3 });
  const b = optimizeCooling(config, state, defaultSetpoints(config), { solver: "pso", seed: 3 });
  assert.deepEqual(a.proposed, b.proposed);
  const kw = (["de", "pso", "ga"] as const).map((solver) =>
    optimizeCooling(config, state, defaultSetpoints(config), { solver }).simulated!.powerKw
  );
  assert.ok(Math.max(...kw) < 1.05 * Math.min(...kw), JSON.stringify(kw));
});
