import assert from "node:assert/strict";
import { CardCache } from "./card_cache.ts";
import { DynamometerCard } from "./dynamometer_card.ts";
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
  const solves: Record<string, [number, number]> = {};
  for (const [config, id] of configs) {
    const alone = run(config, id);
    const withCache = run(config, id, cards);
    assert.deepEqual(withCache.rows, alone.rows, `well ${id}`);
    assert.deepEqual(withCache.inspect, alone.inspect, `well ${id}`);
    solves[id] = [alone.solves, withCache.solves];
  }
  // The second unspread well solves nothing: every card it needs, the first one solved.
  assert.ok(solves.b[0] >= 1);
  assert.equal(solves.b[1], 0);
  assert.ok(cards.hits >= solves.b[0], `hits ${cards.hits}`);
  // A spread well's cards hold its own reservoir: it solves them all itself.
  for (const id of ["c", "d"]) assert.equal(solves[id][1], solves[id][0], `well ${id}`);
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

Deno.test("a card asked for again is the last to go", () => {
  const cards = new CardCache(2);
  const [a, b, c] = [1, 2, 3].map(() => new DynamometerCard(4));
  cards.set("a", a);
  cards.set("b", b);
  assert.equal(cards.get("a"), a);
  cards.set("c", c);
  assert.equal(cards.get("b"), undefined);
  assert.equal(cards.get("a"), a);
  assert.equal(cards.get("c"), c);
  assert.equal(cards.hits, 3);
});

Deno.test("spread wells solve their start card once each and store none; values stay exact", () => {
  const cards = new CardCache();
  const spread = { ...EXAMPLE_WELL, spread: 0.15 };
  let solves = 0;
  for (let i = 0; i < 12; i++) {
    solves += new WellSimulator({ id: `w${i}`, config: spread, seed: 3, cards }).cardSolves;
  }
  // Settled at its own equilibrium from the static plunger stroke, each well solves one card.
  assert.equal(solves, 12);
  assert.equal(cards.size, 0);
  assert.equal(cards.hits, 0);
  const again = run(spread, "w5", cards);
  assert.deepEqual(again.rows, run(spread, "w5").rows);
});

Deno.test("wells taking turns with one shared solver draw the cards they draw alone", () => {
  const spread = { ...EXAMPLE_WELL, spread: 0.15 };
  const shared = new CardCache();
  const make = (id: string, cards?: CardCache) =>
    new WellSimulator({ id, config: spread, seed: 5, cards });
  const pair = [make("p", shared), make("q", shared)];
  const solo = [make("p"), make("q")];
  const out = {} as Record<string, number | boolean | string>;
  const rows = (sims: WellSimulator[], interleave: boolean) => {
    const got: Record<string, unknown>[][] = [[], []];
    const order = interleave ? [[0, 1]] : [[0], [1]];
    for (const group of order) {
      for (let s = 1; s <= 120; s++) {
        for (const i of group) {
          // Each well changes speed at its own times, so their solves interleave.
          if (s % (20 + 7 * i) === 0) {
            sims[i].actuate("x", { type: "set_spm", args: { spm: 4 + ((s / 10 + i) % 5) } });
          }
          sims[i].step(1, s);
          sims[i].read("x", out as never);
          got[i].push({ ...out });
        }
      }
    }
    return got;
  };
  assert.deepEqual(rows(pair, true), rows(solo, false));
  assert.ok(pair[0].cardSolves >= 4 && pair[1].cardSolves >= 4);
});
