/**
 * The pump-station asset kind: the parent of its pump twins. Its simulator
 * feeds the station and every pump, takes the pump commands, and in auto
 * mode starts and stops pumps on its level controls.
 *
 * @module
 */
import { z } from "zod";
import type { ChildTwin, KindDefinition } from "../kind.ts";
import { faultCommands } from "../fault_commands.ts";
import { STATION_FAULTS, StationSimulator } from "../../simulators/pump/station_simulator.ts";
import { pumpConfigInStation, stationPumpId } from "../../simulators/pump/station_config.ts";
import { pumpParams } from "../pump/params.ts";
import { stationMachine } from "./machine.ts";
import { type StationParams, stationParams } from "./params.ts";

/** The pump twins of station `id`, with params the pump kind accepts. */
export function stationChildren(id: string, params: StationParams): ChildTwin[] {
  return params.pumps.map((p) => {
    const { suffix: _suffix, control: _control, ...pump } = pumpConfigInStation(params, p);
    return { id: stationPumpId(id, p.suffix), kind: "pump", params: pumpParams.parse(pump) };
  });
}

/** Pump-station kind definition. */
export const kind: KindDefinition<StationParams> = {
  kind: "pump_station",
  description:
    "Pump station: parallel pumps lifting into a tank that feeds a demand, lead/lag level control",
  params: stationParams,
  points: {
    mode: { unit: "", description: "auto, manual or off", type: "string" },
    tank_level: { unit: "m", description: "Tank level as the level sensor reads it", key: true },
    tank_volume: { unit: "m3", description: "Tank volume from the measured level" },
    inflow: { unit: "m3/h", description: "Pumped flow into the main", key: true },
    outflow: { unit: "m3/h", description: "Metered flow delivered to the demand node" },
    demand: { unit: "m3/h", description: "Flow the demand node asks for" },
    running_pumps: { unit: "", description: "Pumps starting or running", key: true },
    total_power: { unit: "kW", description: "Power drawn by all pumps", key: true },
    energy: { unit: "kWh", description: "Energy used by all pumps since start" },
    energy_cost: { unit: "", description: "Energy cost at energy_price since start" },
    header_pressure: { unit: "kPa", description: "Discharge header pressure" },
    delivery_pressure: { unit: "kPa", description: "Pressure at the demand node" },
  },
  modes: {
    auto: "Level controls start and stop the pumps (lead/lag)",
    manual: "Operators start and stop the pumps",
    off: "All pumps stopped; starts refused",
  },
  commands: {
    set_mode: {
      description: "Switch between auto, manual and off",
      args: z.strictObject({ mode: z.enum(["auto", "manual", "off"]) }),
    },
    set_level_band: {
      description: "Change a pump's start/stop tank levels",
      args: z.strictObject({
        pump: z.string().min(1),
        start_below_m: z.number(),
        stop_above_m: z.number(),
      }),
      machine: false,
    },
    apply_schedule: {
      description:
        "Run a 24-hour schedule in manual mode: per hour of day a speed ratio per pump (0 off), " +
        "applied on the hour until the mode is set or the schedule cleared",
      args: z.strictObject({
        schedule: z.array(z.array(z.number().min(0).max(1))).length(24),
      }),
      machine: false,
    },
    clear_schedule: {
      description: "Stop following the applied schedule; the pumps stay as they are",
      args: z.strictObject({}),
      machine: false,
    },
    ...faultCommands(STATION_FAULTS),
  },
  machine: stationMachine,
  observe(values) {
    return typeof values.mode === "string" ? values.mode : "auto";
  },
  children: stationChildren,
  simulator: (ctx) => new StationSimulator({ id: ctx.id, config: ctx.params, seed: ctx.seed }),
};
