/**
 * Logins, sessions and user administration. A login checks the password
 * (PBKDF2) and gives a short-lived access token (a JWT signed with the
 * plant's key, 15 minutes by default) and a refresh token (random, stored
 * as a digest, 7 days). Each refresh spends its token and gives a new
 * pair; presenting a spent token again (a stolen copy) revokes the whole
 * login. Logout revokes it too, and an access token is honoured only while
 * its login is alive and its user is enabled, with the user's current role,
 * so a logout, a disable or a role change takes effect at once. Every
 * login and user change is written to the audit log.
 *
 * @module
 */
import { jwtVerify, SignJWT } from "jose";
import { StatusError } from "../runtime/status_error.ts";
import type { AuditLog } from "./audit_log.ts";
import { type LimiterOptions, LoginLimiter } from "./login_limiter.ts";
import { DEFAULT_ITERATIONS, hashPassword, verifyPassword } from "./password_hash.ts";
import { isRole, type Role } from "./roles.ts";
import type { UserRecord, UserStore } from "./user_store.ts";

/** Who a verified request acts for. */
export interface Principal {
  /** User name. */
  user: string;
  /** Current role. */
  role: Role;
}

/** What a login or refresh gives. */
export interface Session {
  /** Bearer token for `Authorization: Bearer ...`. */
  access_token: string;
  /** Seconds the access token is valid. */
  expires_in: number;
  /** One-use token for `POST /api/auth/refresh`. */
  refresh_token: string;
  /** Seconds the refresh token is valid. */
  refresh_expires_in: number;
  /** The user. */
  user: string;
  /** Their role. */
  role: Role;
}

/** A refused login or token (401), a limit (429), a bad change (400, 404, 409). */
export class AuthError extends StatusError {
  /** Seconds to wait, for a 429. */
  retryAfterS?: number;
}

/** Options for {@linkcode AuthService}. */
export interface AuthOptions {
  /** The clock, epoch ms (default Date.now). */
  now?: () => number;
  /** Access token lifetime, s (default 900). */
  accessTtlS?: number;
  /** Refresh token lifetime, s (default 7 days). */
  refreshTtlS?: number;
  /** PBKDF2 iterations for new passwords (default 600,000). */
  iterations?: number;
  /** Login rate limits. */
  limits?: LimiterOptions;
}

/** Shortest password accepted. */
export const MIN_PASSWORD = 10;
const NAME = /^[A-Za-z0-9._@-]{1,64}$/;

/** Logins, sessions and users over a {@linkcode UserStore}. */
export class AuthService {
  readonly #users: UserStore;
  readonly #audit: AuditLog;
  readonly #now: () => number;
  readonly #accessTtlS: number;
  readonly #refreshTtlS: number;
  readonly #iterations: number;
  readonly #limiter: LoginLimiter;
  readonly #key: Uint8Array;

  /** Serve logins from `users`, auditing into `audit`. */
  constructor(users: UserStore, audit: AuditLog, opts: AuthOptions = {}) {
    this.#users = users;
    this.#audit = audit;
    this.#now = opts.now ?? Date.now;
    this.#accessTtlS = opts.accessTtlS ?? 900;
    this.#refreshTtlS = opts.refreshTtlS ?? 7 * 86_400;
    this.#iterations = opts.iterations ?? DEFAULT_ITERATIONS;
    this.#limiter = new LoginLimiter(opts.limits);
    this.#key = users.signingKey();
  }

  /** The audit log this service writes to. */
  get audit(): AuditLog {
    return this.#audit;
  }

