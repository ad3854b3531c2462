/**
 * A slow SSE client during an alarm flood, over the real runtime and server
 * (tests/test_server.ts): a fetch reader stops reading while 200 pumps'
 * vibration alarms chatter for a few hundred steps, then resumes. Whatever
 * the server had to drop for it, the alarm states it rebuilds from the
 * stream (alarm lists and alarm events) must end equal to the server's,
 * and the gap must be announced with a `resync`, never silent.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./test_server.ts";
import { takeSseFrames } from "./sse_frames.ts";

const PUMPS = 200;

const plant = {
  name: "alarm-flood",
  twins: [{ id: "p-{i}", count: PUMPS, kind: "pump" }],
  alarms: {
    definitions: [{
      name: "vib",
      kind: "pump",
      priority: "high",
      // A running pump's vibration wanders around 1.8 mm/s with 3 % noise:
      // without a deadband this alarm chatters on every pump.
      condition: { type: "limit", point: "vibration", h: 1.8, deadband: 0 },
    }],
  },
};

type Frame = { event: string; data: unknown };
type AlarmLite = { id: string; state: string };

const ANNUNCIATED = new Set(["unacknowledged", "acknowledged", "returned_unacknowledged"]);

/** An SSE reader the test drives by hand: it reads only when asked to. */
async function openStream(url: string) {
  const res = await fetch(url);
  assert.equal(res.status, 200);
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  const frames: Frame[] = [];
  return {
    frames,
    /** Read whatever arrives until `until` holds or `ms` pass with nothing new. */
    async readUntil(until: () => boolean, ms = 20_000): Promise<void> {
      const deadline = Date.now() + ms;
      while (!until()) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`stream: condition not met within ${ms} ms`);
        let timer!: ReturnType<typeof setTimeout>;
        const next = await Promise.race([
          reader.read(),
          new Promise<"timeout">((r) => timer = setTimeout(() => r("timeout"), left)),
        ]);
        clearTimeout(timer);
        if (next === "timeout") continue;
        if (next.done) throw new Error("stream ended");
        buffer = takeSseFrames(buffer + next.value, frames);
      }
    },
    cancel: () => reader.cancel(),
  };
}

/** Annunciated alarm states rebuilt from frames the way the UI's alarm store does. */
function rebuild(frames: Frame[]): Map<string, string> {
  const states = new Map<string, string>();
  for (const f of frames) {
    if (f.event === "alarms") {
      states.clear();
      for (const a of f.data as AlarmLite[]) states.set(a.id, a.state);
    } else if (f.event === "alarm") {
      const a = (f.data as { alarm: AlarmLite }).alarm;
      if (ANNUNCIATED.has(a.state)) states.set(a.id, a.state);
      else states.delete(a.id);
    }
  }
  return states;
}

