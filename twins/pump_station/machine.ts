/**
 * Pump-station control modes: `auto` (level controls run the pumps),
 * `manual` (operators run the pumps) and `off` (all pumps stopped). The twin
 * changes mode on `set_mode` and follows the mode the station reports.
 *
 * @module
 */
import { setup } from "xstate";
import type { TwinInput } from "../kind.ts";
import type { StationMode } from "../../simulators/pump/station_config.ts";

/** Events a pump-station twin accepts. */
export type StationEvent =
  | { type: "observed"; state: string }
  | { type: "set_mode"; mode: StationMode };

/** Transitions to each mode other than `self`, on a command or an observation. */
function toOthers(self: StationMode) {
  const others = (["auto", "manual", "off"] as const).filter((m) => m !== self);
  return {
    set_mode: others.map((m) => ({
      guard: ({ event }: { event: StationEvent }) => event.type === "set_mode" && event.mode === m,
      target: m,
    })),
    observed: others.map((m) => ({
      guard: ({ event }: { event: StationEvent }) => event.type === "observed" && event.state === m,
      target: m,
    })),
  };
}

/** The pump-station twin machine; input `{ id, params }`. */
export const stationMachine = setup({
  types: {
    context: {} as { id: string; initial: StationMode },
    input: {} as TwinInput<{ mode: StationMode }>,
    events: {} as StationEvent,
  },
}).createMachine({
  id: "pump_station",
  context: ({ input }) => ({ id: input.id, initial: input.params.mode }),
  initial: "init",
  states: {
    // Start in the plant file's mode rather than waiting for the first observation.
    init: {
      always: [
        { guard: ({ context }) => context.initial === "manual", target: "manual" },
        { guard: ({ context }) => context.initial === "off", target: "off" },
        { target: "auto" },
      ],
    },
    auto: { on: toOthers("auto") },
    manual: { on: toOthers("manual") },
    off: { on: toOthers("off") },
  },
});
