/**
 * What a plant remembers across restarts besides point history: the alarm
 * journal, the states operators gave alarms (shelved with its end, out of
 * service, acknowledged) and the command records, all in the plant's
 * database file. Attached to a plant before its alarms first judge, it puts
 * the saved alarm states back, lets the journal and the command path read
 * older entries from the file, and then writes what they report in one
 * transaction per step (and at once for what happens between steps, such
 * as an operator's shelve), so the alarm path never waits on a write per
 * entry.
 *
 * @module
 */
import type { DatabaseSync } from "node:sqlite";
import type { AlarmEngine, RestoreReport } from "../actors/alarms/alarm_engine.ts";
import type { JournalEntry } from "../actors/alarms/alarm_journal.ts";
import type { CommandPath, CommandRecord } from "../commands/command_path.ts";
import type { Clock } from "../runtime/clock.ts";
import { SqliteAlarmArchive } from "./alarm_archive.ts";
import { SqliteCommandArchive } from "./command_archive.ts";
import { openPlantDatabase, plantDatabasePath } from "./plant_database.ts";

/** Options for {@linkcode PlantMemory}. */
export interface PlantMemoryOptions {
  /** Keep journal entries and command records this long (ms); default 90 days. */
  retentionMs?: number;
  /** Write at once when this many entries and records wait (default 5,000). */
  batchLimit?: number;
  /** Where write failures are reported. Default console.error. */
  log?(message: string): void;
}

/** What a plant memory is attached to (a `Runtime` is one). */
export interface RememberingPlant {
  /** The plant's clock. */
  readonly clock: Clock;
  /** The plant's command path. */
  readonly commands: CommandPath;
  /** Run after every completed step. */
  onStep(listener: (now: number) => void): () => void;
}

/** What was found when a memory was attached. */
export interface MemoryReport extends RestoreReport {
  /** Journal entries stored before this start. */
  journalEntries: number;
  /** Commands left unanswered by the previous run, now marked failed. */
  unanswered: number;
}

/** Counters for `/metrics` and tests. */
export interface MemoryStats {
  /** Journal entries written. */
  entries: number;
  /** Command record writes (a record is written again when its status changes). */
  records: number;
  /** Transactions committed. */
  batches: number;
  /** Writes that failed (the waiting items were kept for the next try). */
  failures: number;
  /** Items dropped after failures because too many waited. */
  dropped: number;
}

const DAY = 86_400_000;
const PRUNE_EVERY_MS = 3_600_000;

/** The alarm journal, alarm states and command records of a plant, in its database. */
export class PlantMemory {
  /** Journal and alarm states. */
  readonly alarms: SqliteAlarmArchive;
  /** Command records. */
  readonly commands: SqliteCommandArchive;
  /** Counters. */
  readonly stats: MemoryStats = { entries: 0, records: 0, batches: 0, failures: 0, dropped: 0 };
  readonly #db: DatabaseSync;
  readonly #retentionMs: number;
  readonly #batchLimit: number;
  readonly #log: (message: string) => void;
  #entries: JournalEntry[] = [];
  readonly #alarmIds = new Set<string>();
  readonly #records = new Map<string, CommandRecord>();
  #engine: AlarmEngine | undefined = undefined;
  #clock: Clock | undefined = undefined;
  #stops: (() => void)[] = [];
  #queued = false;
  #prunedAt = -Infinity;
  #closed = false;

  /** Use `db` (a plant database, which this memory closes); creates the tables it lacks. */
  constructor(db: DatabaseSync, opts: PlantMemoryOptions = {}) {
    this.#db = db;
    this.#retentionMs = opts.retentionMs ?? 90 * DAY;
    this.#batchLimit = opts.batchLimit ?? 5_000;
    this.#log = opts.log ?? ((m) => console.error(m));
    this.alarms = new SqliteAlarmArchive(db);
    this.commands = new SqliteCommandArchive(db);
  }

