import assert from "node:assert/strict";
import { CardCache } from "./card_cache.ts";
import { EXAMPLE_WELL } from "./example_well.ts";
import { type WellConfig, WellSimulator } from "./well_simulator.ts";

/** An hour of a well's points, a sample a minute. */
function run(config: WellConfig, id: string, cards?: CardCache) {
  const sim = new WellSimulator({ id, config, seed: 11, cards });
  const rows: Record<string, unknown>[] = [];
  const out = {} as Record<string, number | boolean | string>;
  for (let s = 1; s <= 3600; s++) {
    sim.step(1, s);
    if (s % 60 === 0) {
      sim.read(id, out as never);
      rows.push({ ...out });
    }
  }
  return { rows, solves: sim.cardSolves, inspect: sim.inspect(id) };
}

Deno.test("wells sharing a card cache give exactly the values of wells solving every card", () => {
  const spread = { ...EXAMPLE_WELL, spread: 0.15 };
  const configs: [WellConfig, string][] = [
    [EXAMPLE_WELL, "a"],
    [EXAMPLE_WELL, "b"],
    [spread, "c"],
    [spread, "d"],
    [{ ...spread, maxRateM3d: 20 }, "e"],
  ];
  const cards = new CardCache();
  let solo = 0, shared = 0;
  for (const [config, id] of configs) {
    const alone = run(config, id);
    const withCache = run(config, id, cards);
    assert.deepEqual(withCache.rows, alone.rows, `well ${id}`);
    assert.deepEqual(withCache.inspect, alone.inspect, `well ${id}`);
    solo += alone.solves;
    shared += withCache.solves;
  }
  // The second unspread well solves nothing; each spread one skips its first equilibrium pass.
  assert.ok(cards.hits >= 5, `hits ${cards.hits}`);
  assert.ok(shared <= solo - 5, `solves ${shared} with the cache, ${solo} without`);
});

Deno.test("the card cache keeps at most its capacity, dropping the oldest", () => {
  const cards = new CardCache(2);
  const sim = new WellSimulator({ id: "x", config: EXAMPLE_WELL, seed: 1, cards });
  assert.ok(cards.size >= 1 && cards.size <= 2);
  sim.actuate("x", { type: "set_spm", args: { spm: 4 } });
  sim.step(1, 1);
  sim.actuate("x", { type: "set_spm", args: { spm: 5 } });
  sim.step(1, 2);
  assert.equal(cards.size, 2);
});

Deno.test("a card every well asks for stays while each well adds cards of its own", () => {
  const cards = new CardCache(8);
  const spread = { ...EXAMPLE_WELL, spread: 0.15 };
  let solves = 0;
  for (let i = 0; i < 12; i++) {
    solves += new WellSimulator({ id: `w${i}`, config: spread, seed: 3, cards }).cardSolves;
  }
  // The first well solves its three cards; every later one reuses the shared first pass.
  assert.equal(cards.hits, 11);
  assert.equal(solves, 3 + 11 * 2);
});

Deno.test("spread wells store only the card their template shares, and values stay exact", () => {
  const cards = new CardCache();
  const spread = { ...EXAMPLE_WELL, spread: 0.15 };
  for (let i = 0; i < 12; i++) new WellSimulator({ id: `w${i}`, config: spread, seed: 3, cards });
  // Each well's own equilibrium and start cards hold its own reservoir: nobody else asks for them.
  assert.equal(cards.size, 1);
  assert.equal(cards.hits, 11);
  const again = run(spread, "w5", cards);
  assert.deepEqual(again.rows, run(spread, "w5").rows);
});
