import assert from "node:assert/strict";
import { startTaskV8Flags } from "./start_flags.ts";

Deno.test("benchmarks run servers with the start task's V8 flags", () => {
  // The server runs without allocation-site pretenuring (README, "Memory and
  // pauses"): with it, a thousand SSE streams' per-chunk objects went to the
  // old generation and young collections grew to 20-60 ms.
  assert.deepEqual(startTaskV8Flags(), ["--v8-flags=--no-allocation-site-pretenuring"]);
});
