/**
 * Open a plant's embedded history in a data directory, as the CLI does.
 *
 * @module
 */
import { openPlantDatabase, plantDatabasePath } from "./plant_database.ts";
import { SqliteHistoryStore } from "./sqlite_history_store.ts";

/** An opened history and the file it lives in. */
export interface OpenedHistory {
  /** The store. */
  store: SqliteHistoryStore;
  /** Its database file. */
  path: string;
}

/**
 * Open (creating the directory and file on first use) the history of the
 * plant named `plantName` under `dir`; throws an Error that names the file
 * when it cannot be opened or written.
 */
export function openHistory(dir: string, plantName: string): OpenedHistory {
  const path = plantDatabasePath(dir, plantName);
  try {
    return { store: new SqliteHistoryStore(openPlantDatabase(dir, plantName)), path };
  } catch (e) {
    throw new Error(`cannot open history ${path}: ${(e as Error).message}`);
  }
}