Deno.test({
  name:
    "SSE: a client that stops reading during an alarm flood ends with the server's alarm states",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const s = await startTestServer(plant, { virtual: true });
    const stream = await openStream(`${s.url}/api/stream`);
    try {
      await stream.readUntil(() => stream.frames.some((f) => f.event === "snapshot"));
      for (let i = 1; i <= PUMPS; i++) {
        s.runtime.commands.submit(`p-${i}`, { type: "start" }, "test");
      }
      // The flood, while the reader is paused: one step per macrotask, so the
      // hub writes as it would in real time until the client's buffers fill.
      const journal0 = s.alarms.engine.journal.total;
      for (let step = 0; step < 300; step++) {
        s.runtime.runFor(1_000);
        await new Promise((r) => setTimeout(r, 0));
      }
      const transitions = s.alarms.engine.journal.total - journal0;
      assert.ok(transitions > 5_000, `the flood: ${transitions} alarm transitions`);

      const server = () =>
        new Map(s.alarms.engine.list().map((a) => [a.id, a.state] as [string, string]));
      const same = () => {
        const mine = rebuild(stream.frames), theirs = server();
        return mine.size === theirs.size && [...theirs].every(([id, st]) => mine.get(id) === st);
      };
      // Resume: read until the rebuilt states match, or fail after 20 s of trying.
      await stream.readUntil(same).catch((e) => {
        const mine = rebuild(stream.frames), theirs = server();
        const wrong = [...new Set([...mine.keys(), ...theirs.keys()])]
          .filter((id) => mine.get(id) !== theirs.get(id)).slice(0, 5)
          .map((id) => `${id}: client ${mine.get(id)}, server ${theirs.get(id)}`);
        const got = stream.frames.filter((f) => f.event === "alarm").length;
        throw new Error(
          `${(e as Error).message}: ${got} of ${transitions} alarm events received; ${wrong}`,
        );
      });
      const resyncs = stream.frames.filter((f) => f.event === "resync");
      assert.ok(resyncs.length >= 1, "the gap was announced");
      const r = resyncs[0].data as { reason: string; dropped: number };
      assert.equal(r.reason, "overflow");
      assert.ok(r.dropped > 0, `it says how much was dropped (${r.dropped})`);
      // A resync is a snapshot of twins and alarms, in that order, then the clock.
      const at = stream.frames.indexOf(resyncs[0]);
      assert.deepEqual(
        stream.frames.slice(at, at + 4).map((f) => f.event),
        ["resync", "snapshot", "alarms", "clock"],
      );
      assert.equal((stream.frames[at + 1].data as unknown[]).length, PUMPS);
      assert.ok(s.app.hub.resyncs >= 1);
      const metrics = await (await fetch(`${s.url}/metrics`)).text();
      assert.match(metrics, /fieldtwin_sse_resyncs_total [1-9]/);
    } finally {
      await stream.cancel();
      await s.close();
    }
  },
});

const pump = (suffix: string) => ({
  suffix,
  curve: [
    { flow_lps: 0, head_m: 60 },
    { flow_lps: 50, head_m: 50 },
    { flow_lps: 100, head_m: 25 },
  ],
  initial_status: "running",
});
const station = (suffixes: string[]) => ({
  pumps: suffixes.map(pump),
  tank: { elevation_m: 20, diameter_m: 20, min_level_m: 0.5, max_level_m: 6, initial_level_m: 3 },
  mode: "manual",
});

Deno.test({
  name: "SSE: a reconfiguration that removes a pump with an active alarm resyncs every client",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const s = await startTestServer({
      name: "sse-twin-set",
      twins: [{ id: "station", kind: "pump_station", params: station(["p1", "p2"]) }],
      alarms: {
        definitions: [{
          name: "vibration",
          kind: "pump",
          priority: "medium",
          condition: { type: "limit", point: "vibration", h: 7.1, deadband: 0.3 },
        }],
      },
    }, { virtual: true });
    const stream = await openStream(`${s.url}/api/stream`);
    try {
      s.runtime.commands.submit("station-p2", {
        type: "inject_fault",
        args: { fault: "bearing_wear", severity: 1 },
      }, "test");
      s.runtime.runFor(10_000);
      assert.equal(s.alarms.engine.get("station-p2/vibration_h")?.state, "unacknowledged");
      await stream.readUntil(() => rebuild(stream.frames).has("station-p2/vibration_h"));

      const res = await fetch(`${s.url}/api/twins/station/params`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(station(["p1"])),
      });
      assert.equal(res.status, 200, await res.text());
      const resynced = () => {
        const at = stream.frames.findIndex((f) => f.event === "resync");
        return at >= 0 && stream.frames.length >= at + 3;
      };
      await stream.readUntil(resynced);
      const at = stream.frames.findIndex((f) => f.event === "resync");
      assert.equal((stream.frames[at].data as { reason: string }).reason, "twins_changed");
      const ids = (stream.frames[at + 1].data as { id: string }[]).map((t) => t.id);
      assert.deepEqual(ids.sort(), ["station", "station-p1"]);
      assert.deepEqual(rebuild(stream.frames), new Map(), "the removed pump's alarm is gone");
    } finally {
      await stream.cancel();
      await s.close();
    }
  },
});
