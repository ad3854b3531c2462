import assert from "node:assert/strict";
import { Random } from "../../simulators/random.ts";
import { LearnerStateError } from "../learner_json.ts";
import { OnlineDetector } from "./online_detector.ts";

const CHANNELS = { fast: 3, slow: 2 };

/** Seeded rows: correlated fast channels, drifting slow ones; a shift from `shiftAt` on. */
function rows(n: number, seed: number, shiftAt = Infinity) {
  const rnd = new Random(seed);
  const out: { fast: number[]; slow: number[] }[] = [];
  for (let i = 0; i < n; i++) {
    const a = rnd.normal(0, 1);
    const shift = i >= shiftAt ? 3 : 0;
    out.push({
      fast: [10 + a + shift, 5 + 0.5 * a + rnd.normal(0, 0.2), 2 + rnd.normal(0, 0.1)],
      slow: [40 + i * 0.01, 30 + rnd.normal(0, 0.05)],
    });
  }
  return out;
}

/** Through JSON text and back, as a downloaded snapshot goes. */
const viaJson = <T>(x: T): T => JSON.parse(JSON.stringify(x));

for (const [phase, at] of [["training", 40], ["scoring", 130]] as const) {
  Deno.test(`online detector: restored while ${phase}, it continues bit for bit`, () => {
    const data = rows(400, 5, 300);
    const a = new OnlineDetector(100);
    for (const r of data.slice(0, at)) a.push(r.fast, r.slow);
    assert.equal(a.phase, phase);
    const b = new OnlineDetector(100);
    b.restore(viaJson(a.snapshot()), "d", CHANNELS);
    assert.equal(b.phase, phase);
    assert.equal(b.remaining, a.remaining);
    const fresh = new OnlineDetector(100);
    let differs = 0, last;
    for (const r of data.slice(at)) {
      const va = a.push(r.fast, r.slow), vb = b.push(r.fast, r.slow);
      assert.deepEqual(vb, va);
      if (JSON.stringify(fresh.push(r.fast, r.slow)) !== JSON.stringify(va)) differs++;
      last = va;
    }
    assert.ok(last?.anomaly, "the shift is flagged");
    assert.ok(differs > 100, `a fresh detector would differ (${differs} verdicts differ)`);
    assert.deepEqual(b.snapshot(), a.snapshot());
  });
}

Deno.test("online detector: a state that does not fit is refused with its JSON path", () => {
  const a = new OnlineDetector(100);
  for (const r of rows(150, 2)) a.push(r.fast, r.slow);
  const s = viaJson(a.snapshot());
  const refused = (state: unknown, path: RegExp, trainSamples = 100, channels = CHANNELS) => {
    const b = new OnlineDetector(trainSamples);
    assert.throws(
      () => b.restore(state, "pumps.p1", channels),
      (e) => e instanceof LearnerStateError && path.test(e.message),
    );
    assert.equal(b.phase, "training", "left as it was");
  };
  refused({ ...s, version: 9 }, /^pumps\.p1\.version: this fieldtwin reads version 1, got 9/);
  refused(s, /^pumps\.p1\.trainSamples: learnt over 100 samples/, 200);
  refused(s, /^pumps\.p1\.model\.mean: expected 4 numbers, got 3/, 100, { fast: 4, slow: 2 });
  const bad = structuredClone(s);
  bad.scorer!.z[1] = "x" as never;
  refused(bad, /^pumps\.p1\.scorer\.z\[1\]: expected a number, got "x"/);
  const training = new OnlineDetector(100);
  training.push([1, 2, 3], [4, 5]);
  refused(
    viaJson(training.snapshot()),
    /^pumps\.p1\.fast\[0\]: expected 2 numbers/,
    100,
    { fast: 2, slow: 2 },
  );
});
