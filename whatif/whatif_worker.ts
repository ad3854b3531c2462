/**
 * Worker entry of a what-if run: receives one {@linkcode RunRequest}, runs
 * it on a virtual clock and posts progress, then the result or the error.
 * The parent starts it with read access to the source tree only (kinds are
 * found by folder); the plant arrives already validated in the message.
 *
 * @module
 */
/// <reference lib="deno.worker" />
import { loadKinds } from "../twins/registry.ts";
import { type RunRequest, runWhatif } from "./whatif_run.ts";

/** Messages the worker posts. */
export type WorkerMessage =
  | { type: "progress"; fraction: number }
  | { type: "done"; result: import("./whatif_run.ts").RunResult }
  | { type: "error"; message: string };

self.onmessage = async (e: MessageEvent<RunRequest>) => {
  try {
    const kinds = await loadKinds();
    let last = -1;
    const result = runWhatif(e.data, kinds, (fraction) => {
      // A few percent apart is enough for a bar; fewer messages cost less.
      if (fraction - last >= 0.01 || fraction === 1) {
        last = fraction;
        self.postMessage({ type: "progress", fraction } satisfies WorkerMessage);
      }
    });
    self.postMessage({ type: "done", result } satisfies WorkerMessage);
  } catch (err) {
    self.postMessage(
      { type: "error", message: (err as Error).stack ?? String(err) } satisfies WorkerMessage,
    );
  }
};
