/**
 * Pump operating modes. The twin follows what the equipment reports
 * (`observed`), and commands move it ahead of the equipment: `start` puts it
 * in `starting`, and a start the equipment does not confirm running within
 * `start_timeout_s` trips it. A tripped pump needs `reset`; maintenance locks
 * it out until `exit_maintenance`.
 *
 * @module
 */
import { assign, setup } from "xstate";
import type { TwinInput } from "../kind.ts";
import type { PumpParams } from "./params.ts";

/** Pump states the equipment can report. */
export const OBSERVED_PUMP_STATES = [
  "stopped",
  "starting",
  "running",
  "stopping",
  "tripped",
] as const;

/** Events a pump twin accepts. */
export type PumpEvent =
  | { type: "observed"; state: string }
  | { type: "start" }
  | { type: "stop" }
  | { type: "set_speed"; pct: number }
  | { type: "reset" }
  | { type: "enter_maintenance" }
  | { type: "exit_maintenance" };

/** Context of a pump twin machine. */
export interface PumpContext {
  /** Twin id. */
  id: string;
  /** Whether the pump has a VFD. */
  vfd: boolean;
  /** Last commanded speed, %. */
  speedPct: number;
  /** Start confirmation timeout, ms. */
  startTimeoutMs: number;
  /** The plant file starts the pump running. */
  initiallyRunning: boolean;
}

type Observed = typeof OBSERVED_PUMP_STATES[number];

/** Guarded transitions following the equipment to each of `states`. */
function follow(...states: Observed[]) {
  return states.map((s) => ({
    guard: ({ event }: { event: PumpEvent }) => event.type === "observed" && event.state === s,
    target: s,
  }));
}

/** The pump twin machine; input `{ id, params }`. */
export const pumpMachine = setup({
  types: {
    context: {} as PumpContext,
    input: {} as TwinInput<
      Pick<PumpParams, "vfd" | "speed_pct" | "start_timeout_s" | "initial_status">
    >,
    events: {} as PumpEvent,
  },
  guards: {
    hasVfd: ({ context }) => context.vfd,
  },
  actions: {
    rememberSpeed: assign({
      speedPct: ({ context, event }) => event.type === "set_speed" ? event.pct : context.speedPct,
    }),
  },
  delays: {
    startTimeout: ({ context }) => context.startTimeoutMs,
  },
}).createMachine({
  id: "pump",
  context: ({ input }) => ({
    id: input.id,
    vfd: input.params.vfd,
    speedPct: input.params.speed_pct,
    startTimeoutMs: input.params.start_timeout_s * 1000,
    initiallyRunning: input.params.initial_status === "running",
  }),
  initial: "init",
  states: {
    // Start as the plant file says the pump starts rather than waiting for the first observation.
    init: {
      always: [
        { guard: ({ context }) => context.initiallyRunning, target: "running" },
        { target: "stopped" },
      ],
    },
    stopped: {
      on: {
        start: "starting",
        enter_maintenance: "maintenance",
        set_speed: { guard: "hasVfd", actions: "rememberSpeed" },
        observed: follow("starting", "running", "tripped"),
      },
    },
    starting: {
      after: { startTimeout: "tripped" },
      on: {
        stop: "stopping",
        set_speed: { guard: "hasVfd", actions: "rememberSpeed" },
        observed: follow("running", "stopping", "stopped", "tripped"),
      },
    },
    running: {
      on: {
        stop: "stopping",
        set_speed: { guard: "hasVfd", actions: "rememberSpeed" },
        observed: follow("starting", "stopping", "stopped", "tripped"),
      },
    },
    stopping: {
      on: {
        start: "starting",
        set_speed: { guard: "hasVfd", actions: "rememberSpeed" },
        observed: follow("stopped", "starting", "running", "tripped"),
      },
    },
    tripped: {
      on: {
        reset: "stopped",
        enter_maintenance: "maintenance",
      },
    },
    maintenance: {
      on: { exit_maintenance: "stopped" },
    },
  },
});
