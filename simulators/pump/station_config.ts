/**
 * What the station simulator and the EPANET exporter need to know about a
 * pump station, in plant-file units: a suction sump, N parallel pumps into a
 * header, a main to a cylindrical tank, an outlet pipe to a demand node with
 * an hourly pattern, and lead/lag level controls. The pump-station twin
 * kind's zod schema produces exactly this shape.
 *
 * @module
 */
import type { PumpConfig } from "./pump_config.ts";

/** A Hazen-Williams pipe. */
export interface PipeConfig {
  /** Length, m. */
  length_m: number;
  /** Inside diameter, mm. */
  diameter_mm: number;
  /** Hazen-Williams C. */
  hw_c: number;
}

/** A level control: start the pump below one tank level, stop it above another. */
export interface LevelControlConfig {
  /** Start when the tank level falls to this, m. */
  start_below_m: number;
  /** Stop when the tank level rises to this, m. */
  stop_above_m: number;
}

/** One pump of a station. */
export interface StationPumpConfig extends PumpConfig {
  /** Id suffix: the pump twin is `${stationId}-${suffix}`. */
  suffix: string;
  /** Level control in auto mode; a pump without one is only run by hand. */
  control?: LevelControlConfig;
}

/** A cylindrical tank. */
export interface TankConfig {
  /** Bottom elevation, m. */
  elevation_m: number;
  /** Diameter, m. */
  diameter_m: number;
  /** Lowest level, m (outflow stops there). */
  min_level_m: number;
  /** Highest level, m (inflow is throttled there). */
  max_level_m: number;
  /** Level at the start of a run, m. */
  initial_level_m: number;
}

/** The demand node the tank feeds. */
export interface DemandConfig {
  /** Node elevation, m. */
  elevation_m: number;
  /** Base demand, L/s. */
  base_lps: number;
  /** Demand multipliers, one per pattern step, repeating. */
  pattern: readonly number[];
  /** Length of one pattern step, s. */
  pattern_step_s: number;
}

/** How the station decides which pumps run. */
export type StationMode = "auto" | "manual" | "off";

/**
 * Whose rules the station's hydraulics follow where EPANET and a real plant
 * part ways. `epanet`: pumps switch on and off at once, a pump loses no head
 * to cavitation, and a full tank closes its inlet (the pumps deliver nothing
 * and use no energy until the level falls), as EPANET does. `field`: pumps
 * ramp their speed, cavitation costs head, and an altitude valve throttles
 * the inflow of a full tank to its outflow.
 */
export type StationModel = "epanet" | "field";

/** A pump station. */
export interface StationConfig {
  /** Suction reservoir. */
  sump: { head_m: number };
  /** Discharge header node. */
  header: { elevation_m: number };
  /** Pumps in parallel between sump and header. */
  pumps: readonly StationPumpConfig[];
  /** Header to tank. */
  main: PipeConfig;
  /** Storage tank. */
  tank: TankConfig;
  /** Tank to demand node. */
  outlet: PipeConfig;
  /** Demand. */
  demand: DemandConfig;
  /** Control mode at the start of a run. */
  mode: StationMode;
  /** Whose rules the hydraulics follow (default `field`). */
  model?: StationModel;
  /** Energy price per kWh. */
  energy_price: number;
  /** Specific gravity of the liquid. */
  specific_gravity: number;
}

/** Twin id of a station's pump. */
export function stationPumpId(stationId: string, suffix: string): string {
  return `${stationId}-${suffix}`;
}

/**
 * A station pump as a stand-alone pump config: the suction static head is the
 * sump head over the header (pump) elevation, and the liquid is the station's.
 * Under EPANET's rules the pump has no speed ramps.
 */
export function pumpConfigInStation(
  station: StationConfig,
  pump: StationPumpConfig,
): StationPumpConfig {
  const epanet = station.model === "epanet";
  return {
    ...pump,
    suction: { ...pump.suction, static_m: station.sump.head_m - station.header.elevation_m },
    specific_gravity: station.specific_gravity,
    ...(epanet ? { ramp_up_s: 0, ramp_down_s: 0 } : {}),
  };
}
