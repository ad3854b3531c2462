import assert from "node:assert/strict";
import { LearnerStateError } from "../learner_json.ts";
import { CoolingDetector } from "./cooling_detector.ts";
import { noisySite } from "./noisy_site.ts";

const TRAIN_S = 600;

for (const [phase, at] of [["training", 700], ["watching", 1500]] as const) {
  Deno.test(`cooling detector: restored from JSON while ${phase}, it continues bit for bit`, () => {
    const { p, sim, next } = noisySite();
    const a = new CoolingDetector(p, { trainS: TRAIN_S });
    for (let i = 0; i < at; i++) a.push(...next());
    assert.equal(a.verdict.status, phase);
    const b = new CoolingDetector(p, { trainS: TRAIN_S });
    b.restore(JSON.parse(JSON.stringify(a.snapshot())), "sites.s.detector");
    assert.deepEqual(b.verdict, a.verdict);
    const fresh = new CoolingDetector(p, { trainS: TRAIN_S });
    const seen = new Set<string>();
    for (let i = 0; i < 1800; i++) {
      if (i === 600) {
        sim.actuate("s", { type: "inject_fault", args: { fault: "fan_failure", severity: 1 } });
      }
      const [t, v] = next();
      assert.deepEqual(b.push(t, v), a.push(t, v), `at ${t / 1000} s`);
      assert.equal(b.updates, a.updates);
      fresh.push(t, v);
      seen.add(a.verdict.diagnosis);
    }
    assert.ok(seen.has("fan_failure"), `diagnoses seen: ${[...seen]}`);
    assert.notDeepEqual(fresh.verdict, a.verdict, "a detector learning afresh is elsewhere");
    assert.deepEqual(b.snapshot(), a.snapshot());
  });
}

Deno.test("cooling detector: a state that does not fit is refused with its JSON path", () => {
  const { p, next } = noisySite();
  const a = new CoolingDetector(p, { trainS: TRAIN_S });
  for (let i = 0; i < 100; i++) a.push(...next());
  const s = JSON.parse(JSON.stringify(a.snapshot()));
  const refused = (state: unknown, message: RegExp) => {
    const b = new CoolingDetector(p, { trainS: TRAIN_S });
    const before = JSON.stringify(b.snapshot());
    assert.throws(
      () => b.restore(state, "d"),
      (e) => e instanceof LearnerStateError && message.test(e.message),
    );
    assert.equal(JSON.stringify(b.snapshot()), before, "left as it was");
  };
  refused({ ...s, version: 2 }, /^d\.version: this fieldtwin reads version 1, got 2/);
  refused({ ...s, filters: [1, 2] }, /^d\.filters: expected 14 numbers, got 2/);
  refused(
    { ...s, verdict: { ...s.verdict, diagnosis: "on_fire" } },
    /^d\.verdict\.diagnosis: expected/,
  );
  refused({ ...s, lastMs: null }, /^d\.lastMs: expected a number, got null/);
});
