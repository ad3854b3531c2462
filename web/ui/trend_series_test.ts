import assert from "node:assert/strict";
import {
  appendLive,
  type HistoryAnswer,
  joinLive,
  latestValue,
  seriesFromHistory,
  trimBefore,
  valueExtent,
} from "./trend_series.ts";

const T = Date.UTC(2026, 0, 1);
const M = 60_000;

function raw(rows: unknown[][]): HistoryAnswer {
  return {
    from: T,
    to: T + 3_600_000,
    resolution: "raw",
    step: null,
    columns: ["ts", "value", "quality"],
    series: [{ twin: "s", point: "p", unit: "degC", truncated: false, rows }],
  };
}

function buckets(rows: unknown[][], resolution = "1m", step: number | null = null): HistoryAnswer {
  return {
    from: T,
    to: T + 86_400_000,
    resolution,
    step,
    columns: ["ts", "min", "max", "mean", "last", "count"],
    series: [{ twin: "s", point: "p", unit: "degC", truncated: false, rows }],
  };
}

Deno.test("trend series: raw samples keep their values; bad ones are gaps, uncertain ones marked", () => {
  const a = raw([
    [T, 30, "good"],
    [T + 1000, 31, "uncertain"],
    [T + 2000, 99, "bad"],
    [T + 3000, true, "good"],
    [T + 4000, "running", "good"],
  ]);
  const s = seriesFromHistory(a, a.series[0]);
  assert.deepEqual(s.ts, [T, T + 1000, T + 2000, T + 3000, T + 4000]);
  assert.deepEqual(s.value, [30, 31, null, 1, null]);
  assert.deepEqual(s.uncertain, [null, 31, null, null, null]);
  assert.equal(s.bad, 1);
  assert.equal(s.uncertainCount, 1);
  assert.equal(s.historyRows, 5);
  assert.equal(s.bucketed, false);
});

Deno.test("trend series: a sample stored again at its time with a new quality replaces it", () => {
  const a = raw([[T, 30, "good"], [T, 30, "uncertain"]]);
  const s = seriesFromHistory(a, a.series[0]);
  assert.deepEqual(s.ts, [T]);
  assert.deepEqual(s.uncertain, [30]);
});

Deno.test("trend series: buckets give mean, min and max, and missing buckets a gap", () => {
  const a = buckets([
    [T, 29, 31, 30, 30.5, 60],
    [T + M, 30, 32, 31, 31.5, 60],
    // nothing recorded for three minutes
    [T + 5 * M, 28, 29, 28.5, 28.7, 60],
  ]);
  const s = seriesFromHistory(a, a.series[0]);
  assert.equal(s.bucketed, true);
  assert.equal(s.stepMs, M);
  assert.deepEqual(s.ts, [T, T + M, T + 2 * M, T + 5 * M]);
  assert.deepEqual(s.value, [30, 31, null, 28.5]);
  assert.deepEqual(s.min, [29, 30, null, 28]);
  assert.deepEqual(s.max, [31, 32, null, 29]);
  assert.deepEqual(valueExtent(s), [28, 32]);
  const wide = buckets([[T, 1, 2, 1.5, 2, 3], [T + 15 * M, 1, 2, 1.5, 2, 3]], "1m", 15 * M);
  const w = seriesFromHistory(wide, wide.series[0]);
  assert.equal(w.stepMs, 15 * M, "the answer's own step, not the level's");
  assert.equal(w.ts.length, 2, "consecutive 15-minute buckets are no gap");
});

Deno.test("trend series: live samples join history with no duplicate and no gap at the seam", () => {
  const a = raw([[T, 30, "good"], [T + 60_000, 30.4, "good"]]);
  const s = seriesFromHistory(a, a.series[0]);
  // Seen on the stream while history was read: one history already has, one older, two newer.
  joinLive(s, [
    { ts: T + 62_000, value: 30.6, quality: "good" },
    { ts: T + 60_000, value: 30.4, quality: "good" },
    { ts: T + 30_000, value: 30.2, quality: "good" },
    { ts: T + 61_000, value: 30.5, quality: "good" },
  ]);
  assert.deepEqual(s.ts, [T, T + 60_000, T + 61_000, T + 62_000]);
  assert.deepEqual(s.value, [30, 30.4, 30.5, 30.6]);
  assert.equal(s.liveSamples, 2);
  assert.equal(appendLive(s, { ts: T + 62_000, value: 30.6, quality: "good" }), false);
  assert.equal(appendLive(s, { ts: T + 63_000, value: 30.7, quality: "bad" }), true);
  assert.equal(s.value.at(-1), null, "a bad live sample is a gap");
  assert.equal(latestValue(s), 30.6);
  // The same sample turning uncertain (gone stale) keeps its time and is marked.
  assert.equal(appendLive(s, { ts: T + 63_000, value: 30.7, quality: "uncertain" }), true);
  assert.equal(s.ts.length, 5);
  assert.equal(s.uncertain.at(-1), 30.7);
  assert.equal(appendLive(s, { ts: 0, value: null, quality: "bad" }), false, "never sampled");
});

Deno.test("trend series: live samples follow buckets from their own time", () => {
  const a = buckets([[T, 29, 31, 30, 30.5, 60], [T + M, 30, 32, 31, 31.5, 60]]);
  const s = seriesFromHistory(a, a.series[0]);
  assert.equal(appendLive(s, { ts: T + M, value: 40, quality: "good" }), false, "a bucket start");
  assert.equal(appendLive(s, { ts: T + M + 30_000, value: 31.7, quality: "good" }), true);
  assert.deepEqual(s.value, [30, 31, 31.7]);
  assert.deepEqual(s.min, [29, 30, null]);
});

Deno.test("trend series: a sliding range drops what it left, keeping one row to enter from", () => {
  const a = raw([[T, 1, "good"], [T + 1000, 2, "good"], [T + 2000, 3, "good"], [
    T + 3000,
    4,
    "good",
  ]]);
  const s = seriesFromHistory(a, a.series[0]);
  trimBefore(s, T + 2500);
  assert.deepEqual(s.ts, [T + 2000, T + 3000]);
  assert.deepEqual(s.value, [3, 4]);
  assert.equal(s.uncertain.length, 2);
  trimBefore(s, T);
  assert.equal(s.ts.length, 2);
});
