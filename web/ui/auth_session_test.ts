import assert from "node:assert/strict";
import { AuthSession } from "./auth_session.ts";

function memoryStorage() {
  const m = new Map<string, string>();
  return {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    removeItem: (k: string) => void m.delete(k),
    m,
  };
}

const session = (n: number) => ({
  user: "ann",
  role: "operator",
  access_token: `a${n}`,
  refresh_token: `r${n}`,
  expires_in: 900,
});

Deno.test("login keeps the tokens; a token near expiry is refreshed once for many callers", async () => {
  let now = 0;
  const calls: string[] = [];
  let n = 0;
  const fetcher = (url: string) => {
    calls.push(url);
    return Promise.resolve(new Response(JSON.stringify(session(++n)), { status: 200 }));
  };
  const storage = memoryStorage();
  const s = new AuthSession(storage, fetcher, () => now);
  assert.equal(await s.login("ann", "pw"), undefined);
  assert.deepEqual(s.user, { user: "ann", role: "operator" });
  assert.equal(s.withToken("/api/stream?ids=x"), "/api/stream?ids=x&access_token=a1");
  assert.equal(await s.token(), "a1");
  now = 900_000 - 30_000; // inside the last minute
  const [t1, t2] = await Promise.all([s.token(), s.token()]);
  assert.deepEqual([t1, t2], ["a2", "a2"]);
  assert.deepEqual(calls, ["/api/auth/login", "/api/auth/refresh"]);
  assert.ok(storage.m.get("fieldtwin.session")?.includes('"a2"'), "kept for a reload");
  const reloaded = new AuthSession(storage, fetcher, () => now);
  assert.equal(reloaded.user?.user, "ann");
});

Deno.test("a refused refresh ends the session and tells listeners; a wrong password says why", async () => {
  const storage = memoryStorage();
  let refuse = false;
  const fetcher = (url: string) =>
    Promise.resolve(
      url.endsWith("/login") && !refuse
        ? new Response(JSON.stringify(session(1)))
        : new Response(JSON.stringify({ error: "wrong user name or password" }), { status: 401 }),
    );
  const s = new AuthSession(storage, fetcher);
  await s.login("ann", "pw");
  let told = 0;
  s.subscribe(() => told++);
  refuse = true;
  assert.equal(await s.refresh(), false);
  assert.equal(s.user, undefined);
  assert.equal(told, 1);
  assert.equal(storage.m.size, 0);
  assert.equal(await s.login("ann", "bad"), "wrong user name or password");
});
