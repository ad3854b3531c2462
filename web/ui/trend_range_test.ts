import assert from "node:assert/strict";
import { chooseResolution } from "../../history/resolution.ts";
import {
  chooseStep,
  historyPath,
  MIN_SPAN_MS,
  panBy,
  presetOf,
  rangeBounds,
  rereadAfter,
  stepParam,
  TREND_PRESETS,
  zoomBy,
  zoomTo,
} from "./trend_range.ts";

const H = 3_600_000;
const D = 24 * H;
const NOW = Date.UTC(2026, 0, 10, 12);

Deno.test("trend range: a live range ends at the runtime's now, a fixed one where it was put", () => {
  assert.deepEqual(rangeBounds({ live: true, spanMs: H }, NOW), { from: NOW - H, to: NOW });
  assert.deepEqual(rangeBounds({ live: false, from: 5, to: 9 }, NOW), { from: 5, to: 9 });
  assert.equal(presetOf({ live: true, spanMs: D })?.label, "24 h");
  assert.equal(presetOf({ live: false, from: NOW - D, to: NOW }), undefined);
});

Deno.test("trend range: a drag-selection zooms to a fixed range no narrower than a minute", () => {
  assert.deepEqual(zoomTo(NOW, NOW - 10 * 60_000), {
    live: false,
    from: NOW - 10 * 60_000,
    to: NOW,
  });
  const tiny = zoomTo(NOW, NOW + 1_000);
  assert.ok(!tiny.live);
  assert.equal(tiny.to - tiny.from, MIN_SPAN_MS);
  assert.equal((tiny.from + tiny.to) / 2, NOW + 500, "centred on the selection");
});

Deno.test("trend range: zoom buttons keep a live range live and a fixed one before now", () => {
  assert.deepEqual(zoomBy({ live: true, spanMs: D }, 0.5, NOW), { live: true, spanMs: D / 2 });
  assert.deepEqual(zoomBy({ live: true, spanMs: 30 * D }, 8, NOW), {
    live: true,
    spanMs: 90 * D,
  }, "no wider than the default retention");
  const fixed = zoomBy({ live: false, from: NOW - 2 * H, to: NOW - H }, 4, NOW);
  assert.deepEqual(fixed, { live: false, from: NOW - 4 * H, to: NOW }, "clamped to now");
});

Deno.test("trend range: panning moves by half a span and 'later' ends on the live edge", () => {
  const earlier = panBy({ live: true, spanMs: D }, -0.5, NOW);
  assert.deepEqual(earlier, { live: false, from: NOW - 1.5 * D, to: NOW - 0.5 * D });
  assert.deepEqual(panBy(earlier, 0.5, NOW), { live: true, spanMs: D });
  assert.deepEqual(panBy({ live: false, from: NOW - 4 * D, to: NOW - 3 * D }, 0.5, NOW), {
    live: false,
    from: NOW - 3.5 * D,
    to: NOW - 2.5 * D,
  });
});

Deno.test("trend range: raw samples up to 2 h, then the finest bucket that fits the width", () => {
  assert.equal(chooseStep(H, 1200), undefined);
  assert.equal(chooseStep(2 * H, 390), undefined);
  assert.equal(chooseStep(24 * H, 1200), 60_000, "1,440 one-minute buckets on a desktop");
  assert.equal(chooseStep(24 * H, 390), 5 * 60_000, "288 five-minute buckets on a phone");
  assert.equal(chooseStep(7 * D, 1200), 15 * 60_000);
  assert.equal(chooseStep(30 * D, 1200), H);
  assert.equal(chooseStep(90 * D, 390), 6 * H);
  assert.equal(chooseStep(3650 * D, 390), D, "no coarser than a day");
  for (const p of TREND_PRESETS) {
    for (const width of [390, 1280]) {
      const step = chooseStep(p.spanMs, width);
      const rows = step ? p.spanMs / step : 0;
      assert.ok(rows <= 2_000, `${p.label} at ${width} px gives ${rows} buckets`);
    }
  }
});

Deno.test("trend range: every step is read from a rollup level, never rebuilt from raw", () => {
  for (const span of [3 * H, D, 7 * D, 30 * D, 90 * D]) {
    for (const width of [390, 800, 1280, 2560]) {
      const step = chooseStep(span, width)!;
      assert.notEqual(chooseResolution(0, span, step).resolution, "raw", `${span} at ${width}`);
    }
  }
});

Deno.test("trend range: the history path names the twin, points, range and step", () => {
  assert.equal(stepParam(60_000), "1m");
  assert.equal(stepParam(15 * 60_000), "15m");
  assert.equal(stepParam(6 * H), "6h");
  assert.equal(stepParam(D), "1d");
  const path = historyPath("site 1", ["supply_temp", "fan_speed"], 1000.4, 2000.2, 5 * 60_000);
  const url = new URL(path, "http://x");
  assert.equal(url.pathname, "/api/history");
  assert.equal(url.searchParams.get("twin"), "site 1");
  assert.equal(url.searchParams.get("point"), "supply_temp,fan_speed");
  assert.equal(url.searchParams.get("from"), "1000");
  assert.equal(url.searchParams.get("to"), "2001", "the range is widened to whole ms, not cut");
  assert.equal(url.searchParams.get("step"), "5m");
  assert.equal(
    new URL(historyPath("a", ["b"], 0, 1, undefined), "http://x").searchParams.has("step"),
    false,
  );
});

Deno.test("trend range: a live bucketed range is read again after ten buckets, at least 10 min", () => {
  assert.equal(rereadAfter(60_000), 600_000);
  assert.equal(rereadAfter(15 * 60_000), 150 * 60_000);
  assert.equal(rereadAfter(H), 10 * H);
});
