import { deepEqual as assertEquals, throws } from "node:assert/strict";
import { confusion, formatScores, skabScores, sumConfusion } from "./skab_scoring.ts";

Deno.test("confusion counts each cell by hand", () => {
  const labels = [0, 0, 0, 1, 1, 1, 1, 0];
  const flags = [false, true, false, true, true, false, true, true];
  // rows: TN FP TN TP TP FN TP FP
  assertEquals(confusion(labels, flags), { tp: 3, fp: 2, tn: 2, fn: 1 });
});

Deno.test("scores from hand-computed counts", () => {
  const s = skabScores({ tp: 3, fp: 2, tn: 2, fn: 1 });
  assertEquals(s.f1, 6 / 9);
  assertEquals(s.far, 2 / 4);
  assertEquals(s.mar, 1 / 4);
  assertEquals(formatScores(s), "F1=0.667 FAR=50.00 MAR=25.00");
});

Deno.test("files are aggregated by summing counts, not averaging scores", () => {
  const a = { tp: 90, fp: 0, tn: 10, fn: 0 }; // F1 1
  const b = { tp: 0, fp: 10, tn: 0, fn: 10 }; // F1 0
  const total = sumConfusion([a, b]);
  assertEquals(total, { tp: 90, fp: 10, tn: 10, fn: 10 });
  assertEquals(skabScores(total).f1, 180 / 200); // a mean of per-file F1 would say 0.5
});

Deno.test("empty classes give 0, not NaN", () => {
  assertEquals(skabScores({ tp: 0, fp: 0, tn: 0, fn: 0 }), { f1: 0, far: 0, mar: 0 });
});

Deno.test("mismatched lengths are refused", () => {
  throws(() => confusion([1, 0], [true]), /^Error: labels has 2 rows, predictions 1$/);
});
