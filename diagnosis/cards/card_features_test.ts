import assert from "node:assert/strict";
import { cardFeatures, FEATURE_NAMES, trimPadding } from "./card_features.ts";

/** A parallelogram-like card: load rises over the first tenth of the upstroke, falls early on the way down. */
function card(n: number, scaleX = 1, offX = 0, scaleF = 1, offF = 0) {
  const x: number[] = [], f: number[] = [];
  for (let i = 0; i < n; i++) {
    const ph = i / n;
    const pos = 0.5 - 0.5 * Math.cos(2 * Math.PI * ph);
    const load = ph < 0.5 ? Math.min(1, ph / 0.1) : Math.max(0, 1 - (ph - 0.5) / 0.1);
    x.push(offX + scaleX * pos);
    f.push(offF + scaleF * (0.3 + 0.7 * load));
  }
  return { x, f };
}

Deno.test("features do not depend on the card's units, offsets or starting sample", () => {
  const a = card(200), b = card(200, 3.2, 0.4, 45, 12);
  const fa = cardFeatures(a.x, a.f), fb = cardFeatures(b.x, b.f);
  assert.equal(fa.length, FEATURE_NAMES.length);
  for (let j = 0; j < fa.length; j++) {
    if (FEATURE_NAMES[j] === "min_over_max_load") continue; // a load offset changes it by design
    assert.ok(Math.abs(fa[j] - fb[j]) < 1e-9, `${FEATURE_NAMES[j]}: ${fa[j]} vs ${fb[j]}`);
  }
  // Started a quarter stroke late: turned back to start at the lowest position.
  const r = card(200);
  const rx = [...r.x.slice(50), ...r.x.slice(0, 50)], rf = [...r.f.slice(50), ...r.f.slice(0, 50)];
  const fr = cardFeatures(rx, rf);
  for (let j = 0; j < fa.length; j++) assert.ok(Math.abs(fa[j] - fr[j]) < 1e-9, FEATURE_NAMES[j]);
});

Deno.test("zero padding at the end is ignored; the shape numbers mean what they say", () => {
  const a = card(200);
  const px = [...a.x, ...new Array(50).fill(0)], pf = [...a.f, ...new Array(50).fill(0)];
  assert.equal(trimPadding(px, pf), 200);
  assert.deepEqual(cardFeatures(px, pf), cardFeatures(a.x, a.f));
  const fa = cardFeatures(a.x, a.f);
  const get = (n: string) => fa[FEATURE_NAMES.indexOf(n)];
  assert.ok(Math.abs(get("min_over_max_load") - 0.3) < 1e-9);
  assert.ok(Math.abs(get("top_phase") - 0.5) < 0.01);
  // Nearly full rectangle: load lifted in the first ~2.5 % of the position range and dropped likewise.
  assert.ok(get("area") > 0.9 && get("area") < 1, `area ${get("area")}`);
});
