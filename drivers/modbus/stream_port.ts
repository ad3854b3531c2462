/**
 * A modbus-serial port object over any Deno byte stream: a TCP connection
 * (Modbus TCP, MBAP framing), a TCP connection to a serial gateway (RTU over
 * TCP) or a tty opened by `drivers/serial` (RTU). modbus-serial's own ports
 * do not fit: its serial ports need the `serialport` binding, which fails
 * under Deno; its TCP port waits out the timeout on bytes that cannot be an
 * answer (a bad header, another transaction), so a device that sends garbage
 * looks merely silent; its TelnetPort accepts the first bytes that look like
 * a header without a CRC check. Here a {@linkcode Framer} turns requests into
 * wire bytes and received bytes into answers, and says when bytes can never
 * be the answer, so the client can fail the request as garbled at once.
 *
 * @module
 */
import { EventEmitter } from "node:events";
import { Buffer } from "node:buffer";
import { ModbusFailure } from "./modbus_failure.ts";

/** A byte stream the port runs over (a `SerialLine`, a `Deno.TcpConn`). */
export interface ByteStream {
  /** Read into `p`; null at end of stream. */
  read(p: Uint8Array): Promise<number | null>;
  /** Write from `p`; returns bytes written. */
  write(p: Uint8Array): Promise<number>;
  /** Close the stream; a pending read ends (rejects, or resolves null). */
  close(): void | Promise<void>;
}

/**
 * Framing of one transport. modbus-serial speaks RTU frames (unit, PDU,
 * CRC) to its port whatever the transport, so requests come in and answers
 * go out in that form.
 */
export interface Framer {
  /** Wire bytes for modbus-serial's request (an RTU frame with CRC); its answer is expected from now on. */
  request(rtu: Uint8Array): Uint8Array;
  /**
   * Add received bytes; returns the answer as an RTU frame with CRC once it
   * is complete. Throws a `frame` {@linkcode ModbusFailure} when the bytes
   * can never be the answer (the stream is out of step).
   */
  push(bytes: Uint8Array): Uint8Array | undefined;
  /** Bytes received since the latest request that did not form its answer. */
  readonly unanswered: number;
}

/** Options for {@linkcode StreamPort}. */
export interface StreamPortOptions {
  /** Open the stream (called on every open, so a reconnect gets a fresh one). */
  connect(): Promise<ByteStream>;
  /** Framing of the transport. */
  framer: Framer;
  /** Silence kept between the end of one frame and the next request, ms (3.5 characters on RTU). */
  interFrameMs: number;
  /** Told when received bytes cannot be the answer; the port then closes the stream. */
  onGarbled?(failure: ModbusFailure): void;
}

/** modbus-serial port over a byte stream. */
export class StreamPort extends EventEmitter {
  /** Read by ModbusRTU to key transactions; the client sends one request at a time, so it stays 1. */
  _transactionIdRead = 1;
  /** See `_transactionIdRead`. */
  _transactionIdWrite = 1;
  readonly #opts: StreamPortOptions;
  #stream: ByteStream | undefined;
  #open = false;
  #lastActivity = 0;
  #writing: Promise<void> = Promise.resolve();
  #closing: Promise<void> = Promise.resolve();
  #shutRequested = false;
  #opening: Promise<void> = Promise.resolve();

  /** Build a closed port. */
  constructor(opts: StreamPortOptions) {
    super();
    this.#opts = opts;
  }

  /** Whether the stream is open. */
  get isOpen(): boolean {
    return this.#open;
  }

  /** Bytes received since the latest request that did not form its answer. */
  get unanswered(): number {
    return this.#opts.framer.unanswered;
  }

  /** Resolves once the stream is fully closed. */
  get closed(): Promise<void> {
    // An open still in progress closes its stream as soon as it lands.
    return this.#opening.then(() => this.#closing);
  }

  /** Open the stream (modbus-serial callback style). */
  open(callback: (err?: Error) => void): void {
    this.#shutRequested = false;
    const opening = this.#opts.connect().then((stream) => {
      if (this.#shutRequested) {
        // Given up on (a connect timeout) before it opened: a reader left
        // running here would take the bytes meant for the next opener.
        const closing = stream.close();
        if (closing) this.#closing = closing.catch(() => {});
        callback(new Error("closed while opening"));
        return;
      }
      this.#stream = stream;
      this.#open = true;
      this.#readLoop(stream);
      callback();
    }, (e) => callback(e as Error));
    this.#opening = opening.catch(() => {});
  }

  /** Close the stream. */
  close(callback?: (err?: Error) => void): void {
    this.#shut();
    callback?.();
  }

  /** Close the stream at once. */
  destroy(callback?: (err?: Error) => void): void {
    this.#shut();
    callback?.();
  }

  /** Send a request (an RTU frame with CRC, from modbus-serial) and expect its answer. */
  write(data: Uint8Array): void {
    const stream = this.#stream;
    if (!stream || !this.#open) return;
    const frame = new Uint8Array(data);
    this.#writing = this.#writing.then(async () => {
      const quiet = this.#opts.interFrameMs - (performance.now() - this.#lastActivity);
      if (quiet > 0) await new Promise((r) => setTimeout(r, quiet));
      const wire = this.#opts.framer.request(frame);
      let off = 0;
      while (off < wire.length) off += await stream.write(wire.subarray(off));
      this.#lastActivity = performance.now();
    }).catch((e) => {
      if (this.#open) this.emit("error", e);
      this.#shut();
    });
  }

  #shut(): void {
    this.#shutRequested = true;
    if (!this.#stream) return;
    const stream = this.#stream;
    this.#stream = undefined;
    const wasOpen = this.#open;
    this.#open = false;
    try {
      const closing = stream.close();
      if (closing) this.#closing = closing.catch(() => {});
    } catch { /* already closed */ }
    if (wasOpen) this.emit("close");
  }

  async #readLoop(stream: ByteStream): Promise<void> {
    const buf = new Uint8Array(512);
    try {
      for (;;) {
        const n = await stream.read(buf);
        if (n === null) break;
        this.#lastActivity = performance.now();
        const answer = this.#opts.framer.push(buf.subarray(0, n));
        if (answer) this.emit("data", Buffer.from(answer));
      }
    } catch (e) {
      // Garbage ends the stream like a failed line does, but is reported as
      // what it is before the close fails the request as a disconnect.
      if (e instanceof ModbusFailure && this.#stream === stream) this.#opts.onGarbled?.(e);
    }
    if (this.#stream === stream) this.#shut();
  }
}
