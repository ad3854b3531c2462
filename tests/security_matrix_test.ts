/**
 * The security matrix against the real server with auth on: for every
 * route that changes something, no token is a 401, a role below the
 * route's a 403, and the route's own role gets past the check; expired,
 * tampered and revoked tokens are refused; cross-site requests and foreign
 * Host names are refused; every action leaves one audit entry naming the
 * token's user, whatever the request claims.
 */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { AuditLog } from "../security/audit_log.ts";
import { AuthService, type Session } from "../security/auth_service.ts";
import { hasRole, type Role, ROLES } from "../security/roles.ts";
import { UserStore } from "../security/user_store.ts";
import { allowedHostsFor } from "../web/request_guard.ts";
import { rawRequest } from "./raw_http.ts";
import { startTestServer, type TestServer } from "./test_server.ts";

const plant = {
  name: "security",
  twins: [{ id: "rtu-{i}", count: 2, kind: "rtu" }],
  alarms: {
    definitions: [{
      name: "comm",
      kind: "rtu",
      priority: "high",
      condition: { type: "state", point: "comm_ok", in: [false] },
    }],
  },
};

const opts = { sanitizeResources: false, sanitizeOps: false };
const PASSWORD = "a-long-enough-password";

interface Fixture {
  s: TestServer;
  auth: AuthService;
  audit: AuditLog;
  sessions: Record<Role, Session>;
  clock: { now: number };
}

async function withSecureServer(fn: (f: Fixture) => Promise<void>): Promise<void> {
  const db = new DatabaseSync(":memory:");
  const clock = { now: Date.now() };
  const audit = new AuditLog(db);
  const auth = new AuthService(new UserStore(db), audit, {
    now: () => clock.now,
    iterations: 1_000,
  });
  for (const role of ROLES) await auth.createUser("setup", `${role}1`, role, PASSWORD);
  const sessions = {} as Record<Role, Session>;
  for (const role of ROLES) sessions[role] = await auth.login(`${role}1`, PASSWORD);
  const s = await startTestServer(plant, {
    virtual: true,
    web: {
      security: {
        guard: { allowedHosts: allowedHostsFor("127.0.0.1") },
        auth,
        audit,
        now: () => clock.now,
      },
    },
  });
  try {
    await fn({ s, auth, audit, sessions, clock });
  } finally {
    await s.close();
    db.close();
  }
}

/** A concrete path for a route pattern: twins and alarms that exist, a user that does not. */
function concrete(path: string): string {
  return path
    .replace(":twin/:name", "rtu-1/comm")
    .replace(":id/:action", "rtu-1/bogus")
    .replace("/api/alarms/:id", "/api/alarms/rtu-1%2Fcomm")
    .replace(":name", "ghost")
    .replace(":id", "rtu-1")
    .replace(/:[a-z_]+/g, "x");
}

