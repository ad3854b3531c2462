/**
 * The RTU asset kind: a remote terminal unit fronting field assets.
 *
 * @module
 */
import { type KindDefinition, sharedInMemo } from "../kind.ts";
import { faultCommands } from "../fault_commands.ts";
import { RTU_FAULTS, RtuSimulator } from "../../simulators/rtu/rtu_simulator.ts";
import { RegisterTemplates } from "../../simulators/rtu/register_image.ts";
import { rtuMachine } from "./machine.ts";
import { type RtuParams, rtuParams } from "./params.ts";

/** RTU kind definition. */
export const kind: KindDefinition<RtuParams> = {
  kind: "rtu",
  description: "Remote terminal unit: a register image over the points of the assets behind it",
  params: rtuParams,
  points: {
    comm_ok: {
      unit: "",
      description: "Communications with the RTU are up",
      key: true,
      type: "boolean",
    },
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
    ...faultCommands(RTU_FAULTS, false),
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
      declared: ctx.declared,
      templates: sharedInMemo(ctx.memo, "registerTemplates", () => new RegisterTemplates()),
    }),
};
