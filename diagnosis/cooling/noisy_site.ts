/**
 * A seeded cooling site with noisy supply temperature and fan power, one
 * sample a second: the input the cooling detector's tests replay.
 *
 * @module
 */
import { Random } from "../../simulators/random.ts";
import { CoolingSiteSimulator } from "../../simulators/cooling/cooling_site_simulator.ts";
import type { PointValues } from "../../simulators/simulator.ts";
import { type CoolingSiteParams, coolingSiteParams } from "../../twins/cooling_site/params.ts";

/** A seeded noisy site; `next()` gives its points (and their time, ms) one second later. */
export function noisySite(seed = 4): {
  p: CoolingSiteParams;
  sim: CoolingSiteSimulator;
  next: () => [number, PointValues];
} {
  const p = coolingSiteParams.parse({});
  const sim = new CoolingSiteSimulator({ id: "s", config: p, seed });
  const rng = new Random(seed, "noise");
  let t = 0;
  const next = (): [number, PointValues] => {
    const v: PointValues = {};
    t++;
    sim.step(1, t);
    sim.read("s", v);
    v.supply_temp = (v.supply_temp as number) + rng.normal(0, 0.1);
    v.fan_power = (v.fan_power as number) * (1 + rng.normal(0, 0.01));
    return [t * 1000, v];
  };
  return { p, sim, next };
}
