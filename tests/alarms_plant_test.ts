/**
 * The `alarms`, `calculated` and `notifications` plant-file sections: a good
 * plant expands per kind and per level; mistakes are load errors with line,
 * path and the thing at fault (point, mode, character, cycle, unit).
 */
import assert from "node:assert/strict";
import type { AlarmsConfig } from "../actors/alarms/alarm_definition.ts";
import { cloneableAlarms } from "../actors/alarms/alarm_section.ts";
import type { CalculatedConfig } from "../actors/rules/calculated_section.ts";
import { parsePlant, PlantError } from "../plant/plant_file.ts";
import { PLANT_SECTIONS } from "../app/plant_sections.ts";
import { loadKinds } from "../twins/registry.ts";

const kinds = await loadKinds();

function problems(doc: unknown): string[] {
  try {
    parsePlant(JSON.stringify(doc, null, 2), kinds, PLANT_SECTIONS, "p.json");
  } catch (e) {
    if (e instanceof PlantError) return e.message.split("\n").slice(1);
    throw e;
  }
  return [];
}

const twins = [
  { id: "site-{i}", count: 2, kind: "cooling_site" },
  { id: "rtu-1", kind: "rtu" },
];

Deno.test("plant: kind-wide definitions expand per twin and per level; calculated points in order", () => {
  const plant = parsePlant(
    JSON.stringify({
      name: "p",
      twins,
      calculated: [
        { kind: "cooling_site", point: "cop", expr: "heat_rejected / cooling_power", unit: "" },
        {
          kind: "cooling_site",
          point: "cooling_power",
          expr: "fan_power + pump_power",
          unit: "kW",
        },
      ],
      alarms: {
        definitions: [{
          name: "supply_temp",
          kind: "cooling_site",
          priority: "high",
          condition: {
            type: "limit",
            point: "supply_temp",
            h: 40,
            hh: { limit: 45, priority: "critical" },
          },
        }, {
          name: "cop_low",
          twin: "site-1",
          condition: { type: "limit", point: "cop", l: 5 },
          suppress_when: { modes: ["stopped", "maintenance"] },
        }],
      },
      notifications: { webhooks: [{ name: "ops", url: "http://127.0.0.1:9/hook" }] },
    }),
    kinds,
    PLANT_SECTIONS,
  );
  const alarms = plant.sections.alarms as AlarmsConfig;
  assert.deepEqual(
    alarms.alarms.map((a) => [a.id, a.priority, a.condition.type === "limit" && a.condition.limit]),
    [
      ["site-1/supply_temp_hh", "critical", 45],
      ["site-1/supply_temp_h", "high", 40],
      ["site-2/supply_temp_hh", "critical", 45],
      ["site-2/supply_temp_h", "high", 40],
      ["site-1/cop_low_l", "medium", 5],
    ],
  );
  assert.equal(alarms.alarms[0].unit, "degC");
  assert.equal(alarms.settings.max_shelve_s, 28_800);
  assert.deepEqual(alarms.alarms[4].suppress, {
    twin: "site-1",
    modes: ["stopped", "maintenance"],
    expr: undefined,
    holdS: 0,
  });
  // What a worker receives (a structured clone) reads the same, field for field,
  // the fields the specs share through their prototype included.
  const sent = structuredClone(cloneableAlarms(alarms)).alarms;
  const fields = (a: object) => {
    const names = new Set([...Object.keys(a), ...Object.keys(Object.getPrototypeOf(a))]);
    return Object.fromEntries([...names].sort().map((f) => [f, (a as Record<string, unknown>)[f]]));
  };
  assert.deepEqual(sent.map(fields), alarms.alarms.map(fields));
  assert.equal(sent[0].priority, "critical");
  assert.equal(structuredClone(alarms).alarms[0].priority, undefined, "why cloneableAlarms exists");
  const calc = plant.sections.calculated as CalculatedConfig;
  assert.deepEqual(
    calc.points.map((p) => `${p.twin}.${p.point}`),
    ["site-1.cooling_power", "site-1.cop", "site-2.cooling_power", "site-2.cop"],
    "cooling_power before the cop that reads it",
  );
});

