import assert from "node:assert/strict";
import {
  baseText,
  compareTable,
  formatDelta,
  formatNumber,
  kpiSeries,
  percent,
  type StudyResults,
} from "./whatif_compare.ts";

const results: StudyResults = {
  runs: [
    {
      name: "baseline",
      kpis: {
        energy_kwh: { value: 384.2, unit: "kWh" },
        alarms_total: { value: 0, unit: "count" },
      },
    },
    {
      name: "hot",
      kpis: {
        energy_kwh: { value: 421.5, unit: "kWh" },
        alarms_total: { value: 3, unit: "count" },
        peak_supply_temp_c: { value: 40.05, unit: "degC" },
      },
    },
  ],
  comparison: [
    {
      run: "hot",
      kpi: "energy_kwh",
      unit: "kWh",
      value: 421.5,
      baseline: 384.2,
      delta: 37.3,
      delta_pct: 9.7085,
    },
    {
      run: "hot",
      kpi: "alarms_total",
      unit: "count",
      value: 3,
      baseline: 0,
      delta: 3,
      delta_pct: null,
    },
  ],
};

Deno.test("whatif compare: a row per KPI, a cell per run, deltas with sign and unit", () => {
  const t = compareTable(results);
  assert.deepEqual(t.runs, ["baseline", "hot"]);
  assert.deepEqual(t.rows.map((r) => r.kpi), ["energy_kwh", "alarms_total", "peak_supply_temp_c"]);
  assert.deepEqual(t.rows[0].cells, [
    { value: 384.2, text: "384.2", delta: "", sign: 0 },
    { value: 421.5, text: "421.5", delta: "+37.3 kWh (+9.7%)", sign: 1 },
  ]);
  assert.deepEqual(t.rows[1].cells[1], { value: 3, text: "3", delta: "+3", sign: 1 });
  assert.deepEqual(t.rows[2].cells[0], { text: "—", delta: "", sign: 0 });
});

Deno.test("whatif compare: numbers and deltas read well", () => {
  assert.equal(formatNumber(8198.8123), "8198.8");
  assert.equal(formatNumber(0.000123456), "0.00012346");
  assert.equal(formatNumber(1234567.8), "1234568");
  assert.equal(formatDelta(-2237.4, -27.29, "kWh"), "−2237.4 kWh (−27.3%)");
  assert.equal(formatDelta(25.76, 64.3, "degC"), "+25.76 °C (+64.3%)");
  assert.equal(formatDelta(0, 0, "kWh"), "=");
  assert.equal(formatDelta(null, null, "kWh"), "");
});

Deno.test("whatif compare: one KPI across runs, progress and base in words", () => {
  assert.deepEqual(kpiSeries(results, "peak_supply_temp_c"), {
    names: ["baseline", "hot"],
    values: [NaN, 40.05],
    unit: "degC",
  });
  assert.equal(percent(0.996), 99);
  assert.equal(percent(1), 100);
  assert.equal(percent(-1), 0);
  assert.equal(percent(NaN), 0);
  assert.equal(baseText("running"), "running plant");
  assert.equal(baseText("running", "now"), "running plant, from now");
  assert.equal(baseText({ plant: "plants/a.json" }), "plants/a.json");
});
