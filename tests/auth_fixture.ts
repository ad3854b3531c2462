/**
 * Logins for tests: an auth service over an in-memory database (a cheap
 * KDF, so users are made in milliseconds), the request security a server
 * needs to use it, and logging in through the UI's login form.
 *
 * @module
 */
import { DatabaseSync } from "node:sqlite";
import type { Page } from "playwright-core";
import { AuditLog } from "../security/audit_log.ts";
import { AuthService } from "../security/auth_service.ts";
import { UserStore } from "../security/user_store.ts";
import type { RequestSecurity } from "../web/handle_request.ts";
import { allowedHostsFor } from "../web/request_guard.ts";

/** An auth service with its audit log, ready to hand to a test server. */
export interface MemoryAuth {
  /** The service. */
  auth: AuthService;
  /** Its audit log. */
  audit: AuditLog;
  /** For `startTestServer(..., { web: { security } })`: loopback guard, auth on, audited. */
  security: RequestSecurity;
  /** Close the database. */
  close(): void;
}

/** Auth on an in-memory database, with a cheap KDF. */
export function memoryAuth(): MemoryAuth {
  const db = new DatabaseSync(":memory:");
  const audit = new AuditLog(db);
  const auth = new AuthService(new UserStore(db), audit, { iterations: 1_000 });
  return {
    auth,
    audit,
    security: { guard: { allowedHosts: allowedHostsFor("127.0.0.1") }, auth, audit },
    close: () => db.close(),
  };
}

/** Fill in and send the UI's login form (shown because the page needs a login). */
export async function logInThroughPage(page: Page, user: string, password: string): Promise<void> {
  await page.fill("#login-user", user);
  await page.fill("#login-password", password);
  await page.click("form.login-form button[type=submit]");
}
