/**
 * The alarm journal and the saved alarm states in the plant's database
 * (component `alarms`): every journal entry in `alarm_journal`, keyed by its
 * sequence number, and one row per alarm whose state outlives a restart in
 * `alarm_states`. The journal in memory reads what it no longer holds from
 * here ({@linkcode JournalArchive}).
 *
 * @module
 */
import type { DatabaseSync, SQLInputValue, StatementSync } from "node:sqlite";
import type { SavedAlarm } from "../actors/alarms/alarm_engine.ts";
import type { JournalArchive, JournalEntry, JournalQuery } from "../actors/alarms/alarm_journal.ts";
import { migrate } from "./plant_database.ts";

const SCHEMA = [
  `CREATE TABLE alarm_journal (
     seq INTEGER PRIMARY KEY,
     time REAL NOT NULL,
     alarm TEXT NOT NULL,
     twin TEXT NOT NULL,
     priority TEXT NOT NULL,
     state TEXT NOT NULL,
     previous TEXT NOT NULL,
     active INTEGER NOT NULL,
     action TEXT NOT NULL,
     value ANY,
     limit_value ANY,
     message TEXT NOT NULL,
     user TEXT,
     comment TEXT
   ) STRICT;
   CREATE INDEX alarm_journal_time ON alarm_journal (time);
   CREATE INDEX alarm_journal_alarm ON alarm_journal (alarm, seq);
   CREATE INDEX alarm_journal_twin ON alarm_journal (twin, seq);
   CREATE TABLE alarm_states (
     alarm TEXT PRIMARY KEY,
     state TEXT NOT NULL,
     active INTEGER NOT NULL,
     since REAL NOT NULL,
     active_since REAL,
     shelved_until REAL,
     action TEXT NOT NULL,
     user TEXT,
     comment TEXT,
     at REAL NOT NULL
   ) STRICT;`,
];

interface JournalRow {
  seq: number;
  time: number;
  alarm: string;
  twin: string;
  priority: JournalEntry["priority"];
  state: JournalEntry["state"];
  previous: JournalEntry["previous"];
  active: number;
  action: string;
  value: number | string | null;
  limit_value: number | string | null;
  message: string;
  user: string | null;
  comment: string | null;
}

interface StateRow {
  alarm: string;
  state: SavedAlarm["state"];
  active: number;
  since: number;
  active_since: number | null;
  shelved_until: number | null;
  action: string;
  user: string | null;
  comment: string | null;
  at: number;
}

/**
 * A value or limit as stored: numbers as numbers, anything else (strings,
 * booleans) as JSON text, so a string reads back as a string and `false`
 * as `false`.
 */
function encode(v: number | string | boolean | null): number | string | null {
  if (v === null || typeof v === "number") return v;
  return JSON.stringify(v);
}

function decode(v: number | string | null): number | string | boolean | null {
  return typeof v === "string" ? JSON.parse(v) : v;
}

/** The alarm journal and alarm states stored in a plant database. */
export class SqliteAlarmArchive implements JournalArchive {
  readonly #db: DatabaseSync;
  readonly #insert: StatementSync;
  readonly #upsertState: StatementSync;
  readonly #deleteState: StatementSync;
  readonly #queries = new Map<string, StatementSync>();

  /** Use `db` (a plant database); creates the tables it lacks. */
  constructor(db: DatabaseSync) {
    this.#db = db;
    migrate(db, "alarms", SCHEMA);
    this.#insert = db.prepare(
      `INSERT OR REPLACE INTO alarm_journal (seq, time, alarm, twin, priority, state, previous,
         active, action, value, limit_value, message, user, comment)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#upsertState = db.prepare(
      `INSERT OR REPLACE INTO alarm_states (alarm, state, active, since, active_since,
         shelved_until, action, user, comment, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#deleteState = db.prepare("DELETE FROM alarm_states WHERE alarm = ?");
  }

  /** Store journal entries (within the caller's transaction). */
  append(entries: readonly JournalEntry[]): void {
    for (const e of entries) {
      this.#insert.run(
        e.seq,
        e.time,
        e.alarm,
        e.twin,
        e.priority,
        e.state,
        e.previous,
        e.active ? 1 : 0,
        e.action,
        encode(e.value),
        encode(e.limit),
        e.message,
        e.user,
        e.comment,
      );
    }
  }

  /** Save an alarm's state, or (undefined) forget the one saved for `id`. */
  saveState(id: string, s: SavedAlarm | undefined): void {
    if (s === undefined) {
      this.#deleteState.run(id);
      return;
    }
    this.#upsertState.run(
      id,
      s.state,
      s.active ? 1 : 0,
      s.since,
      s.activeSince,
      s.shelvedUntil,
      s.last.action,
      s.last.user,
      s.last.comment,
      s.last.time,
    );
  }

  /** Every saved alarm state. */
  states(): SavedAlarm[] {
    const rows = this.#db.prepare("SELECT * FROM alarm_states ORDER BY alarm").all() as unknown[];
    return (rows as StateRow[]).map((r) => ({
      id: r.alarm,
      state: r.state,
      active: r.active === 1,
      since: r.since,
      activeSince: r.active_since,
      shelvedUntil: r.shelved_until,
      last: { action: r.action, user: r.user, comment: r.comment, time: r.at },
    }));
  }

  /** The sequence number of the newest stored entry (0 when none). */
  lastSeq(): number {
    const row = this.#db.prepare("SELECT max(seq) AS seq FROM alarm_journal").get() as {
      seq: number | null;
    };
    return row.seq ?? 0;
  }

  /** Stored entries older than `beforeSeq` matching `q`, newest first. */
  query(q: JournalQuery, beforeSeq: number): JournalEntry[] {
    const where = ["seq < ?"];
    const args: SQLInputValue[] = [beforeSeq];
    const add = (sql: string, v: SQLInputValue | undefined) => {
      if (v === undefined) return;
      where.push(sql);
      args.push(v);
    };
    add("time >= ?", q.from);
    add("time <= ?", q.to);
    const list = (column: string, values: readonly string[] | undefined) =>
      add(
        `${column} IN (SELECT value FROM json_each(?))`,
        values && JSON.stringify(values),
      );
    list("twin", q.twins);
    list("alarm", q.alarms);
    list("priority", q.priorities);
    list("state", q.states);
    args.push(q.limit ?? 1000);
    const sql = `SELECT * FROM alarm_journal WHERE ${where.join(" AND ")} ` +
      "ORDER BY seq DESC LIMIT ?";
    let stmt = this.#queries.get(sql);
    if (stmt === undefined) this.#queries.set(sql, stmt = this.#db.prepare(sql));
    return (stmt.all(...args) as unknown as JournalRow[]).map((r) => ({
      seq: r.seq,
      time: r.time,
      alarm: r.alarm,
      twin: r.twin,
      priority: r.priority,
      state: r.state,
      previous: r.previous,
      active: r.active === 1,
      action: r.action,
      value: decode(r.value),
      limit: decode(r.limit_value) as JournalEntry["limit"],
      message: r.message,
      user: r.user,
      comment: r.comment,
    }));
  }

  /** Delete journal entries older than `time` (epoch ms); returns how many. */
  prune(time: number): number {
    return Number(this.#db.prepare("DELETE FROM alarm_journal WHERE time < ?").run(time).changes);
  }
}
