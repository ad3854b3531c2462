import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { AuditLog } from "./audit_log.ts";
import { AuthError, AuthService } from "./auth_service.ts";
import { UserStore } from "./user_store.ts";

function setup() {
  const db = new DatabaseSync(":memory:");
  let now = 1_800_000_000_000;
  const clock = { advance: (ms: number) => (now += ms) };
  const audit = new AuditLog(db);
  const auth = new AuthService(new UserStore(db), audit, {
    now: () => now,
    iterations: 1_000,
    limits: { maxFailures: 3, windowMs: 60_000 },
  });
  return { db, auth, audit, clock };
}

async function status(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return 200;
  } catch (e) {
    assert.ok(e instanceof AuthError, String(e));
    return e.status;
  }
}

Deno.test("the first admin's password is generated once and logs in", async () => {
  const { auth } = setup();
  const pw = await auth.bootstrapAdmin();
  assert.ok(pw && pw.length >= 16);
  assert.equal(await auth.bootstrapAdmin(), undefined, "only when no user exists");
  const s = await auth.login("admin", pw!);
  assert.deepEqual(await auth.verify(s.access_token), { user: "admin", role: "admin" });
});

Deno.test("wrong passwords are refused, then limited", async () => {
  const { auth } = setup();
  await auth.createUser("system", "ann", "operator", "ann-password-1");
  for (let i = 0; i < 3; i++) assert.equal(await status(auth.login("ann", "nope", "ip1")), 401);
  assert.equal(
    await status(auth.login("ann", "ann-password-1", "ip2")),
    429,
    "the name is limited",
  );
  assert.equal(await status(auth.login("nobody", "x", "ip3")), 401);
});

Deno.test("a refresh spends its token; reusing a spent one ends the login", async () => {
  const { auth } = setup();
  await auth.createUser("system", "ann", "operator", "ann-password-1");
  const first = await auth.login("ann", "ann-password-1");
  const second = await auth.refresh(first.refresh_token);
  assert.notEqual(second.refresh_token, first.refresh_token);
  assert.equal((await auth.verify(second.access_token)).user, "ann");
  assert.equal(await status(auth.refresh(first.refresh_token)), 401, "a stolen copy");
  assert.equal(await status(auth.refresh(second.refresh_token)), 401, "the whole login is revoked");
  assert.equal(await status(auth.verify(second.access_token)), 401);
});

Deno.test("logout ends the access token at once; expiry and tampering are refused", async () => {
  const { auth, clock } = setup();
  await auth.createUser("system", "ann", "viewer", "ann-password-1");
  const s = await auth.login("ann", "ann-password-1");
  const tampered = s.access_token.slice(0, -2) + (s.access_token.endsWith("A") ? "BB" : "AA");
  assert.equal(await status(auth.verify(tampered)), 401);
  const s2 = await auth.login("ann", "ann-password-1");
  await auth.logout(s.refresh_token, "ann");
  assert.equal(await status(auth.verify(s.access_token)), 401);
  assert.equal((await auth.verify(s2.access_token)).user, "ann", "another login lives on");
  clock.advance(901_000);
  assert.equal(await status(auth.verify(s2.access_token)), 401, "expired after 15 min");
});

Deno.test("role changes and disables apply to live tokens; the last admin stays", async () => {
  const { auth } = setup();
  const pw = (await auth.bootstrapAdmin())!;
  await auth.createUser("admin", "bob", "viewer", "bob-password-1");
  const s = await auth.login("bob", "bob-password-1");
  await auth.updateUser("admin", "bob", { role: "engineer" });
  assert.equal((await auth.verify(s.access_token)).role, "engineer");
  await auth.updateUser("admin", "bob", { disabled: true });
  assert.equal(await status(auth.verify(s.access_token)), 401);
  assert.equal(await status(auth.login("bob", "bob-password-1")), 401);
  assert.equal(await status(auth.updateUser("admin", "admin", { role: "viewer" })), 409);
  assert.equal(await status(Promise.resolve().then(() => auth.deleteUser("admin", "admin"))), 409);
  assert.equal(await status(auth.createUser("admin", "x y", "viewer", "long-enough-1")), 400);
  assert.equal(await status(auth.createUser("admin", "carl", "root", "long-enough-1")), 400);
  assert.equal(await status(auth.createUser("admin", "carl", "viewer", "short")), 400);
  assert.equal(await status(auth.createUser("admin", "bob", "viewer", "long-enough-1")), 409);
  assert.ok((await auth.login("admin", pw)).access_token);
});

Deno.test("logins and user changes are audited without secrets; the log refuses edits", async () => {
  const { auth, audit, db } = setup();
  await auth.createUser("root", "ann", "operator", "ann-password-1");
  await status(auth.login("ann", "wrong-password"));
  await auth.updateUser("root", "ann", { password: "new-password-22" });
  const entries = audit.query().reverse();
  assert.deepEqual(
    entries.map((e) => [e.user, e.action, e.target, e.status]),
    [["root", "create_user", "ann", 201], ["ann", "login", "ann", 401], [
      "root",
      "update_user",
      "ann",
      200,
    ]],
  );
  assert.equal((entries[2].args as { password: string }).password, "***");
  assert.ok(!JSON.stringify(entries).includes("new-password-22"));
  assert.throws(() => db.exec("UPDATE audit_log SET user = 'x'"), /append-only/);
  assert.throws(() => db.exec("DELETE FROM audit_log"), /append-only/);
});

Deno.test("users change their own password only by proving the current one", async () => {
  const { auth } = setup();
  await auth.createUser("system", "ann", "viewer", "ann-password-1");
  const s = await auth.login("ann", "ann-password-1");
  assert.equal(await status(auth.changeOwnPassword("ann", "guess-guess-1", "x-new-password")), 403);
  await auth.changeOwnPassword("ann", "ann-password-1", "x-new-password");
  assert.equal(await status(auth.login("ann", "ann-password-1")), 401);
  assert.equal(await status(auth.verify(s.access_token)), 401, "older sessions end");
  assert.equal((await auth.login("ann", "x-new-password")).user, "ann");
});
