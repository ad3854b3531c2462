/**
 * A worker that owns a plant's point history over its own connection to
 * the plant's database: it takes {@linkcode ColumnBatch}es (minute
 * aggregates into the rollups, then the stored samples in one
 * transaction), answers queries, and prunes, all in the order they were
 * posted. A batch the disk refuses is held and written before the next
 * one (at most `maxHeld` samples; beyond it the oldest are dropped and
 * counted). Progress goes into shared memory, so the sending thread can
 * wait for it without returning to its event loop; see
 * `worker_history_store.ts` for the layout.
 *
 * @module
 */
/// <reference lib="deno.worker" />
import type { HistoryQuery, Resolution } from "./history_store.ts";
import {
  BatchColumns,
  type ColumnBatch,
  detachedBatch,
  forEachMinute,
  type ReceivedSeries,
} from "./column_batch.ts";
import { openDatabaseFile } from "./plant_database.ts";
import type { MinuteSink } from "./recorded_points.ts";
import { SqliteHistoryStore } from "./sqlite_history_store.ts";

/** A message to the worker. */
export type HistoryWorkerMessage =
  | {
    type: "open";
    path: string;
    maxHeld: number;
    ctl: SharedArrayBuffer;
    stats: SharedArrayBuffer;
  }
  | { type: "batch"; batch: ColumnBatch }
  | { type: "query"; id: number; q: HistoryQuery }
  | { type: "prune"; before: Record<Resolution, number> }
  | { type: "syncToDisk"; on: boolean }
  | { type: "close" };

/** Slots of the shared control array (Int32). */
export const CTL = {
  /** 0 opening, 1 open, 2 failed to open (message in the error slots). */
  OPEN: 0,
  /** Batches done (written or held). */
  DONE: 1,
  /** Prunes done. */
  PRUNED: 2,
  /** 1 once closed. */
  CLOSED: 4,
  /** Length of the error message (UTF-8 bytes from slot ERROR). */
  ERROR_LEN: 5,
  ERROR: 6,
  /** Int32 slots in all (the error takes the rest: 1 KiB). */
  SIZE: 6 + 256,
} as const;

/** Slots of the shared statistics array (Float64). */
export const STAT = {
  /** Samples written. */
  SAMPLES: 0,
  /** Batches written. */
  BATCHES: 1,
  /** Writes refused. */
  FAILURES: 2,
  /** Samples dropped while refused writes were held. */
  DROPPED: 3,
  /** Samples held. */
  HELD: 4,
  /** Day tables dropped by retention. */
  PRUNED_DAYS: 5,
  SIZE: 6,
} as const;

let store: SqliteHistoryStore | undefined;
let ctl: Int32Array;
let stats: Float64Array;
let maxHeld = 1_000_000;
const series = new Map<number, ReceivedSeries>();
const sinks = new Map<number, MinuteSink>();
const held: ColumnBatch[] = [];
let failing = false;

function log(message: string): void {
  self.postMessage({ type: "log", message });
}

function signal(slot: number, value?: number): void {
  if (value === undefined) Atomics.add(ctl, slot, 1);
  else Atomics.store(ctl, slot, value);
  Atomics.notify(ctl, slot);
}

/** Write `b`'s samples; false (and logged once) when the store refused them. */
function write(b: ColumnBatch): boolean {
  try {
    store!.writeColumns(new BatchColumns(b, series), 0, b.samples, { rollup: b.rollup });
  } catch (e) {
    stats[STAT.FAILURES]++;
    if (!failing) {
      failing = true;
      log(
        `history: writing ${b.samples} samples failed; holding them and retrying: ${
          (e as Error).message
        }`,
      );
    }
    return false;
  }
  if (failing) {
    failing = false;
    log("history: writing works again");
  }
  stats[STAT.SAMPLES] += b.samples;
  stats[STAT.BATCHES]++;
  return true;
}

function batch(b: ColumnBatch): void {
  for (const s of b.named) {
    const sink = store!.rollupsOf(s.twin, s.point, s.unit);
    series.set(s.id, { ...s, sink });
    sinks.set(s.id, sink);
  }
  // Aggregates live in the store's memory until a batch writes them: never refused.
  forEachMinute(b, (id, start, count, num, min, max, sum, last, lastTs) => {
    sinks.get(id)!.add(start, count, num, min, max, sum, last, lastTs);
  });
  held.push(b);
  while (held.length > 0 && write(held[0])) held.shift();
  // The sender reuses a batch's columns once this returns: one held for a retry is copied.
  if (held[held.length - 1] === b) held[held.length - 1] = detachedBatch(b);
  let n = 0;
  for (const h of held) n += h.samples;
  // Drop the oldest held batches beyond the bound (never the newest).
  while (n > maxHeld && held.length > 1) {
    const gone = held.shift()!;
    n -= gone.samples;
    stats[STAT.DROPPED] += gone.samples;
    log(
      `history: held samples over ${maxHeld}; dropped the oldest ${gone.samples} (${
        stats[STAT.DROPPED]
      } in all)`,
    );
  }
  stats[STAT.HELD] = n;
}

self.onmessage = async (e: MessageEvent<HistoryWorkerMessage>) => {
  const m = e.data;
  switch (m.type) {
    case "open": {
      ctl = new Int32Array(m.ctl);
      stats = new Float64Array(m.stats);
      maxHeld = m.maxHeld;
      try {
        store = new SqliteHistoryStore(openDatabaseFile(m.path), { log });
        signal(CTL.OPEN, 1);
      } catch (err) {
        const bytes = new TextEncoder().encode((err as Error).message).subarray(0, 1024);
        new Uint8Array(m.ctl, CTL.ERROR * 4, 1024).set(bytes);
        Atomics.store(ctl, CTL.ERROR_LEN, bytes.length);
        signal(CTL.OPEN, 2);
      }
      return;
    }
    case "batch":
      batch(m.batch);
      signal(CTL.DONE);
      return;
    case "query":
      try {
        self.postMessage({ type: "answer", id: m.id, result: await store!.query(m.q) });
      } catch (err) {
        self.postMessage({ type: "answer", id: m.id, error: (err as Error).message });
      }
      return;
    case "prune": {
      let dropped = 0;
      try {
        dropped = store!.prune(m.before);
      } catch (err) {
        log(`history: retention failed: ${(err as Error).message}`);
      }
      stats[STAT.PRUNED_DAYS] += dropped;
      signal(CTL.PRUNED);
      return;
    }
    case "syncToDisk":
      store?.syncToDisk(m.on);
      return;
    case "close":
      // One more try for what a refused write held; then the hours in progress.
      while (held.length > 0 && write(held[0])) held.shift();
      store?.close();
      store = undefined;
      signal(CTL.CLOSED, 1);
      return;
  }
};
