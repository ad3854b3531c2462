import assert from "node:assert/strict";
import { type AlarmForWords, alarmWords, pointWords } from "./alarm_words.ts";

const base: AlarmForWords = {
  twin: "site-007",
  name: "supply_temp_h",
  condition: "limit",
  point: "supply_temp",
  value: 46.2,
  limit: 45,
  unit: "degC",
  active: true,
  message: "site-007 supply_temp 46.20 degC above H limit 45 degC",
};

Deno.test("alarm words: a limit alarm names the twin, the point in words, the level and units", () => {
  assert.equal(
    alarmWords(base, "Cooling site 7"),
    "Cooling site 7 supply temperature high: 46.20 °C (limit 45 °C)",
  );
  assert.equal(
    alarmWords({ ...base, name: "supply_temp_hh", value: 51, limit: 50 }, "Cooling site 7"),
    "Cooling site 7 supply temperature very high: 51 °C (limit 50 °C)",
  );
  assert.equal(
    alarmWords({ ...base, name: "flow_l", point: "flow", value: 3, limit: 20, unit: "m3/h" }),
    "site-007 flow low: 3 m³/h (limit 20 m³/h)",
  );
  assert.match(alarmWords({ ...base, active: false }, "S"), /^S supply temperature high, cleared/);
});

Deno.test("alarm words: state, mode, rate and deviation alarms, and a definition's own message", () => {
  assert.equal(
    alarmWords({
      ...base,
      twin: "rtu-1",
      name: "comm",
      condition: "state",
      point: "comm_ok",
      value: false,
      limit: "false",
      unit: "",
    }, "RTU 1"),
    "RTU 1 communication OK: no (alarm at no)",
  );
  assert.equal(
    alarmWords(
      { ...base, condition: "mode", point: null, value: "tripped", limit: "tripped" },
      "P1",
    ),
    "P1 tripped",
  );
  assert.equal(
    alarmWords({ ...base, condition: "rate", value: -2.5, limit: 2, unit: "degC/min" }, "S"),
    "S supply temperature falling fast: 2.50 °C/min (limit 2 °C/min)",
  );
  assert.equal(
    alarmWords({ ...base, condition: "deviation", limit: 3 }, "S"),
    "S supply temperature off setpoint: 46.20 °C (allowed ± 3 °C)",
  );
  assert.equal(alarmWords({ ...base, customMessage: true }), base.message);
  assert.equal(pointWords("pdg_pressure"), "PDG pressure");
});