  /**
   * Attach to a plant whose alarm `engine` has not started judging: the
   * journal numbers on from the stored one and reads older entries from it,
   * saved alarm states are restored, commands the last run left unanswered
   * are marked failed, the command path reads older records from here, and
   * from now on what journal and command path report is written.
   */
  attach(plant: RememberingPlant, engine: AlarmEngine): MemoryReport {
    if (this.#engine) throw new Error("a plant memory is attached to one plant only");
    this.#engine = engine;
    this.#clock = plant.clock;
    const journalEntries = this.alarms.lastSeq();
    engine.journal.attachArchive(this.alarms);
    const unanswered = this.commands.failUnanswered(plant.clock.now());
    plant.commands.attachArchive(this.commands);
    // Subscribed before restoring, so an expiry found at restore is written.
    this.#stops.push(
      engine.journal.onAppend((entry) => {
        this.#entries.push(entry);
        this.#alarmIds.add(entry.alarm);
        this.#waiting();
      }),
      plant.commands.onRecord((record) => {
        this.#records.set(record.id, record);
        this.#waiting();
      }),
      plant.onStep(() => {
        if (this.#entries.length > 0 || this.#records.size > 0) this.flush();
      }),
    );
    const restored = engine.restore(this.alarms.states());
    this.flush();
    return { ...restored, journalEntries, unanswered };
  }

  /** Something waits: write it at the end of the step, or once the current task is done. */
  #waiting(): void {
    if (this.#entries.length + this.#records.size >= this.#batchLimit) {
      this.flush();
      return;
    }
    if (this.#queued) return;
    this.#queued = true;
    queueMicrotask(() => {
      this.#queued = false;
      if (!this.#closed) this.flush();
    });
  }

  /** Write everything waiting in one transaction. */
  flush(): void {
    if (this.#closed) return;
    const entries = this.#entries, records = this.#records, ids = this.#alarmIds;
    const prune = this.#clock !== undefined &&
      this.#clock.now() - this.#prunedAt >= PRUNE_EVERY_MS;
    if (entries.length === 0 && records.size === 0 && !prune) return;
    const engine = this.#engine;
    try {
      this.#db.exec("BEGIN IMMEDIATE");
      try {
        this.alarms.append(entries);
        if (engine) { for (const id of ids) this.alarms.saveState(id, engine.saved(id)); }
        this.commands.save(records.values());
        if (prune) {
          const now = this.#clock!.now();
          this.alarms.prune(now - this.#retentionMs);
          this.commands.prune(now - this.#retentionMs);
          this.#prunedAt = now;
        }
        this.#db.exec("COMMIT");
      } catch (e) {
        this.#db.exec("ROLLBACK");
        throw e;
      }
    } catch (e) {
      this.stats.failures++;
      this.#log(`alarm journal and command records not written: ${(e as Error).message}`);
      // Kept for the next try, within bounds.
      const over = entries.length + records.size - 20 * this.#batchLimit;
      if (over > 0) {
        const drop = Math.min(over, entries.length);
        entries.splice(0, drop);
        this.stats.dropped += drop;
      }
      return;
    }
    this.stats.entries += entries.length;
    this.stats.records += records.size;
    this.stats.batches++;
    this.#entries = [];
    ids.clear();
    records.clear();
  }

  /** Prometheus lines of the memory's counters. */
  prometheus(): string {
    const s = this.stats;
    const line = (name: string, help: string, v: number) =>
      `# HELP fieldtwin_memory_${name} ${help}\n# TYPE fieldtwin_memory_${name} counter\n` +
      `fieldtwin_memory_${name} ${v}\n`;
    return line("journal_entries_written_total", "Alarm journal entries written.", s.entries) +
      line("command_records_written_total", "Command record writes.", s.records) +
      line("write_failures_total", "Failed writes of journal and command records.", s.failures) +
      line("dropped_total", "Journal entries dropped after failed writes.", s.dropped);
  }

  /** Write what waits, stop following the plant, and close the database. */
  close(): void {
    if (this.#closed) return;
    this.flush();
    for (const stop of this.#stops) stop();
    this.#stops = [];
    this.#closed = true;
    this.#db.close();
  }
}

/** A plant memory opened in a data directory, and its file. */
export interface OpenedMemory {
  /** The memory. */
  memory: PlantMemory;
  /** Its database file (the plant's, shared with point history). */
  path: string;
}

/**
 * Open (creating the directory and file on first use) the memory of the
 * plant named `plantName` under `dir`; throws an Error that names the file
 * when it cannot be opened or written.
 */
export function openPlantMemory(
  dir: string,
  plantName: string,
  opts: PlantMemoryOptions = {},
): OpenedMemory {
  const path = plantDatabasePath(dir, plantName);
  let db: DatabaseSync | undefined;
  try {
    db = openPlantDatabase(dir, plantName);
    return { memory: new PlantMemory(db, opts), path };
  } catch (e) {
    db?.close();
    throw new Error(`cannot open alarm and command records in ${path}: ${(e as Error).message}`);
  }
}
