import assert from "node:assert/strict";
import { flagQuality, IN_OTHER, sampleFlags, unpackValue } from "./sample_flags.ts";

Deno.test("sample flags: each quality and value kind round-trips", () => {
  for (const q of ["good", "uncertain", "bad"] as const) {
    assert.equal(flagQuality(sampleFlags(q, false)), q);
    assert.equal(flagQuality(sampleFlags(q, true)), q);
    assert.equal(sampleFlags(q, true) & IN_OTHER, IN_OTHER);
    assert.equal(sampleFlags(q, false) & IN_OTHER, 0);
  }
  assert.equal(unpackValue(sampleFlags("good", false), 2.5, ["x"]), 2.5);
  assert.equal(unpackValue(sampleFlags("bad", true), 1, [true, "open"]), "open");
});
