import assert from "node:assert/strict";
import { Random } from "../../simulators/random.ts";
import { COOLING_SITE_DEFAULTS, varySite } from "../../simulators/cooling/site_config.ts";
import { calibrateUaFactor } from "./calibrate.ts";
import { defaultSetpoints, SiteModel } from "./steady_state.ts";
import { simulateSetpoints } from "./verify_setpoints.ts";

Deno.test("a cooler fitted to one operating point predicts another of a site whose config is unknown", () => {
  const rng = new Random(3, "calibrate-test");
  const nominal = COOLING_SITE_DEFAULTS;
  let worstRaw = 0, worstFitted = 0;
  for (let i = 0; i < 6; i++) {
    // The true site: varied and a little fouled; the model only knows the nominal params.
    const truth = varySite({ ...nominal, variation: 0.15 }, rng);
    const state = { ambientC: rng.uniform(0, 25), heatKw: 600 };
    const fouled = { ...state, uaFactor: rng.uniform(0.6, 1) };
    const now = simulateSetpoints(truth, fouled, defaultSetpoints(truth), defaultSetpoints(truth));
    const f = calibrateUaFactor(nominal, state, now.fanPct, now.pumpPct, now.outletC);
    assert.ok(f !== undefined, `case ${i}`);
    const next = { mode: "manual" as const, supplyC: 40, fanPct: 35, pumpPct: 55 };
    const later = simulateSetpoints(truth, fouled, defaultSetpoints(truth), next);
    const raw = new SiteModel(nominal, state).steady(next).outletC;
    const fitted = new SiteModel(nominal, { ...state, uaFactor: f }).steady(next).outletC;
    worstRaw = Math.max(worstRaw, Math.abs(raw - later.outletC));
    worstFitted = Math.max(worstFitted, Math.abs(fitted - later.outletC));
  }
  assert.ok(worstRaw > 3, `the nominal model is off by ${worstRaw} K`);
  assert.ok(worstFitted < 1.5, `the fitted model is off by ${worstFitted} K`);
});

Deno.test("no factor fits an outlet the cooler could never give", () => {
  const c = COOLING_SITE_DEFAULTS;
  assert.equal(calibrateUaFactor(c, { ambientC: 20, heatKw: 600 }, 60, 80, 21), undefined);
});
