import assert from "node:assert/strict";
import type { PointValue, Quality } from "../twins/point.ts";
import {
  compileOffer,
  type MinuteSink,
  type PointToRecord,
  RecordedPoints,
} from "./recorded_points.ts";
import { DEFAULT_POLICY, type RecordingPolicy } from "./recording_policy.ts";
import { SampleQueue } from "./sample_queue.ts";

const T0 = Date.UTC(2026, 0, 1);
const MIN = 60_000;

/** Minute aggregates as a sink receives them, merged by minute. */
class Minutes implements MinuteSink {
  readonly by = new Map<
    number,
    {
      count: number;
      num: number;
      min: number;
      max: number;
      sum: number;
      last: PointValue;
      lastTs: number;
    }
  >();
  add(
    start: number,
    count: number,
    num: number,
    min: number,
    max: number,
    sum: number,
    last: PointValue,
    lastTs: number,
  ): void {
    const m = this.by.get(start);
    if (!m) {
      this.by.set(start, { count, num, min, max, sum, last, lastTs });
      return;
    }
    if (num > 0) {
      m.min = m.num > 0 ? Math.min(m.min, min) : min;
      m.max = m.num > 0 ? Math.max(m.max, max) : max;
    }
    m.count += count;
    m.num += num;
    m.sum += sum;
    if (lastTs >= m.lastTs) {
      m.last = last;
      m.lastTs = lastTs;
    }
  }
}

/** One point under `policy`, its stored samples and its minutes. */
function point(policy: Partial<RecordingPolicy> = {}) {
  const minutes = new Minutes();
  const spec: PointToRecord = {
    name: "x",
    unit: "",
    policy: { ...DEFAULT_POLICY, ...policy },
    rollups: minutes,
  };
  const points = new RecordedPoints("t", [spec]);
  const out = new SampleQueue();
  return {
    points,
    minutes,
    offer(value: PointValue, ts: number, quality: Quality = "good") {
      points.sample(0, value, quality, ts, out);
    },
    /** Stored samples as [seconds after T0, value, quality]. */
    stored(): [number, PointValue, Quality][] {
      return out.samples(0, out.length).map((s) => [(s.ts - T0) / 1000, s.value, s.quality]);
    },
  };
}

/** Offer `values`, one a second from T0 + 1 s. */
function run(p: ReturnType<typeof point>, values: PointValue[]) {
  values.forEach((v, i) => p.offer(v, T0 + (i + 1) * 1000));
}

Deno.test("a number is stored when it leaves the deadband around the last stored value", () => {
  // 0.5 % of 100 is 0.5: 100.4 stays inside, 100.6 leaves; then the band is around 100.6.
  const p = point({ deadband: 0, deadbandPct: 0.5 });
  run(p, [100, 100.2, 100.4, 100.6, 100.9, 101, 101.2]);
  assert.deepEqual(p.stored(), [
    [1, 100, "good"],
    [3, 100.4, "good"], // the sample before the excursion, so the step is drawn where it was
    [4, 100.6, "good"],
    [6, 101, "good"],
    [7, 101.2, "good"],
  ]);
});

Deno.test("the absolute deadband is the floor of the percent band near zero", () => {
  const p = point({ deadband: 0.01, deadbandPct: 0.5 });
  // Around 0 the percent band is nothing; the floor keeps flicker out.
  run(p, [0, 1e-15, -3e-12, 0.005, 0.02, 0.021]);
  assert.deepEqual(p.stored().map(([t]) => t), [1, 4, 5]);
});

Deno.test("the previous sample is kept only when it was not stored and lies after the last stored one", () => {
  const p = point({ deadband: 1, deadbandPct: 0 });
  // Two jumps in a row: the second's previous sample is the stored first jump.
  run(p, [0, 5, 10, 10.5, 10.2, 20]);
  assert.deepEqual(p.stored(), [
    [1, 0, "good"],
    [2, 5, "good"],
    [3, 10, "good"],
    [5, 10.2, "good"],
    [6, 20, "good"],
  ]);
});

