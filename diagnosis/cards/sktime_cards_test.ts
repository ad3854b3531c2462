import assert from "node:assert/strict";
import { isLineError, parseCardFile } from "./sktime_cards.ts";

const series = (n: number, f: (i: number) => number) =>
  Array.from({ length: n }, (_, i) => f(i)).join(",");

Deno.test("reads header labels, labelled and unlabelled cards with their line numbers", () => {
  const text = [
    "@problemName x",
    "@classLabel true A B",
    "@data",
    `${series(10, (i) => i)}:${series(10, (i) => 2 * i)}:B`,
    "",
    `${series(10, (i) => i)}:${series(10, (i) => 3 * i)}`,
  ].join("\n");
  const f = parseCardFile(text);
  assert.deepEqual(f.classLabels, ["A", "B"]);
  assert.equal(f.entries.length, 2);
  const [a, b] = f.entries;
  assert.ok(!isLineError(a) && !isLineError(b));
  assert.equal(a.label, "B");
  assert.equal(a.line, 4);
  assert.equal(a.load[9], 18);
  assert.equal(b.label, undefined);
  assert.equal(b.line, 6);
});

Deno.test("bad lines become errors naming the line and the fault, in place", () => {
  const good = `${series(10, (i) => i)}:${series(10, (i) => i)}`;
  const text = [
    "@classLabel true A",
    "@data",
    good + ":A",
    `${series(10, (i) => i)}:${series(9, (i) => i)}`,
    "1,2,x,4,5,6,7,8:1,2,3,4,5,6,7,8",
    good + ":Z",
    "just text",
    good,
  ].join("\n");
  const f = parseCardFile(text);
  const msgs = f.entries.map((e) => isLineError(e) ? `${e.line}: ${e.message}` : `${e.line}: ok`);
  assert.deepEqual(msgs, [
    "3: ok",
    "4: 10 positions but 9 loads",
    '5: position value 3 is not a number: "x"',
    '6: label "Z" is not declared in @classLabel',
    "7: expected positions:loads[:LABEL], got 1 field(s)",
    "8: ok",
  ]);
});
