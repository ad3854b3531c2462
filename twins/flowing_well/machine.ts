/**
 * Flowing well modes: the machine follows the recorded label it observes;
 * it accepts no commands (nothing here actuates a recorded well).
 *
 * @module
 */
import { setup } from "xstate";
import type { TwinInput } from "../kind.ts";

const MODES = ["unlabelled", "normal", "transient", "event"] as const;

/** The flowing well twin machine. */
export const flowingWellMachine = setup({
  types: {
    input: {} as TwinInput,
    events: {} as { type: "observed"; state: string },
  },
}).createMachine({
  id: "flowing_well",
  initial: "unlabelled",
  on: {
    observed: MODES.map((m) => ({
      guard: ({ event }: { event: { state: string } }) => event.state === m,
      target: `.${m}`,
    })),
  },
  states: Object.fromEntries(MODES.map((m) => [m, {}])),
});
