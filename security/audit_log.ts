/**
 * The append-only audit log: every command, alarm action, parameter
 * change, twin stop or start, login and user change, with who, when, on
 * what, with which arguments and how it ended. Triggers refuse UPDATE and
 * DELETE, so not even a bug in this program rewrites history; entries go
 * only when the whole database does.
 *
 * @module
 */
import type { DatabaseSync } from "node:sqlite";
import { migrate } from "../history/plant_database.ts";

/** One audited action. */
export interface AuditEntry {
  /** Sequence number, from 1. */
  id: number;
  /** When, epoch ms. */
  ts: number;
  /** Acting user (from the verified token; "anonymous" when auth is off and no name is given). */
  user: string;
  /** What was done, for example `POST /api/twins/{id}/commands` or `login`. */
  action: string;
  /** What it was done to: a twin, an alarm, a user. */
  target: string;
  /** Arguments (secrets removed). */
  args: unknown;
  /** HTTP status of the outcome. */
  status: number;
  /** The outcome in words: "ok" or the refusal's message. */
  outcome: string;
}

/** A query over the log. */
export interface AuditQuery {
  /** From (inclusive), epoch ms. */
  from?: number;
  /** To (exclusive), epoch ms. */
  to?: number;
  /** Only this user's actions. */
  user?: string;
  /** At most this many, newest first (default 1,000). */
  limit?: number;
}

const SCHEMA = [
  `CREATE TABLE audit_log (
     id INTEGER PRIMARY KEY AUTOINCREMENT, ts INTEGER NOT NULL, user TEXT NOT NULL,
     action TEXT NOT NULL, target TEXT NOT NULL, args TEXT NOT NULL,
     status INTEGER NOT NULL, outcome TEXT NOT NULL);
   CREATE INDEX audit_log_ts ON audit_log (ts);
   CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
     BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
   CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
     BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;`,
];

/** Argument fields never written to the log. */
const SECRET_FIELDS = /^(password|new_password|refresh_token|access_token|token)$/i;

/** `args` with secret fields replaced by "***", at any depth. */
export function redact(args: unknown): unknown {
  if (Array.isArray(args)) return args.map(redact);
  if (args === null || typeof args !== "object") return args;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(args)) out[k] = SECRET_FIELDS.test(k) ? "***" : redact(v);
  return out;
}

/** The audit log in a SQLite database. */
export class AuditLog {
  readonly #db: DatabaseSync;

  /** Use (and create the table in) `db`. */
  constructor(db: DatabaseSync) {
    this.#db = db;
    migrate(db, "audit", SCHEMA);
  }

  /** Append one entry (secrets in `args` removed); returns its id. */
  append(entry: Omit<AuditEntry, "id">): number {
    const r = this.#db.prepare(
      "INSERT INTO audit_log (ts, user, action, target, args, status, outcome) VALUES (?, ?, ?, ?, ?, ?, ?)",
    ).run(
      entry.ts,
      entry.user,
      entry.action,
      entry.target,
      JSON.stringify(redact(entry.args ?? null)),
      entry.status,
      entry.outcome,
    );
    return Number(r.lastInsertRowid);
  }

  /** Entries matching `q`, newest first. */
  query(q: AuditQuery = {}): AuditEntry[] {
    const rows = this.#db.prepare(
      "SELECT id, ts, user, action, target, args, status, outcome FROM audit_log " +
        "WHERE ts >= ? AND ts < ? AND (? IS NULL OR user = ?) ORDER BY id DESC LIMIT ?",
    ).all(
      q.from ?? 0,
      q.to ?? Number.MAX_SAFE_INTEGER,
      q.user ?? null,
      q.user ?? null,
      q.limit ?? 1_000,
    ) as unknown as (Omit<AuditEntry, "args"> & { args: string })[];
    return rows.map((r) => ({ ...r, args: JSON.parse(r.args) }));
  }
}
