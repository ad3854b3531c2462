/**
 * Open a plant's embedded history in a data directory, as the CLI does.
 * By default it is written by a worker of its own (`WorkerHistoryStore`),
 * so SQLite's work runs beside the step loop; `inThread` keeps it in the
 * caller's thread (`SqliteHistoryStore`), for a machine where a further
 * thread costs more than it saves. Either is a whole `HistoryStore`:
 * queries see every sample written before them.
 *
 * @module
 */
import { mkdirSync } from "node:fs";
import type { HistoryStore } from "./history_store.ts";
import { openPlantDatabase, plantDatabasePath } from "./plant_database.ts";
import { SqliteHistoryStore } from "./sqlite_history_store.ts";
import { WorkerHistoryStore } from "./worker_history_store.ts";

/** An opened history and the file it lives in. */
export interface OpenedHistory {
  /** The store. */
  store: HistoryStore;
  /** Its database file. */
  path: string;
  /** Who writes it: a worker of its own, or the caller's thread. */
  writer: "worker" | "in-thread";
}

/** Options for {@linkcode openHistory}. */
export interface OpenHistoryOptions {
  /** Write in the caller's thread instead of a worker (default false). */
  inThread?: boolean;
  /** Where the worker's log lines go (default console.error). */
  log?(message: string): void;
}

/**
 * Open (creating the directory and file on first use) the history of the
 * plant named `plantName` under `dir`; throws an Error that names the file
 * when it cannot be opened or written.
 */
export function openHistory(
  dir: string,
  plantName: string,
  opts: OpenHistoryOptions = {},
): OpenedHistory {
  const path = plantDatabasePath(dir, plantName);
  try {
    if (opts.inThread) {
      return {
        store: new SqliteHistoryStore(openPlantDatabase(dir, plantName)),
        path,
        writer: "in-thread",
      };
    }
    mkdirSync(dir, { recursive: true });
    return { store: new WorkerHistoryStore(path, { log: opts.log }), path, writer: "worker" };
  } catch (e) {
    const message = (e as Error).message;
    throw new Error(
      message.startsWith("cannot open history")
        ? message
        : `cannot open history ${path}: ${message}`,
    );
  }
}
