/**
 * The cooling-site asset kind: a container of liquid-cooled mining rigs with
 * its coolant loop, circulation pump and dry cooler.
 *
 * @module
 */
import { z } from "zod";
import type { KindDefinition } from "../kind.ts";
import { faultCommands, noArgs } from "../fault_commands.ts";
import {
  COOLING_FAULTS,
  CoolingSiteSimulator,
} from "../../simulators/cooling/cooling_site_simulator.ts";
import { coolingSiteMachine } from "./machine.ts";
import { observeSite } from "./observe.ts";
import { type CoolingSiteParams, coolingSiteParams } from "./params.ts";
import { COOLING_DIAGNOSIS_POINTS } from "../../diagnosis/cooling/cooling_diagnosis_points.ts";

const pct = z.strictObject({ pct: z.number().min(0).max(100) });

/** Cooling-site kind definition. */
export const kind: KindDefinition<CoolingSiteParams> = {
  kind: "cooling_site",
  description:
    "Liquid-cooled mining container: rigs, coolant loop, circulation pump and dry cooler with fans",
  params: coolingSiteParams,
  points: {
    supply_temp: {
      unit: "degC",
      description: "Coolant supply (cold, to rigs) temperature as measured",
      key: true,
    },
    return_temp: { unit: "degC", description: "Coolant return (rig outlet) temperature" },
    ambient_temp: { unit: "degC", description: "Outdoor air temperature at the dry cooler" },
    coolant_flow: { unit: "m3/h", description: "Coolant loop flow" },
    fan_speed: { unit: "%", description: "Speed of the running dry-cooler fans", key: true },
    pump_speed: { unit: "%", description: "Speed of the running circulation pumps" },
    fans_failed: { unit: "", description: "Fans reporting a drive fault" },
    pumps_failed: { unit: "", description: "Pumps reporting a drive fault" },
    heat_load: { unit: "kW", description: "Heat the rigs put into the coolant" },
    heat_rejected: { unit: "kW", description: "Heat leaving the loop to ambient (cooler + pipes)" },
    fan_power: { unit: "kW", description: "Electrical power of the fans" },
    pump_power: { unit: "kW", description: "Electrical power of the pumps" },
    it_power: { unit: "kW", description: "Electrical power of the rigs" },
    pue: {
      unit: "",
      description: "Partial PUE: (IT + fans + pumps) / IT; 0 with no IT load",
      key: true,
    },
    hashrate: { unit: "TH/s", description: "Site hashrate after throttling", key: true },
    rigs_online: { unit: "", description: "Rigs hashing" },
    rigs_tripped: { unit: "", description: "Rigs shut down by over-temperature protection" },
    rig_throttle: { unit: "%", description: "Rig power the firmware allows at this temperature" },
    supply_setpoint: { unit: "degC", description: "Supply temperature setpoint" },
    control_mode: {
      unit: "",
      description: "auto (PI on supply temperature) or manual",
      type: "string",
    },
    running: { unit: "", description: "Site switched on", type: "boolean" },
    // Written by the cooling diagnosis supervisor (diagnosis/cooling), not by the source.
    ...COOLING_DIAGNOSIS_POINTS,
  },
  modes: {
    running: "Rigs hashing; cooling healthy and supply below the warn limit",
    degraded: "A fan or pump has failed, the supply is above the warn limit, or the site is hot",
    overheated:
      "Hot (rigs throttled or supply at the hot limit) for longer than overheat_after_s; latched until reset",
    stopped: "Rigs and cooling switched off",
    maintenance: "Stopped and locked out for maintenance",
  },
  commands: {
    start: { description: "Switch the site on: pumps, fans, then rigs boot", args: noArgs },
    stop: { description: "Switch the whole site off: rigs and cooling", args: noArgs },
    set_fan_setpoint: { description: "Fan speed in manual mode, %", args: pct },
    set_pump_setpoint: { description: "Circulation pump speed, %", args: pct },
    set_supply_setpoint: {
      description: "Supply temperature the fan controller holds in auto, degC",
      args: z.strictObject({ degC: z.number().min(20).max(60) }),
    },
    set_control_mode: {
      description: "auto: PI sets fan speed for the supply setpoint; manual: operator sets it",
      args: z.strictObject({ mode: z.enum(["auto", "manual"]) }),
    },
    reset: { description: "Acknowledge an overheat once the site has cooled", args: noArgs },
    enter_maintenance: { description: "Lock a stopped site out for maintenance", args: noArgs },
    exit_maintenance: { description: "Return from maintenance to stopped", args: noArgs },
    ...faultCommands(COOLING_FAULTS),
  },
  machine: coolingSiteMachine,
  observe: (values, params) => observeSite(values, params),
  simulator: (ctx) => new CoolingSiteSimulator({ id: ctx.id, config: ctx.params, seed: ctx.seed }),
};
