import assert from "node:assert/strict";
import { Workspace } from "epanet-js";
import { stationParams } from "../twins/pump_station/params.ts";
import { dominates } from "./nsga2.ts";
import { compareWithEpanet, optimizeStation } from "./optimize_station.ts";
import { DEFAULT_TARIFF } from "./tariff.ts";

const STATION = stationParams.parse({ model: "epanet" });
const SMALL = { populationSize: 16, generations: 12 };

/** A steep time-of-use tariff: night 0.04, day 0.30 per kWh. */
const STEEP = Array.from({ length: 24 }, (_, h) => h < 6 || h >= 22 ? 0.04 : 0.3);

Deno.test("each solver proposes a feasible schedule, EPANET agreeing on its cost", async () => {
  const ws = new Workspace();
  await ws.loadModule();
  for (const solver of ["de", "pso", "ga"] as const) {
    const r = optimizeStation(STATION, STEEP, { solver, seed: 2, ...SMALL });
    assert.ok(r.best.feasible, `${solver}: ${r.best.run.broken.join("; ")}`);
    assert.ok(r.best.run.levels[24] >= r.best.run.levels[0] - 1e-9);
    assert.equal(r.best.run.fullSeconds, 0);
    assert.ok(r.best.run.unmetM3 < 1e-6);
    // Even this small search beats the lead/lag rule, refilled to its start level.
    assert.ok(r.best.run.cost < r.baselineRefilledCost, `${solver}: ${r.best.run.cost}`);
    const e = compareWithEpanet(ws, STATION, r.best, STEEP);
    assert.ok(e.costDiffPct < 1, `${solver}: EPANET ${e.epanetCost} vs ours ${e.ourCost}`);
    assert.ok(e.maxLevelDiffM < 0.02, `${solver}: level ${e.maxLevelDiffM}`);
  }
});

Deno.test("optimization is deterministic for a seed", () => {
  const a = optimizeStation(STATION, DEFAULT_TARIFF, { solver: "pso", seed: 5, ...SMALL });
  const b = optimizeStation(STATION, DEFAULT_TARIFF, { solver: "pso", seed: 5, ...SMALL });
  assert.deepEqual(a.best.schedule, b.best.schedule);
  assert.equal(a.best.run.cost, b.best.run.cost);
});

Deno.test("Pareto mode gives a non-dominated front of confirmed schedules", () => {
  const r = optimizeStation(STATION, DEFAULT_TARIFF, {
    seed: 1,
    pareto: true,
    populationSize: 20,
    generations: 30,
  });
  const front = r.front!;
  assert.ok(front.length >= 2, `front of ${front.length}`);
  for (const p of front) assert.ok(p.feasible, p.run.broken.join());
  for (const a of front) {
    for (const b of front) {
      const ea = { objectives: [a.run.cost, a.run.starts], violation: 0 };
      const eb = { objectives: [b.run.cost, b.run.starts], violation: 0 };
      assert.ok(!dominates(ea, eb) || a === b, "no member dominates another");
    }
  }
  // Cheaper schedules need more starts along the front.
  assert.ok(front[0].run.starts >= front[front.length - 1].run.starts);
});
