/**
 * The commands a pump takes, applied to a {@linkcode PumpUnit}; shared by
 * the standalone pump simulator and the station simulator.
 *
 * @module
 */
import type { Actuation } from "../simulator.ts";
import { asPumpFault, PUMP_FAULTS, type PumpUnit } from "./pump_unit.ts";

/** Apply a pump command; returns why it could not be done, or undefined. */
export function actuatePump(u: PumpUnit, action: Actuation): string | undefined {
  const args = action.args;
  switch (action.type) {
    case "start":
      return u.start();
    case "stop":
      u.stop();
      return undefined;
    case "set_speed":
      return u.setSpeed(Number(args.pct));
    case "reset":
      u.reset();
      return undefined;
    case "enter_maintenance":
      return u.enterMaintenance();
    case "exit_maintenance":
      return u.exitMaintenance();
    case "inject_fault": {
      const fault = asPumpFault(args.fault);
      if (!fault) {
        return `unknown pump fault "${args.fault}"; expected one of ${PUMP_FAULTS.join(", ")}`;
      }
      const severity = args.severity === undefined ? 1 : Number(args.severity);
      if (!(severity > 0 && severity <= 1)) return "fault severity must be in (0, 1]";
      u.injectFault(fault, severity);
      return undefined;
    }
    case "clear_fault": {
      if (args.fault === undefined) {
        u.clearFault();
        return undefined;
      }
      const fault = asPumpFault(args.fault);
      if (!fault) {
        return `unknown pump fault "${args.fault}"; expected one of ${PUMP_FAULTS.join(", ")}`;
      }
      u.clearFault(fault);
      return undefined;
    }
    default:
      return `a pump does not take the command "${action.type}"`;
  }
}
