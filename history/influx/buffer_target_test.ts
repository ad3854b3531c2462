import assert from "node:assert/strict";
import {
  claimBuffer,
  describeTarget,
  influxTarget,
  keptBufferPath,
  recordTarget,
} from "./buffer_target.ts";
import { PointBuffer } from "./point_buffer.ts";

const A = influxTarget({ url: "http://u:secret@a.example:8086/", org: "ops", bucket: "ft" });
const B = influxTarget({ url: "http://b.example:8428", org: "ops", bucket: "ft" });

function withDir(fn: (dir: string) => void) {
  const dir = Deno.makeTempDirSync();
  try {
    fn(dir);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
}

/** Open the buffer at `path` for `target` as the sink does, append `n` lines, close. */
function fill(path: string, target: ReturnType<typeof influxTarget>, n: number, log: string[]) {
  claimBuffer(path, target, (m) => log.push(m));
  const buf = new PointBuffer(path, { limitPoints: 1000, chunkPoints: 10 });
  recordTarget(buf, target);
  buf.append(Array.from({ length: n }, (_, i) => `m v=${i} ${i}`));
  buf.close();
}

function pointsIn(path: string): number {
  const buf = new PointBuffer(path, { limitPoints: 1000, chunkPoints: 10 });
  try {
    return buf.points;
  } finally {
    buf.close();
  }
}

Deno.test("buffer target: the URL loses its credentials and trailing slash", () => {
  assert.deepEqual(A, { url: "http://a.example:8086", org: "ops", bucket: "ft" });
  assert.equal(describeTarget(A), 'http://a.example:8086 (org "ops", bucket "ft")');
  assert.match(
    keptBufferPath("/d/p.influx-buffer.sqlite", A),
    /^\/d\/p\.influx-buffer\.a\.example_8086_ops_ft-[0-9a-f]{8}\.sqlite$/,
  );
  const otherBucket = influxTarget({ url: A.url, org: "ops", bucket: "f_t" });
  assert.notEqual(keptBufferPath("p.sqlite", A), keptBufferPath("p.sqlite", otherBucket));
});

Deno.test("buffer target: another target's points are kept aside, then come back with their target", () =>
  withDir((dir) => {
    const path = `${dir}/p.influx-buffer.sqlite`;
    const log: string[] = [];
    fill(path, A, 25, log);
    assert.equal(log.length, 0, log.join("\n"));

    // Start with B: A's 25 points leave the buffer file, named in one line.
    fill(path, B, 7, log);
    const keptA = keptBufferPath(path, A);
    assert.equal(log.length, 1);
    assert.equal(
      log[0],
      `influx: 25 points buffered for http://a.example:8086 (org "ops", bucket "ft") are not ` +
        `sent to the new target http://b.example:8428 (org "ops", bucket "ft"); kept in ${keptA} ` +
        `(start with the old target to send them, delete the file to drop them)`,
    );
    assert.equal(pointsIn(keptA), 25);
    assert.equal(pointsIn(path), 7, "the buffer holds only B's points");

    // Back to A: B's 7 points are kept for B, A's 25 are the buffer again.
    log.length = 0;
    const kept = claimBuffer(path, A, (m) => log.push(m));
    assert.equal(kept, keptBufferPath(path, B));
    assert.equal(pointsIn(path), 25);
    assert.equal(pointsIn(keptBufferPath(path, B)), 7);
    assert.throws(() => Deno.statSync(keptA), Deno.errors.NotFound);
    assert.equal(log.length, 2, log.join("\n"));
    assert.match(log[1], /points kept for http:\/\/a\.example:8086 .* are sent again/);

    // Every later start names what still waits for another target.
    log.length = 0;
    assert.equal(claimBuffer(path, A, (m) => log.push(m)), undefined);
    assert.deepEqual(log, [
      `influx: 7 points for http://b.example:8428 (org "ops", bucket "ft") still wait in ` +
      `${keptBufferPath(path, B)} (start with that target to send them, delete the file to ` +
      `drop them)`,
    ]);
  }));

Deno.test("buffer target: an empty buffer of another target is dropped; an unrecorded one is adopted", () =>
  withDir((dir) => {
    const path = `${dir}/p.influx-buffer.sqlite`;
    const log: string[] = [];
    fill(path, A, 0, log);
    assert.equal(claimBuffer(path, B, (m) => log.push(m)), undefined);
    assert.equal(log.length, 0, log.join("\n"));
    assert.throws(() => Deno.statSync(path), Deno.errors.NotFound);

    // A file from before targets were recorded keeps being sent where the plant points.
    const old = new PointBuffer(path, { limitPoints: 100, chunkPoints: 10 });
    old.append(["m v=1 1"]);
    old.close();
    assert.equal(claimBuffer(path, B, (m) => log.push(m)), undefined);
    assert.equal(pointsIn(path), 1);
    assert.equal(log.length, 0, log.join("\n"));
  }));
