import assert from "node:assert/strict";
import { PointBuffer } from "./point_buffer.ts";

const lines = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => `m v=${from + i} ${from + i}`);
const body = (chunks: readonly string[]) => chunks.join("\n").split("\n");

function withFile(fn: (path: string) => void) {
  const dir = Deno.makeTempDirSync();
  try {
    fn(`${dir}/p.influx-buffer.sqlite`);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
}

Deno.test("point buffer: oldest first, in batches of whole chunks, kept until confirmed", () =>
  withFile((path) => {
    const buf = new PointBuffer(path, { limitPoints: 100, chunkPoints: 4 });
    buf.append(lines(0, 10)); // chunks of 4, 4, 2
    buf.append(lines(10, 13)); // a chunk of 3
    assert.equal(buf.points, 13);
    const a = buf.peek(8)!;
    assert.deepEqual(body(a.chunks), lines(0, 8));
    assert.equal(a.points, 8);
    // A failed send keeps the batch first in line.
    buf.release(a);
    const again = buf.peek(5)!;
    assert.deepEqual(body(again.chunks), lines(0, 4), "whole chunks, at most 5 points");
    buf.release(again);
    assert.equal(buf.points, 13, "peek removes nothing");
    buf.close();

    // What was not confirmed is there after a restart, in order.
    const reopened = new PointBuffer(path, { limitPoints: 100, chunkPoints: 4 });
    assert.equal(reopened.points, 13);
    const b = reopened.peek(8)!;
    assert.deepEqual(body(b.chunks), lines(0, 8));
    reopened.remove(b);
    assert.equal(reopened.points, 5);
    const c = reopened.peek(100)!;
    assert.deepEqual(body(c.chunks), lines(8, 13));
    reopened.remove(c);
    assert.equal(reopened.points, 0);
    assert.equal(reopened.peek(100), undefined);
    reopened.close();
  }));

Deno.test("point buffer: past its limit it drops exactly the oldest points", () =>
  withFile((path) => {
    const buf = new PointBuffer(path, { limitPoints: 10, chunkPoints: 4 });
    assert.equal(buf.append(lines(0, 8)), 0);
    assert.equal(buf.append(lines(8, 13)), 3, "13 appended, 10 kept");
    assert.equal(buf.points, 10);
    const all = buf.peek(100)!;
    assert.deepEqual(body(all.chunks), lines(3, 13));
    assert.equal(all.points, 10);
    buf.close();
  }));

Deno.test("point buffer: a batch being sent is never dropped; the limit gives way by it", () =>
  withFile((path) => {
    const buf = new PointBuffer(path, { limitPoints: 8, chunkPoints: 4 });
    buf.append(lines(0, 8));
    const sending = buf.peek(4)!;
    assert.deepEqual(body(sending.chunks), lines(0, 4));
    assert.equal(buf.append(lines(8, 12)), 4, "points 4-7 go, not the ones in flight");
    buf.remove(sending);
    assert.equal(buf.points, 4);
    assert.deepEqual(body(buf.peek(100)!.chunks), lines(8, 12));
    buf.close();
  }));

Deno.test("point buffer: a limit below the batch size is refused; a closed buffer throws", () =>
  withFile((path) => {
    assert.throws(
      () => new PointBuffer(path, { limitPoints: 3, chunkPoints: 4 }),
      /buffer limit \(3\) must be at least the batch size \(4\)/,
    );
    const buf = new PointBuffer(path, { limitPoints: 4, chunkPoints: 4 });
    buf.close();
    assert.throws(() => buf.append(["m v=1 1"]), /closed/);
  }));
