import assert from "node:assert/strict";
import { PLANT_SECTIONS } from "../app/plant_sections.ts";
import { loadPlantFile, type Plant } from "../plant/plant_file.ts";
import { loadKinds } from "../twins/registry.ts";
import { applyOverrides, deepMerge, globMatch, resolveTracks } from "./overrides.ts";
import { parseWhatifSpec, WhatifSpecError } from "./whatif_spec.ts";

const kinds = await loadKinds();
const plant = await loadPlantFile(
  new URL("../plants/alarms_example.json", import.meta.url).pathname,
  kinds,
  PLANT_SECTIONS,
);

/** The layers of the single variant a spec's `overrides` make. */
function layers(overrides: unknown) {
  return parseWhatifSpec({ duration: "6h", overrides }).variants[0].layers;
}

function params(p: Plant, id: string): Record<string, unknown> {
  return p.twins.find((t) => t.id === id)!.params as Record<string, unknown>;
}

function problems(overrides: unknown): string[] {
  try {
    applyOverrides(plant, kinds, layers(overrides));
  } catch (e) {
    assert.ok(e instanceof WhatifSpecError, String(e));
    return e.problems.map((p) => `${p.path}: ${p.message}`);
  }
  assert.fail("accepted");
}

Deno.test("globMatch and deepMerge", () => {
  assert.ok(globMatch("site-*", "site-01"));
  assert.ok(globMatch("site-0?", "site-02"));
  assert.ok(!globMatch("site-0?", "site-010"));
  assert.ok(!globMatch("site.01", "siteX01"), "a dot is literal");
  assert.deepEqual(deepMerge({ a: { b: 1, c: 2 }, d: [1, 2] }, { a: { c: 3 }, d: [9] }), {
    a: { b: 1, c: 3 },
    d: [9],
  });
});

Deno.test("params, demand, ambient and setpoints land in the twins' params; the base is untouched", () => {
  const before = structuredClone(plant);
  const { plant: fork } = applyOverrides(
    plant,
    kinds,
    layers({
      params: [{ twin: "well-01", set: { spm: 8 } }, { kind: "cooling_site", set: { fans: 4 } }],
      demand: { scale: 1.5 },
      ambient: { offset_c: 5, amplitude_c: 2 },
      setpoints: [
        { twin: "site-02", supply_c: 35 },
        { twin: "station", level_bands: { p2: { start_below_m: 1, stop_above_m: 3 } } },
      ],
    }),
    77,
  );
  assert.deepEqual(plant, before);
  assert.equal(fork.seed, 77);
  assert.equal(params(fork, "well-01").spm, 8);
  assert.equal(params(fork, "well-02").spm, 6);
  assert.equal(params(fork, "site-01").fans, 4);
  const demand = (p: Plant) => params(p, "station").demand as { base_lps: number };
  assert.equal(demand(fork).base_lps, demand(plant).base_lps * 1.5);
  assert.equal(
    params(fork, "site-01").ambient_mean_c,
    (params(plant, "site-01").ambient_mean_c as number) + 5,
  );
  assert.equal(params(fork, "site-01").ambient_amplitude_c, 2);
  assert.equal(params(fork, "site-02").supply_setpoint_c, 35);
  assert.equal(
    params(fork, "site-01").supply_setpoint_c,
    params(plant, "site-01").supply_setpoint_c,
  );
  const pumps = params(fork, "station").pumps as { suffix: string; control: unknown }[];
  assert.deepEqual(pumps[1].control, { start_below_m: 1, stop_above_m: 3 });
  // Children are rebuilt from the parent's new params, and stay right after it.
  const ids = fork.twins.map((t) => t.id);
  assert.deepEqual(ids, plant.twins.map((t) => t.id));
  const child = fork.twins.find((t) => t.id === "station-p2")!;
  assert.equal(child.parent, "station");
  assert.deepEqual(child.params, plant.twins.find((t) => t.id === "station-p2")!.params);
});

Deno.test("events become commands at their offsets, in time order, args validated", () => {
  const { commands } = applyOverrides(
    plant,
    kinds,
    layers({
      events: [
        { at: "2h", twin: "well-*", command: "shut_in" },
        { at: "30m", twin: "site-01", command: "inject_fault", args: { fault: "fan_failure" } },
      ],
    }),
  );
  assert.deepEqual(commands.map((c) => [c.atMs, c.twin, c.body.type]), [
    [1_800_000, "site-01", "inject_fault"],
    [7_200_000, "well-01", "shut_in"],
    [7_200_000, "well-02", "shut_in"],
  ]);
});

