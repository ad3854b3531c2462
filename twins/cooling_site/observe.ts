/**
 * Reduces a cooling site's sample to what its machine reacts to. Runs every
 * simulated second for every site, so it only compares numbers.
 *
 * @module
 */
import type { PointValues } from "../../simulators/simulator.ts";

/** What a sample says about a site. */
export type SiteObservation = "stopped" | "running" | "degraded" | "hot";

/** The alarm limits {@linkcode observeSite} needs. */
export interface ObserveLimits {
  /** Degraded at or above this measured supply temperature, degC. */
  supply_warn_c: number;
  /** Hot at or above this measured supply temperature, degC. */
  supply_hot_c: number;
}

/**
 * `stopped` when the site is off; `hot` when rigs throttle or trip, or the
 * supply reaches the hot limit; `degraded` when a fan or pump has failed or
 * the supply reaches the warn limit; otherwise `running`.
 */
export function observeSite(values: Readonly<PointValues>, limits: ObserveLimits): SiteObservation {
  if (values.running === false) return "stopped";
  const supply = values.supply_temp as number;
  if (
    (values.rig_throttle as number) < 100 || (values.rigs_tripped as number) > 0 ||
    supply >= limits.supply_hot_c
  ) return "hot";
  if (
    (values.fans_failed as number) > 0 || (values.pumps_failed as number) > 0 ||
    supply >= limits.supply_warn_c
  ) return "degraded";
  return "running";
}