Deno.test("plant: alarm mistakes name the point, mode, twin or limits, with the line", () => {
  const found = problems({
    name: "p",
    twins,
    alarms: {
      definitions: [
        {
          name: "a",
          kind: "cooling_site",
          condition: { type: "limit", point: "supply_tmp", h: 40 },
        },
        { name: "b", twin: "rtu-1", condition: { type: "mode", in: ["online", "sleeping"] } },
        { name: "c", twin: "rtu-9", condition: { type: "mode", in: ["online"] } },
        { name: "d", twin: "rtu-1", condition: { type: "limit", point: "data_age", h: 10, hh: 5 } },
        {
          name: "e",
          twin: "rtu-1",
          priority: "urgent",
          condition: { type: "mode", in: ["online"] },
        },
        {
          name: "f",
          twin: "site-1",
          condition: { type: "expression", expr: 'supply_temp > p("site-1", "nope")' },
        },
      ],
    },
  });
  const expected: RegExp[] = [
    /^p\.json:\d+:\d+: alarms\.definitions\[0\]\.condition\.point: cooling_site has no point "supply_tmp"; its points: supply_temp, /,
    /alarms\.definitions\[1\]\.condition\.in: rtu "rtu-1" has no mode "sleeping"; its modes: online, stale, offline$/,
    /alarms\.definitions\[2\]\.twin: unknown twin "rtu-9"$/,
    /alarms\.definitions\[3\]\.condition: limits must be ordered hh >= h >= l >= ll, got 5, 10$/,
    /alarms\.definitions\[4\]\.priority: Invalid option: expected one of "critical"\|"high"\|"medium"\|"low"\|"diagnostic"$/,
    /alarms\.definitions\[5\]\.condition\.expr: "supply_temp > p\("site-1", "nope"\)" refers to unknown point "nope" of "site-1"$/,
  ];
  assert.equal(found.length, expected.length, found.join("\n"));
  expected.forEach((re, i) => assert.match(found[i], re));
  // The line points at the definition's condition in the file.
  assert.match(found[0], /^p\.json:(\d+):/);
  assert.ok(Number(/^p\.json:(\d+):/.exec(found[0])![1]) > 10);
});

Deno.test("plant: an invalid expression is refused naming the character at fault", () => {
  const found = problems({
    name: "p",
    twins,
    calculated: [{ twin: "site-1", point: "x", expr: "fan_power + * pump_power", unit: "kW" }],
    alarms: {
      definitions: [{
        name: "g",
        twin: "site-1",
        condition: { type: "expression", expr: "supply_temp > (40" },
      }],
    },
  });
  assert.equal(found.length, 2, found.join("\n"));
  assert.match(
    found[0],
    /calculated\[0\]\.expr: site-1\.x: invalid expression "fan_power \+ \* pump_power" at character 13 \("\* pump_pow"\): Value expected$/,
  );
  assert.match(
    found[1],
    /alarms\.definitions\[0\]\.condition\.expr: invalid expression "supply_temp > \(40" at character 18 \(end of expression\): Parenthesis \) expected$/,
  );
});

Deno.test("plant: a cycle of calculated points is refused naming the cycle", () => {
  const found = problems({
    name: "p",
    twins,
    calculated: [
      { twin: "site-1", point: "a", expr: "b + 1", unit: "" },
      { twin: "site-1", point: "b", expr: 'p("site-2", "c") * 2', unit: "" },
      { twin: "site-2", point: "c", expr: 'p("site-1", "a") - hashrate', unit: "" },
      { twin: "site-2", point: "ok", expr: "pue", unit: "" },
    ],
  });
  assert.deepEqual(found.map((l) => l.replace(/^p\.json:\d+:\d+: /, "")), [
    "calculated[0].expr: calculated points form a cycle: site-1.a -> site-1.b -> site-2.c -> site-1.a",
  ]);
});

Deno.test("plant: calculated units must convert to the declared unit", () => {
  const found = problems({
    name: "p",
    twins,
    calculated: [
      { twin: "site-1", point: "specific", expr: "heat_load / coolant_flow", unit: "kW" },
      { twin: "site-1", point: "kwh_per_m3", expr: "heat_load / coolant_flow", unit: "kWh/m3" },
      { twin: "site-1", point: "dt", expr: "return_temp - supply_temp", unit: "K" },
      { twin: "site-1", point: "fan_power", expr: "1", unit: "" },
    ],
  });
  assert.deepEqual(found.map((l) => l.replace(/^p\.json:\d+:\d+: /, "")), [
    'calculated[3].point: cooling_site already has a point "fan_power"',
    'calculated[0].expr: site-1.specific: "heat_load / coolant_flow" yields (kW h) / m^3, which does not convert to the declared unit "kW"',
  ]);
});

