/**
 * Command records in the plant's database (component `commands`): one row
 * per command, rewritten as its status changes, in the order the commands
 * were received. The command path reads what it no longer holds in memory
 * from here ({@linkcode CommandArchive}).
 *
 * @module
 */
import type { DatabaseSync, SQLInputValue, StatementSync } from "node:sqlite";
import type { CommandArchive, CommandRecord } from "../commands/command_path.ts";
import { migrate } from "./plant_database.ts";

const SCHEMA = [
  `CREATE TABLE command_records (
     id TEXT PRIMARY KEY,
     twin TEXT NOT NULL,
     type TEXT NOT NULL,
     args TEXT NOT NULL,
     user TEXT NOT NULL,
     comment TEXT NOT NULL,
     status TEXT NOT NULL,
     reason TEXT,
     requested_at REAL NOT NULL,
     completed_at REAL
   ) STRICT;
   CREATE INDEX command_records_twin ON command_records (twin);
   CREATE INDEX command_records_requested ON command_records (requested_at);`,
];

interface Row {
  id: string;
  twin: string;
  type: string;
  args: string;
  user: string;
  comment: string;
  status: CommandRecord["status"];
  reason: string | null;
  requested_at: number;
  completed_at: number | null;
}

function record(r: Row): CommandRecord {
  const out: CommandRecord = {
    id: r.id,
    twin: r.twin,
    type: r.type,
    args: JSON.parse(r.args),
    user: r.user,
    comment: r.comment,
    status: r.status,
    requestedAt: r.requested_at,
  };
  if (r.reason !== null) out.reason = r.reason;
  if (r.completed_at !== null) out.completedAt = r.completed_at;
  return out;
}

/** Command records stored in a plant database. */
export class SqliteCommandArchive implements CommandArchive {
  readonly #db: DatabaseSync;
  readonly #upsert: StatementSync;
  readonly #get: StatementSync;
  readonly #queries = new Map<string, StatementSync>();

  /** Use `db` (a plant database); creates the table it lacks. */
  constructor(db: DatabaseSync) {
    this.#db = db;
    migrate(db, "commands", SCHEMA);
    // An upsert keeps the row (and its rowid, the order received) when the status changes.
    this.#upsert = db.prepare(
      `INSERT INTO command_records (id, twin, type, args, user, comment, status, reason,
         requested_at, completed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET status = excluded.status, reason = excluded.reason,
         completed_at = excluded.completed_at`,
    );
    this.#get = db.prepare("SELECT * FROM command_records WHERE id = ?");
  }

  /** Store records as they are now (within the caller's transaction). */
  save(records: Iterable<CommandRecord>): void {
    for (const r of records) {
      this.#upsert.run(
        r.id,
        r.twin,
        r.type,
        JSON.stringify(r.args),
        r.user,
        r.comment,
        r.status,
        r.reason ?? null,
        r.requestedAt,
        r.completedAt ?? null,
      );
    }
  }

  /**
   * Commands still `accepted` when the plant stopped will never be answered:
   * mark them failed at `now`, saying so. Returns how many.
   */
  failUnanswered(now: number): number {
    return Number(
      this.#db.prepare(
        `UPDATE command_records SET status = 'failed', completed_at = ?,
           reason = 'the plant stopped before the command was answered'
         WHERE status = 'accepted'`,
      ).run(now).changes,
    );
  }

  /** A stored record by id. */
  get(id: string): CommandRecord | undefined {
    const row = this.#get.get(id) as Row | undefined;
    return row && record(row);
  }

  /** Stored records, newest first; see {@linkcode CommandArchive.list}. */
  list(filter: { twin?: string; limit: number }, before?: string): CommandRecord[] {
    const where: string[] = [];
    const args: SQLInputValue[] = [];
    if (filter.twin !== undefined) {
      where.push("twin = ?");
      args.push(filter.twin);
    }
    if (before !== undefined) {
      // Unstored yet (no row): then nothing stored is newer, and all qualify.
      where.push("rowid < coalesce((SELECT rowid FROM command_records WHERE id = ?), 1e18)");
      args.push(before);
    }
    args.push(filter.limit);
    const sql = `SELECT * FROM command_records ${
      where.length ? `WHERE ${where.join(" AND ")}` : ""
    } ORDER BY rowid DESC LIMIT ?`;
    let stmt = this.#queries.get(sql);
    if (stmt === undefined) this.#queries.set(sql, stmt = this.#db.prepare(sql));
    return (stmt.all(...args) as unknown as Row[]).map(record);
  }

  /** Delete records received before `time` (epoch ms); returns how many. */
  prune(time: number): number {
    return Number(
      this.#db.prepare("DELETE FROM command_records WHERE requested_at < ?").run(time).changes,
    );
  }
}
