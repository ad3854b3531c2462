/**
 * The RTU asset kind: a remote terminal unit fronting field assets.
 *
 * @module
 */
import { z } from "zod";
import type { KindDefinition } from "../kind.ts";
import { RtuSimulator } from "../../simulators/rtu/rtu_simulator.ts";
import { rtuMachine } from "./machine.ts";
import { type RtuParams, rtuParams } from "./params.ts";

const faultArgs = z.strictObject({ fault: z.enum(["comm_loss", "stale"]) });

/** RTU kind definition. */
export const kind: KindDefinition<RtuParams> = {
  kind: "rtu",
  description: "Remote terminal unit: a register image over the points of the assets behind it",
  params: rtuParams,
  points: {
    comm_ok: { unit: "", description: "Communications with the RTU are up", key: true },
    assets: { unit: "", description: "Number of assets behind the RTU" },
    registers: { unit: "", description: "Holding registers in the image", key: true },
    scans: { unit: "", description: "Completed scans since start" },
    data_age: { unit: "s", description: "Seconds since the image last changed", key: true },
  },
  modes: {
    online: "Communicating; image fresh",
    stale: "Communicating but the image has stopped updating",
    offline: "No communications, or stale for longer than offline_after_s",
  },
  commands: {
    inject_fault: {
      description: "Simulate a fault: comm_loss or stale",
      args: faultArgs,
      machine: false,
    },
    clear_fault: {
      description: "Clear one fault, or all when none is named",
      args: z.strictObject({ fault: z.enum(["comm_loss", "stale"]).optional() }),
      machine: false,
    },
  },
  machine: rtuMachine,
  observe(values, params) {
    if (values.comm_ok === false) return "offline";
    return typeof values.data_age === "number" && values.data_age > params.stale_after_s
      ? "stale"
      : "online";
  },
  readsPeers: true,
  references: (params) => params.assets,
  simulator: (ctx) =>
    new RtuSimulator({
      id: ctx.id,
      assets: ctx.params.assets,
      base: ctx.params.register_base,
      lookup: ctx.lookup,
    }),
};
