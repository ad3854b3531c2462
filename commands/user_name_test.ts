import assert from "node:assert/strict";
import { USER_NAME_MAX, userNameProblem } from "./user_name.ts";

Deno.test("user names: short printable text in any script", () => {
  for (
    const name of ["op1", "Jürgen", "操作员", "o'brien 2", "ann@site-3", "x".repeat(USER_NAME_MAX)]
  ) {
    assert.equal(userNameProblem(name), undefined, name);
  }
});

Deno.test("user names: empty, too long, or with control or invisible characters are refused", () => {
  assert.equal(userNameProblem(""), "is empty");
  assert.match(userNameProblem("x".repeat(60_000))!, /is 60,000 characters long; at most 100/);
  assert.match(userNameProblem("a\u0000b")!, /control or invisible/);
  assert.match(userNameProblem("a\tb")!, /control or invisible/);
  assert.match(userNameProblem("a\u200bb")!, /control or invisible/);
});
