/**
 * RTU operating modes: `online` while its image is fresh, `stale` when data
 * stops moving, `offline` when communications are lost or data has been stale
 * for longer than `offline_after_s`.
 *
 * @module
 */
import { setup } from "xstate";
import type { TwinInput } from "../kind.ts";
import type { RtuParams } from "./params.ts";

/** Events an RTU twin accepts. */
export type RtuEvent =
  | { type: "observed"; state: string }
  | { type: "inject_fault" }
  | { type: "clear_fault" };

/** The RTU twin machine. */
export const rtuMachine = setup({
  types: {
    context: {} as { id: string; offlineAfterMs: number },
    input: {} as TwinInput<RtuParams>,
    events: {} as RtuEvent,
  },
  delays: {
    offlineAfter: ({ context }) => context.offlineAfterMs,
  },
}).createMachine({
  id: "rtu",
  context: ({ input }) => ({ id: input.id, offlineAfterMs: input.params.offline_after_s * 1000 }),
  initial: "online",
  on: {
    "observed": [
      { guard: ({ event }) => event.state === "offline", target: ".offline" },
    ],
  },
  states: {
    online: {
      on: { observed: { guard: ({ event }) => event.state === "stale", target: "stale" } },
    },
    stale: {
      after: { offlineAfter: "offline" },
      on: { observed: { guard: ({ event }) => event.state === "online", target: "online" } },
    },
    offline: {
      on: { observed: { guard: ({ event }) => event.state === "online", target: "online" } },
    },
  },
});
