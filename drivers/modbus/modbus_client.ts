/**
 * One connection to a Modbus endpoint (a TCP device, an RTU-over-TCP
 * gateway, or a serial line shared by several units), built on modbus-serial
 * over our own {@linkcode StreamPort}. Requests are serialised, because
 * serial lines and most gateways take one at a time; each has a timeout; a
 * disconnect fails the request in flight at once instead of waiting out its
 * timeout; an answer that cannot be one (a bad MBAP header) fails it at once
 * as garbled, and so does a timeout during which bytes came but no valid
 * answer did; and after a timeout or a garbled answer a TCP connection is
 * dropped, since the byte stream can no longer be trusted to be in step. The
 * next request reconnects.
 *
 * @module
 */
import modbusSerial from "modbus-serial";
import { charTimeS, openSerialLine } from "../serial/serial_line.ts";
import { MbapFramer } from "./mbap_framer.ts";
import { ModbusFailure } from "./modbus_failure.ts";
import type { LinkConfig, TransportConfig } from "./register_map.ts";
import { RtuFramer } from "./rtu_framer.ts";
import { StreamPort } from "./stream_port.ts";

/** Register tables a client reads. */
export type RegisterTable = "holding" | "input";

/** Bit tables a client reads. */
export type BitTable = "coil" | "discrete_input";

const dataOf = <D>(r: { data: D }): D => r.data;

/** The key clients are shared by: a serial line or gateway is one connection for all its units. */
export function endpointKey(t: LinkConfig, deviceId: string): string {
  switch (t.type) {
    case "tcp":
      return `tcp://${t.host}:${t.port}#${deviceId}`;
    case "rtu_over_tcp":
      return `rtu+tcp://${t.host}:${t.port}`;
    case "serial":
      return `serial://${t.path}`;
  }
}

/** A short name of the endpoint for messages. */
export function endpointName(t: TransportConfig): string {
  switch (t.type) {
    case "serial":
      return t.path;
    case "served":
      return `served slave "${t.server}"`;
    default:
      return `${t.host}:${t.port}`;
  }
}

type Waiter = () => void;

/** The part of modbus-serial's `ModbusRTU` this client uses. */
interface ModbusRTU {
  readonly isOpen: boolean;
  setID(id: number): void;
  setTimeout(ms: number): void;
  open(callback: (err?: Error) => void): void;
  destroy(callback: () => void): void;
  on(event: "close" | "error", listener: (e?: unknown) => void): void;
  readHoldingRegisters(address: number, count: number): Promise<{ data: number[] }>;
  readInputRegisters(address: number, count: number): Promise<{ data: number[] }>;
  readCoils(address: number, count: number): Promise<{ data: boolean[] }>;
  readDiscreteInputs(address: number, count: number): Promise<{ data: boolean[] }>;
  writeCoil(address: number, value: boolean): Promise<unknown>;
  writeCoils(address: number, values: boolean[]): Promise<unknown>;
  writeRegister(address: number, value: number): Promise<unknown>;
  writeRegisters(address: number, values: number[]): Promise<unknown>;
}

// The package is CommonJS whose typings declare an ES default export; at
// run time the default import is the class itself.
const ModbusRTU = modbusSerial as unknown as new (port?: unknown) => ModbusRTU;

/** A Modbus master connection. */
export class ModbusClient {
  /** Transport settings. */
  readonly transport: LinkConfig;
  /** Connections opened (the first included). */
  connects = 0;
  #mb: ModbusRTU | undefined;
  #port: StreamPort | undefined;
  #closing: Promise<void> = Promise.resolve();
  #connecting: Promise<ModbusRTU> | undefined;
  #busy = false;
  readonly #queue: Waiter[] = [];
  #failInflight: ((f: ModbusFailure) => void) | undefined;
  #closed = false;

  /** Create a client; it connects on its first request. */
  constructor(transport: LinkConfig) {
    this.transport = transport;
  }

  /** Whether a connection is open. */
  get connected(): boolean {
    return this.#mb?.isOpen === true;
  }

