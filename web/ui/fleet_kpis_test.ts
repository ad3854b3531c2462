import assert from "node:assert/strict";
import type { TwinView } from "./api_types.ts";
import { fleetKpis, kindKpis } from "./fleet_kpis.ts";

function twin(id: string, kind: string, mode: string, points: Record<string, number | null>) {
  const p: TwinView["points"] = {};
  for (const [k, v] of Object.entries(points)) {
    p[k] = { value: v, unit: k === "supply_temp" ? "degC" : "m3/d", quality: "good", ts: 0 };
  }
  return { id, name: id, kind, mode, running: true, source: "sim", points: p, version: 1 };
}

Deno.test("kpis: wells producing of total and summed production; a missing value is counted", () => {
  const k = kindKpis("well", [
    twin("w1", "well", "producing", { production_oil: 10.5, production_liquid: 20 }),
    twin("w2", "well", "pumped_off", { production_oil: 4, production_liquid: 8 }),
    twin("w3", "well", "fault", { production_oil: null, production_liquid: 0 }),
  ]);
  assert.deepEqual(k.kpis.map((x) => [x.label, x.text]), [
    ["producing", "2 / 3"],
    ["oil", "14.50 m³/d"],
    ["liquid", "28 m³/d"],
  ]);
  assert.equal(k.kpis[0].short, 1);
  assert.equal(k.kpis[1].missing, 1);
});

Deno.test("kpis: the hottest site names itself; an unknown kind counts its normal modes", () => {
  const [sites, other] = fleetKpis([
    twin("s1", "cooling_site", "running", { supply_temp: 41.2 }),
    twin("s2", "cooling_site", "degraded", { supply_temp: 47.25 }),
    twin("x1", "mixer", "running", {}),
    twin("x2", "mixer", "tripped", {}),
  ]);
  const max = sites.kpis.find((k) => k.label === "max supply")!;
  assert.equal(max.text, "47.25 °C");
  assert.equal(max.at, "s2");
  assert.equal(other.kind, "mixer");
  assert.deepEqual(other.kpis.map((k) => [k.label, k.text, k.short]), [["normal", "1 / 2", 1]]);
});
