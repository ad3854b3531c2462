import assert from "node:assert/strict";
import { parseWhatifSpec, WhatifSpecError } from "./whatif_spec.ts";

function problems(raw: unknown): string[] {
  try {
    parseWhatifSpec(raw);
  } catch (e) {
    assert.ok(e instanceof WhatifSpecError, String(e));
    return e.problems.map((p) => `${p.path}: ${p.message}`);
  }
  assert.fail("the spec was accepted");
}

Deno.test("a minimal spec gets defaults: running plant, 24h, flat tariff, baseline only", () => {
  const s = parseWhatifSpec({});
  assert.equal(s.base, "running");
  assert.equal(s.durationMs, 86_400_000);
  assert.deepEqual(s.variants, []);
  assert.equal(s.baseline, true);
  assert.equal(s.tariff.price_per_kwh, undefined);
});

Deno.test("top-level overrides alone make one variant; with variants they come first in each", () => {
  const one = parseWhatifSpec({ overrides: { demand: { scale: 2 } }, duration: "90m" });
  assert.equal(one.durationMs, 5_400_000);
  assert.deepEqual(one.variants.map((v) => v.name), ["whatif"]);
  assert.equal(one.variants[0].layers[0].overrides.demand?.scale, 2);
  const sweep = parseWhatifSpec({
    base: { plant: "plants/station_epanet.json" },
    overrides: { ambient: { offset_c: 3 } },
    variants: [{ name: "a" }, { name: "b", overrides: { demand: { scale: 1.1 } } }],
  });
  assert.deepEqual(sweep.base, { plant: "plants/station_epanet.json" });
  assert.deepEqual(sweep.variants[1].layers.map((l) => l.path), [
    "overrides",
    "variants[1].overrides",
  ]);
  assert.equal(sweep.variants[0].layers[1].overrides.events.length, 0);
});

Deno.test("bad durations, names and shapes are refused naming their JSON path", () => {
  assert.deepEqual(problems({ duration: "24" }), [
    'duration: bad duration "24" at "24"; write it like "24h", "90m", "1h30m" (units d, h, m, s, ms)',
  ]);
  assert.match(problems({ duration: "400d" })[0], /^duration: must be above 0 and at most 366d/);
  const p = problems({
    duration: "1h",
    variants: [
      { name: "x", overrides: { events: [{ at: "2h", twin: "a", command: "stop" }] } },
      { name: "x" },
      { name: "baseline" },
    ],
  });
  assert.deepEqual(p, [
    'variants[1].name: duplicate variant name "x"',
    'variants[2].name: "baseline" is the run without overrides; pick another name',
    "variants[0].overrides.events[0].at: 2h is after the end of the run (1h)",
  ]);
  assert.match(
    problems({ overrides: { demand: { scale: -1 } } })[0],
    /^overrides\.demand\.scale: /,
  );
  assert.match(problems({ overrides: { wind: 3 } })[0], /^overrides: .*wind/);
  assert.match(
    problems({ tariff: { price_per_kwh: 1, hourly: new Array(24).fill(1) } })[0],
    /^tariff: give "price_per_kwh" or "hourly", not both/,
  );
  assert.match(problems({ tariff: { hourly: [1, 2] } })[0], /^tariff\.hourly: /);
  assert.match(problems({ baseline: false })[0], /^variants: nothing to run/);
});
