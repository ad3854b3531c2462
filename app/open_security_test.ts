import assert from "node:assert/strict";
import { isLoopback, openSecurity } from "./open_security.ts";

const fast = { iterations: 1_000 };

Deno.test("auth turns on by itself off loopback, with a generated first admin shown once", async () => {
  const data = await Deno.makeTempDir({ prefix: "fieldtwin-security-" });
  try {
    const first = await openSecurity(
      { auth: "auto", host: "0.0.0.0", data, authOptions: fast },
      "plant",
    );
    assert.ok(first.security.auth, "auth on for 0.0.0.0");
    assert.equal(first.security.guard?.allowedHosts, "any");
    const password = first.firstAdminPassword!;
    assert.ok(password.length >= 16);
    const s = await first.security.auth!.login("admin", password);
    assert.equal(s.role, "admin");
    first.close();

    const again = await openSecurity(
      { auth: "auto", host: "0.0.0.0", data, authOptions: fast },
      "plant",
    );
    assert.equal(again.firstAdminPassword, undefined, "never shown again");
    assert.equal((await again.security.auth!.login("admin", password)).user, "admin");
    again.close();
  } finally {
    await Deno.remove(data, { recursive: true });
  }
});

Deno.test("on loopback auth stays off unless asked; auth needs a data directory", async () => {
  const data = await Deno.makeTempDir({ prefix: "fieldtwin-security-" });
  try {
    const local = await openSecurity({ auth: "auto", host: "127.0.0.1", data }, "plant");
    assert.equal(local.security.auth, undefined);
    assert.ok(local.security.audit, "actions are still audited");
    assert.deepEqual(local.security.guard?.allowedHosts, ["127.0.0.1", "localhost", "::1"]);
    local.close();
    await assert.rejects(
      openSecurity({ auth: "on", host: "127.0.0.1" }, "plant"),
      /auth needs a data directory/,
    );
    assert.ok(isLoopback("127.0.0.2") && isLoopback("[::1]") && !isLoopback("10.0.0.1"));
  } finally {
    await Deno.remove(data, { recursive: true });
  }
});
