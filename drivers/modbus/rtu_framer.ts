/**
 * Finds Modbus RTU response frames in a byte stream (a serial line or an
 * RTU-over-TCP gateway). RTU has no length header, so the expected length
 * comes from the request; a candidate counts only when its CRC checks, which
 * lets the framer skip line noise and garbage instead of stalling on it.
 *
 * @module
 */
import { crc16 } from "./crc16.ts";
import type { Framer } from "./stream_port.ts";

/** Longest RTU frame (256 bytes); the buffer never grows past twice that. */
const MAX_FRAME = 256;

/** Response length the master expects for a request PDU (unit, fc, data...) with CRC. */
export function expectedResponseLength(request: Uint8Array): number {
  const fc = request[1];
  const count = (request[4] << 8) | request[5];
  switch (fc) {
    case 1:
    case 2:
      return 3 + ((count + 7) >> 3) + 2;
    case 3:
    case 4:
      return 3 + 2 * count + 2;
    case 5:
    case 6:
    case 15:
    case 16:
      return 8;
    default:
      return 0;
  }
}

/** Assembles the response to the latest request from received bytes. */
export class RtuFramer implements Framer {
  #buf = new Uint8Array(2 * MAX_FRAME);
  #len = 0;
  #unit = -1;
  #fc = -1;
  #expected = 0;
  #received = 0;
  /** Bytes discarded as noise since creation. */
  discarded = 0;

  /** A request was sent: expect its response and forget anything older. */
  expect(request: Uint8Array): void {
    this.#unit = request[0];
    this.#fc = request[1];
    this.#expected = expectedResponseLength(request);
    this.discarded += this.#len;
    this.#len = 0;
    this.#received = 0;
  }

  /** RTU goes on the wire as it is; expect its response. */
  request(rtu: Uint8Array): Uint8Array {
    this.expect(rtu);
    return rtu;
  }

  /**
   * Bytes received since the latest request that did not form its answer.
   * Noise may precede a good answer, so garbage shows only when the answer
   * never comes: a request that times out with bytes here was answered with
   * garbage, not met with silence.
   */
  get unanswered(): number {
    return this.#received;
  }

  /** Add received bytes; returns a complete, CRC-checked frame when there is one. */
  push(bytes: Uint8Array): Uint8Array | undefined {
    this.#received += bytes.length;
    if (this.#expected === 0) {
      this.discarded += bytes.length;
      return undefined;
    }
    let src = bytes;
    if (this.#len + src.length > this.#buf.length) {
      // Only the newest bytes can still hold the frame.
      const keep = Math.min(src.length, this.#buf.length);
      const drop = this.#len + src.length - this.#buf.length;
      const fromOld = Math.max(0, this.#len - drop);
      this.#buf.copyWithin(0, this.#len - fromOld, this.#len);
      this.discarded += this.#len - fromOld;
      this.#len = fromOld;
      src = src.subarray(src.length - keep);
    }
    this.#buf.set(src, this.#len);
    this.#len += src.length;
    return this.#scan();
  }

  #scan(): Uint8Array | undefined {
    const b = this.#buf;
    // First place a frame may still start once more bytes come.
    let keep = -1;
    for (let i = 0; i < this.#len; i++) {
      if (b[i] !== this.#unit) continue;
      if (i + 1 >= this.#len) {
        if (keep < 0) keep = i;
        break;
      }
      let need: number;
      if (b[i + 1] === this.#fc) need = this.#expected;
      else if (b[i + 1] === (this.#fc | 0x80)) need = 5;
      else continue;
      if (i + need > this.#len) {
        // Noise can look like a frame start; a real frame after it may
        // already be complete, so keep scanning.
        if (keep < 0) keep = i;
        continue;
      }
      if (crc16(b, i, i + need) === 0) {
        const frame = b.slice(i, i + need);
        this.discarded += i;
        this.#len = 0;
        this.#expected = 0;
        this.#received = 0;
        return frame;
      }
    }
    if (keep < 0) keep = this.#len;
    if (keep > 0) {
      this.discarded += keep;
      b.copyWithin(0, keep, this.#len);
      this.#len -= keep;
    }
    return undefined;
  }
}
