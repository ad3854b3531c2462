/**
 * The plant's own SQLite database in the data directory: one file per plant
 * (`<dir>/<plant name>.sqlite`), opened in WAL mode so a killed process
 * leaves it readable. Point history lives in it now; the alarm journal,
 * alarm states and command records add their tables through
 * {@linkcode migrate} under their own component name, so each part owns
 * its schema and its versions.
 *
 * @module
 */
import { mkdirSync } from "node:fs";
import { DatabaseSync } from "node:sqlite";

/** The file a plant's database lives in, under `dir`. */
export function plantDatabasePath(dir: string, plantName: string): string {
  const slug = plantName.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^\.+/, "") || "plant";
  return `${dir.replace(/\/+$/, "") || "/"}/${slug}.sqlite`;
}

/**
 * Open (creating `dir` and the file when missing) a plant's database with
 * the settings every part relies on: WAL (readers never block the writer,
 * and a commit is whole or absent after a crash), synchronous NORMAL (a
 * killed process loses nothing committed; only a power cut can lose the
 * latest commits), and a busy timeout for a second reader.
 */
export function openPlantDatabase(dir: string, plantName: string): DatabaseSync {
  mkdirSync(dir, { recursive: true });
  return openDatabaseFile(plantDatabasePath(dir, plantName));
}

/** Open one database file with the settings of {@linkcode openPlantDatabase}. */
export function openDatabaseFile(path: string): DatabaseSync {
  const db = new DatabaseSync(path);
  try {
    db.exec(`
      PRAGMA journal_mode = WAL;
      PRAGMA synchronous = NORMAL;
      PRAGMA busy_timeout = 5000;
      PRAGMA cache_size = -65536;
      PRAGMA temp_store = MEMORY;
    `);
  } catch (e) {
    db.close();
    throw e;
  }
  return db;
}

/**
 * Bring `component`'s tables up to date: run the SQL of each step past the
 * version recorded for it, in one transaction, and record the new version.
 * A database written by a newer version of the component is refused rather
 * than misread.
 */
export function migrate(db: DatabaseSync, component: string, steps: readonly string[]): void {
  db.exec(
    "CREATE TABLE IF NOT EXISTS schema_versions (component TEXT PRIMARY KEY, version INTEGER NOT NULL)",
  );
  const row = db.prepare("SELECT version FROM schema_versions WHERE component = ?").get(
    component,
  ) as { version: number } | undefined;
  const have = row?.version ?? 0;
  if (have > steps.length) {
    throw new Error(
      `the database holds ${component} schema version ${have}, newer than this program's ` +
        `${steps.length}; use a newer fieldtwin or another data directory`,
    );
  }
  if (have === steps.length) return;
  db.exec("BEGIN IMMEDIATE");
  try {
    for (let v = have; v < steps.length; v++) db.exec(steps[v]);
    db.prepare(
      "INSERT INTO schema_versions (component, version) VALUES (?, ?) " +
        "ON CONFLICT (component) DO UPDATE SET version = excluded.version",
    ).run(component, steps.length);
    db.exec("COMMIT");
  } catch (e) {
    db.exec("ROLLBACK");
    throw e;
  }
}
