import assert from "node:assert/strict";
import type { Twin } from "../twins/twin.ts";
import { type AlarmForHub, SseHub, type SseHubOptions } from "./sse_hub.ts";
import { takeSseFrames } from "../tests/sse_frames.ts";

/** A twin as the hub sees it: id, kind and its JSON. */
class PlainTwin {
  version = 0;
  value = 0;
  readonly def: { kind: string };
  constructor(readonly id: string, kind: string) {
    this.def = { kind };
  }
  json(): string {
    return JSON.stringify({ id: this.id, kind: this.def.kind, value: this.value });
  }
  /** Two points, the first a key point, for the point filter. */
  pointSpecs(): [string, { key?: boolean }][] {
    return [["level", { key: true }], ["spare", {}]];
  }
  view() {
    return {
      id: this.id,
      kind: this.def.kind,
      points: { level: { value: this.value }, spare: { value: 100 - this.value } },
    };
  }
}

function setup(opts: SseHubOptions = {}) {
  const twins = new Map<string, PlainTwin>([
    ["p-1", new PlainTwin("p-1", "pump")],
    ["p-2", new PlainTwin("p-2", "pump")],
    ["w-1", new PlainTwin("w-1", "well")],
  ]);
  const listeners = new Set<(t: Twin) => void>();
  const setListeners = new Set<() => void>();
  const stepListeners = new Set<(now: number) => void>();
  let now = 1_000;
  let alarms: (AlarmForHub & { id: string; state: string })[] = [];
  const hub = new SseHub({
    twins: twins as unknown as ReadonlyMap<string, Twin>,
    onChange(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    clock: { now: () => now },
    onTwinsChanged(l) {
      setListeners.add(l);
      return () => setListeners.delete(l);
    },
    onStep(l) {
      stepListeners.add(l);
      return () => stepListeners.delete(l);
    },
  }, { alarms: () => alarms, ...opts });
  const change = (id: string, value: number) => {
    const t = twins.get(id)!;
    t.value = value;
    t.version++;
    for (const l of listeners) l(t as unknown as Twin);
  };
  /** Take a twin out of the plant, as a reconfiguration does. */
  const remove = (id: string) => {
    twins.delete(id);
    for (const l of setListeners) l();
  };
  return {
    hub,
    change,
    remove,
    /** The end of a plant step, as the runtime announces it. */
    endStep: () => {
      for (const l of stepListeners) l(now);
    },
    /** A client reading raw chunks by hand. */
    openRaw(ids: string[]) {
      const reader = hub.connect({ ids: new Set(ids) }).body!.getReader();
      return {
        /** The next chunk. */
        async next(): Promise<Uint8Array> {
          const { value, done } = await reader.read();
          if (done) throw new Error("stream ended");
          return value;
        },
        cancel: () => reader.cancel(),
      };
    },
    setNow: (ms: number) => (now = ms),
    setAlarms: (a: typeof alarms) => (alarms = a),
    /** A client reading by hand. */
    open(filter: { ids?: string[]; kinds?: string[]; alarms?: "all"; points?: string[] } = {}) {
      const res = hub.connect({
        ids: filter.ids && new Set(filter.ids),
        kinds: filter.kinds && new Set(filter.kinds),
        alarms: filter.alarms,
        points: filter.points && new Set(filter.points),
      });
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
      const frames: { event: string; data: unknown }[] = [];
      let buffer = "";
      return {
        frames,
        events: () => frames.map((f) => f.event),
        /** Read until `until` holds (waiting on the stream, never on a timer). */
        async read(until: () => boolean) {
          while (!until()) {
            const { value, done } = await reader.read();
            if (done) throw new Error("stream ended");
            buffer = takeSseFrames(buffer + value, frames);
          }
        },
        cancel: () => reader.cancel(),
      };
    },
  };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

Deno.test("connect: snapshot, the annunciated alarms of the filter's twins, then the clock", async () => {
  const t = setup();
  t.setAlarms([
    { id: "p-1/vib_h", twin: "p-1", state: "unacknowledged" },
    { id: "w-1/load_h", twin: "w-1", state: "acknowledged" },
  ]);
  const all = t.open();
  const pumps = t.open({ kinds: ["pump"] });
  try {
    await all.read(() => all.frames.length >= 3);
    await pumps.read(() => pumps.frames.length >= 3);
    assert.deepEqual(all.events(), ["snapshot", "alarms", "clock"]);
    assert.equal((all.frames[0].data as unknown[]).length, 3);
    assert.equal((all.frames[1].data as unknown[]).length, 2);
    assert.deepEqual(all.frames[2].data, { now: 1_000 });
    assert.deepEqual((pumps.frames[0].data as { id: string }[]).map((x) => x.id), ["p-1", "p-2"]);
    assert.deepEqual((pumps.frames[1].data as { id: string }[]).map((x) => x.id), ["p-1/vib_h"]);
  } finally {
    await all.cancel();
    await pumps.cancel();
    t.hub.close();
  }
});

Deno.test("alarms: all: one twin's state with the plant's alarms, list and events", async () => {
  const t = setup();
  t.setAlarms([
    { id: "p-1/vib_h", twin: "p-1", state: "unacknowledged" },
    { id: "w-1/load_h", twin: "w-1", state: "acknowledged" },
  ]);
  const one = t.open({ ids: ["p-2"], alarms: "all" });
  const plain = t.open({ ids: ["p-2"] });
  try {
    await one.read(() => one.frames.length >= 3);
    await plain.read(() => plain.frames.length >= 3);
    assert.deepEqual((one.frames[0].data as { id: string }[]).map((x) => x.id), ["p-2"]);
    assert.deepEqual((one.frames[1].data as { id: string }[]).map((x) => x.id), [
      "p-1/vib_h",
      "w-1/load_h",
    ]);
    assert.deepEqual(plain.frames[1].data, [], "without it, the twins' own alarms only");
    t.change("w-1", 3);
    t.hub.publish("alarm", { alarm: { id: "w-1/load_h", state: "normal" } }, "w-1");
    t.hub.publish("command", { id: 1, twin: "w-1" }, "w-1");
    t.change("p-2", 4);
    await one.read(() => one.events().includes("twins"));
    assert.deepEqual(one.events().slice(3), ["alarm", "twins"], "no other twin's state or command");
    assert.deepEqual(one.frames[4].data, [{ id: "p-2", kind: "pump", value: 4 }]);
    await plain.read(() => plain.events().includes("twins"));
    assert.deepEqual(plain.events().slice(3), ["twins"]);
  } finally {
    await one.cancel();
    await plain.cancel();
    t.hub.close();
  }
});

Deno.test("points: only the points asked for, key standing for the kind's key points", async () => {
  const t = setup();
  const keyOnly = t.open({ points: ["key"] });
  const spare = t.open({ ids: ["p-1"], points: ["spare"] });
  try {
    await keyOnly.read(() => keyOnly.frames.length >= 3);
    await spare.read(() => spare.frames.length >= 3);
    const snap = keyOnly.frames[0].data as { id: string; points: Record<string, unknown> }[];
    assert.deepEqual(snap.map((x) => x.id), ["p-1", "p-2", "w-1"]);
    assert.deepEqual(snap[0].points, { level: { value: 0 } });
    assert.deepEqual(spare.frames[0].data, [
      { id: "p-1", kind: "pump", points: { spare: { value: 100 } } },
    ]);
    t.change("p-1", 7);
    await keyOnly.read(() => keyOnly.events().includes("twins"));
    await spare.read(() => spare.events().includes("twins"));
    assert.deepEqual(keyOnly.frames.at(-1)!.data, [
      { id: "p-1", kind: "pump", points: { level: { value: 7 } } },
    ]);
    assert.deepEqual(spare.frames.at(-1)!.data, [
      { id: "p-1", kind: "pump", points: { spare: { value: 93 } } },
    ]);
  } finally {
    await keyOnly.cancel();
    await spare.cancel();
    t.hub.close();
  }
});

Deno.test("clients of one filter share a frame; each filter sees only its twins and events", async () => {
  const t = setup();
  const a = t.open({ ids: ["p-1"] }), b = t.open({ ids: ["p-1"] }), w = t.open({ kinds: ["well"] });
  try {
    for (const c of [a, b, w]) await c.read(() => c.frames.length >= 3);
    const chunks0 = t.hub.framesSent;
    t.change("p-1", 5);
    t.change("p-2", 6);
    t.hub.publish("alarm", { alarm: { id: "p-1/vib_h", state: "unacknowledged" } }, "p-1");
    t.hub.publish("command", { id: 1, twin: "w-1" }, "w-1");
    await a.read(() => a.events().includes("twins"));
    await b.read(() => b.events().includes("twins"));
    await w.read(() => w.events().includes("command"));
    assert.deepEqual(a.events().slice(3), ["alarm", "twins"], "events first, then the twins");
    assert.deepEqual(a.frames[4].data, [{ id: "p-1", kind: "pump", value: 5 }]);
    assert.deepEqual(b.frames.slice(3), a.frames.slice(3));
    assert.deepEqual(w.events().slice(3), ["command"]);
    assert.equal(t.hub.framesSent - chunks0, 3, "one chunk per client for the whole tick");
  } finally {
    for (const c of [a, b, w]) await c.cancel();
    t.hub.close();
  }
});

Deno.test("the clock goes to every client about once a period", async () => {
  const t = setup({ clockMs: 10 });
  const c = t.open({ ids: ["w-1"] });
  try {
    await c.read(() => c.frames.length >= 3);
    t.setNow(61_000);
    await c.read(() => c.frames.some((f) => (f.data as { now?: number }).now === 61_000));
    assert.ok(c.events().slice(3).every((e) => e === "clock"));
  } finally {
    await c.cancel();
    t.hub.close();
  }
});

Deno.test("a slow client gets its backlog in order and each twin's latest state once", async () => {
  const t = setup({ highWaterBytes: 64, maxBacklogFrames: 50 });
  const c = t.open({ kinds: ["pump"] });
  try {
    // The connect frames fill its 64-byte queue: from here it is behind until it reads.
    for (let k = 1; k <= 20; k++) {
      t.change("p-1", k);
      t.hub.publish("alarm", { seq: k }, "p-1");
      await tick();
    }
    await c.read(() => c.frames.filter((f) => f.event === "alarm").length === 20);
    await c.read(() => c.frames.some((f) => JSON.stringify(f.data).includes('"value":20')));
    const alarmSeqs = c.frames.filter((f) => f.event === "alarm").map((f) =>
      (f.data as { seq: number }).seq
    );
    assert.deepEqual(alarmSeqs, Array.from({ length: 20 }, (_, i) => i + 1));
    const p1 = c.frames.filter((f) => f.event === "twins").flatMap((f) =>
      (f.data as { id: string; value: number }[]).filter((x) => x.id === "p-1")
    );
    assert.ok(p1.length < 20, `coalesced: ${p1.length} twin frames for 20 changes`);
    assert.equal(p1.at(-1)!.value, 20);
    assert.ok(!c.events().includes("resync"));
  } finally {
    await c.cancel();
    t.hub.close();
  }
});

Deno.test("a client past its backlog gets resync and a fresh snapshot, never a silent gap", async () => {
  const t = setup({ highWaterBytes: 64, maxBacklogFrames: 10 });
  const c = t.open();
  try {
    for (let k = 1; k <= 30; k++) {
      t.hub.publish("alarm", { seq: k }, "p-1");
      await tick();
    }
    // The state the snapshot must carry: what the dropped events led to.
    t.setAlarms([{ id: "p-1/vib_h", twin: "p-1", state: "returned_unacknowledged" }]);
    t.hub.publish("alarm", { seq: 31 }, "p-1");
    await tick();
    const resynced = () => {
      const at = c.events().indexOf("resync");
      return at >= 0 && c.events().length >= at + 4;
    };
    await c.read(resynced);
    const at = c.events().indexOf("resync");
    assert.deepEqual(c.events().slice(0, 3), ["snapshot", "alarms", "clock"]);
    assert.deepEqual(c.events().slice(at, at + 4), ["resync", "snapshot", "alarms", "clock"]);
    assert.deepEqual(c.frames[at + 2].data, [
      { id: "p-1/vib_h", twin: "p-1", state: "returned_unacknowledged" },
    ]);
    // Before the gap: events in order from the first; the gap is counted, not silent.
    const before = c.frames.slice(0, at).filter((f) => f.event === "alarm").map((f) =>
      (f.data as { seq: number }).seq
    );
    assert.deepEqual(before, before.map((_, i) => i + 1));
    const { reason, dropped } = c.frames[at].data as { reason: string; dropped: number };
    assert.equal(reason, "overflow");
    assert.ok(dropped > 10);
    assert.equal(before.length + dropped, 31, "every event is either sent or counted as dropped");
    assert.equal(t.hub.resyncs, 1);
    // After it, events continue; the ones the snapshot covers are not sent again.
    t.hub.publish("alarm", { seq: 32 }, "p-1");
    await c.read(() => c.frames.some((f) => (f.data as { seq?: number }).seq === 32));
    const after = c.frames.slice(at).filter((f) => f.event === "alarm").map((f) =>
      (f.data as { seq: number }).seq
    );
    assert.deepEqual(after, [32]);
  } finally {
    await c.cancel();
    t.hub.close();
  }
});

Deno.test("more events in one tick than any client may owe resyncs the whole group", async () => {
  const t = setup({ maxBacklogFrames: 5 });
  const a = t.open({ ids: ["p-1"] }), b = t.open({ ids: ["p-2"] });
  try {
    await a.read(() => a.frames.length >= 3);
    await b.read(() => b.frames.length >= 3);
    for (let k = 1; k <= 8; k++) t.hub.publish("alarm", { seq: k }, "p-1");
    t.hub.publish("alarm", { seq: 1 }, "p-2");
    await a.read(() => a.events().includes("clock") && a.events().lastIndexOf("clock") > 2);
    await b.read(() => b.events().includes("alarm"));
    assert.deepEqual(a.events().slice(3), ["resync", "snapshot", "alarms", "clock"]);
    assert.deepEqual(a.frames[3].data, { reason: "overflow", dropped: 8 });
    assert.deepEqual(b.events().slice(3), ["alarm"], "another group is not disturbed");
  } finally {
    await a.cancel();
    await b.cancel();
    t.hub.close();
  }
});

Deno.test("a client that connects mid-tick does not get the tick's earlier events twice", async () => {
  const t = setup();
  const early = t.open({ ids: ["p-1"] });
  try {
    await early.read(() => early.frames.length >= 3);
    t.hub.publish("alarm", { seq: 1 }, "p-1"); // before the late client: in its snapshot
    const late = t.open({ ids: ["p-1"] });
    t.hub.publish("alarm", { seq: 2 }, "p-1");
    await early.read(() => early.frames.filter((f) => f.event === "alarm").length === 2);
    await late.read(() => late.events().includes("alarm"));
    const seqs = late.frames.filter((f) => f.event === "alarm").map((f) =>
      (f.data as { seq: number }).seq
    );
    assert.deepEqual(seqs, [2]);
    await late.cancel();
  } finally {
    await early.cancel();
    t.hub.close();
  }
});

Deno.test("while twins change, the clock rides along with their frames instead of writes of its own", async () => {
  const t = setup({ clockMs: 40 });
  const c = t.open({ ids: ["p-1"] });
  try {
    await c.read(() => c.frames.length >= 3);
    const chunks0 = t.hub.framesSent;
    for (let k = 1; k <= 40; k++) {
      t.setNow(1_000 + 10 * k);
      t.change("p-1", k);
      await new Promise((r) => setTimeout(r, 10));
    }
    await c.read(() => c.frames.some((f) => JSON.stringify(f.data).includes('"value":40')));
    const twins = c.frames.filter((f) => f.event === "twins").length;
    const clocks = c.frames.slice(3).filter((f) => f.event === "clock").length;
    assert.equal(t.hub.framesSent - chunks0, twins, "every chunk carried a twin change");
    assert.ok(clocks >= 3, `the clock still came about once a period (${clocks} in ~400 ms)`);
  } finally {
    await c.cancel();
    t.hub.close();
  }
});

Deno.test("changes trickling in one by one are gathered: at most one write per client per interval", async () => {
  const t = setup({ minFlushIntervalMs: 50 });
  const c = t.open({ kinds: ["pump"] });
  try {
    await c.read(() => c.frames.length >= 3);
    const chunks0 = t.hub.framesSent;
    const t0 = performance.now();
    for (let k = 1; k <= 20; k++) {
      t.change(k % 2 ? "p-1" : "p-2", k);
      await tick(); // each change in a macrotask of its own, as device polls answer
    }
    await c.read(() => c.frames.some((f) => JSON.stringify(f.data).includes('"value":20')));
    const elapsed = performance.now() - t0;
    const writes = t.hub.framesSent - chunks0;
    assert.ok(
      writes <= Math.ceil(elapsed / 50) + 1,
      `${writes} writes in ${elapsed.toFixed(0)} ms, one per 50 ms at most`,
    );
    const last = c.frames.filter((f) => f.event === "twins").at(-1)!.data as { value: number }[];
    assert.ok(last.some((x) => x.value === 20), "the latest state arrives");
  } finally {
    await c.cancel();
    t.hub.close();
  }
});

Deno.test("twins leaving the plant: every client gets its state again, and their last alarm events", async () => {
  const t = setup();
  t.setAlarms([{ id: "p-2/vib_h", twin: "p-2", state: "unacknowledged" }]);
  const all = t.open(), p2 = t.open({ ids: ["p-2"] }), wells = t.open({ kinds: ["well"] });
  try {
    for (const c of [all, p2, wells]) await c.read(() => c.frames.length >= 3);
    t.remove("p-2");
    t.setAlarms([]);
    // The alarm engine retires the twin's alarms after it left.
    t.hub.publish("alarm", { alarm: { id: "p-2/vib_h", state: "normal" }, removed: true }, "p-2");
    const resynced = (c: typeof all) => () => c.events().lastIndexOf("clock") > 3;
    for (const c of [all, p2, wells]) await c.read(resynced(c));
    for (const c of [all, p2, wells]) {
      assert.deepEqual(c.events().slice(3), ["resync", "snapshot", "alarms", "clock"]);
      assert.equal((c.frames[3].data as { reason: string }).reason, "twins_changed");
    }
    assert.deepEqual((all.frames[4].data as { id: string }[]).map((x) => x.id), ["p-1", "w-1"]);
    assert.deepEqual(all.frames[5].data, [], "the retired alarm is gone from the list");
    assert.deepEqual(p2.frames[4].data, []);
    // The next event for the gone twin (if any) reaches who could have watched it.
    t.hub.publish("alarm", { alarm: { id: "p-2/vib_h" }, removed: true, seq: 2 }, "p-2");
    await all.read(() => all.events().includes("alarm"));
    await p2.read(() => p2.events().includes("alarm"));
    t.change("w-1", 9);
    await wells.read(() => wells.events().includes("twins"));
    assert.ok(!wells.events().includes("alarm"), "a kind filter cannot tell: it is left out");
  } finally {
    for (const c of [all, p2, wells]) await c.cancel();
    t.hub.close();
  }
});

Deno.test("clients of one filter get the very same chunk; another filter gets its own, with only its twins", async () => {
  const t = setup();
  const a = t.openRaw(["p-1"]), b = t.openRaw(["p-1"]), both = t.openRaw(["p-1", "p-2"]);
  try {
    for (const c of [a, b, both]) await c.next(); // the snapshot
    t.change("p-1", 5);
    t.change("p-2", 6);
    const [fa, fb, fboth] = [await a.next(), await b.next(), await both.next()];
    assert.equal(fa, fb, "one chunk, written to both");
    const text = (x: Uint8Array) => new TextDecoder().decode(x);
    assert.equal(text(fa), 'event: twins\ndata: [{"id":"p-1","kind":"pump","value":5}]\n\n');
    assert.equal(
      text(fboth),
      'event: twins\ndata: [{"id":"p-1","kind":"pump","value":5},{"id":"p-2","kind":"pump","value":6}]\n\n',
      "another filter: its own frame with only its twins",
    );
  } finally {
    for (const c of [a, b, both]) await c.cancel();
    t.hub.close();
  }
});

Deno.test("a step's changes go out when the step ends, not a timer later", async () => {
  // No clock frame of its own, and no least interval, may hold the step's flush back.
  const t = setup({ clockMs: 600_000, minFlushIntervalMs: 0 });
  const c = t.open({ ids: ["p-1"] });
  try {
    await c.read(() => c.frames.length >= 3);
    const chunks0 = t.hub.framesSent;
    t.change("p-1", 3);
    t.hub.publish("alarm", { alarm: { id: "p-1/vib_h" } }, "p-1");
    assert.equal(t.hub.framesSent, chunks0, "nothing before the step ends");
    t.endStep();
    assert.equal(t.hub.framesSent, chunks0 + 1, "written at the end of the step, in one chunk");
    await c.read(() => c.events().includes("twins"));
    assert.deepEqual(c.events().slice(3), ["alarm", "twins"]);
    // The timer set for the step's changes was cancelled: no second write.
    await tick();
    await tick();
    assert.equal(t.hub.framesSent, chunks0 + 1);
  } finally {
    await c.cancel();
    t.hub.close();
  }
});

Deno.test("a client that does not read holds up no other client of its filter", async () => {
  const t = setup({ highWaterBytes: 256 });
  const stalled = t.openRaw(["p-1"]); // never read until the end
  const live = t.open({ ids: ["p-1"] });
  const value = (k: number) => (f: { event: string; data: unknown }) =>
    f.event === "twins" && (f.data as { value: number }[])[0].value === k;
  try {
    await live.read(() => live.frames.length >= 3);
    for (let k = 1; k <= 30; k++) {
      t.change("p-1", k);
      t.endStep();
      await live.read(() => live.frames.some(value(k)));
    }
    assert.equal(live.frames.filter((f) => f.event === "twins").length, 30, "every step");
    // The stalled one owes only the latest state of its twin when it reads again.
    const text = new TextDecoder();
    let got = "";
    while (!got.includes('"value":30')) got += text.decode(await stalled.next());
    const owed = got.split("event: twins").length - 1;
    assert.ok(owed < 30, `coalesced: ${owed} twin frames for 30 steps`);
  } finally {
    await stalled.cancel();
    await live.cancel();
    t.hub.close();
  }
});
