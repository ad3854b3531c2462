/**
 * Plans a device's scan: merges the mapped addresses of each table into as
 * few read requests as the protocol (or the device) allows, so a scan of a
 * typical RTU is one or two round trips instead of one per point.
 *
 * @module
 */
import { isBitTable, type Table } from "./register_map.ts";

/** What the planner needs to know of an item to read. */
export interface ReadItem {
  /** Table. */
  table: Table;
  /** First address. */
  address: number;
  /** Addresses it takes. */
  count: number;
}

/** One read request and the items it carries. */
export interface PlannedRead {
  /** Table. */
  table: Table;
  /** First address read. */
  address: number;
  /** Addresses read. */
  count: number;
  /** Indexes (into the planned items) of the items this read carries. */
  items: number[];
}

/** Limits of one request. */
export interface ReadLimits {
  /** Most registers in one read (protocol: 125). */
  maxRegisters: number;
  /** Most coils or inputs in one read (protocol: 2000). */
  maxBits: number;
  /** Unmapped addresses a read may span to join two blocks. */
  maxGap: number;
}

/** The protocol's own limits, with no gaps. */
export const PROTOCOL_LIMITS: ReadLimits = { maxRegisters: 125, maxBits: 2_000, maxGap: 0 };

/**
 * Group `items` into reads: per table, sorted by address, each read grows
 * while the next item starts within `maxGap` of its end and the read stays
 * within the limit. Items sharing a register (bit fields) share the read.
 *
 * @example
 * ```ts
 * planReads([
 *   { table: "holding", address: 0, count: 2 },
 *   { table: "holding", address: 2, count: 1 },
 *   { table: "coil", address: 7, count: 1 },
 * ]); // one holding read 0..2 and one coil read 7
 * ```
 */
export function planReads(items: readonly ReadItem[], limits = PROTOCOL_LIMITS): PlannedRead[] {
  const order = items.map((_, i) => i).sort((a, b) => {
    const x = items[a], y = items[b];
    return x.table === y.table ? x.address - y.address : x.table < y.table ? -1 : 1;
  });
  const reads: PlannedRead[] = [];
  let cur: PlannedRead | undefined;
  for (const i of order) {
    const it = items[i];
    const limit = isBitTable(it.table) ? limits.maxBits : limits.maxRegisters;
    if (cur && cur.table === it.table) {
      const end = cur.address + cur.count;
      const newEnd = Math.max(end, it.address + it.count);
      if (it.address <= end + limits.maxGap && newEnd - cur.address <= limit) {
        cur.count = newEnd - cur.address;
        cur.items.push(i);
        continue;
      }
    }
    cur = { table: it.table, address: it.address, count: it.count, items: [i] };
    reads.push(cur);
  }
  return reads;
}