Deno.test("a value that holds still is stored at every heartbeat", () => {
  const p = point({ maxIntervalMs: 10_000 });
  run(p, Array(35).fill(42));
  assert.deepEqual(p.stored().map(([t]) => t), [1, 11, 21, 31]);
});

Deno.test("max_interval 0 stores every sample, and an unchanged sample at the same time is not stored twice", () => {
  const p = point({ maxIntervalMs: 0 });
  run(p, [1, 1, 1]);
  p.offer(1, T0 + 3000); // the same sample again (a twin touched without a new sample)
  assert.deepEqual(p.stored().map(([t]) => t), [1, 2, 3]);
});

Deno.test("a quality change is stored at once, even inside the deadband and the least interval", () => {
  const p = point({ deadband: 10, minIntervalMs: 60_000 });
  p.offer(5, T0 + 1000);
  p.offer(5.1, T0 + 2000);
  p.offer(5.2, T0 + 3000, "uncertain");
  p.offer(5.2, T0 + 4000, "uncertain");
  // Gone bad without a new sample: the same time, stored again with its new quality.
  p.offer(5.2, T0 + 4000, "bad");
  p.offer(5.3, T0 + 5000);
  // (The good sample before the change is not kept: it came within the least interval.)
  assert.deepEqual(p.stored(), [
    [1, 5, "good"],
    [3, 5.2, "uncertain"],
    [4, 5.2, "bad"],
    [5, 5.3, "good"],
  ]);
});

Deno.test("min_interval holds value changes back; the heartbeat still comes", () => {
  const p = point({ deadband: 0, deadbandPct: 0, minIntervalMs: 5_000, maxIntervalMs: 20_000 });
  run(p, Array.from({ length: 25 }, (_, i) => i));
  // Every second is a change; one is kept each 5 s (the one before it came too soon).
  assert.deepEqual(p.stored().map(([t]) => t), [1, 6, 11, 16, 21]);
  const q = point({ deadband: 0, deadbandPct: 0, minIntervalMs: 5_000, maxIntervalMs: 3_000 });
  run(q, Array(7).fill(1));
  assert.deepEqual(q.stored().map(([t]) => t), [1, 4, 7]);
});

Deno.test("booleans and strings are stored when they change; NaN and infinities are changes too", () => {
  const b = point();
  run(b, [false, false, true, true, false]);
  assert.deepEqual(b.stored().map(([t, v]) => [t, v]), [[1, false], [3, true], [5, false]]);
  const s = point();
  run(s, ["auto", "auto", "manual"]);
  assert.deepEqual(s.stored().map(([t]) => t), [1, 3]);
  const n = point();
  run(n, [1, NaN, NaN, Infinity, Infinity, 1, 1]);
  // NaN after NaN is no change; each change also keeps the sample before it.
  assert.deepEqual(n.stored().map(([t, v]) => [t, v]), [
    [1, 1],
    [2, NaN],
    [3, NaN],
    [4, Infinity],
    [5, Infinity],
    [6, 1],
  ]);
});

Deno.test("a late sample is stored and counted in its own minute; nothing else moves", () => {
  const p = point({ maxIntervalMs: 600_000 });
  run(p, [1, 1, 1]);
  p.offer(7, T0 - MIN + 5000); // a minute before anything else
  p.offer(1, T0 + 4000);
  p.points.flushMinutes();
  assert.deepEqual(p.stored().map(([t, v]) => [t, v]), [[1, 1], [-55, 7]]);
  assert.deepEqual(p.minutes.by.get(T0 - MIN)?.count, 1);
  assert.deepEqual(p.minutes.by.get(T0)?.count, 4);
});

