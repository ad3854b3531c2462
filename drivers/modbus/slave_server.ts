/**
 * A Modbus TCP slave on `Deno.listen`: function codes 1, 2, 3, 4, 5, 6, 15
 * and 16, exception 01 for the rest. Each read from a socket may hold many
 * frames (pipelining clients, HMIs polling fast); all complete frames are
 * answered with one write, which is what lets one process answer tens of
 * thousands of requests per second. modbus-serial's own ServerTCP defers
 * every request through a timer and manages a few hundred.
 *
 * @module
 */
import {
  GATEWAY_TARGET_FAILED,
  ILLEGAL_DATA_VALUE,
  ILLEGAL_FUNCTION,
  SLAVE_DEVICE_FAILURE,
} from "./exception_codes.ts";
import type { SlaveUnit } from "./slave_unit.ts";

/** Options for {@linkcode SlaveServer}. */
export interface SlaveServerOptions {
  /** Address to bind (default 127.0.0.1). */
  host?: string;
  /** Port; 0 picks a free one. */
  port: number;
  /** Units by unit id. Unit 0 and 255 reach the only unit when there is one. */
  units: ReadonlyMap<number, SlaveUnit>;
  /** Delay every answer by this many ms of wall time (emulates a slow device or a long link). */
  delayMs?: number;
  /** Where to report connection problems (default: ignore). */
  log?(message: string): void;
}

/** Counters of a running slave. */
export interface SlaveStats {
  /** Frames answered or left unanswered. */
  requests: number;
  /** Exception responses sent. */
  exceptions: number;
  /** Connections accepted. */
  connections: number;
  /** Connections open now. */
  open: number;
  /** Connections dropped for malformed headers. */
  malformed: number;
}

const MBAP = 7;
const MAX_ADU = 260;

/** A running Modbus TCP slave. */
export class SlaveServer {
  /** Bound address. */
  readonly host: string;
  /** Bound port. */
  readonly port: number;
  /** Counters. */
  readonly stats: SlaveStats = {
    requests: 0,
    exceptions: 0,
    connections: 0,
    open: 0,
    malformed: 0,
  };
  readonly #listener: Deno.TcpListener;
  readonly #opts: SlaveServerOptions;
  readonly #conns = new Set<Deno.TcpConn>();
  readonly #single: SlaveUnit | undefined;
  readonly #scratch = new Uint8Array(2);
  #answerLen = 0;
  #closed = false;
  #accepting: Promise<void>;

  /** Bind and start accepting connections. */
  constructor(opts: SlaveServerOptions) {
    this.#opts = opts;
    this.#listener = Deno.listen({ hostname: opts.host ?? "127.0.0.1", port: opts.port });
    const addr = this.#listener.addr as Deno.NetAddr;
    this.host = addr.hostname;
    this.port = addr.port;
    this.#single = opts.units.size === 1 ? opts.units.values().next().value : undefined;
    this.#accepting = this.#accept();
  }

