/**
 * What a twin's mode means, from its kind. A twin stopped in the runtime
 * reports mode `stopped` whatever its kind, so it gets its own meaning rather
 * than the kind's (a pump's `stopped` is the pump, not the twin).
 *
 * @module
 */
import type { KindInfo, TwinView } from "./api_types.ts";

/** Meaning shown for a twin that has been stopped in the runtime. */
export const NOT_RUNNING = "Twin not running in the runtime; start it to resume";

/** The meaning of `twin`'s current mode. */
export function modeMeaning(kind: KindInfo | undefined, twin: TwinView): string | undefined {
  return twin.running ? kind?.modes[twin.mode] : NOT_RUNNING;
}
