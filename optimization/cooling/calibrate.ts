/**
 * Fit a site's cooler to what it shows: the factor on the configured cooler
 * UA under which the steady-state model, at the fan and pump speeds the site
 * runs, gives the rig outlet temperature it measures. For a site whose
 * effective configuration is unknown (fed over Modbus: plant-file params, no
 * seeded variation, fouling unseen), this takes up a dirty or undersized
 * cooler and a fan airflow off its rating in one number.
 *
 * @module
 */
import type { CoolingSiteConfig } from "../../simulators/cooling/site_config.ts";
import { SiteModel, type SiteState } from "./steady_state.ts";

/** Range the factor is searched in. */
export const UA_FACTOR_RANGE = [0.05, 2] as const;

/**
 * The UA factor that reproduces `outletC` at `fanPct` and `pumpPct`, or
 * undefined when none in {@linkcode UA_FACTOR_RANGE} does (a site far from
 * steady, or a sensor fault).
 */
export function calibrateUaFactor(
  config: CoolingSiteConfig,
  state: SiteState,
  fanPct: number,
  pumpPct: number,
  outletC: number,
): number | undefined {
  const outlet = (f: number) =>
    new SiteModel(config, { ...state, uaFactor: f }).at(fanPct, pumpPct).outletC;
  let lo: number = UA_FACTOR_RANGE[0], hi: number = UA_FACTOR_RANGE[1];
  // A bigger cooler gives a cooler outlet: bisect on the measured one.
  if (outlet(lo) < outletC || outlet(hi) > outletC) return undefined;
  for (let i = 0; i < 40; i++) {
    const mid = (lo + hi) / 2;
    if (outlet(mid) > outletC) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
