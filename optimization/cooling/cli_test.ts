import assert from "node:assert/strict";
import { COOLING_SITE_DEFAULTS } from "../../simulators/cooling/site_config.ts";
import { dayTable, loadSite } from "./cli.ts";
import { coolingDay } from "./cooling_day.ts";

Deno.test("loadSite finds a plant's cooling site with the simulator's seeded variation, naming errors", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const file = `${dir}/sites.json`;
    await Deno.writeTextFile(
      file,
      JSON.stringify({
        name: "sites",
        seed: 4,
        twins: [{ id: "rtu-1", kind: "rtu" }, { id: "s-{i}", count: 2, kind: "cooling_site" }],
      }),
    );
    const a = await loadSite(file, "s-1");
    const b = await loadSite(file, "s-2");
    assert.equal(a.id, "s-1");
    // Sites vary by seed: the model must see the site the simulator runs.
    assert.notEqual(a.config.cooler_ua_kw_per_k, b.config.cooler_ua_kw_per_k);
    assert.equal((await loadSite(file)).id, "s-1");
    await assert.rejects(
      () => loadSite(file, "rtu-1"),
      /sites\.json: no cooling site with id "rtu-1"/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the day table has a row per day with energy both ways and the hours kept", () => {
  const d = coolingDay(COOLING_SITE_DEFAULTS, {
    meanC: 10,
    amplitudeC: 0,
    peakHour: 15,
    heatKw: 600,
  }, { populationSize: 8, generations: 10 });
  const lines = dayTable([d]);
  assert.equal(lines.length, 2);
  assert.match(lines[0], /mean_degC\s+heat_kW\s+default_kWh\s+proposed_kWh\s+saving_%/);
  const cells = lines[1].trim().split(/\s+/);
  assert.deepEqual(cells.slice(0, 2), ["10.0", "600"]);
  assert.equal(Number(cells[2]), Number(d.baselineKwh.toFixed(1)));
  assert.equal(cells[5], "24/24");
});
