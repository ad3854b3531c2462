/**
 * Polls one Modbus device on the runtime clock: each scan runs the planned
 * reads, decodes them into the twins' points, and marks points `bad` when
 * their read fails. Failed reads are retried with exponential backoff; a
 * device that stops answering is in comm fault (its RTU twin goes offline)
 * and is tried once per scan until it answers again, so a dead device costs
 * one timeout per scan instead of a retry storm. Every device has its own
 * loop, so a slow one never delays the others.
 *
 * @module
 */
import type { Clock, TimerId } from "../../runtime/clock.ts";
import type { PointSpec } from "../../twins/point.ts";
import type { Twin } from "../../twins/twin.ts";
import type { PointValues } from "../../simulators/simulator.ts";
import { type DeviceCounters, errorTotal, newCounters } from "./device_counters.ts";
import type { ModbusClient } from "./modbus_client.ts";
import { ModbusFailure } from "./modbus_failure.ts";
import { SLAVE_DEVICE_BUSY } from "./exception_codes.ts";
import { type PlannedRead, planReads } from "./read_planner.ts";
import { type DeviceConfig, isBitTable, type PointMap } from "./register_map.ts";
import { addressCount } from "./register_map_checks.ts";
import { decodeWords } from "./value_codec.ts";
import { writePoint } from "../../twins/point_writer.ts";

/** Points the driver adds to a device's RTU twin beside the RTU kind's own. */
export const RTU_LINK_POINTS: Readonly<Record<string, PointSpec>> = {
  requests: { unit: "", description: "Modbus requests sent (retries included)" },
  responses: { unit: "", description: "Modbus requests answered" },
  errors: { unit: "", description: "Failed Modbus requests" },
  timeouts: { unit: "", description: "Requests not answered within the timeout" },
  exceptions: { unit: "", description: "Modbus exception responses" },
  latency_ms: { unit: "ms", description: "Round trip of the latest answered request" },
  last_error: { unit: "", description: "Latest communication failure" },
};

/** Options for {@linkcode DevicePoller}. */
export interface DevicePollerOptions {
  /** The device and its map. */
  device: DeviceConfig;
  /** Connection to it (possibly shared with other units on the same line). */
  client: ModbusClient;
  /** Clock for the scan schedule and timestamps (the runtime's). */
  clock: Clock;
  /** Twins by id (the runtime's map). */
  twins: ReadonlyMap<string, Twin>;
  /** Counters to fill (shared with the device's writer). */
  counters?: DeviceCounters;
  /** Where to report a scan that failed unexpectedly (default console.error). */
  log?(message: string): void;
}

const SKIPPED = new ModbusFailure(
  "timeout",
  "skipped: the device did not answer earlier in the scan",
  false,
);

/** Where a point's value lands. */
interface Slot {
  map: PointMap;
  group: number;
}

/** The points one twin gets from this device. */
interface TwinGroup {
  id: string;
  /** Reused sample object holding every point of this twin fed by the device. */
  values: PointValues;
  /** Reads that fed this twin in the current scan failed. */
  failed: boolean;
}

/** The scan loop of one device. */
export class DevicePoller {
  /** The device. */
  readonly device: DeviceConfig;
  /** Its counters. */
  readonly counters: DeviceCounters;
  readonly #client: ModbusClient;
  readonly #clock: Clock;
  readonly #log: (message: string) => void;
  readonly #twins: ReadonlyMap<string, Twin>;
  readonly #reads: PlannedRead[];
  readonly #slots: Slot[];
  readonly #groups: TwinGroup[];
  readonly #readOk: boolean[];
  #running = false;
  #stopped = false;
  #timer: TimerId | undefined;
  #nextDue = 0;
  #lastGood: number;
  #scanning: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  readonly #link: PointValues = {};
  readonly #registerCount: number;

