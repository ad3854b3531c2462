/**
 * Cooling-site operating modes. The machine follows what the site's samples
 * show (`running`, `degraded`, `stopped`), escalates to `overheated` when the
 * site stays hot for `overheat_after_s`, and latches there until an operator
 * `reset`s it after the heat has cleared. `maintenance` is entered from
 * `stopped` only, and ignores samples.
 *
 * @module
 */
import { assign, setup } from "xstate";
import type { TwinInput } from "../kind.ts";
import type { CoolingSiteParams } from "./params.ts";
import type { SiteObservation } from "./observe.ts";

/** Events a cooling-site twin accepts: its commands plus `observed`. */
export type CoolingSiteEvent =
  | { type: "observed"; state: string }
  | { type: "start" }
  | { type: "stop" }
  | { type: "set_fan_setpoint"; pct: number }
  | { type: "set_pump_setpoint"; pct: number }
  | { type: "set_supply_setpoint"; degC: number }
  | { type: "set_control_mode"; mode: "auto" | "manual" }
  | { type: "reset" }
  | { type: "enter_maintenance" }
  | { type: "exit_maintenance" }
  | { type: "inject_fault" }
  | { type: "clear_fault" };

/** What the machine remembers: timings, the last sample's verdict and the operator's setpoints. */
export interface CoolingSiteContext {
  /** Twin id. */
  id: string;
  /** Hot for this long -> overheated, ms. */
  overheatAfterMs: number;
  /** A start not confirmed within this long -> stopped, ms. */
  startTimeoutMs: number;
  /** Latest observation from the samples. */
  observed: string;
  /** Control mode as last commanded. */
  controlMode: "auto" | "manual";
  /** Manual fan speed setpoint, %. */
  fanSetpointPct: number;
  /** Pump speed setpoint, %. */
  pumpSetpointPct: number;
  /** Supply temperature setpoint, degC. */
  supplySetpointC: number;
}

const saw = (state: SiteObservation) => ({ event }: { event: CoolingSiteEvent }) =>
  event.type === "observed" && event.state === state;
const last = (state: SiteObservation) => ({ context }: { context: CoolingSiteContext }) =>
  context.observed === state;

/** The cooling-site twin machine. */
export const coolingSiteMachine = setup({
  types: {
    context: {} as CoolingSiteContext,
    input: {} as TwinInput<CoolingSiteParams>,
    events: {} as CoolingSiteEvent,
  },
  actions: {
    record: assign({
      observed: ({ context, event }) => event.type === "observed" ? event.state : context.observed,
    }),
  },
  delays: {
    overheatAfter: ({ context }) => context.overheatAfterMs,
    startTimeout: ({ context }) => context.startTimeoutMs,
  },
}).createMachine({
  id: "cooling_site",
  context: ({ input }) => ({
    id: input.id,
    overheatAfterMs: input.params.overheat_after_s * 1000,
    startTimeoutMs: input.params.start_timeout_s * 1000,
    observed: "running",
    controlMode: input.params.control_mode,
    fanSetpointPct: input.params.fan_setpoint_pct,
    pumpSetpointPct: input.params.pump_setpoint_pct,
    supplySetpointC: input.params.supply_setpoint_c,
  }),
  initial: "running",
  // Setpoints and mode are accepted in every state; the machine keeps the
  // operator's latest values for the UI.
  on: {
    set_fan_setpoint: { actions: assign({ fanSetpointPct: ({ event }) => event.pct }) },
    set_pump_setpoint: { actions: assign({ pumpSetpointPct: ({ event }) => event.pct }) },
    set_supply_setpoint: { actions: assign({ supplySetpointC: ({ event }) => event.degC }) },
    set_control_mode: { actions: assign({ controlMode: ({ event }) => event.mode }) },
  },
  states: {
    running: {
      initial: "normal",
      states: {
        normal: {},
        // Waiting for the first sample that shows the site running after a start.
        starting: {
          after: { startTimeout: "#cooling_site.stopped" },
          on: { observed: { guard: saw("stopped"), actions: "record" } },
        },
      },
      on: {
        observed: [
          { guard: saw("stopped"), target: "stopped", actions: "record" },
          { guard: saw("degraded"), target: "degraded", actions: "record" },
          { guard: saw("hot"), target: "degraded.hot", actions: "record" },
          { target: ".normal", actions: "record" },
        ],
        stop: "stopped",
      },
    },
    degraded: {
      initial: "warning",
      states: {
        warning: {},
        // Hot: rigs throttling or supply at the hot limit; overheated if it lasts.
        hot: { after: { overheatAfter: "#cooling_site.overheated" } },
      },
      on: {
        observed: [
          { guard: saw("stopped"), target: "stopped", actions: "record" },
          { guard: saw("running"), target: "running", actions: "record" },
          { guard: saw("hot"), target: ".hot", actions: "record" },
          { target: ".warning", actions: "record" },
        ],
        stop: "stopped",
      },
    },
    overheated: {
      on: {
        observed: [
          { guard: saw("stopped"), target: "stopped", actions: "record" },
          { actions: "record" },
        ],
        // Latched: an operator acknowledges once the heat has cleared.
        reset: [
          { guard: last("running"), target: "running" },
          { guard: last("degraded"), target: "degraded" },
        ],
        stop: "stopped",
      },
    },
    stopped: {
      on: {
        start: "running.starting",
        enter_maintenance: "maintenance",
        observed: [
          { guard: saw("running"), target: "running", actions: "record" },
          { guard: saw("degraded"), target: "degraded", actions: "record" },
          { guard: saw("hot"), target: "degraded.hot", actions: "record" },
          { actions: "record" },
        ],
      },
    },
    maintenance: {
      on: {
        exit_maintenance: "stopped",
        observed: { actions: "record" },
      },
    },
  },
});
