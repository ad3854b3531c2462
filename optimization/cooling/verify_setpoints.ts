/**
 * Check setpoints in the real cooling-site simulator: build the site settled
 * under its present setpoints in a fixed ambient and heat load, send the new
 * setpoints through the simulator's command handler (as the twin would), and
 * step on virtual time until the loop settles, watching the rig outlet all
 * the way (the fan controller can overshoot on the way).
 *
 * @module
 */
import { CoolingSiteSimulator } from "../../simulators/cooling/cooling_site_simulator.ts";
import type { CoolingSiteConfig } from "../../simulators/cooling/site_config.ts";
import type { PointValues } from "../../simulators/simulator.ts";
import type { CoolingSetpoints, SiteState } from "./steady_state.ts";

/** Simulator step, s: the fans and pumps slew over seconds, the loop over minutes. */
export const VERIFY_STEP_S = 1;
/** How often the settle test samples, s. */
const SAMPLE_S = 60;
/** Samples that must agree for the run to count as settled (10 minutes). */
const WINDOW = 10;
/** Largest outlet change over the window for a settled loop, K. */
export const SETTLED_K = 0.02;
/** Largest fan speed change over the window for a settled loop, %. */
const SETTLED_FAN_PCT = 0.2;
/** Longest run before giving up on settling, s (6 h). */
export const MAX_SETTLE_S = 6 * 3600;

/** What the simulator showed for one set of setpoints. */
export interface SimulatedOutcome {
  /** Whether the loop settled within {@linkcode MAX_SETTLE_S}. */
  settled: boolean;
  /** Virtual seconds until settled (or the cap). */
  seconds: number;
  /** Settled rig outlet temperature, degC. */
  outletC: number;
  /** Highest rig outlet temperature on the way, degC. */
  peakOutletC: number;
  /** Settled supply temperature, degC. */
  supplyC: number;
  /** Settled fan speed, %. */
  fanPct: number;
  /** Settled pump speed, %. */
  pumpPct: number;
  /** Settled fan power, kW. */
  fanKw: number;
  /** Settled pump power, kW. */
  pumpKw: number;
  /** Fans + pumps, kW. */
  powerKw: number;
  /** Lowest rig power the firmware allowed on the way, % (100: never throttled). */
  minThrottlePct: number;
  /** Commands the simulator refused (none when the setpoints could be applied). */
  refused: string[];
}

/**
 * The simulator's config for a site at a fixed ambient and heat load, starting
 * settled under `from`: no variation or weather, rig power scaled to the heat, cooler UA
 * scaled by `uaFactor`.
 */
export function simulatorConfig(
  config: CoolingSiteConfig,
  state: SiteState,
  from: CoolingSetpoints,
): CoolingSiteConfig {
  return {
    ...config,
    variation: 0,
    ambient_mean_c: state.ambientC,
    ambient_amplitude_c: 0,
    ambient_noise_c: 0,
    rig_power_kw: state.heatKw / (config.rigs * config.coolant_heat_fraction),
    // A fouled (or fitted) cooler: the same as the simulator's fouling fault, and above 1 too.
    cooler_ua_kw_per_k: config.cooler_ua_kw_per_k * (state.uaFactor ?? 1),
    control_mode: from.mode,
    supply_setpoint_c: from.supplyC,
    fan_setpoint_pct: from.fanPct,
    pump_setpoint_pct: from.pumpPct,
  };
}

/**
 * The commands, as the twin's command path takes them, that move a site from
 * `from` to `to`, in an order the site accepts (a fan setpoint only in
 * manual; the supply setpoint before switching to auto).
 */
export function setpointCommands(
  from: CoolingSetpoints,
  to: CoolingSetpoints,
): { type: string; args: Record<string, unknown> }[] {
  const out: { type: string; args: Record<string, unknown> }[] = [];
  if (to.mode === "manual") {
    if (from.mode !== "manual") out.push({ type: "set_control_mode", args: { mode: "manual" } });
    out.push({ type: "set_fan_setpoint", args: { pct: to.fanPct } });
  } else {
    out.push({ type: "set_supply_setpoint", args: { degC: to.supplyC } });
    if (from.mode !== "auto") out.push({ type: "set_control_mode", args: { mode: "auto" } });
  }
  out.push({ type: "set_pump_setpoint", args: { pct: to.pumpPct } });
  return out;
}

/**
 * Run the simulator from `from` settled to `to` settled at `state`'s ambient
 * and heat load; failed fans and pumps in `state` are injected as faults first.
 */
export function simulateSetpoints(
  config: CoolingSiteConfig,
  state: SiteState,
  from: CoolingSetpoints,
  to: CoolingSetpoints,
): SimulatedOutcome {
  const sim = new CoolingSiteSimulator({
    id: "verify",
    config: simulatorConfig(config, state, from),
    seed: 1,
  });
  const refused: string[] = [];
  const act = (type: string, args: Record<string, unknown>) => {
    const why = sim.actuate("verify", { type, args });
    if (why) refused.push(`${type}: ${why}`);
  };
  if (state.fansFailed) {
    act("inject_fault", { fault: "fan_failure", severity: state.fansFailed / config.fans });
  }
  if (state.pumpsFailed) {
    act("inject_fault", { fault: "pump_failure", severity: state.pumpsFailed / config.pumps });
  }
  for (const c of setpointCommands(from, to)) act(c.type, c.args);

  const v: PointValues = {};
  const outlets: number[] = [], fans: number[] = [];
  let t = 0, peak = -Infinity, minThrottle = 100, settled = false;
  while (t < MAX_SETTLE_S) {
    for (let i = 0; i < SAMPLE_S / VERIFY_STEP_S; i++) {
      t += VERIFY_STEP_S;
      sim.step(VERIFY_STEP_S, t);
      sim.read("verify", v);
      const outlet = v.return_temp as number;
      if (outlet > peak) peak = outlet;
      const th = v.rig_throttle as number;
      if (th < minThrottle) minThrottle = th;
    }
    outlets.push(v.return_temp as number);
    fans.push(v.fan_speed as number);
    if (outlets.length >= WINDOW) {
      const o = outlets.slice(-WINDOW), f = fans.slice(-WINDOW);
      if (
        Math.max(...o) - Math.min(...o) < SETTLED_K &&
        Math.max(...f) - Math.min(...f) < SETTLED_FAN_PCT
      ) {
        settled = true;
        break;
      }
    }
  }
  const fanKw = v.fan_power as number, pumpKw = v.pump_power as number;
  return {
    settled,
    seconds: t,
    outletC: v.return_temp as number,
    peakOutletC: peak,
    supplyC: v.supply_temp as number,
    fanPct: v.fan_speed as number,
    pumpPct: v.pump_speed as number,
    fanKw,
    pumpKw,
    powerKw: fanKw + pumpKw,
    minThrottlePct: minThrottle,
    refused,
  };
}