  /** Plan the device's reads. */
  constructor(opts: DevicePollerOptions) {
    this.device = opts.device;
    this.#client = opts.client;
    this.#clock = opts.clock;
    this.#log = opts.log ?? ((m) => console.error(m));
    this.#twins = opts.twins;
    this.counters = opts.counters ?? newCounters();
    this.#lastGood = opts.clock.now();
    const groupOf = new Map<string, number>();
    this.#groups = [];
    this.#slots = opts.device.points.map((map) => {
      let group = groupOf.get(map.twin);
      if (group === undefined) {
        group = this.#groups.length;
        groupOf.set(map.twin, group);
        this.#groups.push({ id: map.twin, values: {}, failed: false });
      }
      return { map, group };
    });
    const d = opts.device;
    this.#reads = planReads(
      d.points.map((p) => ({
        table: p.table,
        address: p.address,
        count: addressCount(p.table, p.type),
      })),
      { maxRegisters: d.max_registers, maxBits: d.max_bits, maxGap: d.max_gap },
    );
    this.#readOk = this.#reads.map(() => false);
    this.#registerCount = this.#reads.reduce((n, r) => n + (isBitTable(r.table) ? 0 : r.count), 0);
  }

  /** Planned reads (for inspection and tests). */
  get reads(): readonly PlannedRead[] {
    return this.#reads;
  }

  /** Twins this device feeds. */
  get twinIds(): string[] {
    return this.#groups.map((g) => g.id);
  }

  /** Start scanning every `scan_ms`, the first scan after `delayMs`. */
  start(delayMs = 0): void {
    if (this.#running) return;
    this.#running = true;
    this.#stopped = false;
    this.#nextDue = this.#clock.now() + delayMs;
    this.#timer = this.#clock.setTimeout(() => this.#tick(), delayMs);
  }

  /** Stop scanning; resolves when a scan in progress has ended. */
  async stop(): Promise<void> {
    this.#running = false;
    this.#stopped = true;
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#wake?.();
    await this.#scanning;
  }

  async #tick(): Promise<void> {
    if (!this.#running) return;
    this.#nextDue += this.device.scan_ms;
    try {
      await this.scan();
    } catch (e) {
      // A twin that cannot take a sample must not end the device's loop.
      this.#log(`modbus device "${this.device.id}": scan failed: ${(e as Error).stack ?? e}`);
    }
    if (!this.#running) return;
    const now = this.#clock.now();
    if (this.#nextDue <= now) {
      // Ran past its period: start again now rather than queueing missed scans.
      this.counters.overruns++;
      this.#nextDue = now;
    }
    this.#timer = this.#clock.setTimeout(() => this.#tick(), this.#nextDue - now);
  }

  /** Run one scan now: every planned read, then the twins' and RTU twin's updates. */
  scan(): Promise<void> {
    const run = this.#scan();
    this.#scanning = run.catch(() => {});
    return run;
  }

  async #scan(): Promise<void> {
    const started = performance.now();
    const c = this.counters;
    let answered = false;
    let allOk = true;
    for (const g of this.#groups) g.failed = false;
    let silent = false;
    for (let r = 0; r < this.#reads.length; r++) {
      const read = this.#reads[r];
      // Once the device has not answered, the rest of the scan would only
      // wait out more timeouts.
      const result = silent ? SKIPPED : await this.#readWithRetry(read);
      if (result instanceof ModbusFailure) {
        allOk = false;
        if (result.kind === "exception") answered = true;
        else silent = true;
        this.#readOk[r] = false;
        for (const i of read.items) this.#groups[this.#slots[i].group].failed = true;
        continue;
      }
      answered = true;
      this.#readOk[r] = true;
      this.#decode(read, result);
    }
    if (this.#reads.length === 0) answered = true;
    const now = this.#clock.now();
    c.scans++;
    if (allOk) {
      c.goodScans++;
      // Recovered: an error shown now would describe a state that has passed.
      c.lastError = "";
    }
    c.commOk = answered;
    if (answered) this.#lastGood = now;
    c.lastScanMs = performance.now() - started;
    this.#deliver(now);
    this.#reportLink(now);
  }

  async #readWithRetry(read: PlannedRead): Promise<ArrayLike<number | boolean> | ModbusFailure> {
    const d = this.device;
    const c = this.counters;
    // A device already in comm fault gets one try per scan until it answers.
    const attempts = c.commOk || c.scans === 0 ? 1 + d.retries : 1;
    let failure: ModbusFailure | undefined;
    for (let k = 0; k < attempts && (!this.#stopped || k === 0); k++) {
      if (k > 0) await this.#sleep(d.backoff_ms * 2 ** (k - 1));
      const t0 = performance.now();
      c.requests++;
      try {
        const data = isBitTable(read.table)
          ? await this.#client.readBits(
            d.unit_id,
            read.table as "coil" | "discrete_input",
            read.address,
            read.count,
            d.timeout_ms,
          )
          : await this.#client.readRegisters(
            d.unit_id,
            read.table as "holding" | "input",
            read.address,
            read.count,
            d.timeout_ms,
          );
        c.responses++;
        c.lastLatencyMs = performance.now() - t0;
        return data;
      } catch (e) {
        failure = e instanceof ModbusFailure
          ? e
          : new ModbusFailure("disconnected", String(e), true);
        c.errors[failure.kind]++;
        if (failure.kind === "exception") {
          c.lastLatencyMs = performance.now() - t0;
          c.exceptionCodes[failure.code!] = (c.exceptionCodes[failure.code!] ?? 0) + 1;
        }
        c.lastError = `${read.table} ${read.address}+${read.count}: ${failure.message}`;
        // The device answered and refused: asking again gets the same answer.
        if (failure.kind === "exception" && failure.code !== SLAVE_DEVICE_BUSY) break;
      }
    }
    return failure!;
  }

  /**
   * Wait before a retry. Wall time, like the request timeout: both pace real
   * I/O, and a scan must not stall on a virtual clock nobody advances.
   */
  #sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const id = setTimeout(() => {
        this.#wake = undefined;
        resolve();
      }, ms);
      this.#wake = () => {
        clearTimeout(id);
        this.#wake = undefined;
        resolve();
      };
    });
  }

  #decode(read: PlannedRead, data: ArrayLike<number | boolean>): void {
    for (const i of read.items) {
      const slot = this.#slots[i];
      const m = slot.map;
      const at = m.address - read.address;
      writePoint(
        this.#groups[slot.group].values,
        m.point,
        isBitTable(m.table) ? data[at] === true : decodeWords(data as ArrayLike<number>, at, m),
      );
    }
  }

  #deliver(now: number): void {
    for (let g = 0; g < this.#groups.length; g++) {
      const group = this.#groups[g];
      const twin = this.#twins.get(group.id);
      if (!twin?.running) continue;
      if (!group.failed) {
        twin.update(group.values, now, "good");
        continue;
      }
      // Some reads failed: good points update, failed ones keep their last
      // value and turn bad.
      const good: PointValues = {};
      const bad: PointValues = {};
      for (let r = 0; r < this.#reads.length; r++) {
        for (const i of this.#reads[r].items) {
          const slot = this.#slots[i];
          if (slot.group !== g) continue;
          const name = slot.map.point;
          if (this.#readOk[r]) good[name] = group.values[name];
          else if (twin.values[name] !== undefined) bad[name] = twin.values[name];
        }
      }
      if (Object.keys(good).length > 0) twin.update(good, now, "good");
      // Points never read have no value and show as bad already.
      if (Object.keys(bad).length > 0) twin.update(bad, now, "bad");
    }
  }

  #reportLink(now: number): void {
    const id = this.device.rtu;
    if (!id) return;
    const twin = this.#twins.get(id);
    if (!twin?.running) return;
    const c = this.counters;
    const v = this.#link;
    v.comm_ok = c.commOk;
    v.assets = this.#groups.length;
    v.registers = this.#registerCount;
    v.scans = c.goodScans;
    v.data_age = (now - this.#lastGood) / 1000;
    v.requests = c.requests;
    v.responses = c.responses;
    v.errors = errorTotal(c);
    v.timeouts = c.errors.timeout;
    v.exceptions = c.errors.exception;
    v.latency_ms = Math.round(c.lastLatencyMs * 1000) / 1000;
    v.last_error = c.lastError;
    twin.update(v, now, "good");
  }
}
