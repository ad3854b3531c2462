import assert from "node:assert/strict";
import type { HistoryWriter, PointSample } from "./history_store.ts";
import { type ForwardingWriter, teeWriter } from "./history_tee.ts";

const batch: PointSample[] = [
  { twin: "t", point: "x", ts: 1, value: 1, quality: "good" },
  { twin: "t", point: "x", ts: 2, value: 2, quality: "good" },
];

/** A writer that keeps what it is given, or throws while `refuse` is set. */
function keeper() {
  const got: PointSample[] = [];
  const lost: number[] = [];
  const w = {
    got,
    lost: (n: number) => lost.push(n),
    lostCounts: lost,
    refuse: false,
    write(samples: readonly PointSample[]) {
      if (w.refuse) throw new Error("disk full");
      got.push(...samples);
    },
    close() {},
  };
  return w;
}

Deno.test("tee: the primary first, then every sink; the primary's refusal reaches no sink", () => {
  const primary = keeper();
  const a = keeper();
  const b = keeper();
  const tee = teeWriter(primary, [a, b], () => {});
  tee.write(batch);
  assert.deepEqual([primary.got.length, a.got.length, b.got.length], [2, 2, 2]);
  primary.refuse = true;
  assert.throws(() => tee.write(batch), /disk full/, "the recorder must see it to retry");
  assert.deepEqual([primary.got.length, a.got.length, b.got.length], [2, 2, 2]);
});

Deno.test("tee: a sink's refusal is lost to that sink only, logged once per episode", () => {
  const primary = keeper();
  const a = keeper();
  const b = keeper();
  const logs: string[] = [];
  const tee = teeWriter(primary, [a, b], (m) => logs.push(m));
  a.refuse = true;
  tee.write(batch);
  tee.write(batch);
  assert.deepEqual([primary.got.length, a.got.length, b.got.length], [4, 0, 4]);
  assert.deepEqual(a.lostCounts, [2, 2]);
  assert.equal(logs.length, 1);
  assert.match(logs[0], /a sink refused 2 samples; they are lost to it: disk full/);
  a.refuse = false;
  tee.write(batch);
  assert.equal(a.got.length, 2);
  assert.match(logs[1], /takes samples again/);
});

Deno.test("tee: it has the primary's rollups, syncing and pruning, and only those it has", () => {
  const calls: string[] = [];
  const store: HistoryWriter & Record<string, unknown> = {
    write() {},
    close() {},
    rollupsOf(twin: string) {
      calls.push(`rollups ${twin}`);
      return "sink";
    },
    prune() {
      calls.push("prune");
      return 3;
    },
  };
  const tee = teeWriter(store, [keeper() as ForwardingWriter]) as unknown as Record<
    string,
    (...a: unknown[]) => unknown
  >;
  assert.equal(tee.rollupsOf("t", "x", ""), "sink");
  assert.equal(tee.prune({}), 3);
  assert.ok(!("syncToDisk" in tee));
  assert.deepEqual(calls, ["rollups t", "prune"]);
  const bare = teeWriter(undefined, [keeper()]);
  assert.ok(!("rollupsOf" in bare) && !("prune" in bare));
  bare.write(batch); // no primary: the sinks alone
});
