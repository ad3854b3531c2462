import assert from "node:assert/strict";
import { counterflowEffectiveness } from "../../simulators/cooling/dry_cooler.ts";
import { CoolingSiteSimulator } from "../../simulators/cooling/cooling_site_simulator.ts";
import type { PointValues } from "../../simulators/simulator.ts";
import { coolingSiteParams } from "../../twins/cooling_site/params.ts";
import {
  type CoolingInputs,
  type CoolingResiduals,
  coolingResiduals,
  counterflowNtu,
} from "./cooling_residuals.ts";

const close = (a: number, b: number, tol: number, what: string) =>
  assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b} (tolerance ${tol})`);

// A noise-free site without seeded variation, run to `s` seconds, with an
// optional fault injected at 60 s.
function site(s: number, fault?: { fault: string; severity: number }) {
  const params = coolingSiteParams.parse({ variation: 0, ambient_noise_c: 0 });
  const sim = new CoolingSiteSimulator({ id: "s", config: params, seed: 1 });
  const v: PointValues = {};
  for (let t = 1; t <= s; t++) {
    if (fault && t === 60) sim.actuate("s", { type: "inject_fault", args: fault });
    sim.step(1, t);
  }
  sim.read("s", v);
  const x: CoolingInputs = {
    supply: v.supply_temp as number,
    ret: v.return_temp as number,
    ambient: v.ambient_temp as number,
    flow: v.coolant_flow as number,
    fanSpeed: v.fan_speed as number,
    pumpSpeed: v.pump_speed as number,
    heatLoad: v.heat_load as number,
    heatRejected: v.heat_rejected as number,
    fanPower: v.fan_power as number,
    retSlope: 0,
  };
  return { params, x };
}

const out = (): CoolingResiduals => ({
  fanCoef: NaN,
  flowCoef: NaN,
  ratedUa: NaN,
  supplyResidual: NaN,
});

Deno.test("counterflowNtu inverts the effectiveness for balanced and unbalanced streams", () => {
  for (const cr of [0, 0.3, 0.8, 1]) {
    for (const ntu of [0.2, 1, 3]) {
      close(
        counterflowNtu(counterflowEffectiveness(ntu, cr), cr),
        ntu,
        1e-9,
        `cr ${cr} ntu ${ntu}`,
      );
    }
  }
  assert.ok(Number.isNaN(counterflowNtu(1, 0.5)), "e = 1 is out of reach");
  assert.ok(Number.isNaN(counterflowNtu(0, 0.5)));
});

Deno.test("healthy steady site: the residuals give back its design constants", () => {
  const { params, x } = site(1800);
  const r = coolingResiduals(params, x, 1, out());
  close(r.fanCoef, params.fans * params.fan_power_kw, 1e-6, "fan power at 100 %");
  close(r.flowCoef, params.pump_flow_m3h, 1e-9, "flow at 100 %");
  close(r.ratedUa, params.cooler_ua_kw_per_k, 0.5, "rated UA");
  close(r.supplyResidual, 0, 0.02, "energy balance supply");
});

Deno.test("fouled cooler: the implied UA falls by the fouling, the fans still draw full power", () => {
  const { params, x } = site(2 * 3600, { fault: "exchanger_fouling", severity: 0.4 });
  const r = coolingResiduals(params, x, 1, out());
  close(r.ratedUa, params.cooler_ua_kw_per_k * 0.6, 0.5, "rated UA");
  close(r.fanCoef, params.fans * params.fan_power_kw, 1e-6, "fan coefficient");
});

Deno.test("three fans lost: fan power per speed falls to 70 %, and with that share the UA stays", () => {
  const { params, x } = site(1800, { fault: "fan_failure", severity: 0.3 });
  const r = coolingResiduals(params, x, 0.7, out());
  close(r.fanCoef / (params.fans * params.fan_power_kw), 0.7, 1e-6, "fan ratio");
  close(r.ratedUa, params.cooler_ua_kw_per_k, 0.5, "UA with the right fan share");
  const blind = coolingResiduals(params, x, 1, out());
  assert.ok(blind.ratedUa < 0.85 * params.cooler_ua_kw_per_k, "all fans assumed: reads as fouling");
});

Deno.test("drifting supply sensor: the residual is the drift; no flow: nothing is read", () => {
  const { params, x } = site(60 + 1800, { fault: "sensor_drift", severity: 0.4 });
  const r = coolingResiduals(params, x, 1, out());
  // 0.4 x 10 K/h over 1800 s = 2 K low.
  close(r.supplyResidual, -2, 0.05, "supply residual");
  close(r.ratedUa, params.cooler_ua_kw_per_k, 0.5, "UA unaffected");
  const dry = coolingResiduals(params, { ...x, flow: 0, pumpSpeed: 0 }, 1, out());
  assert.ok(Number.isNaN(dry.flowCoef) && Number.isNaN(dry.ratedUa));
  assert.ok(Number.isNaN(dry.supplyResidual));
});
