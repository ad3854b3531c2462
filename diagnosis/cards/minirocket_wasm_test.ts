import assert from "node:assert/strict";
import { Random } from "../../simulators/random.ts";
import { committedModel } from "./card_model_file.ts";
import { cardSeries } from "./card_series.ts";
import {
  fitMiniRocket,
  miniRocketFeatureCount,
  type MiniRocketParams,
  miniRocketTransform,
  planMiniRocket,
} from "./minirocket.ts";
import { MiniRocketWasm } from "./minirocket_wasm.ts";

function features(p: MiniRocketParams, run: (out: Float32Array) => void): Float32Array {
  const out = new Float32Array(miniRocketFeatureCount(p) + 3);
  out.fill(-1);
  run(out);
  return out;
}

Deno.test("MiniRocket in WebAssembly: bit for bit the JavaScript features, on 200 seeded random series", () => {
  const rng = new Random(7, "minirocket-wasm-test");
  for (const [n, wanted] of [[128, 5000], [64, 700], [30, 300]]) {
    const train = Array.from(
      { length: 12 },
      () => Float64Array.from({ length: n }, () => rng.normal() * 10 ** (4 * rng.next() - 2)),
    );
    const p = fitMiniRocket(train, wanted, 3);
    const plan = planMiniRocket(p), wasm = new MiniRocketWasm(p);
    for (let i = 0; i < (n === 128 ? 120 : 40); i++) {
      // Smooth, noisy, constant and spiky series, some exactly on a bias.
      const kind = i % 4;
      const x = Float64Array.from(
        { length: n },
        (_, t) =>
          kind === 0
            ? Math.sin(t / (1 + rng.next() * 9)) * 100 + rng.normal()
            : kind === 1
            ? rng.normal()
            : kind === 2
            ? p.biases[i % p.biases.length]
            : (t % 17 === 0 ? 1e3 : 0) * rng.next(),
      );
      const js = features(p, (out) => miniRocketTransform(p, x, out, 2, plan));
      const ws = features(p, (out) => wasm.transform(x, out, 2));
      assert.deepEqual(ws, js, `series ${i} of length ${n}`);
    }
  }
});

Deno.test("MiniRocket in WebAssembly: the committed model's features of a card, and bad input refused", () => {
  const model = committedModel();
  const t = model.transforms[0];
  const raw = Uint8Array.fromBase64(t.biases);
  const p: MiniRocketParams = {
    length: t.length,
    dilations: t.dilations,
    featuresPerDilation: t.featuresPerDilation,
    biases: new Float32Array(raw.buffer, 0, raw.length / 4),
  };
  const phases = Array.from({ length: 200 }, (_, i) => (2 * Math.PI * i) / 200);
  const series = cardSeries(
    phases.map((f) => (1 - Math.cos(f)) / 2),
    phases.map((f) => 5 + 3 * Math.sin(f) + Math.sin(3 * f)),
  ).subarray(0, p.length);
  const js = features(p, (out) => miniRocketTransform(p, series, out));
  const ws = features(p, (out) => new MiniRocketWasm(p).transform(series, out));
  assert.deepEqual(ws, js);
  assert.ok(js.subarray(0, -3).some((v) => v > 0 && v < 1), "the features are not all 0 or 1");
  assert.throws(
    () => new MiniRocketWasm(p).transform(new Float64Array(100), js),
    /100 points, not 128/,
  );
  assert.throws(() => new MiniRocketWasm({ ...p, length: 127 }), /even series length, not 127/);
});
