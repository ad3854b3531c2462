import assert from "node:assert/strict";
import { timeTickLabels, valueTickLabels } from "./trend_ticks.ts";

const T = Date.UTC(2026, 0, 1, 23, 30);
const M = 60_000;

Deno.test("trend ticks: 24-hour UTC times with the ISO date under the first tick and each new day", () => {
  assert.deepEqual(timeTickLabels([T, T + 15 * M, T + 30 * M, T + 45 * M], 15 * M), [
    "23:30\n2026-01-01",
    "23:45",
    "00:00\n2026-01-02",
    "00:15",
  ]);
  assert.deepEqual(timeTickLabels([T, T + 10_000], 10_000), ["23:30:00\n2026-01-01", "23:30:10"]);
  assert.deepEqual(
    timeTickLabels([Date.UTC(2026, 0, 2), Date.UTC(2026, 0, 3)], 86_400_000),
    ["2026-01-02", "2026-01-03"],
  );
});

Deno.test("trend ticks: value labels carry the decimals their spacing needs", () => {
  assert.deepEqual(valueTickLabels([39.98, 40, 40.02], 0.02), ["39.98", "40.00", "40.02"]);
  assert.deepEqual(valueTickLabels([1.005, 1.01, 1.015], 0.005), ["1.005", "1.010", "1.015"]);
  assert.deepEqual(valueTickLabels([0, 40_000, 80_000], 40_000), ["0", "40,000", "80,000"]);
  assert.deepEqual(valueTickLabels([-0.0000001, 5], 5), ["0", "5"]);
});