Deno.test("unknown twins, params, commands and bad values are refused naming the JSON path", () => {
  assert.deepEqual(problems({ params: [{ twin: "nope", set: { spm: 3 } }] }), [
    'overrides.params[0].twin: unknown twin "nope"',
  ]);
  assert.match(
    problems({ params: [{ twin: "well-01", set: { sppm: 3 } }] })[0],
    /^overrides\.params\[0\]\.set: well-01: .*sppm/,
  );
  assert.match(
    problems({ params: [{ twin: "well-01", set: { spm: 99 } }] })[0],
    /^overrides\.params\[0\]\.set\.spm: well-01: /,
  );
  assert.deepEqual(problems({ params: [{ twin: "station-p1", set: {} }] }), [
    'overrides.params[0].twin: "station-p1" is configured by its parent "station"; override "station"',
  ]);
  assert.match(
    problems({ params: [{ kind: "boiler", set: {} }] })[0],
    /^overrides\.params\[0\]\.kind: unknown kind "boiler"/,
  );
  assert.match(
    problems({ ambient: { twin: "well-*", offset_c: 3 } })[0],
    /^overrides\.ambient\.twin: no twin of kind "cooling_site" matches "well-\*"/,
  );
  assert.match(
    problems({ ambient: { offset_c: 60 } })[0],
    /^overrides\.ambient\.ambient_mean_c: site-01: /,
  );
  assert.match(
    problems({ setpoints: [{ twin: "well-01", supply_c: 30 }] })[0],
    /^overrides\.setpoints\[0\]\.supply_c: no cooling_site/,
  );
  assert.match(
    problems({
      setpoints: [{ twin: "station", level_bands: { p9: { start_below_m: 1, stop_above_m: 2 } } }],
    })[0],
    /^overrides\.setpoints\[0\]\.level_bands\.p9: station has no pump "p9"/,
  );
  assert.match(
    problems({ events: [{ at: "1h", twin: "site-01", command: "explode" }] })[0],
    /^overrides\.events\[0\]\.command: cooling_site "site-01" has no command "explode"/,
  );
  assert.match(
    problems({
      events: [{ at: "1h", twin: "site-01", command: "inject_fault", args: { fault: "meteor" } }],
    })[0],
    /^overrides\.events\[0\]\.args\.fault: /,
  );
  assert.match(
    problems({ events: [{ at: "1h", twin: "pump-9*", command: "stop" }] })[0],
    /^overrides\.events\[0\]\.twin: no twin matches "pump-9\*"/,
  );
});

Deno.test("tracked points must exist on the twins named", () => {
  assert.deepEqual(resolveTracks(plant, kinds, [{ twin: "site-*", point: "supply_temp" }]), [
    { twin: "site-01", point: "supply_temp" },
    { twin: "site-02", point: "supply_temp" },
  ]);
  assert.throws(
    () => resolveTracks(plant, kinds, [{ twin: "station", point: "level" }]),
    /track\[0\]\.point: unknown point "level" on "station"; its points: mode, tank_level/,
  );
  assert.throws(
    () => resolveTracks(plant, kinds, [{ twin: "x", point: "level" }]),
    /track\[0\]\.twin: unknown twin "x"/,
  );
});

Deno.test("ambient profile: 24 values or a name, shifted by offset_c; hourly demand is a 3600 s pattern", () => {
  const hourly = Array.from({ length: 24 }, (_, h) => 20 + h / 2);
  const { plant: fork } = applyOverrides(
    plant,
    kinds,
    layers({
      ambient: { twin: "site-01", profile: hourly, offset_c: 2 },
      demand: { hourly: hourly.map(() => 1.1) },
    }),
  );
  assert.deepEqual(params(fork, "site-01").ambient_profile_c, hourly.map((v) => v + 2));
  assert.equal(params(fork, "site-02").ambient_profile_c, undefined);
  const station = params(fork, "station").demand as { pattern: number[]; pattern_step_s: number };
  assert.equal(station.pattern_step_s, 3600);
  assert.deepEqual(station.pattern, hourly.map(() => 1.1));
  const { plant: named } = applyOverrides(
    plant,
    kinds,
    layers({ ambient: { profile: "hot_summer_day" } }),
  );
  assert.equal((params(named, "site-02").ambient_profile_c as number[])[15], 41);
  // A later cosine shape drops the profile again.
  const { plant: back } = applyOverrides(plant, kinds, [
    ...layers({ ambient: { profile: "mild_day" } }),
    ...layers({ ambient: { mean_c: 25 } }),
  ]);
  assert.equal(params(back, "site-01").ambient_profile_c, undefined);
});

Deno.test("ambient profile and hourly demand: bad input names the JSON path", () => {
  const specProblems = (overrides: unknown) => {
    try {
      parseWhatifSpec({ overrides });
    } catch (e) {
      assert.ok(e instanceof WhatifSpecError);
      return e.problems.map((p) => `${p.path}: ${p.message}`);
    }
    assert.fail("accepted");
  };
  assert.match(
    specProblems({ ambient: { profile: [1, 2, 3] } })[0],
    /^overrides\.ambient\.profile: /,
  );
  assert.match(
    specProblems({ ambient: { profile: "sahara" } })[0],
    /^overrides\.ambient\.profile: /,
  );
  assert.match(
    specProblems({ ambient: { profile: "mild_day", mean_c: 20 } })[0],
    /^overrides\.ambient\.profile: a profile replaces the daily cycle/,
  );
  const hot = Array.from({ length: 24 }, () => 71);
  assert.match(
    specProblems({ ambient: { profile: hot } })[0],
    /^overrides\.ambient\.profile\[0\]: /,
  );
  assert.match(
    specProblems({ demand: { hourly: [1, 2], pattern_step_s: 60 } }).join("\n"),
    /overrides\.demand\.hourly: /,
  );
  assert.match(
    problems({ ambient: { profile: Array.from({ length: 24 }, () => 65), offset_c: 10 } })[0],
    /^overrides\.ambient\.ambient_profile_c\[0\]: site-01: Too big/,
  );
});
