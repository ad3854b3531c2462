/**
 * What a client asks of a setpoint proposal (the body of
 * `POST /api/twins/{site}/cooling_setpoints`), validated by zod, and the
 * site state and setpoints read from a live cooling-site twin.
 *
 * @module
 */
import { z } from "zod";
import type { CoolingSiteConfig } from "../../simulators/cooling/site_config.ts";
import type { PointValues } from "../../simulators/simulator.ts";
import { calibrateUaFactor } from "./calibrate.ts";
import type { CoolingSetpoints, SiteState } from "./steady_state.ts";

/** Schema of a proposal request. */
export const coolingSetpointRequest = z.strictObject({
  /** Solver. */
  solver: z.enum(["de", "pso", "ga"]).default("de"),
  /** Solver seed. */
  seed: z.number().int().min(0).default(1),
  /** Kelvin below the rigs' throttle temperature the model keeps. */
  margin_k: z.number().min(0).max(20).default(2),
  /** Mode to propose in; default the site's present mode. */
  mode: z.enum(["auto", "manual"]).optional(),
  /** Lowest pump speed to propose, %. */
  pump_min_pct: z.number().min(5).max(100).default(30),
  /** Ambient to plan for instead of the measured one, degC. */
  ambient_c: z.number().min(-50).max(60).optional(),
  /** Heat into the coolant to plan for instead of the measured one, kW. */
  heat_kw: z.number().positive().optional(),
});

/** A validated proposal request. */
export type CoolingSetpointRequest = z.infer<typeof coolingSetpointRequest>;

/** What a live site shows, or why it cannot be planned for. */
export type LiveSite =
  | {
    state: SiteState;
    current: CoolingSetpoints;
    config: CoolingSiteConfig;
    /** Whether the cooler's UA was fitted to the live points (no simulator detail). */
    fitted: boolean;
  }
  | { error: string };

const num = (v: unknown) => typeof v === "number" && Number.isFinite(v) ? v : undefined;

/**
 * Read a site's state and setpoints from its points; `detail` is its
 * simulator's `inspect()` when simulated (its effective config and faults);
 * else the twin's params stand for the config, with the cooler's UA fitted to
 * the outlet temperature the site shows (calibrate.ts). `commandedMode` is
 * the control mode last commanded through the twin, for a site whose points
 * leave it out.
 */
export function liveSite(
  values: Readonly<PointValues>,
  params: CoolingSiteConfig,
  detail: Record<string, unknown> | undefined,
  req: CoolingSetpointRequest,
  commandedMode?: string,
): LiveSite {
  if (values.running === false) return { error: "the site is stopped" };
  const ambient = req.ambient_c ?? num(values.ambient_temp);
  const heat = num(values.heat_load), throttle = num(values.rig_throttle);
  const supply = num(values.supply_setpoint), pump = num(values.pump_speed);
  const fan = num(values.fan_speed);
  // A string point does not travel over Modbus: then the mode last commanded through the twin.
  const mode = typeof values.control_mode === "string" ? values.control_mode : commandedMode;
  if (
    ambient === undefined || heat === undefined || supply === undefined || pump === undefined ||
    fan === undefined || (mode !== "auto" && mode !== "manual")
  ) {
    return { error: "the site has not reported its temperatures and setpoints yet" };
  }
  // Throttled rigs put in less heat than they will once cooled: plan for full clock.
  const heatKw = req.heat_kw ?? heat / Math.max(0.5, (throttle ?? 100) / 100);
  if (!(heatKw > 0)) return { error: "the site puts no heat into the coolant (no rigs online)" };
  const state: SiteState = {
    ambientC: ambient,
    heatKw,
    fansFailed: num(values.fans_failed) ?? 0,
    pumpsFailed: num(values.pumps_failed) ?? 0,
  };
  const current: CoolingSetpoints = { mode, supplyC: supply, fanPct: fan, pumpPct: pump };
  const simulated = detail?.config as CoolingSiteConfig | undefined;
  if (simulated) {
    const fouling = num((detail?.faults as Record<string, unknown> | undefined)?.exchanger_fouling);
    if (fouling) state.uaFactor = 1 - fouling;
    return { config: simulated, state, current, fitted: false };
  }
  // No simulator to ask: fit the cooler to the outlet the site shows now (at its measured
  // ambient, whatever the request plans for).
  const outlet = num(values.return_temp);
  const f = outlet === undefined ? undefined : calibrateUaFactor(
    params,
    { ...state, ambientC: num(values.ambient_temp) ?? ambient, heatKw: heat },
    fan,
    pump,
    outlet,
  );
  if (f !== undefined) state.uaFactor = f;
  return { config: params, state, current, fitted: f !== undefined };
}
