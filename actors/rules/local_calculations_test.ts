import assert from "node:assert/strict";
import { validatePlant } from "../../plant/plant_file.ts";
import { Runtime } from "../../runtime/runtime.ts";
import { loadKinds } from "../../twins/registry.ts";
import { CalculatedPoints } from "./calculated_points.ts";
import { type CalculatedConfig, calculatedSection } from "./calculated_section.ts";
import { CompileCache, compileCalculation } from "./calculation.ts";
import { localPoints } from "./local_calculations.ts";

const kinds = await loadKinds();

// Kind-wide points that read only their site (two of them chained), one a
// site's own point read by another twin, one reading another twin, one
// reading a point the next one reads, two true or false (one from the
// site's mode), and
// one whose input a fault makes bad.
const CALCULATED = [
  { kind: "cooling_site", point: "dt", expr: "return_temp - supply_temp", unit: "K" },
  { kind: "cooling_site", point: "dt2", expr: "dt * 2", unit: "K" },
  {
    kind: "cooling_site",
    point: "fans_share",
    expr: "fan_power / (fan_power + pump_power)",
    unit: "",
  },
  { kind: "cooling_site", point: "fans_on", expr: "fan_speed > 1", unit: "" },
  { kind: "cooling_site", point: "on", expr: 'mode() == "running"', unit: "" },
  { twin: "site-1", point: "read_by_2", expr: "supply_temp * 2", unit: "degC" },
  { twin: "site-2", point: "from_1", expr: 'p("site-1", "read_by_2") - supply_temp', unit: "degC" },
  { twin: "site-3", point: "own_then_other", expr: 'dt + p("site-2", "from_1")', unit: "K" },
];

function plantWith(fuse: boolean) {
  const plant = validatePlant(
    {
      name: "fused",
      seed: 11,
      twins: [
        { id: "site-{i}", count: 4, kind: "cooling_site" },
        // Fed by nobody until a partial sample comes (as a driver would give it).
        { id: "site-x", kind: "cooling_site", source: { type: "none" } },
      ],
      calculated: CALCULATED,
    },
    kinds,
    [calculatedSection],
  );
  const runtime = new Runtime(plant, kinds, { virtual: true });
  const config = plant.sections.calculated as CalculatedConfig;
  const calc = new CalculatedPoints(runtime, config, { fuse });
  calc.attach(runtime);
  return { runtime, calc, config };
}

Deno.test("local calculations: which points a twin's group may take", () => {
  const { runtime, config } = plantWith(true);
  try {
    const cache = new CompileCache();
    const unitOf = (twin: string, point: string) =>
      runtime.twins.get(twin)?.def.points[point]?.unit ??
        config.points.find((p) => p.twin === twin && p.point === point)?.unit;
    const calcs = config.points.map((p) => compileCalculation(p, unitOf, () => true, cache));
    const local = localPoints(calcs);
    const names = [...local].map((i) => `${calcs[i].spec.twin}.${calcs[i].spec.point}`).sort();
    const all = calcs.map((c) => `${c.spec.twin}.${c.spec.point}`);
    const expected = all.filter((n) =>
      // read by another twin, reading another twin, or reading a point that does
      !["site-1.read_by_2", "site-2.from_1", "site-3.own_then_other", "site-3.dt", "site-3.dt2"]
        .includes(n) || n === "site-3.dt2"
    );
    // site-3.dt is read by site-3.own_then_other (its own twin, outside the
    // group) only: it stays in the group; site-3.dt2 too.
    assert.deepEqual(names, [...expected, "site-3.dt"].sort());
  } finally {
    runtime.shutdown();
  }
});

Deno.test("local calculations: fused groups give what one point at a time gives, step by step", () => {
  const a = plantWith(true), b = plantWith(false);
  // Listeners are told of the same changes (a twin not sampled in a step is told by the points).
  const told = (r: Runtime) => {
    const n = new Map<string, number>();
    r.onChange((t) => n.set(t.id, (n.get(t.id) ?? 0) + 1));
    return n;
  };
  const toldA = told(a.runtime), toldB = told(b.runtime);
  const state = (r: Runtime) =>
    JSON.stringify([...r.twins.values()].map((t) => [t.id, t.values, t.quality, t.times]));
  try {
    for (let s = 0; s < 400; s++) {
      if (s === 150) {
        // A fault on one site (its fans fail), and a stopped site, on both plants.
        for (const r of [a.runtime, b.runtime]) {
          r.simulatorOf("site-2")!.actuate("site-2", {
            type: "inject_fault",
            args: { fault: "fan_failure", severity: 1 },
          });
          r.stopTwin("site-4");
        }
      }
      if (s === 200 || s === 300) {
        for (const r of [a.runtime, b.runtime]) {
          const x = r.twins.get("site-x")!;
          x.update({ supply_temp: 30 + s / 100, return_temp: 38 }, r.clock.now() - 500);
        }
      }
      a.runtime.runFor(1000);
      b.runtime.runFor(1000);
      assert.equal(state(a.runtime), state(b.runtime), `step ${s}`);
    }
    assert.equal(a.calc.evaluations, b.calc.evaluations);
    assert.deepEqual([...toldA].sort(), [...toldB].sort());
    assert.ok((toldA.get("site-x") ?? 0) >= 2, `site-x told ${toldA.get("site-x")} times`);
    assert.ok(a.calc.evaluations > 400 * 10, `evaluations: ${a.calc.evaluations}`);
    assert.equal(typeof a.runtime.twins.get("site-3")!.values.own_then_other, "number");
    // The site fed by a partial sample: what it has is calculated, the rest is bad.
    const x = a.runtime.twins.get("site-x")!;
    assert.equal(x.values.dt, 38 - 33);
    assert.equal(x.quality.fans_share, "bad");
  } finally {
    a.runtime.shutdown();
    b.runtime.shutdown();
  }
});
