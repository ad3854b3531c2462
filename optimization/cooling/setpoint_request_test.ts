import assert from "node:assert/strict";
import { CoolingSiteSimulator } from "../../simulators/cooling/cooling_site_simulator.ts";
import { COOLING_SITE_DEFAULTS } from "../../simulators/cooling/site_config.ts";
import type { PointValues } from "../../simulators/simulator.ts";
import { optimizeCooling } from "./optimize_cooling.ts";
import { coolingSetpointRequest, liveSite } from "./setpoint_request.ts";
import { simulateSetpoints } from "./verify_setpoints.ts";

const request = coolingSetpointRequest.parse({});

Deno.test("a site known only by its points gets a fitted cooler, and its proposal keeps the true site's limit", () => {
  for (const seed of [1, 2, 3, 4]) {
    const params = { ...COOLING_SITE_DEFAULTS, variation: 0.15, ambient_noise_c: 0 };
    const sim = new CoolingSiteSimulator({ id: "s", config: params, seed });
    sim.actuate("s", { type: "inject_fault", args: { fault: "exchanger_fouling", severity: 0.3 } });
    for (let t = 1; t <= 3600; t++) sim.step(1, t);
    const values: PointValues = {};
    sim.read("s", values);
    // As over Modbus: no detail, so the params stand for the config and the cooler is fitted;
    // no control_mode point, so the mode the twin last commanded.
    delete values.control_mode;
    const live = liveSite(values, params, undefined, request, "auto");
    assert.ok(!("error" in live), `seed ${seed}`);
    assert.equal(live.fitted, true);
    assert.ok(live.state.uaFactor! < 0.85, `seed ${seed}: factor ${live.state.uaFactor}`);
    const p = optimizeCooling(live.config, live.state, live.current);
    assert.ok(p.feasible && p.savingKw > 0, `seed ${seed}`);
    // On the true site (varied, fouled), from where it runs now.
    const truth = { ...live.state, uaFactor: 0.7 };
    const real = simulateSetpoints(sim.config, truth, live.current, p.proposed);
    assert.ok(
      real.peakOutletC <= params.rig_throttle_c,
      `seed ${seed}: ${real.peakOutletC} degC on the true site`,
    );
  }
});

Deno.test("a stopped or silent site cannot be planned for, and says why", () => {
  const p = COOLING_SITE_DEFAULTS;
  assert.match(
    (liveSite({ running: false }, p, undefined, request) as { error: string }).error,
    /stopped/,
  );
  assert.match(
    (liveSite({ running: true }, p, undefined, request) as { error: string }).error,
    /not reported/,
  );
  const values = { running: true, ambient_temp: 20, heat_load: 600, supply_setpoint: 40 };
  const silentMode = { ...values, pump_speed: 80, fan_speed: 40, return_temp: 48 };
  assert.ok("error" in liveSite(silentMode, p, undefined, request));
  assert.equal(
    (liveSite(silentMode, p, undefined, request, "manual") as { current: { mode: string } })
      .current.mode,
    "manual",
  );
});
