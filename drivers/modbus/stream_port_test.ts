import assert from "node:assert/strict";
import { crc16 } from "./crc16.ts";
import { RtuFramer } from "./rtu_framer.ts";
import { type ByteStream, StreamPort } from "./stream_port.ts";

/** A stream whose far end answers every request with `answer`, after `openMs` to open. */
function fakeLine(answer: Uint8Array) {
  const state = { opened: 0, closed: 0 };
  let pending: ((n: number | null) => void) | undefined;
  let target: Uint8Array | undefined;
  const make = (): ByteStream => ({
    read(p) {
      target = p;
      return new Promise((r) => pending = r);
    },
    write(p) {
      queueMicrotask(() => {
        target!.set(answer);
        pending?.(answer.length);
      });
      return Promise.resolve(p.length);
    },
    close() {
      state.closed++;
      pending?.(null);
    },
  });
  return { state, make };
}

function frame(bytes: number[]): Uint8Array {
  const crc = crc16(new Uint8Array(bytes));
  return new Uint8Array([...bytes, crc & 0xff, crc >> 8]);
}

Deno.test("the port emits the CRC-checked answer to the request it wrote", async () => {
  const answer = frame([1, 3, 2, 0x12, 0x34]);
  const line = fakeLine(answer);
  const port = new StreamPort({
    connect: () => Promise.resolve(line.make()),
    framer: new RtuFramer(),
    interFrameMs: 0,
  });
  await new Promise<void>((resolve, reject) => port.open((e) => e ? reject(e) : resolve()));
  const got = new Promise<Uint8Array>((resolve) => port.on("data", resolve));
  port.write(frame([1, 3, 0, 0, 0, 1]));
  assert.deepEqual([...await got], [...answer]);
  port.close();
  await port.closed;
  assert.equal(line.state.closed, 1);
});

Deno.test("a stream that opens after the port was given up on is closed at once", async () => {
  const line = fakeLine(new Uint8Array(0));
  let land!: () => void;
  const port = new StreamPort({
    connect: () => new Promise<ByteStream>((resolve) => land = () => resolve(line.make())),
    framer: new RtuFramer(),
    interFrameMs: 0,
  });
  const result = new Promise<Error | undefined>((resolve) => port.open(resolve));
  port.destroy(); // the connect timed out
  land();
  assert.match(String(await result), /closed while opening/);
  await port.closed;
  assert.equal(line.state.closed, 1, "no reader left behind on the line");
  assert.equal(port.isOpen, false);
});
