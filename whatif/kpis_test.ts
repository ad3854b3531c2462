import assert from "node:assert/strict";
import { compareKpis, KpiAccumulator, powerKw, priceAt } from "./kpis.ts";
import { kpiCsv } from "./results_csv.ts";

const flat = { currency: "" };
const HOUR = 3_600_000;

Deno.test("priceAt: flat default, flat given, hourly by UTC hour", () => {
  assert.equal(priceAt(flat, 0), 0.1);
  assert.equal(priceAt({ price_per_kwh: 0.25, currency: "EUR" }, 5 * HOUR), 0.25);
  const hourly = Array.from({ length: 24 }, (_, h) => h / 100);
  assert.equal(priceAt({ hourly, currency: "" }, Date.UTC(2026, 0, 1, 17, 59)), 0.17);
  assert.equal(priceAt({ hourly, currency: "" }, Date.UTC(2026, 0, 2, 0, 0)), 0);
});

Deno.test("powerKw sums a cooling site's loads and reads pumps and wells", () => {
  assert.equal(powerKw("cooling_site", { it_power: 600, fan_power: 2, pump_power: 3 }), 605);
  assert.equal(powerKw("pump", { power: 40 }), 40);
  assert.equal(powerKw("well", { motor_power: 11, power: 99 }), 11);
  assert.equal(powerKw("pump", { power: NaN }), 0);
  assert.equal(powerKw("rtu", {}), undefined);
});

Deno.test("energy, cost, production, peaks and starts integrate step by step", () => {
  const acc = new KpiAccumulator({
    hourly: [...new Array(12).fill(0.1), ...new Array(12).fill(0.3)],
    currency: "EUR",
  });
  for (const k of ["pump", "well", "cooling_site"]) acc.present(k);
  // One hour at 1 s steps: a 36 kW pump, stopped for the first 10 minutes.
  for (let s = 1; s <= 3600; s++) {
    const running = s > 600;
    acc.twin(
      "p1",
      "pump",
      { power: running ? 36 : 0, running },
      Date.UTC(2026, 0, 1, 11, 30) + s * 1000,
      1,
    );
    acc.twin(
      "w1",
      "well",
      { motor_power: 10, production_oil: 24, production_liquid: 48 },
      s * 1000,
      1,
    );
    acc.twin("s1", "cooling_site", { supply_temp: 30 + s / 1000, return_temp: 40 }, 0, 1);
  }
  acc.alarm("high");
  acc.alarm("high");
  acc.alarm("critical");
  const k = acc.result();
  assert.equal(k.energy_pump_kwh.value, 30); // 36 kW for 50 min
  assert.equal(k.energy_well_kwh.value, 10);
  assert.equal(k.energy_kwh.value, 40);
  // Pump: 20 of its 50 minutes before noon at 0.1, 30 after at 0.3; the well (dated
  // just after midnight) all hour at 0.1.
  const cost = 36 * (20 / 60) * 0.1 + 36 * (30 / 60) * 0.3 + 10 * 0.1;
  assert.ok(Math.abs(k.energy_cost.value - cost) < 1e-6, `${k.energy_cost.value} vs ${cost}`);
  assert.equal(k.energy_cost.unit, "EUR");
  assert.equal(k.oil_m3.value, 1); // 24 m3/d for an hour
  assert.equal(k.liquid_m3.value, 2);
  assert.equal(k.peak_supply_temp_c.value, 33.6);
  assert.equal(k.peak_return_temp_c.value, 40);
  assert.equal(k.pump_starts.value, 1);
  assert.equal(k.alarms_total.value, 3);
  assert.equal(k.alarms_high.value, 2);
  assert.equal(k.alarms_critical.value, 1);
  assert.equal(k.alarms_low.value, 0);
});

Deno.test("a pump running from the start is not a start; kinds absent leave their KPIs out", () => {
  const acc = new KpiAccumulator(flat);
  acc.present("pump");
  acc.twin("p1", "pump", { power: 1, running: true }, 0, 1);
  acc.twin("p1", "pump", { power: 0, running: false }, 0, 1);
  acc.twin("p1", "pump", { power: 1, running: true }, 0, 1);
  const k = acc.result();
  assert.equal(k.pump_starts.value, 1);
  assert.equal(k.oil_m3, undefined);
  assert.equal(k.peak_supply_temp_c, undefined);
});

Deno.test("tracked points report min, max and mean", () => {
  const acc = new KpiAccumulator(flat);
  acc.declareTrack("t.level");
  for (const v of [2, 4, 9, "n/a"]) acc.track("t.level", v);
  acc.declareTrack("t.never");
  const k = acc.result();
  assert.deepEqual([k["t.level.min"].value, k["t.level.max"].value, k["t.level.mean"].value], [
    2,
    9,
    5,
  ]);
  assert.ok(Number.isNaN(k["t.never.mean"].value));
});

Deno.test("compareKpis gives deltas against the baseline; CSV has one row per run per KPI", () => {
  const base = {
    energy_kwh: { value: 100, unit: "kWh" },
    alarms_total: { value: 0, unit: "count" },
  };
  const up = { energy_kwh: { value: 120, unit: "kWh" }, alarms_total: { value: 2, unit: "count" } };
  const rows = compareKpis(
    [{ name: "baseline", kpis: base }, { name: "demand, up", kpis: up }],
    base,
  );
  assert.deepEqual(rows[2], {
    run: "demand, up",
    kpi: "energy_kwh",
    unit: "kWh",
    value: 120,
    baseline: 100,
    delta: 20,
    delta_pct: 20,
  });
  assert.equal(rows[3].delta, 2);
  assert.equal(rows[3].delta_pct, null, "no percentage of a zero baseline");
  assert.equal(
    kpiCsv(rows),
    "run,kpi,unit,value,baseline,delta,delta_pct\n" +
      "baseline,energy_kwh,kWh,100,100,0,0\n" +
      "baseline,alarms_total,count,0,0,0,\n" +
      '"demand, up",energy_kwh,kWh,120,100,20,20\n' +
      '"demand, up",alarms_total,count,2,0,2,\n',
  );
  const alone = compareKpis([{ name: "x", kpis: up }], undefined);
  assert.deepEqual([alone[0].baseline, alone[0].delta], [null, null]);
});
