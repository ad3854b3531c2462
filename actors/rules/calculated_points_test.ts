import assert from "node:assert/strict";
import { childConfigs, validatePlant } from "../../plant/plant_file.ts";
import { calculatedSection } from "./calculated_section.ts";
import { Runtime } from "../../runtime/runtime.ts";
import { loadKinds } from "../../twins/registry.ts";
import { CalculatedPoints } from "./calculated_points.ts";
import type { CalculatedConfig } from "./calculated_section.ts";

const kinds = await loadKinds();

function run(calculated: unknown[]) {
  const plant = validatePlant(
    {
      name: "calc",
      twins: [{ id: "site-{i}", count: 2, kind: "cooling_site" }],
      calculated,
    },
    kinds,
    [calculatedSection],
  );
  const runtime = new Runtime(plant, kinds, { virtual: true });
  const calc = new CalculatedPoints(runtime, plant.sections.calculated as CalculatedConfig);
  calc.attach(runtime);
  return { runtime, calc };
}

Deno.test("calculated: heat carried by the coolant, in kW, from m3/h and a degC difference", () => {
  const { runtime } = run([{
    kind: "cooling_site",
    point: "loop_heat",
    // Water: cp 4.18 kJ/(kg K), rho 1000 kg/m3.
    expr: "coolant_flow * 4.18 kJ/(kg K) * 1000 kg/m^3 * (return_temp - supply_temp)",
    unit: "kW",
  }]);
  try {
    runtime.runFor(1_800_000);
    for (const id of ["site-1", "site-2"]) {
      const v = runtime.twins.get(id)!.values;
      const flow = v.coolant_flow as number,
        dt = (v.return_temp as number) - (v.supply_temp as number);
      const hand = (flow / 3600) * 4.18 * 1000 * dt; // m3/s * kJ/(kg K) * kg/m3 * K = kW
      assert.ok(flow > 0 && dt > 0, `running site: flow ${flow} m3/h, dT ${dt} K`);
      assert.ok(
        Math.abs((v.loop_heat as number) - hand) < 1e-9 * hand,
        `${v.loop_heat} vs ${hand}`,
      );
      const view = runtime.twins.get(id)!.view();
      assert.equal(view.points.loop_heat.unit, "kW");
      assert.equal(view.points.loop_heat.quality, "good");
    }
  } finally {
    runtime.shutdown();
  }
});

Deno.test("calculated: dependency order across twins gives same-step values; bad inputs make bad outputs", () => {
  const { runtime, calc } = run([
    {
      twin: "site-1",
      point: "both_sites_w",
      expr: 'cooling_power + p("site-2", "cooling_power")',
      unit: "W",
    },
    { kind: "cooling_site", point: "cooling_power", expr: "fan_power + pump_power", unit: "kW" },
  ]);
  try {
    assert.equal(calc.size, 3);
    runtime.runFor(600_000);
    const s1 = runtime.twins.get("site-1")!.values, s2 = runtime.twins.get("site-2")!.values;
    const kw = (v: typeof s1) => (v.fan_power as number) + (v.pump_power as number);
    assert.ok(Math.abs((s1.cooling_power as number) - kw(s1)) < 1e-9);
    assert.ok(
      Math.abs((s1.both_sites_w as number) - 1000 * (kw(s1) + kw(s2))) < 1e-6,
      "kW -> W, this step",
    );

    // The worst input quality carries over, and clears with it.
    const site2 = runtime.twins.get("site-2")!, site1 = runtime.twins.get("site-1")!;
    site2.quality.fan_power = "uncertain";
    calc.step(runtime.clock.now());
    assert.equal(site1.quality.both_sites_w, "uncertain");
    site2.quality.pump_power = "bad";
    calc.step(runtime.clock.now());
    assert.equal(site1.quality.both_sites_w, "bad");
    assert.equal(site1.view().points.both_sites_w.quality, "bad");
    assert.equal(site1.quality.cooling_power, undefined, "site-1's own inputs are good");
    delete site2.quality.fan_power;
    delete site2.quality.pump_power;
    runtime.runFor(1_000);
    assert.equal(site1.quality.both_sites_w, undefined, "good again");
  } finally {
    runtime.shutdown();
  }
});

