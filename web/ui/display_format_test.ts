import assert from "node:assert/strict";
import {
  displayUnit,
  formatClock,
  formatNumber,
  formatTimeOfDay,
  formatValue,
  formatWithUnit,
} from "./display_format.ts";

Deno.test("numbers keep 3-4 significant digits whatever their size", () => {
  assert.equal(formatNumber(1234.567), "1235");
  assert.equal(formatNumber(123.456), "123.5");
  assert.equal(formatNumber(12.3456), "12.35");
  assert.equal(formatNumber(1.23456), "1.23");
  assert.equal(formatNumber(0.123456), "0.123");
  assert.equal(formatNumber(0.000123456), "0.000123");
  assert.equal(formatNumber(-45.678), "-45.68");
});

Deno.test("a value keeps the same decimals as it ticks, so columns do not jitter", () => {
  assert.equal(formatNumber(12.5), "12.50");
  assert.equal(formatNumber(12.51), "12.51");
});

Deno.test("float residue reads as 0, never -0 or 1e-15 (a stopped pump's pressure)", () => {
  assert.equal(formatNumber(-2.177513724888058e-15), "0");
  assert.equal(formatNumber(3e-12), "0");
  assert.equal(formatNumber(-0), "0");
  assert.equal(formatWithUnit(-2.177513724888058e-15, "kPa"), "0 kPa");
  // Small but real values keep three significant digits.
  assert.equal(formatNumber(-0.000123456), "-0.000123");
  assert.equal(formatNumber(2.5e-7), "2.50e-7");
});

Deno.test("integers read as counts, large ones grouped", () => {
  assert.equal(formatNumber(42), "42");
  assert.equal(formatNumber(0), "0");
  assert.equal(formatNumber(123456), "123,456");
  assert.equal(formatNumber(98765.4), "98,765");
});

Deno.test("booleans, text and missing values read as words", () => {
  assert.equal(formatValue(true), "yes");
  assert.equal(formatValue(false), "no");
  assert.equal(formatValue("gas_lock"), "gas lock");
  assert.equal(formatValue(null), "—");
  assert.equal(formatValue(undefined), "—");
});

Deno.test("units show their symbols and only numbers carry them", () => {
  assert.equal(displayUnit("degC"), "°C");
  assert.equal(displayUnit("m3/h"), "m³/h");
  assert.equal(displayUnit("kW"), "kW");
  assert.equal(formatWithUnit(35.04, "degC"), "35.04 °C");
  assert.equal(formatWithUnit(88.2, "pct"), "88.20 %");
  assert.equal(formatWithUnit(true, "degC"), "yes");
  assert.equal(formatWithUnit(7, ""), "7");
  assert.equal(formatWithUnit(null, "kW"), "—");
});

Deno.test("clock times are UTC, to the second", () => {
  const ms = Date.UTC(2026, 0, 2, 3, 4, 5, 600);
  assert.equal(formatClock(ms), "2026-01-02 03:04:05");
  assert.equal(formatTimeOfDay(ms), "03:04:05");
});
