/**
 * What a plant remembers across restarts besides point history: the alarm
 * journal, the states operators gave alarms (shelved with its end, out of
 * service, acknowledged) and the command records, all in the plant's
 * database file. Attached to a plant before its alarms first judge, it puts
 * the saved alarm states back, lets the journal and the command path read
 * older entries from the file, and then writes what they report in one
 * transaction per step (and at once for what happens between steps, such
 * as an operator's shelve). Opened with {@linkcode openPlantMemory} it
 * writes from a worker over its own connection, so the alarm path only
 * hands batches over and never waits on SQLite.
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
import { type MemoryBatch, type MemoryStats, MemoryWriter } from "./memory_writer.ts";
import type { MemoryWorkerMessage } from "./memory_worker.ts";
import { openPlantDatabase, plantDatabasePath } from "./plant_database.ts";

export type { MemoryStats } from "./memory_writer.ts";

/** Options for {@linkcode PlantMemory}. */
export interface PlantMemoryOptions {
  /** Keep journal entries and command records this long (ms); default 90 days. */
  retentionMs?: number;
  /** Write at once when this many entries and records wait (default 5,000). */
  batchLimit?: number;
  /**
   * Write in a worker over its own connection to the database's file, so
   * SQLite's work stays off the thread that judges alarms (default false:
   * write on this thread). {@linkcode openPlantMemory} turns it on.
   */
  worker?: boolean;
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

const DAY = 86_400_000;
const PRUNE_EVERY_MS = 3_600_000;
/** How long closing waits for the worker's last writes. */
const CLOSE_WAIT_MS = 30_000;

/** The alarm journal, alarm states and command records of a plant, in its database. */
export class PlantMemory {
  /** Journal and alarm states (reads, and writes before attaching). */
  readonly alarms: SqliteAlarmArchive;
  /** Command records (reads). */
  readonly commands: SqliteCommandArchive;
  readonly #db: DatabaseSync;
  readonly #retentionMs: number;
  readonly #batchLimit: number;
  readonly #log: (message: string) => void;
  /** Writes on this thread, when there is no worker. */
  readonly #writer: MemoryWriter | undefined;
  readonly #worker: Worker | undefined;
  #workerStats: MemoryStats = { entries: 0, records: 0, batches: 0, failures: 0, dropped: 0 };
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
    const path = opts.worker ? (db as unknown as { location(): string | null }).location() : null;
    if (path) {
      this.#worker = new Worker(new URL("./memory_worker.ts", import.meta.url), {
        type: "module",
      });
      this.#worker.onmessage = (e: MessageEvent) => {
        if (e.data.type === "stats") this.#workerStats = e.data.stats;
        else if (e.data.type === "log") this.#refused(e.data.message);
      };
      this.#worker.onerror = (e: ErrorEvent) => {
        e.preventDefault();
        this.#log(`alarm journal and command records: writer failed: ${e.message}`);
      };
      this.#post({ type: "open", path, maxHeld: 20 * this.#batchLimit });
    } else {
      this.#writer = new MemoryWriter(db, 20 * this.#batchLimit);
    }
  }

  /** Counters (from a worker: as of its latest report). */
  get stats(): MemoryStats {
    return this.#writer?.stats ?? this.#workerStats;
  }

  #post(m: MemoryWorkerMessage): void {
    this.#worker!.postMessage(m);
  }

  #refused(message: string): void {
    this.#log(`alarm journal and command records not written: ${message}`);
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

  /** Write everything waiting (in a worker: hand it over) as one transaction. */
  flush(): void {
    if (this.#closed) return;
    const now = this.#clock?.now();
    const prune = now !== undefined && now - this.#prunedAt >= PRUNE_EVERY_MS;
    if (this.#entries.length === 0 && this.#records.size === 0 && !prune) return;
    const engine = this.#engine;
    const batch: MemoryBatch = {
      entries: this.#entries,
      states: engine ? [...this.#alarmIds].map((id) => [id, engine.saved(id) ?? null]) : [],
      records: [...this.#records.values()],
    };
    if (prune) {
      batch.pruneBefore = now! - this.#retentionMs;
      this.#prunedAt = now!;
    }
    this.#entries = [];
    this.#alarmIds.clear();
    this.#records.clear();
    if (this.#worker) {
      this.#post({ type: "batch", batch });
      return;
    }
    const refused = this.#writer!.write(batch);
    if (refused !== undefined) this.#refused(refused);
  }

  /** Hand over what waits and, with a worker, wait until it is written (at most `timeoutMs`). */
  sync(timeoutMs = CLOSE_WAIT_MS): void {
    this.flush();
    if (this.#worker) this.#waitFor("sync", timeoutMs);
  }

  #waitFor(type: "sync" | "close", timeoutMs: number): void {
    const flag = new SharedArrayBuffer(4);
    this.#post({ type, flag });
    if (Atomics.wait(new Int32Array(flag), 0, 0, timeoutMs) === "timed-out") {
      this.#log(`alarm journal and command records: the writer did not finish in ${timeoutMs} ms`);
    }
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

  /** Write what waits, stop following the plant, and close the database (waiting for the writer). */
  close(): void {
    if (this.#closed) return;
    this.flush();
    for (const stop of this.#stops) stop();
    this.#stops = [];
    if (this.#worker) {
      this.#waitFor("close", CLOSE_WAIT_MS);
      this.#worker.terminate();
    } else if (this.#writer!.holding) {
      // One more try for what a refused write held.
      const refused = this.#writer!.write({ entries: [], states: [], records: [] });
      if (refused !== undefined) this.#refused(refused);
    }
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
    return { memory: new PlantMemory(db, { worker: true, ...opts }), path };
  } catch (e) {
    db?.close();
    throw new Error(`cannot open alarm and command records in ${path}: ${(e as Error).message}`);
  }
}
