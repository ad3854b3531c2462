import assert from "node:assert/strict";
import { caseLine, trainingCases } from "./simulated_cards.ts";
import { isLineError, parseCardFile } from "./sktime_cards.ts";

Deno.test("the committed simulated cards are what the generator makes (first, a fault, last)", async () => {
  const text = await Deno.readTextFile(new URL("./simulated_cards_train.sktime", import.meta.url));
  const data = text.split("\n").filter((l) => l !== "" && !l.startsWith("@"));
  const cases = trainingCases();
  assert.equal(data.length, cases.length);
  for (const i of [0, 25, cases.length - 1]) assert.equal(data[i], caseLine(cases[i]), `case ${i}`);
  const f = parseCardFile(text);
  assert.ok(f.entries.every((e) => !isLineError(e) && e.position.length === 100));
  assert.equal(f.classLabels.length, 12);
});
