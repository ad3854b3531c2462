import assert from "node:assert/strict";
import { crc16 } from "./crc16.ts";

Deno.test("CRC-16/MODBUS matches the specification's worked examples", () => {
  // Read holding registers 0..9 of unit 1: the frame ends in C5 CD on the wire.
  assert.equal(crc16(new Uint8Array([0x01, 0x03, 0x00, 0x00, 0x00, 0x0a])), 0xcdc5);
  // The CRC check value of the ASCII string "123456789" for CRC-16/MODBUS is 0x4B37.
  assert.equal(crc16(new TextEncoder().encode("123456789")), 0x4b37);
});

Deno.test("a frame with its CRC appended (low byte first) checks to zero", () => {
  const frame = new Uint8Array([0x11, 0x06, 0x00, 0x01, 0x00, 0x03, 0, 0]);
  const crc = crc16(frame, 0, 6);
  frame[6] = crc & 0xff;
  frame[7] = crc >> 8;
  assert.equal(crc16(frame), 0);
});
