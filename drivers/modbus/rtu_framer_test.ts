import assert from "node:assert/strict";
import { crc16 } from "./crc16.ts";
import { expectedResponseLength, RtuFramer } from "./rtu_framer.ts";

function withCrc(bytes: number[]): Uint8Array {
  const crc = crc16(new Uint8Array(bytes));
  return new Uint8Array([...bytes, crc & 0xff, crc >> 8]);
}

const readHolding = withCrc([0x11, 0x03, 0x00, 0x6b, 0x00, 0x03]);
const answer = withCrc([0x11, 0x03, 0x06, 0x02, 0x2b, 0x00, 0x00, 0x00, 0x64]);

Deno.test("expected response lengths follow the request: 3 registers -> 11 bytes, 10 coils -> 7", () => {
  assert.equal(expectedResponseLength(readHolding), 11);
  assert.equal(expectedResponseLength(withCrc([1, 1, 0, 0, 0, 10])), 7);
  assert.equal(expectedResponseLength(withCrc([1, 6, 0, 1, 0, 3])), 8);
});

Deno.test("a response split over many reads is assembled once complete", () => {
  const f = new RtuFramer();
  f.expect(readHolding);
  for (let i = 0; i < answer.length - 1; i++) {
    assert.equal(f.push(answer.subarray(i, i + 1)), undefined);
  }
  assert.deepEqual(f.push(answer.subarray(answer.length - 1)), answer);
});

Deno.test("noise before the frame, including a fake header, is skipped by the CRC", () => {
  const f = new RtuFramer();
  f.expect(readHolding);
  // 0x11 0x03 looks like the start of the answer but is followed by garbage.
  const noise = new Uint8Array([0xff, 0x00, 0x11, 0x03, 0x06, 0x99, 0x11, 0x42]);
  const stream = new Uint8Array([...noise, ...answer]);
  assert.deepEqual(f.push(stream), answer);
  assert.equal(f.discarded, noise.length);
});

Deno.test("an exception response is 5 bytes and found after a false long candidate", () => {
  const f = new RtuFramer();
  f.expect(readHolding);
  const exception = withCrc([0x11, 0x83, 0x02]);
  // A fake full-length candidate that never completes must not hide the real answer.
  assert.deepEqual(f.push(new Uint8Array([0x11, 0x03, 0x00, ...exception])), exception);
});

Deno.test("bytes after a new request do not mix with the old response", () => {
  const f = new RtuFramer();
  f.expect(readHolding);
  f.push(answer.subarray(0, 5));
  f.expect(readHolding); // the old answer timed out; a retry was sent
  assert.equal(f.push(answer.subarray(5)), undefined);
  assert.deepEqual(f.push(answer), answer);
});
