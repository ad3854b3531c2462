import assert from "node:assert/strict";
import { unitScale, unitSymbol } from "./point_units.ts";

Deno.test("units: SI factors of the plant's units; labels mathjs would misread stay plain", () => {
  assert.deepEqual(unitScale("kW"), { unit: "kW", factor: 1000 });
  assert.ok(Math.abs(unitScale("m3/h").factor - 1 / 3600) < 1e-15);
  assert.ok(Math.abs(unitScale("m3/d").factor - 1 / 86_400) < 1e-15);
  assert.equal(unitScale("kWh").factor, 3.6e6);
  assert.equal(unitScale("kPa").factor, 1000);
  assert.ok(Math.abs(unitScale("1/min").factor - 1 / 60) < 1e-15);
  // mathjs reads TH/s as tera-hours per second; hashrate is a plain number.
  assert.deepEqual(unitScale("TH/s"), { unit: undefined, factor: 1 });
  assert.deepEqual(unitScale("%"), { unit: undefined, factor: 1 });
  assert.deepEqual(unitScale(""), { unit: undefined, factor: 1 });
  assert.deepEqual(unitScale("rigs"), { unit: undefined, factor: 1 });
  // Celsius readings are kelvin-sized intervals: differences come out right.
  assert.deepEqual(unitScale("degC"), { unit: "K", factor: 1 });
  assert.equal(unitSymbol("kW")?.factor, 1000);
  assert.equal(unitSymbol("supply_temp"), undefined);
});
