import assert from "node:assert/strict";
import { Random } from "../../simulators/random.ts";
import {
  fitMiniRocket,
  miniRocketFeatureCount,
  type MiniRocketParams,
  miniRocketTransform,
  planMiniRocket,
} from "./minirocket.ts";
import { cardSeries } from "./card_series.ts";
import { committedModel } from "./card_model_file.ts";
import { isLineError, type LabelledCard, parseCardFile } from "./sktime_cards.ts";

function sines(count: number, seed: number, period: number): Float64Array[] {
  const rng = new Random(seed, "minirocket-test");
  return Array.from({ length: count }, () => {
    const phase = rng.next() * 2 * Math.PI;
    return Float64Array.from(
      { length: 128 },
      (_, t) => Math.sin((2 * Math.PI * t) / period + phase) + 0.05 * rng.normal(),
    );
  });
}

Deno.test("MiniRocket: 84 kernels × dilations × biases, the same fit for the same seed", () => {
  const train = sines(20, 1, 16);
  const p = fitMiniRocket(train, 1000, 3);
  // 1000 / 84 = 11 per kernel; dilations 1..15 for 128 points (2^log2(127/8)).
  assert.equal(miniRocketFeatureCount(p), 84 * 11);
  assert.equal(p.dilations[0], 1);
  assert.equal(p.dilations.at(-1), 15);
  assert.deepEqual(fitMiniRocket(train, 1000, 3), p);
  assert.notDeepEqual(fitMiniRocket(train, 1000, 4).biases, p.biases);
  assert.throws(() => fitMiniRocket([new Float64Array(8)], 100, 1), /need 9/);
});

Deno.test("MiniRocket: features are proportions, and tell a fast wave from a slow one", () => {
  const fast = sines(10, 2, 8), slow = sines(10, 3, 40);
  const p = fitMiniRocket([...fast, ...slow], 2000, 1);
  const f = (x: Float64Array) => {
    const out = new Float32Array(miniRocketFeatureCount(p));
    miniRocketTransform(p, x, out);
    return out;
  };
  const a = fast.map(f), b = slow.map(f);
  for (const v of [...a, ...b]) assert.ok(v.every((x) => x >= 0 && x <= 1));
  const dist = (u: Float32Array, v: Float32Array) => u.reduce((s, x, j) => s + (x - v[j]) ** 2, 0);
  // Every fast wave is nearer another fast wave than any slow one.
  for (let i = 0; i < a.length; i++) {
    const own = Math.min(...a.filter((_, j) => j !== i).map((v) => dist(a[i], v)));
    const other = Math.min(...b.map((v) => dist(a[i], v)));
    assert.ok(own < other, `card ${i}: ${own} vs ${other}`);
  }
  assert.throws(() => f(new Float64Array(100)), /100 points, not 128/);
});

/** The transform as first written (all 84 outputs per dilation, each bias counted over them). */
function referenceTransform(p: MiniRocketParams, x: ArrayLike<number>): Float32Array {
  const n = p.length, out = new Float32Array(miniRocketFeatureCount(p));
  const kernels: number[][] = [];
  for (let a = 0; a < 9; a++) {
    for (let b = a + 1; b < 9; b++) for (let c = b + 1; c < 9; c++) kernels.push([a, b, c]);
  }
  const shifted = Array.from({ length: 10 }, () => new Float64Array(n));
  const conv = kernels.map(() => new Float64Array(n));
  let o = 0, b = 0;
  p.dilations.forEach((d, di) => {
    const sum = shifted[9];
    sum.fill(0);
    for (let j = 0; j < 9; j++) {
      for (let t = 0; t < n; t++) {
        const s = t + (j - 4) * d, v = s >= 0 && s < n ? x[s] : 0;
        shifted[j][t] = v;
        sum[t] += v;
      }
    }
    kernels.forEach(([ka, kb, kc], k) => {
      for (let t = 0; t < n; t++) {
        conv[k][t] = 3 * (shifted[ka][t] + shifted[kb][t] + shifted[kc][t]) - sum[t];
      }
    });
    const pad = 4 * d;
    for (let k = 0; k < 84; k++) {
      const inner = (di + k) % 2 === 1 && n - 2 * pad > 0;
      const lo = inner ? pad : 0, hi = inner ? n - pad : n;
      for (let f = 0; f < p.featuresPerDilation[di]; f++) {
        const bias = p.biases[b++];
        let pos = 0;
        for (let t = lo; t < hi; t++) if (conv[k][t] > bias) pos++;
        out[o++] = pos / (hi - lo);
      }
    }
  });
  return out;
}

Deno.test("MiniRocket: the planned transform equals the plain one to the bit", () => {
  // Lengths with and without inner kernels at the widest dilation; feature
  // counts giving 1 to 30 biases per group (both counting paths); integer
  // steps make outputs that equal biases exactly (ties must not count).
  const cases = [[128, 10_000, 1, 0], [128, 300, 2, 0], [40, 2000, 3, 0], [128, 5000, 4, 1]];
  for (const [length, features, seed, integer] of cases) {
    const rng = new Random(seed, "minirocket-bits");
    const walk = (steps: number) => {
      let v = 0;
      return Float64Array.from(
        { length: steps },
        () => (v += integer ? Math.round(rng.normal()) : rng.normal()),
      );
    };
    const train = Array.from({ length: 12 }, () => walk(length));
    const p = fitMiniRocket(train, features, seed);
    const plan = planMiniRocket(p);
    // Training series (outputs equal to biases: ties) and new ones, some with repeated values.
    const series = [...train, ...Array.from({ length: 8 }, () => walk(length))];
    series.push(Float64Array.from({ length }, (_, t) => Math.round(Math.sin(t / 5) * 3)));
    for (const x of series) {
      const got = new Float32Array(miniRocketFeatureCount(p));
      miniRocketTransform(p, x, got, 0, plan);
      assert.deepEqual(got, referenceTransform(p, x));
    }
  }
});

const SHARED = new URL("../../../shared/datasets/dynacards/cards_train.ts", import.meta.url);

Deno.test({
  name:
    "MiniRocket: the committed model's features of shared field cards match the plain transform",
  ignore: !(() => {
    try {
      return Deno.statSync(SHARED).isFile;
    } catch {
      return false;
    }
  })(),
  fn: async () => {
    const cards = parseCardFile(await Deno.readTextFile(SHARED)).entries
      .filter((e) => !isLineError(e)) as LabelledCard[];
    const model = committedModel();
    const params = model.transforms.map((t) => {
      const s = atob(t.biases), bytes = Uint8Array.from(s, (ch) => ch.charCodeAt(0));
      return { ...t, biases: new Float32Array(bytes.buffer) };
    });
    const plans = params.map(planMiniRocket);
    // Every 15th card: 40 cards of every class.
    for (let i = 0; i < cards.length; i += 15) {
      const s = cardSeries(cards[i].position, cards[i].load);
      params.forEach((p, c) => {
        const x = s.subarray(c * p.length, (c + 1) * p.length);
        const got = new Float32Array(miniRocketFeatureCount(p));
        miniRocketTransform(p, x, got, 0, plans[c]);
        assert.deepEqual(got, referenceTransform(p, x), `card ${i}, series ${c}`);
      });
    }
  },
});