  /** Read `count` registers. */
  readRegisters(
    unit: number,
    table: RegisterTable,
    address: number,
    count: number,
    timeoutMs: number,
  ): Promise<number[]> {
    return this.#run(
      unit,
      timeoutMs,
      (mb) =>
        table === "holding"
          ? mb.readHoldingRegisters(address, count)
          : mb.readInputRegisters(address, count),
      dataOf,
    );
  }

  /** Read `count` coils or discrete inputs. */
  readBits(
    unit: number,
    table: BitTable,
    address: number,
    count: number,
    timeoutMs: number,
  ): Promise<boolean[]> {
    return this.#run(
      unit,
      timeoutMs,
      (mb) =>
        table === "coil" ? mb.readCoils(address, count) : mb.readDiscreteInputs(address, count),
      dataOf,
    );
  }

  /** Write coils: FC 5 for one unless `multiple`, else FC 15. */
  writeCoils(
    unit: number,
    address: number,
    values: boolean[],
    multiple: boolean,
    timeoutMs: number,
  ): Promise<void> {
    return this.#run(
      unit,
      timeoutMs,
      (mb) =>
        values.length === 1 && !multiple
          ? mb.writeCoil(address, values[0])
          : mb.writeCoils(address, values),
    );
  }

  /** Write registers: FC 6 for one unless `multiple`, else FC 16. */
  writeRegisters(
    unit: number,
    address: number,
    words: number[],
    multiple: boolean,
    timeoutMs: number,
  ): Promise<void> {
    return this.#run(
      unit,
      timeoutMs,
      (mb) =>
        words.length === 1 && !multiple
          ? mb.writeRegister(address, words[0])
          : mb.writeRegisters(address, words),
    );
  }

  /** Drop the connection now (the next request reconnects). */
  disconnect(): void {
    const mb = this.#mb;
    const port = this.#port;
    this.#mb = undefined;
    this.#port = undefined;
    if (!mb) return;
    try {
      // destroy() also cancels modbus-serial's pending transaction timers.
      mb.destroy(() => {});
    } catch { /* already gone */ }
    if (port) this.#closing = port.closed;
  }

  /** Close for good: pending and future requests fail. Resolves once the line is released. */
  close(): Promise<void> {
    this.#closed = true;
    this.#failInflight?.(new ModbusFailure("disconnected", "client closed", true));
    this.disconnect();
    for (const wake of this.#queue.splice(0)) wake();
    return this.#closing;
  }

  async #run<R, T = void>(
    unit: number,
    timeoutMs: number,
    op: (mb: ModbusRTU) => Promise<R>,
    map?: (r: R) => T,
  ): Promise<T> {
    if (this.#busy) await new Promise<void>((r) => this.#queue.push(r));
    this.#busy = true;
    try {
      if (this.#closed) throw new ModbusFailure("disconnected", "client closed", false);
      const mb = this.#mb?.isOpen ? this.#mb : await this.#connect(timeoutMs);
      const port = this.#port;
      mb.setID(unit);
      mb.setTimeout(timeoutMs);
      return await new Promise<T>((resolve, reject) => {
        this.#failInflight = reject;
        op(mb).then(
          (r) => resolve(map ? map(r) : undefined as T),
          (e) => reject(garbledOrSilent(classify(e), port)),
        );
      });
    } catch (e) {
      const f = e instanceof ModbusFailure ? e : classify(e);
      const serial = this.transport.type === "serial";
      if (f.kind !== "exception" && !(serial && (f.kind === "timeout" || f.kind === "frame"))) {
        // The stream may hold a late or partial answer: start clean. A
        // serial line is kept open; its framer forgets old bytes on each request.
        this.disconnect();
      }
      throw f;
    } finally {
      this.#failInflight = undefined;
      this.#busy = false;
      this.#queue.shift()?.();
    }
  }

  #connect(timeoutMs: number): Promise<ModbusRTU> {
    this.#connecting ??= this.#open(timeoutMs).finally(() => this.#connecting = undefined);
    return this.#connecting;
  }

  async #open(timeoutMs: number): Promise<ModbusRTU> {
    this.disconnect();
    const t = this.transport;
    const port: StreamPort = new StreamPort(
      t.type === "serial"
        ? {
          connect: () => openSerialLine(t),
          framer: new RtuFramer(),
          // 3.5 character times of silence; the standard fixes 1.75 ms above 19200 baud.
          interFrameMs: t.baud > 19_200 ? 1.75 : 3.5 * charTimeS(t) * 1000,
        }
        : {
          connect: () => connectTcp(t.host, t.port),
          framer: t.type === "tcp" ? new MbapFramer() : new RtuFramer(),
          interFrameMs: 0,
          onGarbled: (f) => this.#garbled(port, f),
        },
    );
    const mb = new ModbusRTU(port);
    mb.on("error", () => this.#lost(mb));
    mb.on("close", () => this.#lost(mb));
    const opening = new Promise<void>((resolve, reject) =>
      mb.open((err?: Error) => err ? reject(err) : resolve())
    );
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Opening a local line runs stty first; give it time even with short request timeouts.
    const limitMs = t.type === "serial" ? Math.max(timeoutMs, 5_000) : timeoutMs;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no connection within ${limitMs} ms`)),
        limitMs,
      );
    });
    try {
      await Promise.race([opening, expired]);
    } catch (e) {
      opening.catch(() => {});
      try {
        mb.destroy(() => {});
      } catch { /* never opened */ }
      this.#closing = port.closed;
      throw new ModbusFailure(
        "connect",
        `cannot connect to ${endpointName(t)}: ${errorMessage(e)}`,
        false,
      );
    } finally {
      clearTimeout(timer);
    }
    this.connects++;
    this.#mb = mb;
    this.#port = port;
    return mb;
  }

  #garbled(port: StreamPort, failure: ModbusFailure): void {
    if (this.#port !== port) return;
    this.#failInflight?.(failure);
    this.disconnect();
  }

  #lost(mb: ModbusRTU): void {
    if (this.#mb !== mb) return;
    this.#failInflight?.(
      new ModbusFailure("disconnected", `connection to ${endpointName(this.transport)} lost`, true),
    );
    this.disconnect();
  }
}

async function connectTcp(hostname: string, port: number): Promise<Deno.TcpConn> {
  const conn = await Deno.connect({ hostname, port });
  try {
    // One small request at a time: Nagle would hold each for an ACK.
    conn.setNoDelay(true);
  } catch { /* not fatal */ }
  return conn;
}

/**
 * A timeout during which bytes arrived but none formed the answer was met
 * with garbage, not silence: count it as a garbled frame.
 */
function garbledOrSilent(f: ModbusFailure, port: StreamPort | undefined): ModbusFailure {
  const n = port?.unanswered ?? 0;
  if (f.kind !== "timeout" || n === 0) return f;
  return new ModbusFailure(
    "frame",
    `garbled answer: ${n} bytes came within the timeout, none of them a valid answer`,
    true,
  );
}

function errorMessage(e: unknown): string {
  const m = (e as { message?: unknown })?.message;
  if (typeof m === "string" && m) return m;
  const code = (e as { code?: unknown; errno?: unknown })?.code ??
    (e as { errno?: unknown })?.errno;
  return code ? String(code) : String(e);
}

/** Turn a modbus-serial error into a {@linkcode ModbusFailure}. */
export function classify(e: unknown): ModbusFailure {
  if (e instanceof ModbusFailure) return e;
  const err = e as { name?: string; modbusCode?: number; message?: string };
  if (typeof err?.modbusCode === "number") return ModbusFailure.exception(err.modbusCode);
  if (err?.name === "TransactionTimedOutError") {
    return new ModbusFailure("timeout", "no answer within the timeout", true);
  }
  if (err?.name === "PortNotOpenError") {
    return new ModbusFailure("disconnected", "connection not open", false);
  }
  const message = errorMessage(e);
  if (/CRC error|Data length error|Unexpected data error/.test(message)) {
    return new ModbusFailure("frame", `garbled answer: ${message}`, true);
  }
  return new ModbusFailure("disconnected", message, true);
}