  /** Stop listening and close every connection. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#listener.close();
    } catch { /* already closed */ }
    for (const c of this.#conns) {
      try {
        c.close();
      } catch { /* already closed */ }
    }
    await this.#accepting;
  }

  async #accept(): Promise<void> {
    while (!this.#closed) {
      let conn: Deno.TcpConn;
      try {
        conn = await this.#listener.accept();
      } catch {
        return; // listener closed
      }
      try {
        conn.setNoDelay(true);
      } catch { /* not fatal */ }
      this.stats.connections++;
      this.#serve(conn).catch((e) => this.#opts.log?.(`modbus slave connection: ${e}`));
    }
  }

  async #serve(conn: Deno.TcpConn): Promise<void> {
    this.#conns.add(conn);
    this.stats.open++;
    let inBuf = new Uint8Array(4_096);
    let inLen = 0;
    let outBuf = new Uint8Array(4_096);
    try {
      for (;;) {
        if (inLen === inBuf.length) {
          const bigger = new Uint8Array(inBuf.length * 2);
          bigger.set(inBuf);
          inBuf = bigger;
        }
        const n = await conn.read(inBuf.subarray(inLen));
        if (n === null) return;
        inLen += n;
        let pos = 0;
        let outLen = 0;
        while (inLen - pos >= MBAP) {
          const len = (inBuf[pos + 4] << 8) | inBuf[pos + 5];
          if (inBuf[pos + 2] !== 0 || inBuf[pos + 3] !== 0 || len < 2 || len > 254) {
            // Not Modbus TCP (or out of step): there is no way to find the
            // next frame boundary, so drop the connection as devices do.
            this.stats.malformed++;
            return;
          }
          if (inLen - pos < 6 + len) break;
          if (outBuf.length - outLen < MAX_ADU) {
            const bigger = new Uint8Array(outBuf.length * 2);
            bigger.set(outBuf.subarray(0, outLen));
            outBuf = bigger;
          }
          outLen += this.#answer(inBuf, pos, len, outBuf, outLen);
          pos += 6 + len;
        }
        if (pos > 0) {
          inBuf.copyWithin(0, pos, inLen);
          inLen -= pos;
        }
        if (outLen > 0) {
          if (this.#opts.delayMs) await new Promise((r) => setTimeout(r, this.#opts.delayMs));
          let off = 0;
          while (off < outLen) off += await conn.write(outBuf.subarray(off, outLen));
        }
      }
    } catch (e) {
      if (!this.#closed && !(e instanceof Deno.errors.BadResource)) {
        const benign = e instanceof Deno.errors.ConnectionReset ||
          e instanceof Deno.errors.BrokenPipe;
        if (!benign) this.#opts.log?.(`modbus slave ${this.port}: ${(e as Error).message}`);
      }
    } finally {
      this.#conns.delete(conn);
      this.stats.open--;
      try {
        conn.close();
      } catch { /* already closed */ }
    }
  }

  /** Answer the frame at `req[pos...]` (MBAP length `len`) into `out[o...]`; returns bytes written. */
  #answer(req: Uint8Array, pos: number, len: number, out: Uint8Array, o: number): number {
    this.stats.requests++;
    const unitId = req[pos + 6];
    const unit = this.#opts.units.get(unitId) ??
      ((unitId === 0 || unitId === 255) ? this.#single : undefined);
    const pdu = pos + MBAP;
    const pduLen = len - 1;
    const fc = req[pdu];
    // MBAP of the answer: same transaction id and unit, length filled below.
    out[o] = req[pos];
    out[o + 1] = req[pos + 1];
    out[o + 2] = 0;
    out[o + 3] = 0;
    out[o + 6] = unitId;
    const r = o + MBAP;
    let n = 0; // response PDU length after the function code
    let code = 0;
    if (!unit) code = GATEWAY_TARGET_FAILED;
    else if (!unit.online()) return 0;
    else {
      try {
        code = this.#perform(unit, req, pdu, pduLen, out, r);
        n = this.#answerLen;
      } catch (e) {
        // A unit that fails (a command path error) answers as a failed device.
        this.#opts.log?.(`modbus slave ${this.port} unit ${unitId}: ${(e as Error).message}`);
        code = SLAVE_DEVICE_FAILURE;
      }
    }
    if (code !== 0) {
      this.stats.exceptions++;
      out[r] = fc | 0x80;
      out[r + 1] = code;
      n = 1;
    } else {
      out[r] = fc;
    }
    const pduOut = 1 + n;
    out[o + 4] = (pduOut + 1) >> 8;
    out[o + 5] = (pduOut + 1) & 0xff;
    return MBAP + pduOut;
  }

  /**
   * Carry out one request on `unit`, writing the answer after its function
   * code at `out[r + 1...]`; returns 0 or an exception code, and leaves the
   * answer's length in `#answerLen` (no object per request on this path).
   */
  #perform(
    unit: SlaveUnit,
    req: Uint8Array,
    pdu: number,
    pduLen: number,
    out: Uint8Array,
    r: number,
  ): number {
    const fc = req[pdu];
    let code = 0;
    let n = 0;
    const address = (req[pdu + 1] << 8) | req[pdu + 2];
    const value = (req[pdu + 3] << 8) | req[pdu + 4];
    switch (fc) {
      case 1:
      case 2:
        if (pduLen !== 5 || value < 1 || value > 2_000) code = ILLEGAL_DATA_VALUE;
        else {
          const bytes = (value + 7) >> 3;
          out.fill(0, r + 2, r + 2 + bytes);
          code = unit.readBits(fc === 1 ? "coil" : "discrete_input", address, value, out, r + 2);
          out[r + 1] = bytes;
          n = 1 + bytes;
        }
        break;
      case 3:
      case 4:
        if (pduLen !== 5 || value < 1 || value > 125) code = ILLEGAL_DATA_VALUE;
        else {
          code = unit.readRegisters(fc === 3 ? "holding" : "input", address, value, out, r + 2);
          out[r + 1] = value * 2;
          n = 1 + value * 2;
        }
        break;
      case 5:
        if (pduLen !== 5 || (value !== 0xff00 && value !== 0)) code = ILLEGAL_DATA_VALUE;
        else {
          this.#scratch[0] = value ? 1 : 0;
          code = unit.writeCoils(address, 1, this.#scratch, 0);
          out.set(req.subarray(pdu + 1, pdu + 5), r + 1);
          n = 4;
        }
        break;
      case 6:
        if (pduLen !== 5) code = ILLEGAL_DATA_VALUE;
        else {
          code = unit.writeRegisters(address, 1, req, pdu + 3);
          out.set(req.subarray(pdu + 1, pdu + 5), r + 1);
          n = 4;
        }
        break;
      case 15:
      case 16: {
        const bytes = req[pdu + 5];
        const ok = fc === 15
          ? value >= 1 && value <= 1_968 && bytes === (value + 7) >> 3
          : value >= 1 && value <= 123 && bytes === value * 2;
        if (!ok || pduLen !== 6 + bytes) code = ILLEGAL_DATA_VALUE;
        else {
          code = fc === 15
            ? unit.writeCoils(address, value, req, pdu + 6)
            : unit.writeRegisters(address, value, req, pdu + 6);
          out.set(req.subarray(pdu + 1, pdu + 5), r + 1);
          n = 4;
        }
        break;
      }
      default:
        code = ILLEGAL_FUNCTION;
    }
    this.#answerLen = n;
    return code;
  }
}
