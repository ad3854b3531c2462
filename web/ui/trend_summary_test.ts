import assert from "node:assert/strict";
import { cursorReadout, stepWords, trendSummary } from "./trend_summary.ts";
import { type HistoryAnswer, seriesFromHistory } from "./trend_series.ts";

const T = Date.UTC(2026, 0, 1, 2);
const M = 60_000;

function answer(columns: string[], rows: unknown[][], step: number | null = null): HistoryAnswer {
  return {
    from: T,
    to: T + 3_600_000,
    resolution: columns.length > 3 ? "1m" : "raw",
    step,
    columns,
    series: [{ twin: "s", point: "supply_temp", unit: "degC", truncated: false, rows }],
  };
}

Deno.test("trend summary: range, samples, extent, latest and quality in words", () => {
  const a = answer(["ts", "value", "quality"], [
    [T, 30, "good"],
    [T + M, 32.5, "uncertain"],
    [T + 2 * M, 99, "bad"],
    [T + 3 * M, 31, "good"],
  ]);
  const s = seriesFromHistory(a, a.series[0]);
  assert.equal(
    trendSummary("supply_temp", "degC", s, T, T + 3_600_000),
    "supply temp, 2026-01-01 02:00:00 to 2026-01-01 03:00:00 UTC: 4 recorded samples; " +
      "from 30 °C to 32.50 °C, latest 31 °C; 1 bad shown as gaps, 1 uncertain marked.",
  );
  assert.equal(cursorReadout(s, 1, "°C"), "2026-01-01 02:01:00 UTC · 32.50 °C, uncertain");
  assert.equal(cursorReadout(s, 2, "°C"), "2026-01-01 02:02:00 UTC · no value (gap)");
  assert.equal(cursorReadout(s, null, "°C"), "");
});

Deno.test("trend summary: buckets say their width and band", () => {
  const b = answer(["ts", "min", "max", "mean", "last", "count"], [
    [T, 29, 31, 30, 30, 12],
  ], 15 * M);
  const s = seriesFromHistory(b, b.series[0]);
  assert.match(
    trendSummary("supply_temp", "degC", s, T, T + 86_400_000),
    /: 1 buckets of 15 min \(mean, with min-max band\); from 29 °C to 31 °C, latest 30 °C\.$/,
  );
  assert.equal(cursorReadout(s, 0, "°C"), "2026-01-01 02:00:00 UTC · 30 °C (min 29 °C, max 31 °C)");
  const empty = seriesFromHistory(answer(["ts", "value", "quality"], []), {
    twin: "s",
    point: "p",
    unit: "",
    truncated: false,
    rows: [],
  });
  assert.match(
    trendSummary("p", "", empty, T, T + M),
    /0 recorded samples; no values in this range\.$/,
  );
  assert.deepEqual([stepWords(M), stepWords(3_600_000), stepWords(86_400_000), stepWords(10_000)], [
    "1 min",
    "1 h",
    "1 d",
    "10 s",
  ]);
});
