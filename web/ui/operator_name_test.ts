import assert from "node:assert/strict";
import {
  DEFAULT_OPERATOR,
  type NameStorage,
  operatorName,
  setOperatorName,
} from "./operator_name.ts";

function memory(): NameStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
  };
}

Deno.test("the operator's name is kept, trimmed, and blank falls back to the default", () => {
  const store = memory();
  assert.equal(operatorName(store), DEFAULT_OPERATOR);
  setOperatorName("  ann  ", store);
  assert.equal(operatorName(store), "ann");
  setOperatorName("   ", store);
  assert.equal(operatorName(store), DEFAULT_OPERATOR);
  setOperatorName("x".repeat(300), store);
  assert.equal(operatorName(store).length, 100, "the API takes at most 100 characters");
});

Deno.test("a storage that throws costs only persistence", () => {
  const broken: NameStorage = {
    getItem: () => {
      throw new Error("denied");
    },
    setItem: () => {
      throw new Error("quota");
    },
  };
  setOperatorName("bob", broken);
  assert.equal(operatorName(broken), DEFAULT_OPERATOR);
});
