import assert from "node:assert/strict";
import { FAULT_CLASS, NORMAL_CLASS } from "../../diagnosis/cards/fault_classes.ts";
import { NOT_PUMPING } from "../../diagnosis/cards/diagnosed_well.ts";
import { confidenceText, diagnosisWords, isFaultClass } from "./card_diagnosis_words.ts";

Deno.test("card diagnosis words: the classes operators see most", () => {
  assert.equal(diagnosisWords("GAS_EFFECTIVE"), "gas interference");
  assert.equal(diagnosisWords("REGULAR_WORK"), "normal pumping");
  assert.equal(diagnosisWords("ROD_BROKEN"), "parted rods");
  assert.equal(diagnosisWords("LIQUID_NOT_ENOUGH"), "fluid pound");
  assert.equal(diagnosisWords("STATIC_VALVE_LEAKAGE"), "standing valve leak");
});

Deno.test("card diagnosis words: every class the classifier can give has its own words", () => {
  const classes = [NORMAL_CLASS, NOT_PUMPING, ...Object.values(FAULT_CLASS)];
  const words = classes.map(diagnosisWords);
  for (const [i, w] of words.entries()) {
    assert.ok(!w.includes("_") && w !== classes[i].toLowerCase(), `${classes[i]} -> ${w}`);
  }
  assert.equal(new Set(words).size, words.length, "no two classes read the same");
});

Deno.test("card diagnosis words: an unknown class reads as its name, never blank", () => {
  assert.equal(diagnosisWords("SAND_IN_PUMP"), "sand in pump");
});

Deno.test("card diagnosis words: faults are told from normal and stopped", () => {
  assert.equal(isFaultClass("REGULAR_WORK"), false);
  assert.equal(isFaultClass(NOT_PUMPING), false);
  assert.equal(isFaultClass("GAS_EFFECTIVE"), true);
});

Deno.test("card diagnosis words: confidence as a whole percentage, clamped", () => {
  assert.equal(confidenceText(86.6), "87%");
  assert.equal(confidenceText(100), "100%");
  assert.equal(confidenceText(0), "0%");
  assert.equal(confidenceText(104), "100%");
  assert.equal(confidenceText(Number.NaN), "–");
});
