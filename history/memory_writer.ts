/**
 * Writes what a plant memory collected (journal entries, alarm states,
 * command records) in one transaction per batch. A batch the disk refuses
 * is kept and written with the next, within a bound. The same writer runs
 * on the plant's thread or in a worker (`memory_worker.ts`).
 *
 * @module
 */
import type { DatabaseSync } from "node:sqlite";
import type { SavedAlarm } from "../actors/alarms/alarm_engine.ts";
import type { JournalEntry } from "../actors/alarms/alarm_journal.ts";
import type { CommandRecord } from "../commands/command_path.ts";
import { SqliteAlarmArchive } from "./alarm_archive.ts";
import { SqliteCommandArchive } from "./command_archive.ts";

/** What one write carries. */
export interface MemoryBatch {
  /** Journal entries, oldest first. */
  entries: JournalEntry[];
  /** Alarm states to save, by alarm id; null forgets the saved one. */
  states: [string, SavedAlarm | null][];
  /** Command records as they are now. */
  records: CommandRecord[];
  /** Delete journal entries and command records older than this (epoch ms). */
  pruneBefore?: number;
}

/** Counters for `/metrics` and tests. */
export interface MemoryStats {
  /** Journal entries written. */
  entries: number;
  /** Command record writes (a record is written again when its status changes). */
  records: number;
  /** Transactions committed. */
  batches: number;
  /** Writes that failed (what they carried was kept for the next try). */
  failures: number;
  /** Journal entries dropped after failures because too many waited. */
  dropped: number;
}

/** Writes memory batches to a plant database. */
export class MemoryWriter {
  /** Counters. */
  readonly stats: MemoryStats = { entries: 0, records: 0, batches: 0, failures: 0, dropped: 0 };
  readonly #db: DatabaseSync;
  readonly #alarms: SqliteAlarmArchive;
  readonly #commands: SqliteCommandArchive;
  readonly #maxHeld: number;
  #held: MemoryBatch | undefined = undefined;

  /** Write to `db` (its tables made); keep at most `maxHeld` journal entries across failures. */
  constructor(db: DatabaseSync, maxHeld = 100_000) {
    this.#db = db;
    this.#alarms = new SqliteAlarmArchive(db);
    this.#commands = new SqliteCommandArchive(db);
    this.#maxHeld = maxHeld;
  }

  /**
   * Write `batch` (after whatever an earlier failure held) in one
   * transaction. Returns the error message when the disk refused it; the
   * batch is then held for the next call.
   */
  write(batch: MemoryBatch): string | undefined {
    const b = this.#held ? merge(this.#held, batch) : batch;
    this.#held = undefined;
    try {
      this.#db.exec("BEGIN IMMEDIATE");
      try {
        this.#alarms.append(b.entries);
        for (const [id, s] of b.states) this.#alarms.saveState(id, s ?? undefined);
        this.#commands.save(b.records);
        if (b.pruneBefore !== undefined) {
          this.#alarms.prune(b.pruneBefore);
          this.#commands.prune(b.pruneBefore);
        }
        this.#db.exec("COMMIT");
      } catch (e) {
        this.#db.exec("ROLLBACK");
        throw e;
      }
    } catch (e) {
      this.stats.failures++;
      const over = b.entries.length - this.#maxHeld;
      if (over > 0) {
        b.entries.splice(0, over);
        this.stats.dropped += over;
      }
      this.#held = b;
      return (e as Error).message;
    }
    this.stats.entries += b.entries.length;
    this.stats.records += b.records.length;
    this.stats.batches++;
    return undefined;
  }

  /** Whether a refused batch waits for the next write. */
  get holding(): boolean {
    return this.#held !== undefined;
  }
}

/** One batch of two: entries in order, the later state and record of each id. */
function merge(a: MemoryBatch, b: MemoryBatch): MemoryBatch {
  const states = new Map(a.states);
  for (const [id, s] of b.states) states.set(id, s);
  const records = new Map(a.records.map((r) => [r.id, r]));
  for (const r of b.records) records.set(r.id, r);
  return {
    entries: a.entries.concat(b.entries),
    states: [...states],
    records: [...records.values()],
    pruneBefore: b.pruneBefore ?? a.pruneBefore,
  };
}
