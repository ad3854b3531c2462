import assert from "node:assert/strict";
import { familyLine, sourceFamily } from "./source_family.ts";

Deno.test("source family: the source's type, none without a source; a comment line of plain characters", () => {
  assert.equal(sourceFamily({ source: { type: "modbus" } }), "modbus");
  assert.equal(sourceFamily({}), "none");
  assert.equal(sourceFamily(undefined), "none");
  assert.equal(familyLine("simulator"), '// twins fed by "simulator"');
  // Nothing from a type can end the comment or the function it sits in.
  assert.equal(familyLine("a\n}*/ x"), '// twins fed by "a_n____x"');
});
