/**
 * Turns twin commands into Modbus writes (coil, single register, multiple
 * registers) as the `writes` of the devices map them, and reports the
 * outcome as the command's status: done, the device's exception with its
 * meaning, or "outcome unknown". A write that may have reached the device
 * (a timeout, a dropped connection or a garbled answer after sending) is
 * never repeated: repeating "open valve" or "add 10 to the setpoint" blindly
 * is worse than asking the operator to look. Only a write that certainly
 * never left (no connection) is tried again.
 *
 * @module
 */
import type { Actuation } from "../../simulators/simulator.ts";
import type { DeviceCounters } from "./device_counters.ts";
import { ACKNOWLEDGE } from "./exception_codes.ts";
import { endpointName, type ModbusClient } from "./modbus_client.ts";
import { ModbusFailure } from "./modbus_failure.ts";
import type { DeviceConfig, WriteMap } from "./register_map.ts";
import { encodeValue } from "./value_codec.ts";

/** A device that takes command writes. */
export interface WriteTarget {
  /** The device. */
  device: DeviceConfig;
  /** Its connection. */
  client: ModbusClient;
  /** Its counters (shared with its poller). */
  counters: DeviceCounters;
}

interface Route {
  write: WriteMap;
  target: WriteTarget;
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/** Command writes of every device, by twin. */
export class CommandWriter {
  readonly #routes = new Map<string, Route[]>();

  /** Index the writes of `targets`. */
  constructor(targets: readonly WriteTarget[]) {
    for (const target of targets) {
      for (const write of target.device.writes) {
        const list = this.#routes.get(write.twin) ?? [];
        list.push({ write, target });
        this.#routes.set(write.twin, list);
      }
    }
  }

  /** Commands of `twinId` that map to writes. */
  commands(twinId: string): string[] {
    return [...new Set((this.#routes.get(twinId) ?? []).map((r) => r.write.command))];
  }

  /**
   * Perform `action` on the device behind `twinId`. Resolves to undefined
   * when the device confirmed the write, or to the reason it did not.
   */
  actuate(twinId: string, action: Actuation): string | Promise<string | undefined> {
    const route = this.#route(twinId, action);
    if (typeof route === "string") return route;
    const { write: w, target } = route;
    const value = w.value ?? action.args[w.arg!];
    let words: number[] | undefined;
    if (w.table === "holding") {
      const encoded = encodeValue(value as number | boolean, w);
      if (typeof encoded === "string") return `cannot write ${w.arg ?? "value"}: ${encoded}`;
      words = encoded;
    } else if (typeof value !== "boolean" && value !== 0 && value !== 1) {
      return `a coil takes true or false, not ${JSON.stringify(value)}`;
    }
    return this.#send(target, w, words, value === true || value === 1);
  }

  #route(twinId: string, action: Actuation): Route | string {
    const routes = (this.#routes.get(twinId) ?? []).filter((r) => r.write.command === action.type);
    if (routes.length === 0) {
      const mapped = this.commands(twinId);
      return `no Modbus write is mapped for "${action.type}" on "${twinId}"${
        mapped.length ? `; mapped commands: ${mapped.join(", ")}` : ""
      }`;
    }
    let best: Route | undefined;
    let bestArgs = -1;
    for (const r of routes) {
      const fixed = Object.entries(r.write.args ?? {});
      if (!fixed.every(([k, v]) => sameValue(action.args[k], v))) continue;
      if (fixed.length > bestArgs) {
        best = r;
        bestArgs = fixed.length;
      }
    }
    return best ??
      `no Modbus write of "${action.type}" on "${twinId}" matches arguments ${
        JSON.stringify(action.args)
      }`;
  }

  async #send(
    target: WriteTarget,
    w: WriteMap,
    words: number[] | undefined,
    bit: boolean,
  ): Promise<string | undefined> {
    const d = target.device;
    const c = target.counters;
    const where = `${w.table} ${w.address}${
      words && words.length > 1 ? `..${w.address + words.length - 1}` : ""
    }`;
    c.writes++;
    let failure: ModbusFailure | undefined;
    for (let attempt = 0; attempt <= d.retries; attempt++) {
      if (attempt > 0) await this.#sleep(d.backoff_ms * 2 ** (attempt - 1));
      const t0 = performance.now();
      c.requests++;
      try {
        if (words) {
          await target.client.writeRegisters(d.unit_id, w.address, words, w.multiple, d.timeout_ms);
        } else {
          await target.client.writeCoils(d.unit_id, w.address, [bit], w.multiple, d.timeout_ms);
        }
        c.responses++;
        c.lastLatencyMs = performance.now() - t0;
        return undefined;
      } catch (e) {
        failure = e instanceof ModbusFailure
          ? e
          : new ModbusFailure("disconnected", String(e), true);
        c.errors[failure.kind]++;
        c.lastError = `write ${where}: ${failure.message}`;
        // Only a request that certainly never left may be sent again.
        if (failure.sent) break;
      }
    }
    c.writeErrors++;
    const f = failure!;
    const dev = `device "${d.id}" (${endpointName(d.transport)} unit ${d.unit_id})`;
    if (f.kind === "exception") {
      if (f.code === ACKNOWLEDGE) {
        return `outcome unknown: ${dev} acknowledged the write to ${where} for later processing and has not confirmed it (${f.message})`;
      }
      return `${dev} refused the write to ${where}: ${f.message}`;
    }
    if (!f.sent) {
      return `not sent: ${f.message} (tried ${d.retries + 1} times)`;
    }
    const what = f.kind === "timeout"
      ? `no answer within ${d.timeout_ms} ms`
      : f.kind === "frame"
      ? f.message
      : `the connection dropped before the answer (${f.message})`;
    return `outcome unknown: the write to ${where} of ${dev} was sent but ${what}; it may or may not have been applied, so it was not repeated`;
  }

  /** Wall time, like the request timeout: it paces real I/O. */
  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }
}