Deno.test("plant: notification webhooks need an http(s) URL and unique names", () => {
  const found = problems({
    name: "p",
    twins,
    notifications: {
      webhooks: [
        { name: "a", url: "ftp://example.invalid/x" },
        { name: "b", url: "http://127.0.0.1/x", priorities: ["loud"] },
      ],
    },
  });
  assert.equal(found.length, 2, found.join("\n"));
  assert.match(
    found[0],
    /notifications\.webhooks\[0\]\.url: expected an http:\/\/ or https:\/\/ URL$/,
  );
  assert.match(found[1], /notifications\.webhooks\[1\]\.priorities\[0\]: Invalid option/);
});

Deno.test("plant: a kind-wide definition follows each twin's own calculated points and units", () => {
  const doc = {
    name: "p",
    twins: [{ id: "site-{i}", count: 3, kind: "cooling_site" }],
    calculated: [
      { twin: "site-1", point: "x", expr: "return_temp - supply_temp", unit: "K" },
      { twin: "site-2", point: "x", expr: "fan_power + pump_power", unit: "kW" },
    ],
    alarms: {
      definitions: [{
        name: "x_high",
        kind: "cooling_site",
        condition: { type: "limit", point: "x", h: 10 },
        suppress_when: { expr: "x < 0" },
      }, {
        name: "dev",
        kind: "cooling_site",
        condition: {
          type: "deviation",
          point: "supply_temp",
          setpoint: "supply_setpoint",
          limit: 5,
        },
      }],
    },
  };
  // site-3 has no point x: the definition is refused for it, once.
  const found = problems(doc);
  assert.equal(found.length, 2, found.join("\n"));
  assert.match(
    found[0],
    /alarms\.definitions\[0\]\.condition\.point: cooling_site has no point "x"/,
  );
  assert.match(found[1], /alarms\.definitions\[0\]\.suppress_when\.expr: unknown point "x"/);
  doc.calculated.push({ twin: "site-3", point: "x", expr: "it_power", unit: "kW" });
  const plant = parsePlant(JSON.stringify(doc), kinds, PLANT_SECTIONS, "p.json");
  const alarms = (plant.sections.alarms as AlarmsConfig).alarms;
  assert.deepEqual(
    alarms.map((a) => [a.id, a.unit]),
    [
      ["site-1/x_high_h", "K"],
      ["site-2/x_high_h", "kW"],
      ["site-3/x_high_h", "kW"],
      ["site-1/dev", "degC"],
      ["site-2/dev", "degC"],
      ["site-3/dev", "degC"],
    ],
  );
  // Each deviation reads its own twin's setpoint; each suppression is its own twin's.
  assert.deepEqual(
    alarms.slice(3).map((a) => a.condition.type === "deviation" && a.condition.setpoint),
    ["site-1", "site-2", "site-3"].map((twin) => ({ twin, point: "supply_setpoint" })),
  );
  assert.deepEqual(alarms.slice(0, 3).map((a) => a.suppress?.twin), ["site-1", "site-2", "site-3"]);
});

Deno.test("plant: an alarm id made twice is refused once per repeat, naming where it was first made", () => {
  const limit = { type: "limit", point: "supply_temp", h: 40 };
  const found = problems({
    name: "p",
    twins,
    alarms: {
      definitions: [
        { name: "hot", kind: "cooling_site", condition: limit },
        // The same name on one twin of that kind: its id repeats the first definition's.
        { name: "hot", twin: "site-2", condition: limit },
        // One definition naming a twin twice.
        { name: "warm", twin: ["site-1", "site-1"], condition: limit },
        // The same names on other twins make other ids.
        { name: "hot", twin: "rtu-1", condition: { type: "limit", point: "scans", h: 1e9 } },
      ],
    },
  });
  assert.equal(found.length, 2, found.join("\n"));
  assert.match(
    found[0],
    /alarms\.definitions\[1\]\.name: duplicate alarm id "site-2\/hot_h" \(first defined at alarms\.definitions\[0\]\)/,
  );
  assert.match(
    found[1],
    /alarms\.definitions\[2\]\.name: duplicate alarm id "site-1\/warm_h" \(first defined at alarms\.definitions\[2\]\)/,
  );
});