  /**
   * When no user exists, create `admin` with a generated password and
   * return the password (to print once); otherwise undefined.
   */
  async bootstrapAdmin(): Promise<string | undefined> {
    if (this.#users.count() > 0) return undefined;
    const bytes = crypto.getRandomValues(new Uint8Array(15));
    const password = btoa(String.fromCharCode(...bytes)).replace(/[+/=]/g, "x");
    this.#users.create(
      "admin",
      "admin",
      await hashPassword(password, this.#iterations),
      this.#now(),
    );
    this.#log("system", "create_user", "admin", { role: "admin" }, 201, "first admin created");
    return password;
  }

  /** Check a password and open a session; 401 for a wrong name or password, 429 when limited. */
  async login(name: string, password: string, client = "unknown"): Promise<Session> {
    const now = this.#now();
    const keys = [`user:${name}`, `client:${client}`];
    const wait = this.#limiter.retryAfterS(keys, now);
    if (wait > 0) {
      this.#log(name, "login", name, { client }, 429, "too many failed logins");
      const e = new AuthError(429, `too many failed logins; try again in ${wait} s`);
      e.retryAfterS = wait;
      throw e;
    }
    const user = this.#users.get(name);
    const hash = this.#users.passwordHash(name);
    // Verify even for an unknown name, so the time taken does not tell names apart.
    const ok = await verifyPassword(password, hash ?? dummyHash(this.#iterations));
    if (!user || !ok || user.disabled) {
      this.#limiter.fail(keys, now);
      this.#log(name, "login", name, { client }, 401, "wrong user name or password");
      throw new AuthError(401, "wrong user name or password");
    }
    this.#limiter.clear(`user:${name}`);
    this.#log(name, "login", name, { client }, 200, "ok");
    return await this.#session(user, crypto.randomUUID());
  }

  /** Spend a refresh token for a new session; 401 when it is unknown, spent, expired or revoked. */
  async refresh(token: string): Promise<Session> {
    const now = this.#now();
    const digest = await sha256(token);
    const rec = this.#users.refresh(digest);
    if (!rec) throw new AuthError(401, "unknown refresh token; log in again");
    if (!this.#users.spendRefresh(digest, now)) {
      // A spent token presented again: someone holds a copy. End the whole login.
      this.#users.revokeFamily(rec.family, now);
      this.#log(
        rec.user,
        "refresh",
        rec.user,
        {},
        401,
        "spent refresh token reused; login revoked",
      );
      throw new AuthError(401, "refresh token already used; the login was revoked, log in again");
    }
    const user = this.#users.get(rec.user);
    if (rec.expiresAt <= now || !user || user.disabled) {
      throw new AuthError(401, "session expired; log in again");
    }
    return await this.#session(user, rec.family);
  }

  /** End the login a refresh token belongs to (its access tokens stop working too). */
  async logout(token: string, actor: string): Promise<void> {
    const rec = this.#users.refresh(await sha256(token));
    if (!rec) throw new AuthError(401, "unknown refresh token");
    this.#users.revokeFamily(rec.family, this.#now());
    this.#log(actor, "logout", rec.user, {}, 200, "ok");
  }

  /** The principal of a valid access token; 401 otherwise. */
  async verify(token: string): Promise<Principal> {
    let payload;
    try {
      ({ payload } = await jwtVerify(token, this.#key, {
        algorithms: ["HS256"],
        currentDate: new Date(this.#now()),
      }));
    } catch (e) {
      const expired = (e as { code?: string }).code === "ERR_JWT_EXPIRED";
      throw new AuthError(
        401,
        expired ? "access token expired; refresh it" : "invalid access token",
      );
    }
    const name = payload.sub;
    const sid = payload.sid;
    const user = typeof name === "string" ? this.#users.get(name) : undefined;
    if (!user || user.disabled || typeof sid !== "string" || !this.#alive(sid)) {
      throw new AuthError(401, "session ended; log in again");
    }
    return { user: user.name, role: user.role };
  }

  /** Every user. */
  users(): UserRecord[] {
    return this.#users.list();
  }

  /** Add a user (admin action). */
  async createUser(
    actor: string,
    name: string,
    role: string,
    password: string,
  ): Promise<UserRecord> {
    const args = { name, role };
    this.#check(actor, "create_user", name, args, () => {
      if (!NAME.test(name)) {
        return "user name must be 1-64 letters, digits or . _ @ -";
      }
      if (!isRole(role)) {
        return `unknown role "${role}"; expected viewer, operator, engineer or admin`;
      }
      return passwordProblem(password);
    });
    const hash = await hashPassword(password, this.#iterations);
    if (!this.#users.create(name, role as Role, hash, this.#now())) {
      this.#log(actor, "create_user", name, args, 409, "name taken");
      throw new AuthError(409, `user "${name}" exists`);
    }
    this.#log(actor, "create_user", name, args, 201, "ok");
    return this.#users.get(name)!;
  }

  /** Change a user's role, password or disabled flag (admin action, or a user's own password). */
  async updateUser(
    actor: string,
    name: string,
    change: { role?: string; password?: string; disabled?: boolean },
  ): Promise<UserRecord> {
    const args = { role: change.role, disabled: change.disabled, password: change.password };
    this.#check(actor, "update_user", name, args, () => {
      if (!this.#users.get(name)) return undefined;
      if (change.role !== undefined && !isRole(change.role)) {
        return `unknown role "${change.role}"; expected viewer, operator, engineer or admin`;
      }
      if (change.password !== undefined) return passwordProblem(change.password);
      return undefined;
    });
    if (!this.#users.get(name)) {
      this.#log(actor, "update_user", name, args, 404, "no such user");
      throw new AuthError(404, `no user "${name}"`);
    }
    if (this.#wouldLeaveNoAdmin(name, change)) {
      this.#log(actor, "update_user", name, args, 409, "last admin");
      throw new AuthError(409, `"${name}" is the last enabled admin; make another admin first`);
    }
    const passwordHash = change.password === undefined
      ? undefined
      : await hashPassword(change.password, this.#iterations);
    const now = this.#now();
    this.#users.update(name, {
      role: change.role as Role | undefined,
      passwordHash,
      disabled: change.disabled,
    }, now);
    // A new password or a disable ends every session the old state opened.
    if (passwordHash !== undefined || change.disabled) this.#users.revokeUser(name, now);
    this.#log(actor, "update_user", name, args, 200, "ok");
    return this.#users.get(name)!;
  }

  /** Change one's own password, proving the current one; ends the user's other sessions. */
  async changeOwnPassword(name: string, current: string, next: string): Promise<void> {
    const hash = this.#users.passwordHash(name);
    if (!hash || !(await verifyPassword(current, hash))) {
      this.#log(name, "change_password", name, {}, 403, "current password wrong");
      throw new AuthError(403, "the current password is wrong");
    }
    await this.updateUser(name, name, { password: next });
  }

  /** Remove a user (admin action). */
  deleteUser(actor: string, name: string): void {
    if (!this.#users.get(name)) {
      this.#log(actor, "delete_user", name, {}, 404, "no such user");
      throw new AuthError(404, `no user "${name}"`);
    }
    if (this.#wouldLeaveNoAdmin(name, { disabled: true })) {
      this.#log(actor, "delete_user", name, {}, 409, "last admin");
      throw new AuthError(409, `"${name}" is the last enabled admin; make another admin first`);
    }
    this.#users.delete(name);
    this.#log(actor, "delete_user", name, {}, 200, "ok");
  }

  async #session(user: UserRecord, family: string): Promise<Session> {
    const now = this.#now();
    const access = await new SignJWT({ role: user.role, sid: family })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(user.name)
      .setIssuedAt(Math.floor(now / 1000))
      .setExpirationTime(Math.floor(now / 1000) + this.#accessTtlS)
      .sign(this.#key);
    const refresh = randomToken();
    this.#users.addRefresh(await sha256(refresh), {
      user: user.name,
      family,
      expiresAt: now + this.#refreshTtlS * 1000,
    });
    this.#users.pruneRefresh(now);
    return {
      access_token: access,
      expires_in: this.#accessTtlS,
      refresh_token: refresh,
      refresh_expires_in: this.#refreshTtlS,
      user: user.name,
      role: user.role,
    };
  }

  #alive(family: string): boolean {
    return this.#users.familyAlive(family, this.#now());
  }

  #wouldLeaveNoAdmin(name: string, change: { role?: string; disabled?: boolean }): boolean {
    const user = this.#users.get(name);
    if (!user || user.role !== "admin" || user.disabled) return false;
    const demoted = (change.role !== undefined && change.role !== "admin") || change.disabled;
    if (!demoted) return false;
    return this.#users.list().filter((u) => u.role === "admin" && !u.disabled).length <= 1;
  }

  #check(
    actor: string,
    action: string,
    target: string,
    args: unknown,
    problem: () => string | undefined,
  ): void {
    const p = problem();
    if (p === undefined) return;
    this.#log(actor, action, target, args, 400, p);
    throw new AuthError(400, p);
  }

  #log(
    user: string,
    action: string,
    target: string,
    args: unknown,
    status: number,
    outcome: string,
  ) {
    this.#audit.append({ ts: this.#now(), user, action, target, args, status, outcome });
  }
}

/** Why `password` is not accepted, or undefined. */
export function passwordProblem(password: string): string | undefined {
  if (typeof password !== "string" || password.length < MIN_PASSWORD) {
    return `password must have at least ${MIN_PASSWORD} characters`;
  }
  if (password.length > 1_000) return "password must have at most 1,000 characters";
  return undefined;
}

/** A hash of nothing anyone knows, verified for unknown names at the cost of a real one. */
function dummyHash(iterations: number): string {
  return `pbkdf2-sha256$${iterations}$AAAAAAAAAAAAAAAAAAAAAA==$` +
    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
}

function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(
    /=+$/,
    "",
  );
}

async function sha256(text: string): Promise<string> {
  const d = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
