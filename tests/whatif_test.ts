/**
 * What-if end to end on workers: a small plant (a cooling site, a pump
 * station, a well, two alarms) as baseline and two variants for a few
 * simulated hours. Demand x1.2 costs the station more energy and nothing
 * else; a fan fault at 1 h raises the fan alarm and heats the loop; the
 * same runs again in this process give the same KPIs as on the workers.
 * Cancelling is tested through the API (whatif_api_test.ts).
 */
import assert from "node:assert/strict";
import { PLANT_SECTIONS } from "../app/plant_sections.ts";
import { validatePlant } from "../plant/plant_file.ts";
import { loadKinds } from "../twins/registry.ts";
import { parseWhatifSpec } from "../whatif/whatif_spec.ts";
import { runWhatif } from "../whatif/whatif_run.ts";
import { prepareRuns, WhatifStudy } from "../whatif/whatif_study.ts";

const kinds = await loadKinds();
const plant = validatePlant(
  {
    name: "whatif-small",
    step_s: 5,
    twins: [
      { id: "site", kind: "cooling_site" },
      { id: "ps", kind: "pump_station", params: { model: "epanet" } },
      { id: "well", kind: "well" },
    ],
    alarms: {
      definitions: [
        {
          name: "fan_failed",
          kind: "cooling_site",
          priority: "medium",
          condition: { type: "limit", point: "fans_failed", h: 0 },
        },
      ],
    },
  },
  kinds,
  PLANT_SECTIONS,
  "<whatif test>",
);

const spec = parseWhatifSpec({
  duration: "4h",
  tariff: { price_per_kwh: 0.2, currency: "EUR" },
  track: [{ twin: "ps", point: "tank_level" }],
  variants: [
    { name: "demand x1.2", overrides: { demand: { scale: 1.2 } } },
    {
      name: "fan fault",
      overrides: {
        events: [{
          at: "1h",
          twin: "site",
          command: "inject_fault",
          args: { fault: "fan_failure", severity: 1 },
        }],
      },
    },
  ],
});

Deno.test("baseline and two variants on workers: KPI directions, alarms, determinism", async () => {
  const fractions: number[][] = [[], [], []];
  const study = new WhatifStudy("t", spec, prepareRuns(spec, plant, kinds), {
    parallel: 2,
    onProgress: (i, f) => fractions[i].push(f),
  });
  await study.done;
  assert.equal(study.status, "done", study.error ?? "");
  const kpi = (run: string, name: string) =>
    study.results!.runs.find((r) => r.name === run)!.kpis[name]?.value;
  const row = (run: string, name: string) =>
    study.results!.comparison.find((r) => r.run === run && r.kpi === name)!;

  // Progress went up to 1 in order for every run.
  for (const f of fractions) {
    assert.ok(f.length >= 10, `only ${f.length} progress reports`);
    assert.deepEqual(f, [...f].sort((a, b) => a - b));
    assert.equal(f.at(-1), 1);
  }

  // Demand x1.2: the station pumps more; the site and the well do not notice.
  assert.ok(kpi("demand x1.2", "energy_pump_kwh") > kpi("baseline", "energy_pump_kwh"));
  assert.ok(row("demand x1.2", "energy_kwh").delta! > 0);
  assert.ok(row("demand x1.2", "energy_cost").delta! > 0);
  assert.equal(row("demand x1.2", "energy_cost").unit, "EUR");
  // Cost at a flat 0.2 is 0.2 x energy.
  const e = kpi("baseline", "energy_kwh"), c = kpi("baseline", "energy_cost");
  assert.ok(Math.abs(c - 0.2 * e) < 1e-6 * e, `${c} vs 0.2 x ${e}`);
  assert.equal(row("demand x1.2", "energy_cooling_site_kwh").delta, 0);
  assert.equal(row("demand x1.2", "oil_m3").delta, 0);
  assert.ok(kpi("baseline", "oil_m3") > 0);
  assert.ok(
    kpi("demand x1.2", "ps.tank_level.min") < kpi("baseline", "ps.tank_level.min"),
    "more demand draws the tank lower",
  );

  // The fan fault: the alarm comes, the loop runs hotter; the baseline stays quiet.
  assert.equal(kpi("baseline", "alarms_total"), 0);
  assert.ok(kpi("fan fault", "alarms_medium") >= 1);
  assert.ok(kpi("fan fault", "peak_supply_temp_c") > kpi("baseline", "peak_supply_temp_c"));
  const fault = study.results!.runs.find((r) => r.name === "fan fault")!;
  assert.deepEqual(fault.commands.map((x) => [x.atMs, x.twin, x.type, x.status]), [
    [3_600_000, "site", "inject_fault", "executed"],
  ]);

  // The same spec again, in this process one run after the other, gives the same figures.
  const again = prepareRuns(spec, plant, kinds).map((r) => runWhatif(r, kinds));
  assert.deepEqual(
    again.map((r) => [r.name, r.kpis]),
    study.results!.runs.map((r) => [r.name, r.kpis]),
  );
});