Deno.test("calculated: a value takes the newest time of its inputs and never re-dates its twin", () => {
  const plant = validatePlant(
    {
      name: "calc-times",
      twins: [
        { id: "site-1", kind: "cooling_site" },
        { id: "field", kind: "cooling_site", source: { type: "none" } },
      ],
      calculated: [
        { twin: "field", point: "mirror", expr: 'p("site-1", "supply_temp")', unit: "degC" },
        { twin: "field", point: "own", expr: "supply_temp + 1 degC", unit: "degC" },
      ],
    },
    kinds,
    [calculatedSection],
  );
  const runtime = new Runtime(plant, kinds, { virtual: true });
  new CalculatedPoints(runtime, plant.sections.calculated as CalculatedConfig).attach(runtime);
  try {
    const field = runtime.twins.get("field")!;
    const t0 = runtime.clock.now();
    runtime.runFor(5_000);
    const view = field.view();
    assert.equal(view.points.mirror.ts, t0 + 5_000, "newest input time");
    assert.equal(view.points.mirror.quality, "good");
    assert.equal(view.points.supply_temp.ts, 0, "the field twin's own points were never sampled");
    assert.equal(view.points.own.quality, "bad", "its input has no value");
    assert.equal(field.ts, 0);
  } finally {
    runtime.shutdown();
  }
});

/** A pump station whose pumps have a calculated `flow_ls`, and a way to give it other pumps. */
function stationWithFlowPoints() {
  const plant = validatePlant(
    {
      name: "calc-set",
      twins: [{ id: "ps", kind: "pump_station" }],
      calculated: [{ kind: "pump", point: "flow_ls", expr: "flow", unit: "L/s" }],
    },
    kinds,
    [calculatedSection],
  );
  const runtime = new Runtime(plant, kinds, { virtual: true });
  const calc = new CalculatedPoints(runtime, plant.sections.calculated as CalculatedConfig);
  calc.attach(runtime);
  const station = kinds.get("pump_station")!;
  const old = runtime.config("ps")!;
  const reconfigure = (pumps: unknown[]) => {
    const params = station.params.parse({ pumps });
    runtime.reconfigureTwin("ps", [{ ...old, params }, ...childConfigs(station, old, params)]);
  };
  return { runtime, calc, reconfigure };
}

Deno.test("calculated: points follow the twin set when a reconfiguration adds and removes pumps", () => {
  const { runtime, calc, reconfigure } = stationWithFlowPoints();
  try {
    assert.equal(calc.size, 2);
    reconfigure([{ suffix: "p1", initial_status: "running" }, {
      suffix: "p3",
      initial_status: "running",
    }]);
    assert.equal(calc.size, 2, "p2's point went, p3 got one");
    runtime.runFor(5_000);
    const p3 = runtime.twins.get("ps-p3")!.view().points;
    assert.equal(p3.flow_ls.unit, "L/s");
    assert.ok(Math.abs((p3.flow_ls.value as number) - (p3.flow.value as number) / 3.6) < 1e-9);
    assert.ok((p3.flow.value as number) > 0, "p3 runs");
  } finally {
    runtime.shutdown();
  }
});

Deno.test("calculated: a pump dropped and restored by reconfiguration gets its point again, even at the same value", () => {
  const { runtime, reconfigure } = stationWithFlowPoints();
  try {
    const stopped = (suffix: string) => ({ suffix, initial_status: "stopped" });
    reconfigure([stopped("p1"), stopped("p2")]);
    runtime.runFor(5_000);
    const before = runtime.twins.get("ps-p2")!;
    assert.equal(before.values.flow_ls, 0, "a stopped pump delivers nothing");
    reconfigure([stopped("p1")]);
    runtime.runFor(5_000);
    reconfigure([stopped("p1"), stopped("p2")]);
    runtime.runFor(5_000);
    const after = runtime.twins.get("ps-p2")!;
    assert.notEqual(after, before, "a new twin object");
    // The same value as before: written all the same, with its time.
    assert.equal(after.values.flow_ls, 0);
    assert.equal(after.view().points.flow_ls.quality, "good");
    assert.ok(after.pointTs("flow_ls") > 0);
  } finally {
    runtime.shutdown();
  }
});
