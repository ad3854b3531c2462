import assert from "node:assert/strict";
import { createActor, setup } from "xstate";
import { z } from "zod";
import { Random } from "../simulators/random.ts";
import type { KindDefinition } from "./kind.ts";
import type { PointSpec } from "./point.ts";
import { Twin } from "./twin.ts";
import { compileTwinJson } from "./twin_json.ts";

const rng = new Random(20261202, "twin_json");
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng.next() * xs.length)];

const NAMES = ["flow", "head", "temp_c", "é_ñ", 'q"uote', "back\\slash", "line\nbreak", "a b"];
const UNITS = ["", "m3/h", "°C", "kPa", 'u"nit', "\u2028"];
const STRINGS = ["", "running", 'with "quotes"', "tab\t", "emoji 😀", "\u0001ctl", "lone \ud800"];

/** A value of any kind a point can hold, the awkward ones included. */
function randomValue(): unknown {
  switch (Math.floor(rng.next() * 9)) {
    case 0:
      return undefined;
    case 1:
      return null;
    case 2:
      return pick([NaN, Infinity, -Infinity, -0, 0, 1e21, 1e-7, -5e-324]);
    case 3:
      return rng.next() < 0.5;
    case 4:
      return pick(STRINGS);
    case 5:
      return Math.round(rng.normal(0, 1e6));
    default:
      return rng.normal(0, 100);
  }
}

function kindWith(name: string, points: Record<string, PointSpec>): KindDefinition<unknown> {
  return {
    kind: name,
    description: "test kind",
    params: z.object({}),
    points,
    modes: { idle: "idle" },
    commands: {},
    machine: setup({}).createMachine({ initial: "idle", states: { idle: {} } }),
    observe: () => "idle",
  };
}

function randomPoints(n: number): Record<string, PointSpec> {
  const points: Record<string, PointSpec> = {};
  for (let i = 0; i < n; i++) {
    points[`${pick(NAMES)}${i}`] = { unit: pick(UNITS), description: "p" };
  }
  return points;
}

Deno.test("twin json: the writer gives JSON.stringify(view()) over 500 random twins and states", () => {
  for (let k = 0; k < 500; k++) {
    const kind = kindWith(pick(["gauge", "pump-x", "wéll"]), randomPoints(1 + (k % 12)));
    const twin = new Twin(
      pick(["t1", 'id"q', "site/01"]),
      kind,
      {},
      rng.next() < 0.3 ? pick(["parent", "p\\x"]) : undefined,
      () => {},
    );
    twin.name = pick(["Pump 1", 'Na"me', "Ünïcode", "\u2029"]);
    if (rng.next() < 0.7) twin.attach(createActor(kind.machine).start(), undefined);
    if (rng.next() < 0.5) {
      twin.addPoints({ [`calc_${k}`]: { unit: pick(UNITS), description: "calculated" } });
    }
    for (let s = 0; s < 3; s++) {
      const values: Record<string, unknown> = {};
      for (const [name] of twin.pointSpecs()) {
        if (rng.next() < 0.8) values[name] = randomValue();
      }
      for (const [name, v] of Object.entries(values)) {
        (twin.values as Record<string, unknown>)[name] = v;
        if (rng.next() < 0.3) twin.times[name] = Math.round(rng.uniform(0, 2e12));
        else delete twin.times[name];
        const q = pick([undefined, undefined, "uncertain", "bad"] as const);
        if (q) twin.quality[name] = q;
        else delete twin.quality[name];
      }
      twin.ingest(Math.round(rng.uniform(0, 2e12)));
      assert.equal(twin.json(), JSON.stringify(twin.view()), `twin ${k}, state ${s}`);
    }
  }
});

Deno.test("twin json: a point added or replaced later is written too", () => {
  const kind = kindWith("gauge", { a: { unit: "bar", description: "a" } });
  const twin = new Twin("g", kind, {}, undefined, () => {});
  twin.update({ a: 1 }, 1_000);
  assert.equal(twin.json(), JSON.stringify(twin.view()));
  twin.addPoints({ b: { unit: "kW", description: "b" } });
  twin.update({ b: 2 }, 2_000);
  assert.match(twin.json(), /"b":\{"value":2,"unit":"kW"/);
  twin.addPoints({ b: { unit: "MW", description: "b in other units" } });
  twin.touch();
  assert.match(twin.json(), /"b":\{"value":2,"unit":"MW"/);
  twin.removePoint("b");
  twin.touch();
  assert.equal(twin.json(), JSON.stringify(twin.view()));
  assert.doesNotMatch(twin.json(), /"b"/);
});

Deno.test("twin json: point names that are array indices fall back to the view (object key order)", () => {
  assert.equal(compileTwinJson("k", [["2", { unit: "", description: "" }]]), undefined);
  const kind = kindWith("indexed", {
    b: { unit: "", description: "" },
    "10": { unit: "", description: "" },
  });
  const twin = new Twin("i", kind, {}, undefined, () => {});
  twin.update({ b: 1, "10": 2 }, 1_000);
  assert.equal(twin.json(), JSON.stringify(twin.view()));
  assert.ok(twin.json().indexOf('"10"') < twin.json().indexOf('"b"'));
});

Deno.test("twin json: twins fed by different sources get writers of their own, with different text", () => {
  const specs: [string, PointSpec][] = [["a", { unit: "bar", description: "a" }]];
  const sim = compileTwinJson("gauge", specs, "simulator")!;
  const device = compileTwinJson("gauge", specs, "modbus")!;
  assert.notEqual(device.toString(), sim.toString());
});
