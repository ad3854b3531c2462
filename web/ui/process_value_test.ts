import assert from "node:assert/strict";
import type { Point } from "./api_types.ts";
import { alarmedPoints, clamp, numberOf, pumpLook, reading } from "./process_value.ts";

const pt = (value: Point["value"], quality: Point["quality"] = "good", unit = "m"): Point => ({
  value,
  unit,
  quality,
  ts: 1,
});

Deno.test("reading: value with unit, stale marked with ?, bad and missing say so", () => {
  assert.deepEqual(reading(pt(4.0028)), { text: "4.00 m", quality: "good", qualityWords: "" });
  assert.deepEqual(reading(pt(40.1, "uncertain", "degC")), {
    text: "40.10 °C ?",
    quality: "uncertain",
    qualityWords: "stale, quality uncertain",
  });
  assert.equal(reading(pt(3, "bad")).text, "3 m bad");
  assert.equal(reading(undefined).text, "—");
  assert.equal(reading(pt(null)).quality, "bad");
  assert.equal(reading(pt("auto", "good", "")).text, "auto");
});

Deno.test("numberOf: only finite numbers", () => {
  assert.equal(numberOf(pt(2.5)), 2.5);
  assert.equal(numberOf(pt("2.5")), undefined);
  assert.equal(numberOf(pt(NaN)), undefined);
  assert.equal(numberOf(undefined), undefined);
});

Deno.test("pumpLook: fill tells the state, words say it, only a trip is abnormal", () => {
  assert.deepEqual(pumpLook("running"), { fill: "solid", words: "running", abnormal: false });
  assert.equal(pumpLook("starting").fill, "half");
  assert.equal(pumpLook("stopping").fill, "half");
  assert.deepEqual(pumpLook("stopped"), { fill: "hollow", words: "stopped", abnormal: false });
  assert.deepEqual(pumpLook("tripped"), { fill: "hollow", words: "tripped", abnormal: true });
  assert.equal(pumpLook("maintenance").abnormal, false);
  assert.equal(pumpLook(undefined).words, "unknown");
  assert.deepEqual(pumpLook("drive_fault"), {
    fill: "hollow",
    words: "drive fault",
    abnormal: true,
  });
});

Deno.test("alarmedPoints: the points active alarms name, and nothing for alarms on no point", () => {
  const points = ["supply_temp", "fans_failed", "coolant_flow"];
  const alarm = (point: string | null, active = true) => ({ active, point });
  assert.deepEqual(
    [...alarmedPoints([alarm("supply_temp"), alarm("fans_failed"), alarm(null)], points)].sort(),
    ["fans_failed", "supply_temp"],
  );
  // Cleared alarms and points the twin does not show mark nothing.
  assert.deepEqual([...alarmedPoints([alarm("coolant_flow", false), alarm("other")], points)], []);
  assert.deepEqual([...alarmedPoints([], points)], []);
});

Deno.test("clamp", () => {
  assert.equal(clamp(5, 0, 1), 1);
  assert.equal(clamp(-5, 0, 1), 0);
  assert.equal(clamp(0.3, 0, 1), 0.3);
});
