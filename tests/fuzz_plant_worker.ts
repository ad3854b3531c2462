/**
 * Worker of tests/fuzz_plant_test.ts: loads one mutated plant file per
 * message with the real loader and sections, and reports how it ended, so
 * the test can bound each load's time and survive a loader that hangs.
 *
 * @module
 */
/// <reference lib="deno.worker" />
import { PLANT_SECTIONS } from "../app/plant_sections.ts";
import { parsePlantBytes, PlantError } from "../plant/plant_file.ts";
import { loadKinds } from "../twins/registry.ts";

/** A load to try. */
export interface FuzzLoad {
  /** Sequence number, echoed back. */
  n: number;
  /** The file's bytes. */
  bytes: Uint8Array;
}

/** How a load ended. */
export interface FuzzOutcome {
  /** Sequence number of the load. */
  n: number;
  /** Loaded, refused with a PlantError, or failed with anything else. */
  outcome: "loaded" | "rejected" | "crashed";
  /** The refusal's problems. */
  problems?: { path: string; line?: number; message: string }[];
  /** What the error said. */
  message?: string;
  /** Milliseconds the load took. */
  ms: number;
}

const kinds = await loadKinds();

self.onmessage = (e: MessageEvent<FuzzLoad>) => {
  const { n, bytes } = e.data;
  const started = performance.now();
  let reply: FuzzOutcome;
  try {
    parsePlantBytes(bytes, kinds, PLANT_SECTIONS, "demo.json");
    reply = { n, outcome: "loaded", ms: 0 };
  } catch (error) {
    reply = error instanceof PlantError
      ? { n, outcome: "rejected", problems: error.problems, message: error.message, ms: 0 }
      : { n, outcome: "crashed", message: String((error as Error)?.stack ?? error), ms: 0 };
  }
  reply.ms = performance.now() - started;
  self.postMessage(reply);
};
self.postMessage({ ready: true });
