import assert from "node:assert/strict";
import { entryValueText, limitText, valueSetText, valueText } from "./alarm_value_text.ts";

Deno.test("a limit alarm reads value and limit with the unit symbol", () => {
  assert.equal(valueText({ value: 46.2, unit: "degC" }), "46.20 °C");
  assert.equal(limitText({ limit: 45, unit: "degC" }), "limit 45 °C");
  // A rate alarm's value and limit are per minute (the engine says so in its unit).
  assert.equal(valueText({ value: 2.5, unit: "degC/min" }), "2.50 °C/min");
  assert.equal(limitText({ limit: 2, unit: "degC/min" }), "limit 2 °C/min");
  assert.equal(valueText({ value: 12, unit: "m3/h/min" }), "12 m³/h/min");
  assert.equal(entryValueText({ value: 46.2, limit: 45 }), "46.20 / 45");
});

Deno.test("a state alarm's values read as point values do (false is no)", () => {
  assert.equal(valueText({ value: false, unit: "" }), "no");
  assert.equal(limitText({ limit: "false", unit: "", condition: "state" }), "raises at: no");
  assert.equal(valueSetText("tripped, shut_in"), "tripped, shut in");
  assert.equal(entryValueText({ value: false, limit: "false" }), "no / no");
});

Deno.test("an expression limit stays as written; no limit gives no text", () => {
  assert.equal(
    limitText({ limit: "supply_temp > 45", unit: "", condition: "expression" }),
    "when supply_temp > 45",
  );
  assert.equal(valueSetText("supply_temp > 45"), "supply_temp > 45");
  assert.equal(limitText({ limit: null, unit: "" }), "");
  assert.equal(entryValueText({ value: null, limit: null }), "—");
});
