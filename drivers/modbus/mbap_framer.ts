/**
 * Modbus TCP framing (the 7-byte MBAP header: transaction id, protocol id 0,
 * length, unit id). A header with another protocol id, an impossible length
 * or another transaction id cannot start the answer to the request in
 * flight; since TCP gives no way to find the next frame boundary, such bytes
 * fail the request as garbled at once instead of leaving it to time out.
 *
 * @module
 */
import { crc16 } from "./crc16.ts";
import { ModbusFailure } from "./modbus_failure.ts";
import type { Framer } from "./stream_port.ts";

const MBAP = 6; // header bytes before the unit id
const MAX_ADU = 260;

function garbled(why: string): ModbusFailure {
  return new ModbusFailure("frame", `garbled answer: ${why}`, true);
}

/** Frames requests with MBAP headers and checks answers against the request in flight. */
export class MbapFramer implements Framer {
  #tid = 0;
  /** Transaction id of the request in flight, or -1. */
  #expected = -1;
  readonly #buf = new Uint8Array(MAX_ADU);
  #len = 0;
  #received = 0;

  /** Wire bytes: the MBAP header with a fresh transaction id, then unit and PDU (the CRC dropped). */
  request(rtu: Uint8Array): Uint8Array {
    this.#tid = (this.#tid + 1) & 0xffff;
    const body = rtu.length - 2;
    const wire = new Uint8Array(MBAP + body);
    wire[0] = this.#tid >> 8;
    wire[1] = this.#tid & 0xff;
    wire[4] = body >> 8;
    wire[5] = body & 0xff;
    wire.set(rtu.subarray(0, body), MBAP);
    this.#expected = this.#tid;
    this.#len = 0;
    this.#received = 0;
    return wire;
  }

  /** Bytes received since the latest request that did not form its answer. */
  get unanswered(): number {
    return this.#received;
  }

  /** Add received bytes; returns the answer (unit, PDU, CRC) once complete. */
  push(bytes: Uint8Array): Uint8Array | undefined {
    this.#received += bytes.length;
    if (this.#expected < 0) {
      throw garbled(`${bytes.length} bytes arrived with no request outstanding`);
    }
    const room = MAX_ADU - this.#len;
    this.#buf.set(bytes.length > room ? bytes.subarray(0, room) : bytes, this.#len);
    this.#len += Math.min(bytes.length, room);
    const b = this.#buf;
    if (this.#len >= 2) {
      const tid = (b[0] << 8) | b[1];
      if (tid !== this.#expected) {
        throw garbled(`transaction id ${tid} in the header, ${this.#expected} expected`);
      }
    }
    if (this.#len >= 4 && (b[2] !== 0 || b[3] !== 0)) {
      throw garbled(`protocol id ${(b[2] << 8) | b[3]} in the header, 0 (Modbus) expected`);
    }
    if (this.#len < MBAP) return undefined;
    const length = (b[4] << 8) | b[5];
    // Unit id, function code and at least one byte more.
    if (length < 3 || length > MAX_ADU - MBAP) {
      throw garbled(`length ${length} in the header, 3..${MAX_ADU - MBAP} possible`);
    }
    if (this.#len < MBAP + length) return undefined;
    const answer = new Uint8Array(length + 2);
    answer.set(b.subarray(MBAP, MBAP + length));
    const crc = crc16(answer, 0, length);
    answer[length] = crc & 0xff;
    answer[length + 1] = crc >> 8;
    this.#expected = -1;
    this.#len = 0;
    this.#received = 0;
    return answer;
  }
}
