import assert from "node:assert/strict";
import { clockOrder, dayFromHour, hourOfDay } from "./rolling_day.ts";
import { DEFAULT_TARIFF } from "./tariff.ts";
import type { StationConfig } from "../simulators/pump/station_config.ts";

const hourly = Array.from({ length: 24 }, (_, h) => 1 + h / 100);
const station = (pattern: number[], step: number) =>
  ({ demand: { pattern, pattern_step_s: step } }) as unknown as StationConfig;

Deno.test("dayFromHour: the plan's hour k is the clock's hour (h + k) mod 24", () => {
  for (const h of [0, 1, 13, 23]) {
    const { config, tariff } = dayFromHour(station(hourly, 3600), DEFAULT_TARIFF, h);
    for (let k = 0; k < 24; k++) {
      assert.deepEqual(config.demand.pattern[k], hourly[(h + k) % 24]);
      assert.deepEqual(tariff[k], DEFAULT_TARIFF[(h + k) % 24]);
    }
  }
});

Deno.test("dayFromHour: a 15-minute pattern turns by four steps an hour", () => {
  const quarter = Array.from({ length: 96 }, (_, i) => i);
  const { config } = dayFromHour(station(quarter, 900), DEFAULT_TARIFF, 2);
  assert.deepEqual(config.demand.pattern.slice(0, 3), [8, 9, 10]);
  assert.deepEqual(config.demand.pattern.at(-1), 7);
});

Deno.test("dayFromHour: a pattern step that does not fit the hour, or a bad hour, is refused", () => {
  assert.throws(
    () => dayFromHour(station([1, 2, 3], 7 * 60), DEFAULT_TARIFF, 5),
    /does not divide 18000 s/,
  );
  assert.throws(() => dayFromHour(station(hourly, 3600), DEFAULT_TARIFF, 24), /0 to 23/);
});

Deno.test("clockOrder undoes the turn: row h of the result is the plan's row for clock hour h", () => {
  const plan = Array.from({ length: 24 }, (_, k) => [k]);
  for (const h of [0, 5, 23]) {
    const clock = clockOrder(plan, h);
    for (let hour = 0; hour < 24; hour++) assert.deepEqual(clock[hour], [(hour - h + 24) % 24]);
  }
});

Deno.test("hourOfDay counts from the simulators' day start, also before it", () => {
  const day0 = Date.UTC(2026, 0, 1);
  assert.deepEqual(hourOfDay(day0 + 13.5 * 3_600_000, day0), 13);
  assert.deepEqual(hourOfDay(day0 + 3 * 86_400_000 + 60_000, day0), 0);
  assert.deepEqual(hourOfDay(day0 - 3_600_000, day0), 23);
});
