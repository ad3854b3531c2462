/**
 * A modbus-serial port object that speaks Modbus RTU framing over any Deno
 * byte stream: a tty opened by `drivers/serial` or a TCP connection to a
 * serial gateway (RTU over TCP). modbus-serial's own serial ports need the
 * `serialport` binding, which fails under Deno, and its TelnetPort accepts
 * the first bytes that look like a header without checking the CRC; this
 * port frames with {@linkcode RtuFramer} and keeps the RTU silent interval
 * between frames.
 *
 * @module
 */
import { EventEmitter } from "node:events";
import { Buffer } from "node:buffer";
import { RtuFramer } from "./rtu_framer.ts";

/** A byte stream the port runs over (a `SerialLine`, a `Deno.TcpConn`). */
export interface ByteStream {
  /** Read into `p`; null at end of stream. */
  read(p: Uint8Array): Promise<number | null>;
  /** Write from `p`; returns bytes written. */
  write(p: Uint8Array): Promise<number>;
  /** Close the stream; a pending read ends (rejects, or resolves null). */
  close(): void | Promise<void>;
}

/** Options for {@linkcode RtuStreamPort}. */
export interface RtuStreamPortOptions {
  /** Open the stream (called on every open, so a reconnect gets a fresh one). */
  connect(): Promise<ByteStream>;
  /** Silence kept between the end of one frame and the next request, ms (3.5 characters). */
  interFrameMs: number;
}

/** modbus-serial port over a byte stream with RTU framing. */
export class RtuStreamPort extends EventEmitter {
  /** Read by ModbusRTU to key transactions; RTU has one request in flight, so it stays 1. */
  _transactionIdRead = 1;
  /** See `_transactionIdRead`. */
  _transactionIdWrite = 1;
  readonly #opts: RtuStreamPortOptions;
  readonly #framer = new RtuFramer();
  #stream: ByteStream | undefined;
  #open = false;
  #lastActivity = 0;
  #writing: Promise<void> = Promise.resolve();
  #closing: Promise<void> = Promise.resolve();
  #shutRequested = false;
  #opening: Promise<void> = Promise.resolve();

  /** Build a closed port. */
  constructor(opts: RtuStreamPortOptions) {
    super();
    this.#opts = opts;
  }

  /** Whether the stream is open. */
  get isOpen(): boolean {
    return this.#open;
  }

  /** Bytes discarded as noise. */
  get discarded(): number {
    return this.#framer.discarded;
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

  /** Send a request frame (with CRC) and expect its response. */
  write(data: Uint8Array): void {
    const stream = this.#stream;
    if (!stream || !this.#open) return;
    const frame = new Uint8Array(data);
    this.#writing = this.#writing.then(async () => {
      const quiet = this.#opts.interFrameMs - (performance.now() - this.#lastActivity);
      if (quiet > 0) await new Promise((r) => setTimeout(r, quiet));
      this.#framer.expect(frame);
      let off = 0;
      while (off < frame.length) off += await stream.write(frame.subarray(off));
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
        const frame = this.#framer.push(buf.subarray(0, n));
        if (frame) this.emit("data", Buffer.from(frame));
      }
    } catch {
      // Closed under a pending read, or the line failed: both end the stream.
    }
    if (this.#stream === stream) this.#shut();
  }
}