Deno.test("rollups count every sample, stored or not, and leave bad ones out", () => {
  const p = point();
  // A noisy walk over five minutes at 1 s, with a stretch of bad samples.
  let x = 50;
  let seed = 7;
  const all: [number, number, Quality][] = [];
  for (let i = 1; i <= 300; i++) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    x += (seed / 2 ** 31 - 0.5) * 0.2;
    const q: Quality = i > 100 && i <= 110 ? "bad" : "good";
    all.push([T0 + i * 1000, x, q]);
    p.offer(x, T0 + i * 1000, q);
  }
  p.points.flushMinutes();
  assert.ok(p.stored().length < 60, `stored ${p.stored().length} of 300`);
  for (let m = 0; m < 6; m++) {
    const start = T0 + m * MIN;
    const xs = all.filter(([t, , q]) => t >= start && t < start + MIN && q !== "bad");
    const got = p.minutes.by.get(start);
    if (xs.length === 0) {
      assert.equal(got, undefined);
      continue;
    }
    const vs = xs.map(([, v]) => v);
    assert.equal(got!.count, xs.length);
    assert.equal(got!.min, Math.min(...vs));
    assert.equal(got!.max, Math.max(...vs));
    assert.equal(got!.last, vs.at(-1));
    assert.ok(Math.abs(got!.sum - vs.reduce((a, b) => a + b, 0)) < 1e-9);
  }
});

Deno.test("a flush hands the open minute on in parts that add up", () => {
  const p = point();
  run(p, [1, 2, 3]);
  p.points.flushMinutes();
  p.offer(4, T0 + 10_000);
  p.offer(5, T0 + 20_000);
  p.points.flushMinutes();
  p.offer(6, T0 + 30_000);
  p.offer(7, T0 + 61_000); // the next minute: the first one is handed on whole
  const m = p.minutes.by.get(T0)!;
  assert.deepEqual(m, { count: 6, num: 6, min: 1, max: 6, sum: 21, last: 6, lastTs: T0 + 30_000 });
  assert.equal(p.minutes.by.has(T0 + MIN), false);
});

Deno.test("the generated offer decides exactly as sample() does", () => {
  // Two copies of a twin with several kinds of points, fed the same values.
  const names = ["a", "b", "c", "d", "e"];
  const specs = (sinks: Minutes[]): PointToRecord[] =>
    names.map((name, i) => ({
      name,
      unit: "",
      policy: { ...DEFAULT_POLICY, deadband: i * 0.1, maxIntervalMs: 30_000 },
      rollups: sinks[i],
    }));
  const minutesA = names.map(() => new Minutes());
  const minutesB = names.map(() => new Minutes());
  const direct = new RecordedPoints("t", specs(minutesA));
  const viaOffer = new RecordedPoints("t", specs(minutesB));
  const offer = compileOffer(names);
  const outA = new SampleQueue();
  const outB = new SampleQueue();
  let seed = 3;
  const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  for (let s = 1; s <= 500; s++) {
    const ts = T0 + s * 1000;
    const values: Record<string, PointValue> = {
      a: 10 + rnd(),
      b: rnd() < 0.05 ? NaN : 100 + rnd() * 2,
      c: rnd() < 0.5,
      d: s % 50 < 25 ? "run" : "stop",
      // Booleans that hold still for a while, and a value that is null at times.
      e: s % 40 < 10 ? null : s % 40 < 30,
    };
    const quality: Record<string, Quality> | undefined = s % 97 === 0
      ? { a: "uncertain" }
      : undefined;
    names.forEach((n, i) => direct.sample(i, values[n], quality?.[n] ?? "good", ts, outA));
    offer(values, quality, undefined, ts, viaOffer, outB);
  }
  assert.deepEqual(outB.samples(0, outB.length), outA.samples(0, outA.length));
  assert.equal(viaOffer.seen, direct.seen);
  direct.flushMinutes();
  viaOffer.flushMinutes();
  assert.deepEqual(minutesB.map((m) => m.by), minutesA.map((m) => m.by));
  const c = [...minutesA[2].by.values()][3];
  assert.ok(c.count === 60 && c.num === 60 && c.min === 0 && c.max === 1, JSON.stringify(c));
  assert.ok(outA.length > 50 && outA.length < 1500, `stored ${outA.length}`);
});

Deno.test("offers: twins fed by different sources get functions of their own, with different text", () => {
  const names = ["a", "b"];
  const sim = compileOffer(names, "simulator");
  const device = compileOffer(names, "modbus");
  assert.notEqual(device, sim);
  // Identical text would share what V8 learns about the tables it reads.
  assert.notEqual(device.toString(), sim.toString());
});
