/**
 * The centrifugal pump asset kind: on its own it is fed by a
 * {@linkcode PumpSimulator} against a system curve; as a child of a pump
 * station the station's simulator feeds it.
 *
 * @module
 */
import { z } from "zod";
import type { KindDefinition } from "../kind.ts";
import { faultCommands, noArgs } from "../fault_commands.ts";
import { PumpSimulator } from "../../simulators/pump/pump_simulator.ts";
import { PUMP_FAULTS } from "../../simulators/pump/pump_unit.ts";
import { pumpMachine } from "./machine.ts";
import { type PumpParams, pumpParams } from "./params.ts";
import { PUMP_ANOMALY_POINTS } from "../../diagnosis/anomaly/pump_anomaly_points.ts";

/** Pump kind definition. */
export const kind: KindDefinition<PumpParams> = {
  kind: "pump",
  description: "Centrifugal pump with motor: head curve, affinity laws, NPSH, VFD, overload relay",
  params: pumpParams,
  points: {
    status: {
      unit: "",
      description: "stopped, starting, running, stopping or tripped",
      type: "string",
    },
    running: {
      unit: "",
      description: "Motor energised (starting or running)",
      key: true,
      type: "boolean",
    },
    available: {
      unit: "",
      description: "Not tripped and not locked out for maintenance",
      type: "boolean",
    },
    speed: { unit: "%", description: "Speed, % of nominal" },
    flow: { unit: "m3/h", description: "Flow delivered", key: true },
    head: { unit: "m", description: "Head gain across the pump", key: true },
    power: { unit: "kW", description: "Power drawn, rho g Q H / eta" },
    efficiency: { unit: "%", description: "Pump efficiency at the operating point" },
    npsh_margin: { unit: "m", description: "NPSH available minus NPSH required" },
    cavitation: {
      unit: "",
      description: "Cavitating (negative NPSH margin while turning)",
      type: "boolean",
    },
    vibration: { unit: "mm/s", description: "Bearing-housing vibration velocity, RMS", key: true },
    energy: { unit: "kWh", description: "Energy used since start" },
    motor_current: { unit: "A", description: "Motor line current" },
    starts: { unit: "", description: "Starts since start of run" },
    run_hours: { unit: "h", description: "Running hours since start of run" },
    suction_pressure: { unit: "kPa", description: "Suction gauge pressure" },
    discharge_pressure: { unit: "kPa", description: "Discharge gauge pressure" },
    // Written by the anomaly supervisor (diagnosis/anomaly), not by the source.
    ...PUMP_ANOMALY_POINTS,
  },
  modes: {
    stopped: "Still and available",
    starting: "Start commanded, speed ramping up, not yet confirmed running",
    running: "Running at its speed setpoint",
    stopping: "Stop commanded, speed ramping down",
    tripped: "Stopped by a protection (overload) or a start that was never confirmed; needs reset",
    maintenance: "Locked out for maintenance; cannot be started",
  },
  commands: {
    start: { description: "Start the pump", args: noArgs },
    stop: { description: "Stop the pump", args: noArgs },
    set_speed: {
      description: "Set the VFD speed setpoint (VFD pumps only)",
      args: z.strictObject({ pct: z.number().min(30).max(110) }),
    },
    reset: { description: "Reset a trip", args: noArgs },
    enter_maintenance: { description: "Lock the pump out for maintenance", args: noArgs },
    exit_maintenance: { description: "Return the pump to service", args: noArgs },
    ...faultCommands(PUMP_FAULTS),
  },
  machine: pumpMachine,
  observe(values) {
    return typeof values.status === "string" ? values.status : "stopped";
  },
  simulator: (ctx) => new PumpSimulator({ id: ctx.id, config: ctx.params, seed: ctx.seed }),
};
