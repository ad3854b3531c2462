import assert from "node:assert/strict";
import {
  falseAlarmRate,
  FAULT_CASES,
  HORIZON_S,
  runScenario,
  type ScenarioOutcome,
  scenarios,
  summarize,
} from "./cooling_eval.ts";
import { formatSummary } from "./eval_cooling.ts";

const outcome = (o: Partial<ScenarioOutcome> & { fault?: string }): ScenarioOutcome => ({
  scenario: { seed: 1, fault: (o.fault ?? "fan_failure") as never, onsetS: 0, endS: 1 },
  falseAlarms: 0,
  healthyWatchedS: 0,
  healthyPeakScore: 0,
  ...o,
});

Deno.test("summarize: detection rate, median and spread of delays, wrong first diagnoses", () => {
  const s = summarize("fan", [
    outcome({ delayS: 60, first: "fan_failure" }),
    outcome({ delayS: 180, first: "sensor_drift" }),
    outcome({ delayS: 120, first: "fan_failure" }),
    outcome({ first: "exchanger_fouling" }),
    outcome({}),
  ]);
  assert.equal(s.runs, 5);
  assert.equal(s.detected, 3);
  assert.deepEqual([s.delayMedianS, s.delayMinS, s.delayMaxS], [120, 60, 180]);
  assert.equal(s.misclassified, 2);
  assert.deepEqual(s.wrong, { sensor_drift: 1, exchanger_fouling: 1 });
  assert.match(
    formatSummary(s),
    /detected 3\/5 .*median 2\.0 min \(1\.0 min \.\. 3\.0 min\).*misclassified 2/,
  );
  assert.equal(summarize("none", [outcome({}), outcome({})]).delayMedianS, NaN);
  assert.equal(
    summarize("even", [outcome({ delayS: 10 }), outcome({ delayS: 30 })]).delayMedianS,
    20,
  );
});

Deno.test("falseAlarmRate: alarms over site-days of healthy watched time", () => {
  const r = falseAlarmRate([
    outcome({ falseAlarms: 1, healthyWatchedS: 86_400, healthyPeakScore: 1.2 }),
    outcome({ falseAlarms: 2, healthyWatchedS: 43_200, healthyPeakScore: 0.4 }),
  ]);
  assert.deepEqual(r, { alarms: 3, siteDays: 1.5, perSiteDay: 2, peakScore: 1.2 });
});

Deno.test("scenarios: every case and severity per seed, onsets within 1-13 h, a healthy day with operator commands", () => {
  const all = scenarios([7, 8]);
  const faulty = all.filter((s) => s.fault);
  const expected = FAULT_CASES.reduce((n, c) => n + c.severities.length, 0) * 2;
  assert.equal(faulty.length, expected);
  for (const s of faulty) {
    assert.ok(s.onsetS >= 3600 && s.onsetS <= 13 * 3600, `onset ${s.onsetS}`);
    assert.equal(s.endS, s.onsetS + HORIZON_S);
  }
  const healthy = all.filter((s) => !s.fault);
  assert.equal(healthy.length, 2);
  assert.deepEqual(healthy[0].events!.map((e) => e.type), [
    "set_supply_setpoint",
    "set_supply_setpoint",
    "set_pump_setpoint",
    "set_pump_setpoint",
    "stop",
    "start",
  ]);
  assert.deepEqual(scenarios([7, 8]), all, "same seeds, same scenarios");
});

Deno.test("runScenario: a fan failure after training is caught within minutes; nothing before it", () => {
  const o = runScenario(
    {
      seed: 11,
      fault: "fan_failure",
      severity: 0.3,
      onsetS: 3000,
      endS: 4200,
    },
    undefined,
    { trainS: 600 },
  );
  assert.equal(o.first, "fan_failure");
  assert.ok(o.delayS! > 0 && o.delayS! < 300, `delay ${o.delayS}`);
  assert.equal(o.falseAlarms, 0);
  assert.ok(o.healthyWatchedS > 1500 && o.healthyWatchedS < 3000, `${o.healthyWatchedS}`);
});
