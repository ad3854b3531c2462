/**
 * An hourly ambient profile as a what-if override reaches the cooling
 * site's physics: over the afternoon of a heatwave profile the site sees
 * the profile's temperatures (41 degC at 15:00, interpolated between the
 * hours) and runs hotter than on a mild day.
 */
import assert from "node:assert/strict";
import { PLANT_SECTIONS } from "../app/plant_sections.ts";
import { validatePlant } from "../plant/plant_file.ts";
import { loadKinds } from "../twins/registry.ts";
import { applyOverrides } from "../whatif/overrides.ts";
import { parseWhatifSpec } from "../whatif/whatif_spec.ts";
import { runWhatif } from "../whatif/whatif_run.ts";

const kinds = await loadKinds();

Deno.test("a heatwave profile heats the site's ambient and supply against a mild day", () => {
  const plant = validatePlant(
    {
      name: "profile",
      step_s: 10,
      start: "2026-07-01T13:00:00Z",
      twins: [{ id: "site", kind: "cooling_site", params: { ambient_noise_c: 0 } }],
    },
    kinds,
    PLANT_SECTIONS,
    "<profile test>",
  );
  const run = (profile: string) => {
    const spec = parseWhatifSpec({ duration: "3h", overrides: { ambient: { profile } } });
    const fork = applyOverrides(plant, kinds, spec.variants[0].layers);
    return runWhatif({
      name: profile,
      ...fork,
      durationMs: spec.durationMs,
      tariff: spec.tariff,
      tracks: [{ twin: "site", point: "ambient_temp" }],
    }, kinds).kpis;
  };
  const hot = run("hot_summer_day"), mild = run("mild_day");
  // 13:00-16:00: 40, 40.7, 41, 40.6 degC on the hours; the peak is 15:00's 41 degC.
  assert.equal(hot["site.ambient_temp.max"].value, 41);
  assert.ok(Math.abs(hot["site.ambient_temp.min"].value - 40) < 0.01);
  assert.equal(mild["site.ambient_temp.max"].value, 21);
  assert.ok(
    hot.peak_supply_temp_c.value > mild.peak_supply_temp_c.value + 5,
    `${hot.peak_supply_temp_c.value} vs ${mild.peak_supply_temp_c.value}`,
  );
});
