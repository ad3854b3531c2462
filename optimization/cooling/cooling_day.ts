/**
 * A day of a cooling site under its default control and under setpoints
 * proposed afresh each hour, both checked in the simulator at each hour's
 * ambient (the site's daily cosine cycle): the energy the fans and pumps
 * draw in a day, and what the proposals save. Each hour counts at its
 * settled power (the minutes of transition after a change are left out).
 *
 * @module
 */
import { Random } from "../../simulators/random.ts";
import type { CoolingSiteConfig } from "../../simulators/cooling/site_config.ts";
import {
  type CoolingProposal,
  optimizeCooling,
  type OptimizeCoolingOptions,
} from "./optimize_cooling.ts";
import { type CoolingSetpoints, defaultSetpoints } from "./steady_state.ts";

/** The weather and load of one day. */
export interface CoolingDayInput {
  /** Daily mean ambient, degC. */
  meanC: number;
  /** Half the daily swing, K. */
  amplitudeC: number;
  /** Local hour of the ambient peak. */
  peakHour: number;
  /** Heat into the coolant at full clock, kW. */
  heatKw: number;
}

/** One hour of a {@linkcode CoolingDay}. */
export interface CoolingHour {
  /** Hour of the day, 0..23. */
  hour: number;
  /** Ambient at the hour's middle, degC. */
  ambientC: number;
  /** Setpoints proposed for the hour. */
  proposed: CoolingSetpoints;
  /** Fans + pumps under the default control, simulator, kW. */
  baselineKw: number;
  /** Fans + pumps under the proposal, simulator, kW. */
  proposedKw: number;
  /** Rig outlet under the default control, simulator, degC. */
  baselineOutletC: number;
  /** Rig outlet under the proposal, simulator, degC. */
  proposedOutletC: number;
  /** Whether the simulator accepted the proposal. */
  feasible: boolean;
}

/** A day's energy under both controls. */
export interface CoolingDay {
  /** The day's inputs. */
  input: CoolingDayInput;
  /** The hours. */
  hours: CoolingHour[];
  /** Fans + pumps energy under the default control, kWh. */
  baselineKwh: number;
  /** Fans + pumps energy under the hourly proposals, kWh. */
  proposedKwh: number;
  /** Saving, %. */
  savingPct: number;
  /** Hours whose proposal the simulator accepted. */
  feasibleHours: number;
  /** Hours the default control left the rig outlet over the limit. */
  baselineHotHours: number;
}

/** Ambient of the cosine day at hour `h` (its middle), degC. */
export function hourlyAmbient(d: CoolingDayInput, h: number): number {
  return d.meanC + d.amplitudeC * Math.cos((2 * Math.PI * (h + 0.5 - d.peakHour)) / 24);
}

/** Run one day hour by hour: default control against a fresh proposal each hour. */
export function coolingDay(
  config: CoolingSiteConfig,
  input: CoolingDayInput,
  opts: OptimizeCoolingOptions = {},
): CoolingDay {
  const base = defaultSetpoints(config);
  const hours: CoolingHour[] = [];
  for (let h = 0; h < 24; h++) {
    const ambientC = hourlyAmbient(input, h);
    const p: CoolingProposal = optimizeCooling(
      config,
      {
        ambientC,
        heatKw: input.heatKw,
      },
      base,
      opts,
    );
    hours.push({
      hour: h,
      ambientC,
      proposed: p.proposed,
      baselineKw: p.currentSimulated!.powerKw,
      proposedKw: p.simulated!.powerKw,
      baselineOutletC: p.currentSimulated!.outletC,
      proposedOutletC: p.simulated!.outletC,
      feasible: p.feasible,
    });
  }
  const baselineKwh = hours.reduce((s, h) => s + h.baselineKw, 0);
  const proposedKwh = hours.reduce((s, h) => s + h.proposedKw, 0);
  return {
    input,
    hours,
    baselineKwh,
    proposedKwh,
    savingPct: baselineKwh > 0 ? (100 * (baselineKwh - proposedKwh)) / baselineKwh : 0,
    feasibleHours: hours.filter((h) => h.feasible).length,
    baselineHotHours: hours.filter((h) => h.baselineOutletC > config.rig_throttle_c).length,
  };
}

/**
 * Days at each daily mean in `meansC` (the site's own swing and peak hour),
 * each with a seeded heat load: 80-100 % of the site's full rig heat.
 */
export function coolingDays(
  config: CoolingSiteConfig,
  meansC: readonly number[],
  seed: number,
  opts: OptimizeCoolingOptions = {},
): CoolingDay[] {
  const rng = new Random(seed, "cooling-days");
  const full = config.rigs * config.rig_power_kw * config.coolant_heat_fraction;
  return meansC.map((meanC) =>
    coolingDay(config, {
      meanC,
      amplitudeC: config.ambient_amplitude_c,
      peakHour: config.ambient_peak_hour,
      heatKw: full * rng.uniform(0.8, 1),
    }, opts)
  );
}
