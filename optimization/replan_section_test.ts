import { deepEqual, equal, ok, throws } from "node:assert/strict";
import { PLANT_SECTIONS } from "../app/plant_sections.ts";
import { parsePlant, PlantError } from "../plant/plant_file.ts";
import { loadKinds } from "../twins/registry.ts";
import { type OptimizationConfig, optimizationSection, parseDuration } from "./replan_section.ts";
import { scheduleRequest } from "./schedule_request.ts";

const kinds = await loadKinds();
const sections = [...PLANT_SECTIONS.filter((s) => s.key !== "optimization"), optimizationSection];

const station = JSON.parse(
  await Deno.readTextFile(new URL("../plants/station_epanet.json", import.meta.url)),
);

function load(optimization: unknown) {
  const plant = { ...station, twins: [...station.twins, { id: "r1", kind: "rtu" }], optimization };
  return parsePlant(JSON.stringify(plant, null, 2), kinds, sections, "replan.json");
}

function problems(optimization: unknown): string {
  try {
    load(optimization);
  } catch (e) {
    if (e instanceof PlantError) return e.message;
    throw e;
  }
  throw new Error("loaded");
}

Deno.test("durations: s, m, h, d", () => {
  equal(parseDuration("90s"), 90_000);
  equal(parseDuration("15m"), 900_000);
  equal(parseDuration("1.5h"), 5_400_000);
  equal(parseDuration("1d"), 86_400_000);
  equal(parseDuration("1 hour"), undefined);
  equal(parseDuration("h"), undefined);
});

Deno.test("optimization.stations: the on-demand request's fields and defaults, every station", () => {
  const plant = load({ stations: { every: "1h", solver: "pso", epanet: false } });
  const config = plant.sections.optimization as OptimizationConfig;
  equal(config.stations!.everyMs, 3_600_000);
  equal(config.stations!.twins, undefined);
  // The same request an on-demand POST with these fields validates to.
  deepEqual(
    config.stations!.request,
    scheduleRequest.parse({ solver: "pso", epanet: false, from_live_level: true }),
  );
  deepEqual(load({}).sections.optimization, {});
});

Deno.test("optimization.stations: bad input is named by its JSON path", () => {
  const cases: [unknown, RegExp][] = [
    [
      { stations: { every: "1 hour" } },
      /optimization\.stations\.every.*"1 hour" is not a duration/,
    ],
    [{ stations: { every: "10s" } }, /optimization\.stations\.every.*outside 1m to 7d/],
    [{ stations: {} }, /optimization\.stations\.every/],
    [{ stations: { every: "1h", solver: "x" } }, /optimization\.stations\.solver/],
    [{ stations: { every: "1h", from_live_level: false } }, /optimization\.stations/],
    [
      { stations: { every: "1h", twins: ["nope"] } },
      /optimization\.stations\.twins\[0\]: unknown twin "nope"/,
    ],
    [
      { stations: { every: "1h", twins: ["ps1", "r1"] } },
      /optimization\.stations\.twins\[1\]: twin "r1" is a rtu/,
    ],
    [{ station: { every: "1h" } }, /optimization/],
  ];
  for (const [raw, want] of cases) {
    const message = problems(raw);
    ok(want.test(message), `${JSON.stringify(raw)}: ${message}`);
  }
  throws(() => load({ stations: { every: 60 } }), PlantError);
});
