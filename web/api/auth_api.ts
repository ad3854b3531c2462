/**
 * Logins and user administration over HTTP:
 *
 * - `POST /api/auth/login` `{user, password}` gives an access token and a refresh token;
 * - `POST /api/auth/refresh` `{refresh_token}` spends it for a new pair;
 * - `POST /api/auth/logout` `{refresh_token}` ends that login;
 * - `GET /api/auth/me` says who the token belongs to and whether auth is on;
 * - `PUT /api/auth/password` `{password, new_password}` changes one's own password;
 * - `GET|POST /api/users`, `PUT|DELETE /api/users/{name}` (admin);
 * - `GET /api/audit?from=&to=&user=&limit=` (admin; CSV with `Accept: text/csv`).
 *
 * Documented in docs/security.md.
 *
 * @module
 */
import { z } from "zod";
import type { AuditEntry, AuditLog } from "../../security/audit_log.ts";
import type { AuthService } from "../../security/auth_service.ts";
import { HttpError, json } from "../http_error.ts";
import { parseBody, readJson } from "../request_body.ts";
import type { Router } from "../router.ts";
import { csvField, parseTime } from "./history_api.ts";

const loginBody = z.strictObject({ user: z.string().max(64), password: z.string().max(1_000) });
const tokenBody = z.strictObject({ refresh_token: z.string().max(200) });
const newUserBody = z.strictObject({
  name: z.string().max(64),
  role: z.string().max(20),
  password: z.string().max(1_000),
});
const passwordBody = z.strictObject({
  password: z.string().max(1_000),
  new_password: z.string().max(1_000),
});
const userChangeBody = z.strictObject({
  role: z.string().max(20).optional(),
  password: z.string().max(1_000).optional(),
  disabled: z.boolean().optional(),
});

/** Add the auth, user and audit routes; without `auth`, only `GET /api/auth/me` (auth off). */
export function authRoutes(router: Router, auth: AuthService | undefined): void {
  router.on(
    "GET",
    "/api/auth/me",
    ({ user, role, verified }) => json({ user, role, auth: auth !== undefined, verified }),
    { role: "public" },
  );
  if (!auth) return;

  router.on("POST", "/api/auth/login", async ({ req, limits, client }) => {
    const body = parseBody(loginBody, await readJson(req, limits));
    // The connection's address, not X-Forwarded-For, which any client can write.
    return json(await auth.login(body.user, body.password, client));
  }, {
    role: "public",
    audit: false,
    summary: "Log in: an access token and a refresh token",
    body: loginBody,
  });
  router.on("POST", "/api/auth/refresh", async ({ req, limits }) => {
    const body = parseBody(tokenBody, await readJson(req, limits));
    return json(await auth.refresh(body.refresh_token));
  }, {
    role: "public",
    audit: false,
    summary: "Spend a refresh token for a new pair",
    body: tokenBody,
  });
  router.on("POST", "/api/auth/logout", async ({ req, limits, user }) => {
    const body = parseBody(tokenBody, await readJson(req, limits));
    await auth.logout(body.refresh_token, user);
    return json({ ok: true });
  }, { role: "viewer", audit: false, summary: "End a login", body: tokenBody });

  router.on("GET", "/api/users", () => json(auth.users()), { role: "admin", summary: "Users" });
  router.on("POST", "/api/users", async ({ req, limits, user }) => {
    const body = parseBody(newUserBody, await readJson(req, limits));
    return json(await auth.createUser(user, body.name, body.role, body.password), 201);
  }, { role: "admin", audit: false, summary: "Add a user", body: newUserBody });
  router.on("PUT", "/api/users/:name", async ({ req, limits, user, params }) => {
    const body = parseBody(userChangeBody, await readJson(req, limits));
    return json(await auth.updateUser(user, params.name, body));
  }, {
    role: "admin",
    audit: false,
    summary: "Change a user's role, password or disabled flag",
    body: userChangeBody,
  });
  // Everyone may change their own password, and only their own.
  router.on("PUT", "/api/auth/password", async ({ req, limits, user }) => {
    const body = parseBody(passwordBody, await readJson(req, limits));
    await auth.changeOwnPassword(user, body.password, body.new_password);
    return json({ ok: true });
  }, { role: "viewer", audit: false, summary: "Change one's own password", body: passwordBody });
  router.on("DELETE", "/api/users/:name", ({ user, params }) => {
    auth.deleteUser(user, params.name);
    return json({ ok: true });
  }, { role: "admin", audit: false, summary: "Remove a user" });
}

/** Add `GET /api/audit` over `audit` (kept with auth off too, naming the `x-user`). */
export function auditRoutes(router: Router, audit: AuditLog): void {
  router.on("GET", "/api/audit", ({ req, query: q }) => {
    const limit = q.has("limit") ? Number(q.get("limit")) : 1_000;
    if (!Number.isInteger(limit) || limit < 1 || limit > 100_000) {
      throw new HttpError(
        400,
        `?limit must be an integer from 1 to 100000, got "${q.get("limit")}"`,
      );
    }
    const entries = audit.query({
      from: q.has("from") ? parseTime(q.get("from")!, "from") : undefined,
      to: q.has("to") ? parseTime(q.get("to")!, "to") : undefined,
      user: q.get("user"),
      limit,
    });
    if (
      /\btext\/csv\b/i.test(req.headers.get("accept") ?? "") ||
      q.get("format") === "csv"
    ) {
      return new Response(auditCsv(entries), {
        headers: {
          "content-type": "text/csv; charset=utf-8",
          "content-disposition": 'attachment; filename="audit.csv"',
        },
      });
    }
    return json(entries);
  }, {
    role: "admin",
    summary: "The audit log, newest first (CSV with format=csv)",
    query: ["from", "to", "user", "limit", "format"],
  });
}

/** The audit entries as CSV, oldest first. */
export function auditCsv(entries: readonly AuditEntry[]): string {
  const lines = ["id,time,user,action,target,args,status,outcome"];
  for (const e of [...entries].reverse()) {
    lines.push(
      [
        String(e.id),
        new Date(e.ts).toISOString(),
        csvField(e.user),
        csvField(e.action),
        csvField(e.target),
        csvField(JSON.stringify(e.args)),
        String(e.status),
        csvField(e.outcome),
      ].join(","),
    );
  }
  return lines.join("\n") + "\n";
}
