import assert from "node:assert/strict";
import type { KindInfo, TwinView } from "./api_types.ts";
import { modeMeaning, NOT_RUNNING } from "./mode_meaning.ts";

const pump: KindInfo = {
  kind: "pump",
  description: "",
  points: {},
  modes: { running: "Pumping", stopped: "Pump stopped, ready to start" },
  commands: {},
};
const twin = (mode: string, running: boolean): TwinView => ({
  id: "p1",
  name: "p1",
  kind: "pump",
  mode,
  running,
  source: "simulator",
  points: {},
  version: 1,
});

Deno.test("a running twin's mode means what its kind says", () => {
  assert.equal(modeMeaning(pump, twin("running", true)), "Pumping");
  assert.equal(modeMeaning(pump, twin("stopped", true)), "Pump stopped, ready to start");
  assert.equal(modeMeaning(pump, twin("unknown_mode", true)), undefined);
  assert.equal(modeMeaning(undefined, twin("running", true)), undefined);
});

Deno.test("a twin stopped in the runtime says so, not what the kind's stopped means", () => {
  assert.equal(modeMeaning(pump, twin("stopped", false)), NOT_RUNNING);
});
