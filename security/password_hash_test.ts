import assert from "node:assert/strict";
import { hashPassword, verifyPassword } from "./password_hash.ts";

Deno.test("a hash verifies its own password and no other", async () => {
  const stored = await hashPassword("correct horse battery", 1_000);
  assert.match(stored, /^pbkdf2-sha256\$1000\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
  assert.equal(await verifyPassword("correct horse battery", stored), true);
  assert.equal(await verifyPassword("correct horse batterY", stored), false);
  assert.equal(await verifyPassword("", stored), false);
});

Deno.test("two hashes of one password differ by salt", async () => {
  const a = await hashPassword("same", 1_000);
  const b = await hashPassword("same", 1_000);
  assert.notEqual(a, b);
  assert.equal(await verifyPassword("same", b), true);
});

Deno.test("a malformed stored hash never verifies", async () => {
  for (const bad of ["", "plain", "md5$1$x$y", "pbkdf2-sha256$0$AA==$AA==", "pbkdf2-sha256$x$$"]) {
    assert.equal(await verifyPassword("anything", bad), false, bad);
  }
});
