/**
 * Operating modes of a rod-pumped well:
 *
 * - `producing`: pumping; starts in `starting` until a sample shows it pumping
 *   (or goes to `fault` after start_confirm_s), then `running`, or `low_fill`
 *   while fillage is under the pumped-off threshold;
 * - `pumped_off`: low fill has lasted pumped_off_after_s; back to producing
 *   when fillage recovers;
 * - `shut_in`: stopped on command;
 * - `fault`: the rods parted, or the unit stopped without being told to;
 *   `reset` goes to shut_in once the unit is seen (or commanded) stopped;
 * - `maintenance`: entered from shut_in or a stopped fault.
 *
 * @module
 */
import { assign, setup } from "xstate";
import type { TwinInput } from "../kind.ts";
import type { WellParams } from "./params.ts";

/** Events a well twin accepts: its commands plus `observed`. */
export type WellEvent =
  | { type: "observed"; state: string }
  | { type: "shut_in" }
  | { type: "open" }
  | { type: "set_spm"; spm: number }
  | { type: "reset" }
  | { type: "enter_maintenance" }
  | { type: "exit_maintenance" }
  | { type: "inject_fault" }
  | { type: "clear_fault" };

/** What the well machine remembers. */
export interface WellContext {
  /** Twin id. */
  id: string;
  /** Last commanded speed, spm. */
  spm: number;
  /** Last observation received. */
  observed: string;
  /** A shut-in was commanded while in fault. */
  stopCommanded: boolean;
  /** Start confirmation window, ms. */
  startConfirmMs: number;
  /** Low fill that lasts this long means pumped off, ms. */
  pumpedOffAfterMs: number;
}

const saw = (state: string) => ({ event }: { event: WellEvent }) =>
  event.type === "observed" && event.state === state;

/** The well twin machine. */
export const wellMachine = setup({
  types: {
    context: {} as WellContext,
    input: {} as TwinInput<WellParams>,
    events: {} as WellEvent,
  },
  delays: {
    startConfirm: ({ context }) => context.startConfirmMs,
    pumpedOffAfter: ({ context }) => context.pumpedOffAfterMs,
  },
  guards: {
    sawParted: saw("rod_parted"),
    sawStopped: saw("stopped"),
    sawLowFill: saw("low_fill"),
    sawProducing: saw("producing"),
    unitStopped: ({ context }) => context.observed === "stopped" || context.stopCommanded,
  },
  actions: {
    record: assign({
      observed: ({ event, context }) => event.type === "observed" ? event.state : context.observed,
    }),
    setSpm: assign({
      spm: ({ event, context }) => event.type === "set_spm" ? event.spm : context.spm,
    }),
    commandStop: assign({ stopCommanded: true }),
    clearStop: assign({ stopCommanded: false }),
  },
}).createMachine({
  id: "well",
  context: ({ input }) => ({
    id: input.id,
    spm: input.params.spm,
    observed: "",
    stopCommanded: false,
    startConfirmMs: input.params.start_confirm_s * 1000,
    pumpedOffAfterMs: input.params.pumped_off_after_s * 1000,
  }),
  initial: "producing",
  on: { observed: { actions: "record" } },
  states: {
    producing: {
      initial: "starting",
      on: {
        observed: [
          { guard: "sawParted", target: "fault", actions: "record" },
          { guard: "sawStopped", target: "fault", actions: "record" },
        ],
        shut_in: "shut_in",
        set_spm: { actions: "setSpm" },
      },
      states: {
        starting: {
          after: { startConfirm: "#well.fault" },
          on: {
            observed: [
              { guard: "sawProducing", target: "running", actions: "record" },
              { guard: "sawLowFill", target: "low_fill", actions: "record" },
              // Not pumping yet: the start window decides.
              { guard: "sawStopped", actions: "record" },
            ],
          },
        },
        running: {
          on: { observed: { guard: "sawLowFill", target: "low_fill", actions: "record" } },
        },
        low_fill: {
          after: { pumpedOffAfter: "#well.pumped_off" },
          on: { observed: { guard: "sawProducing", target: "running", actions: "record" } },
        },
      },
    },
    pumped_off: {
      on: {
        observed: [
          { guard: "sawParted", target: "fault", actions: "record" },
          { guard: "sawStopped", target: "fault", actions: "record" },
          { guard: "sawProducing", target: "producing.running", actions: "record" },
        ],
        shut_in: "shut_in",
        set_spm: { actions: "setSpm" },
      },
    },
    shut_in: {
      on: {
        open: { target: "producing", actions: "clearStop" },
        enter_maintenance: "maintenance",
      },
    },
    fault: {
      on: {
        shut_in: { actions: "commandStop" },
        reset: { guard: "unitStopped", target: "shut_in" },
        enter_maintenance: { guard: "unitStopped", target: "maintenance" },
      },
    },
    maintenance: {
      on: { exit_maintenance: { target: "shut_in", actions: "clearStop" } },
    },
  },
});
