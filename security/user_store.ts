/**
 * Users, their refresh tokens and the token signing key, in the plant's
 * database (the data directory), so accounts and sessions survive a
 * restart. Refresh tokens are stored only as SHA-256 digests: a copy of the
 * database does not hand out sessions.
 *
 * @module
 */
import type { DatabaseSync } from "node:sqlite";
import { migrate } from "../history/plant_database.ts";
import type { Role } from "./roles.ts";

/** A user as the store keeps it (without the password hash). */
export interface UserRecord {
  /** Login name. */
  name: string;
  /** Role. */
  role: Role;
  /** Whether the account may log in. */
  disabled: boolean;
  /** Created, epoch ms. */
  createdAt: number;
  /** Last changed, epoch ms. */
  updatedAt: number;
}

/** A stored refresh token (by digest). */
export interface RefreshRecord {
  /** Owner. */
  user: string;
  /** The login the token descends from; reuse of a spent token revokes the family. */
  family: string;
  /** Expiry, epoch ms. */
  expiresAt: number;
  /** When it was spent or revoked, epoch ms; null while valid. */
  revokedAt: number | null;
}

const SCHEMA = [
  `CREATE TABLE users (
     name TEXT PRIMARY KEY, role TEXT NOT NULL, password_hash TEXT NOT NULL,
     disabled INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
   CREATE TABLE refresh_tokens (
     digest TEXT PRIMARY KEY, user TEXT NOT NULL, family TEXT NOT NULL,
     expires_at INTEGER NOT NULL, revoked_at INTEGER);
   CREATE INDEX refresh_tokens_family ON refresh_tokens (family);
   CREATE TABLE auth_settings (key TEXT PRIMARY KEY, value BLOB NOT NULL);`,
];

interface UserRow {
  name: string;
  role: string;
  disabled: number;
  created_at: number;
  updated_at: number;
}

function toUser(r: UserRow): UserRecord {
  return {
    name: r.name,
    role: r.role as Role,
    disabled: r.disabled !== 0,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Users and sessions in a SQLite database. */
export class UserStore {
  readonly #db: DatabaseSync;

  /** Use (and create the tables in) `db`. */
  constructor(db: DatabaseSync) {
    this.#db = db;
    migrate(db, "users", SCHEMA);
  }

  /** Every user, by name. */
  list(): UserRecord[] {
    return (this.#db.prepare(
      "SELECT name, role, disabled, created_at, updated_at FROM users ORDER BY name",
    ).all() as unknown as UserRow[]).map(toUser);
  }

  /** Users stored. */
  count(): number {
    return (this.#db.prepare("SELECT count(*) AS n FROM users").get() as { n: number }).n;
  }

  /** One user, or undefined. */
  get(name: string): UserRecord | undefined {
    const row = this.#db.prepare(
      "SELECT name, role, disabled, created_at, updated_at FROM users WHERE name = ?",
    ).get(name) as UserRow | undefined;
    return row && toUser(row);
  }

  /** A user's password hash, or undefined. */
  passwordHash(name: string): string | undefined {
    const row = this.#db.prepare("SELECT password_hash FROM users WHERE name = ?").get(name) as
      | { password_hash: string }
      | undefined;
    return row?.password_hash;
  }

  /** Add a user; false when the name is taken. */
  create(name: string, role: Role, passwordHash: string, now: number): boolean {
    const r = this.#db.prepare(
      "INSERT INTO users (name, role, password_hash, disabled, created_at, updated_at) " +
        "VALUES (?, ?, ?, 0, ?, ?) ON CONFLICT (name) DO NOTHING",
    ).run(name, role, passwordHash, now, now);
    return Number(r.changes) === 1;
  }

  /** Change a user's role, password or disabled flag; false when there is no such user. */
  update(
    name: string,
    change: { role?: Role; passwordHash?: string; disabled?: boolean },
    now: number,
  ): boolean {
    const user = this.get(name);
    if (!user) return false;
    this.#db.prepare(
      "UPDATE users SET role = ?, password_hash = coalesce(?, password_hash), disabled = ?, " +
        "updated_at = ? WHERE name = ?",
    ).run(
      change.role ?? user.role,
      change.passwordHash ?? null,
      (change.disabled ?? user.disabled) ? 1 : 0,
      now,
      name,
    );
    return true;
  }

  /** Remove a user and their sessions; false when there is no such user. */
  delete(name: string): boolean {
    this.#db.prepare("DELETE FROM refresh_tokens WHERE user = ?").run(name);
    return Number(this.#db.prepare("DELETE FROM users WHERE name = ?").run(name).changes) === 1;
  }

  /** Store a new refresh token digest. */
  addRefresh(digest: string, rec: Omit<RefreshRecord, "revokedAt">): void {
    this.#db.prepare(
      "INSERT INTO refresh_tokens (digest, user, family, expires_at, revoked_at) VALUES (?, ?, ?, ?, NULL)",
    ).run(digest, rec.user, rec.family, rec.expiresAt);
  }

  /** The refresh token stored under `digest`, or undefined. */
  refresh(digest: string): RefreshRecord | undefined {
    const row = this.#db.prepare(
      "SELECT user, family, expires_at, revoked_at FROM refresh_tokens WHERE digest = ?",
    ).get(digest) as
      | { user: string; family: string; expires_at: number; revoked_at: number | null }
      | undefined;
    return row &&
      { user: row.user, family: row.family, expiresAt: row.expires_at, revokedAt: row.revoked_at };
  }

  /** Spend one token: true only for the first caller (a race spends it once). */
  spendRefresh(digest: string, now: number): boolean {
    const r = this.#db.prepare(
      "UPDATE refresh_tokens SET revoked_at = ? WHERE digest = ? AND revoked_at IS NULL",
    ).run(now, digest);
    return Number(r.changes) === 1;
  }

  /** Revoke every token of a login family. */
  revokeFamily(family: string, now: number): void {
    this.#db.prepare(
      "UPDATE refresh_tokens SET revoked_at = ? WHERE family = ? AND revoked_at IS NULL",
    ).run(now, family);
  }

  /** Revoke every session of a user (password change, disable, delete). */
  revokeUser(name: string, now: number): void {
    this.#db.prepare(
      "UPDATE refresh_tokens SET revoked_at = ? WHERE user = ? AND revoked_at IS NULL",
    ).run(now, name);
  }

  /** Whether a login family still has a valid (unspent, unexpired) token. */
  familyAlive(family: string, now: number): boolean {
    return this.#db.prepare(
      "SELECT 1 FROM refresh_tokens WHERE family = ? AND revoked_at IS NULL AND expires_at > ? LIMIT 1",
    ).get(family, now) !== undefined;
  }

  /** Drop tokens expired before `now`. */
  pruneRefresh(now: number): void {
    this.#db.prepare("DELETE FROM refresh_tokens WHERE expires_at < ?").run(now);
  }

  /** The token signing key, made and stored on first use. */
  signingKey(): Uint8Array {
    const row = this.#db.prepare("SELECT value FROM auth_settings WHERE key = 'signing_key'")
      .get() as { value: Uint8Array } | undefined;
    if (row) return new Uint8Array(row.value);
    const key = crypto.getRandomValues(new Uint8Array(32));
    this.#db.prepare(
      "INSERT INTO auth_settings (key, value) VALUES ('signing_key', ?) ON CONFLICT DO NOTHING",
    ).run(key);
    return this.signingKey();
  }
}
