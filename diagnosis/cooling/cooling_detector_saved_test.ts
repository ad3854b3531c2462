import assert from "node:assert/strict";
import { toJsonNumber } from "../learner_json.ts";
import { CoolingDetector } from "./cooling_detector.ts";
import { noisySite } from "./noisy_site.ts";

// Written by the detector as it was before it kept its numbers in arrays
// (commit 2b62690): its state after 700 s of a seeded site (training), the
// verdicts it then gave every 150 s over 1800 s with a fan failure from
// 600 s on, and its state at the end. A fork "from now" of a plant saved
// by that version must restore and go on exactly as it would have, under
// the options it ran with (updates every 5 s, the default then).
const SAVED = JSON.parse(
  await Deno.readTextFile(new URL("./cooling_detector_saved_v1.json", import.meta.url)),
);

Deno.test("cooling detector: a state saved by the earlier version restores and continues as it did", () => {
  const { p, sim, next } = noisySite(4);
  // The same samples the saved detector had seen.
  for (let i = 0; i < 700; i++) next();
  const d = new CoolingDetector(p, { trainS: 600, everyS: 5 });
  d.restore(SAVED.state, "saved.state");
  assert.deepEqual(d.snapshot(), SAVED.state, "written back as it was read");
  const verdicts = [];
  for (let i = 0; i < 1800; i++) {
    if (i === 600) {
      sim.actuate("s", { type: "inject_fault", args: { fault: "fan_failure", severity: 1 } });
    }
    const v = d.push(...next());
    if (i % 150 === 149) {
      verdicts.push(Object.fromEntries(
        Object.entries(v).map(([k, x]) => [k, typeof x === "number" ? toJsonNumber(x) : x]),
      ));
    }
  }
  assert.deepEqual(verdicts, SAVED.verdicts);
  assert.deepEqual(d.snapshot(), SAVED.end);
});