function call(s: TestServer, method: string, path: string, token?: string, body: unknown = {}) {
  return fetch(`${s.url}${path}`, {
    method,
    headers: {
      "content-type": "application/json",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: method === "GET" ? undefined : JSON.stringify(body),
  });
}

Deno.test({
  name: "every mutating route: no token 401, a lower role 403, its own role passes the check",
  ...opts,
  fn: () =>
    withSecureServer(async ({ s, sessions }) => {
      const mutating = s.app.routes().filter((r) => r.method !== "GET" && r.role !== "public");
      assert.ok(mutating.length >= 10, `only ${mutating.length} mutating routes found`);
      const problems: string[] = [];
      for (const route of mutating) {
        const path = concrete(route.path);
        const anon = await call(s, route.method, path);
        await anon.body?.cancel();
        if (anon.status !== 401) {
          problems.push(`${route.method} ${path} without a token: ${anon.status}`);
        }
        for (const role of ROLES) {
          const res = await call(s, route.method, path, sessions[role].access_token);
          const text = await res.text();
          const allowed = hasRole(role, route.role as Role);
          if (!allowed && res.status !== 403) {
            problems.push(`${route.method} ${path} as ${role}: ${res.status}, expected 403`);
          }
          if (allowed && (res.status === 401 || res.status === 403)) {
            problems.push(`${route.method} ${path} as ${role}: ${res.status} ${text}`);
          }
        }
      }
      assert.deepEqual(problems, []);
    }),
});

Deno.test({
  name: "reads need a token too; the stream takes one in its URL; liveness stays public",
  ...opts,
  fn: () =>
    withSecureServer(async ({ s, sessions }) => {
      for (const path of ["/api/twins", "/api/alarms", "/api/plant", "/metrics", "/api/stream"]) {
        const res = await fetch(`${s.url}${path}`);
        await res.body?.cancel();
        assert.equal(res.status, 401, path);
        assert.match(res.headers.get("www-authenticate") ?? "", /^Bearer/);
      }
      const twins = await call(s, "GET", "/api/twins", sessions.viewer.access_token);
      assert.equal(twins.status, 200);
      assert.equal((await twins.json()).length, 2);
      const stream = await fetch(
        `${s.url}/api/stream?ids=rtu-1&access_token=${sessions.viewer.access_token}`,
      );
      assert.equal(stream.status, 200);
      await stream.body?.cancel();
      const live = await fetch(`${s.url}/api/health/live`);
      assert.equal(live.status, 200);
      await live.body?.cancel();
      const me = await call(s, "GET", "/api/auth/me", sessions.operator.access_token);
      assert.deepEqual(await me.json(), {
        user: "operator1",
        role: "operator",
        auth: true,
        verified: true,
      });
    }),
});

Deno.test({
  name: "the right role acts, and the audit log names the token's user, not the one claimed",
  ...opts,
  fn: () =>
    withSecureServer(async ({ s, sessions, audit }) => {
      const before = audit.query().length;
      const cmd = await fetch(`${s.url}/api/twins/rtu-1/commands`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          authorization: `Bearer ${sessions.operator.access_token}`,
          "x-user": "someone-else",
        },
        body: JSON.stringify({ type: "clear_fault" }),
      });
      assert.equal(cmd.status, 200);
      assert.equal((await cmd.json()).user, "operator1");
      const stop = await call(s, "POST", "/api/twins/rtu-2/stop", sessions.engineer.access_token);
      assert.equal(stop.status, 200);
      await stop.body?.cancel();
      const ack = await call(
        s,
        "POST",
        "/api/alarms/rtu-1/comm/ack",
        sessions.operator.access_token,
        {
          user: "mallory",
        },
      );
      await ack.body?.cancel();
      const denied = await call(s, "POST", "/api/twins/rtu-1/stop", sessions.operator.access_token);
      assert.equal(denied.status, 403);
      assert.match((await denied.json()).error, /needs the engineer role/);
      const entries = audit.query().slice(0, audit.query().length - before).reverse();
      assert.deepEqual(
        entries.map((e) => [e.user, e.action, e.target, e.status]),
        [
          ["operator1", "POST /api/twins/:id/commands", "rtu-1", 200],
          ["engineer1", "POST /api/twins/:id/stop", "rtu-2", 200],
          ["operator1", "POST /api/alarms/:twin/:name/ack", "rtu-1/comm", ack.status],
          ["operator1", "POST /api/twins/:id/stop", "rtu-1", 403],
        ],
      );
      assert.deepEqual(entries[0].args, { type: "clear_fault" });
    }),
});

Deno.test({
  name: "expired, tampered and revoked tokens are refused",
  ...opts,
  fn: () =>
    withSecureServer(async ({ s, sessions, auth, clock }) => {
      const t = sessions.admin.access_token;
      const tampered = t.slice(0, t.lastIndexOf(".") + 1) + "x".repeat(43);
      let res = await call(s, "GET", "/api/twins", tampered);
      assert.equal(res.status, 401);
      await res.body?.cancel();
      await auth.logout(sessions.viewer.refresh_token, "viewer1");
      res = await call(s, "GET", "/api/twins", sessions.viewer.access_token);
      assert.equal(res.status, 401);
      assert.match((await res.json()).error, /session ended/);
      clock.now += 16 * 60_000;
      res = await call(s, "GET", "/api/twins", sessions.admin.access_token);
      assert.equal(res.status, 401);
      assert.match((await res.json()).error, /expired/);
      const fresh = await fetch(`${s.url}/api/auth/refresh`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ refresh_token: sessions.admin.refresh_token }),
      });
      assert.equal(fresh.status, 200);
      res = await call(s, "GET", "/api/twins", (await fresh.json()).access_token);
      assert.equal(res.status, 200);
      await res.body?.cancel();
    }),
});

