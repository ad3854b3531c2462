/**
 * Child process for the memory benchmark: builds a plant of N twins (a mix
 * of every simulated kind in the demo plant's proportions), runs a minute of
 * virtual time, and prints its resident set size in bytes.
 *
 * @module
 */
import { validatePlant } from "../plant/plant_file.ts";
import { PLANT_SECTIONS } from "../app/plant_sections.ts";
import { startPlant } from "../app/start_plant.ts";
import { loadKinds } from "../twins/registry.ts";

/** A plant of about `n` twins in the demo plant's mix. */
export function scaledPlant(n: number): unknown {
  // Demo mix per 100 twins: 43 cooling sites + 43 site RTUs, 6 wells + 6 well RTUs, 2 station twins.
  const blocks = Math.max(0, Math.round(n / 100));
  const twins: unknown[] = [];
  if (blocks > 0) {
    const sites = 43 * blocks, wells = 6 * blocks, stations = blocks;
    twins.push(
      { id: "site-{i:05}", count: sites, kind: "cooling_site" },
      { id: "rtu-site-{i:05}", count: sites, kind: "rtu", params: { assets: ["site-{i:05}"] } },
      { id: "well-{i:05}", count: wells, kind: "well" },
      { id: "rtu-well-{i:05}", count: wells, kind: "rtu", params: { assets: ["well-{i:05}"] } },
      { id: "ps-{i:05}", count: stations, kind: "pump_station" },
    );
  } else {
    twins.push({ id: "only", kind: "rtu" });
  }
  return { name: `scaled-${n}`, twins };
}

if (import.meta.main) {
  const n = Number(Deno.args[0] ?? "10000");
  const kinds = await loadKinds();
  const { runtime } = startPlant(validatePlant(scaledPlant(n), kinds, PLANT_SECTIONS), kinds, {
    virtual: true,
  });
  runtime.runFor(60_000);
  // Let the collector settle so RSS reflects live data, not garbage.
  for (let i = 0; i < 3; i++) await new Promise((r) => setTimeout(r, 50));
  console.log(JSON.stringify({ twins: runtime.twins.size, rss: Deno.memoryUsage().rss }));
}
