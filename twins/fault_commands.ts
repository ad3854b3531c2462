/**
 * The `inject_fault` / `clear_fault` command pair every simulated kind
 * offers. Fault commands touch only the equipment (the simulator), never the
 * twin's machine: the machine learns of a fault the way it would in the
 * field, from the values it causes.
 *
 * @module
 */
import { z } from "zod";
import type { CommandSpec } from "./kind.ts";

/** Arguments of a command that takes none. */
export const noArgs = z.strictObject({});

/**
 * Build the fault commands for a kind.
 *
 * @param faults the kind's fault names
 * @param severity whether `inject_fault` takes a severity from 0 (exclusive) to 1
 * @returns `{ inject_fault, clear_fault }` command specs
 */
export function faultCommands(
  faults: readonly [string, ...string[]],
  severity = true,
): { inject_fault: CommandSpec; clear_fault: CommandSpec } {
  const names = faults.join(", ");
  return {
    inject_fault: {
      description: `Simulate a fault: ${names}${severity ? " (severity 0..1, default 0.5)" : ""}`,
      args: severity
        ? z.strictObject({ fault: z.enum(faults), severity: z.number().gt(0).max(1).optional() })
        : z.strictObject({ fault: z.enum(faults) }),
      machine: false,
    },
    clear_fault: {
      description: "Clear one fault, or all when none is named",
      args: z.strictObject({ fault: z.enum(faults).optional() }),
      machine: false,
    },
  };
}