Deno.test({
  name: "cross-site requests and foreign Host names are refused before any action",
  ...opts,
  fn: () =>
    withSecureServer(async ({ s, sessions, audit }) => {
      const before = audit.query().length;
      // A no-cors form post from another site: text/plain, a foreign Origin.
      let res = await fetch(`${s.url}/api/twins/rtu-1/stop`, {
        method: "POST",
        headers: { origin: "http://evil.example", "content-type": "text/plain" },
        body: "{}",
      });
      assert.equal(res.status, 403);
      await res.body?.cancel();
      res = await fetch(`${s.url}/api/twins/rtu-1/commands`, {
        method: "POST",
        headers: {
          "content-type": "text/plain",
          authorization: `Bearer ${sessions.admin.access_token}`,
        },
        body: JSON.stringify({ type: "clear_fault" }),
      });
      assert.equal(res.status, 415);
      await res.body?.cancel();
      const port = Number(new URL(s.url).port);
      const rebound = await rawRequest(
        port,
        `GET /api/twins HTTP/1.1\r\nhost: attacker.example:${port}\r\nauthorization: Bearer ${sessions.admin.access_token}\r\nconnection: close\r\n\r\n`,
      );
      assert.equal(rebound.status, 403);
      assert.match(JSON.parse(rebound.body).error, /not a name of this server/);
      assert.equal(audit.query().length, before, "nothing was acted on");
      assert.equal(s.runtime.twins.get("rtu-1")!.running, true);
    }),
});

Deno.test({
  name: "an admin creates a user over HTTP who can then log in; a viewer cannot",
  ...opts,
  fn: () =>
    withSecureServer(async ({ s, sessions, audit }) => {
      const body = { name: "newop", role: "operator", password: "another-long-password" };
      let res = await call(s, "POST", "/api/users", sessions.viewer.access_token, body);
      assert.equal(res.status, 403);
      await res.body?.cancel();
      res = await call(s, "POST", "/api/users", sessions.admin.access_token, body);
      assert.equal(res.status, 201);
      assert.equal((await res.json()).role, "operator");
      res = await call(s, "POST", "/api/auth/login", undefined, {
        user: "newop",
        password: "another-long-password",
      });
      assert.equal(res.status, 200);
      assert.equal((await res.json()).role, "operator");
      const created = audit.query({ user: "admin1" }).find((e) => e.action === "create_user");
      assert.equal(created?.target, "newop");
      assert.equal((created?.args as { password?: string }).password, undefined);
      res = await call(s, "GET", "/api/audit?format=csv", sessions.admin.access_token);
      assert.equal(res.status, 200);
      assert.match(await res.text(), /^id,time,user,action,target,args,status,outcome\n/);
    }),
});

Deno.test({
  name:
    "login limits follow the connection, not X-Forwarded-For; a stale token does not block login",
  ...opts,
  fn: () =>
    withSecureServer(async ({ s, sessions, auth }) => {
      const login = (user: string, password: string, headers: Record<string, string> = {}) =>
        fetch(`${s.url}/api/auth/login`, {
          method: "POST",
          headers: { "content-type": "application/json", ...headers },
          body: JSON.stringify({ user, password }),
        });
      await auth.logout(sessions.viewer.refresh_token, "viewer1");
      let res = await login("viewer1", PASSWORD, {
        authorization: `Bearer ${sessions.viewer.access_token}`,
      });
      assert.equal(res.status, 200, "a revoked token in the header is ignored on a public route");
      await res.body?.cancel();
      for (let i = 0; i < 5; i++) {
        res = await login(`nobody${i}`, "wrong-password-x", { "x-forwarded-for": `10.0.0.${i}` });
        assert.equal(res.status, 401);
        await res.body?.cancel();
      }
      res = await login("operator1", PASSWORD, { "x-forwarded-for": "10.9.9.9" });
      assert.equal(
        res.status,
        429,
        "five failures from this connection's address, whatever it claims",
      );
      assert.ok(Number(res.headers.get("retry-after")) > 0);
      await res.body?.cancel();
    }),
});
