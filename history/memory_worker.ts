/**
 * A worker that writes a plant memory's batches over its own connection to
 * the plant's database, so SQLite's work stays off the thread that judges
 * alarms. Messages in: `open` (the file), `batch` (a {@linkcode MemoryBatch}),
 * `sync` (answer once every earlier batch is written), `close`. Messages
 * out: `stats` after each write, `log` for a refused write. `sync` and
 * `close` also raise a flag in a shared buffer, so the plant's thread can
 * wait for them without returning to its event loop.
 *
 * @module
 */
/// <reference lib="deno.worker" />
import { openDatabaseFile } from "./plant_database.ts";
import { type MemoryBatch, MemoryWriter } from "./memory_writer.ts";

/** A message to the worker. */
export type MemoryWorkerMessage =
  | { type: "open"; path: string; maxHeld: number }
  | { type: "batch"; batch: MemoryBatch }
  | { type: "sync" | "close"; flag: SharedArrayBuffer };

let writer: MemoryWriter | undefined;
let close: (() => void) | undefined;

self.onmessage = (e: MessageEvent<MemoryWorkerMessage>) => {
  const m = e.data;
  if (m.type === "open") {
    const db = openDatabaseFile(m.path);
    writer = new MemoryWriter(db, m.maxHeld);
    close = () => db.close();
    return;
  }
  if (m.type === "batch") {
    const refused = writer!.write(m.batch);
    if (refused !== undefined) self.postMessage({ type: "log", message: refused });
    self.postMessage({ type: "stats", stats: writer!.stats });
    return;
  }
  if (m.type === "close") {
    // One more try for what a refused write held.
    if (writer?.holding) writer.write({ entries: [], states: [], records: [] });
    close?.();
    writer = undefined;
  }
  const flag = new Int32Array(m.flag);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
};
