/**
 * Communication counters of one Modbus device, kept by its poller and
 * writer, shown on its RTU twin and in `/metrics`.
 *
 * @module
 */
import { FAILURE_KINDS, type FailureKind } from "./modbus_failure.ts";

/** Counters of one device. */
export interface DeviceCounters {
  /** Requests sent (reads and writes, retries included). */
  requests: number;
  /** Requests answered without error. */
  responses: number;
  /** Failed requests by kind. */
  errors: Record<FailureKind, number>;
  /** Exception responses by exception code. */
  exceptionCodes: Record<number, number>;
  /** Round-trip time of the latest answered request, ms. */
  lastLatencyMs: number;
  /** Scans completed. */
  scans: number;
  /** Scans in which every read succeeded. */
  goodScans: number;
  /** Scans that started late because the previous one ran past its period. */
  overruns: number;
  /** Duration of the latest scan, ms. */
  lastScanMs: number;
  /** Command writes attempted. */
  writes: number;
  /** Command writes that failed or have an unknown outcome. */
  writeErrors: number;
  /** Whether the device answered in its latest scan. */
  commOk: boolean;
  /** The latest failure, or empty. */
  lastError: string;
}

/** Fresh zeroed counters. */
export function newCounters(): DeviceCounters {
  return {
    requests: 0,
    responses: 0,
    errors: Object.fromEntries(FAILURE_KINDS.map((k) => [k, 0])) as Record<FailureKind, number>,
    exceptionCodes: {},
    lastLatencyMs: 0,
    scans: 0,
    goodScans: 0,
    overruns: 0,
    lastScanMs: 0,
    writes: 0,
    writeErrors: 0,
    commOk: false,
    lastError: "",
  };
}

/** Total failed requests. */
export function errorTotal(c: DeviceCounters): number {
  let n = 0;
  for (const k of FAILURE_KINDS) n += c.errors[k];
  return n;
}
