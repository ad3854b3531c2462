import assert from "node:assert/strict";
import { join } from "node:path";
import { loadKinds } from "../../twins/registry.ts";
import { handleRequest } from "../handle_request.ts";
import { Router } from "../router.ts";
import { replayRoutes } from "./replay_api.ts";

const kinds = await loadKinds();
const T0 = Date.parse("2021-05-01T00:00:00Z");

/** A pump plant and its one-hour 1 Hz recording, written to a fresh folder. */
async function fixture() {
  const dir = await Deno.makeTempDir();
  const lines = ["t,flow"];
  for (let s = 0; s < 3600; s++) lines.push(`${T0 + s * 1000},${s < 1800 ? 30 : 20}`);
  await Deno.writeTextFile(join(dir, "rec.csv"), lines.join("\n") + "\n");
  const plant = {
    name: "api-replay",
    twins: [{ id: "p1", kind: "pump", source: { type: "replay" } }],
    recordings: [{
      id: "r",
      file: "rec.csv",
      format: "csv",
      twin: "p1",
      csv: { time_column: "t", time_format: "epoch_ms" },
      points: [{ column: "flow", point: "flow", unit: "L/min" }],
    }],
    alarms: {
      definitions: [{
        name: "low_flow",
        twin: "p1",
        priority: "high",
        condition: { type: "limit", point: "flow", l: 1.5 },
      }],
    },
  };
  await Deno.writeTextFile(join(dir, "plant.json"), JSON.stringify(plant));
  const router = new Router();
  const runs = replayRoutes(router, kinds, { roots: [dir] });
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await handleRequest(
      router,
      new Request(`http://127.0.0.1${path}`, {
        method,
        ...(body !== undefined
          ? { body: JSON.stringify(body), headers: { "content-type": "application/json" } }
          : {}),
      }),
    );
    return { status: res.status, body: await res.json() };
  };
  return { dir, plant, runs, call };
}

/** Poll a run until `done` holds (each poll lets the run's slices go on). */
async function until(
  call: (m: string, p: string) => Promise<{ body: Record<string, unknown> }>,
  id: string,
  done: (s: Record<string, unknown>) => boolean,
) {
  for (let i = 0; i < 2_000; i++) {
    const { body } = await call("GET", `/api/replay/${id}`);
    if (done(body)) return body;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`replay ${id} never got there`);
}

Deno.test("POST /api/replay runs a plant file at max speed; GET shows progress, report and expectations", async () => {
  const { dir, call, runs } = await fixture();
  try {
    const started = await call("POST", "/api/replay", {
      plant: join(dir, "plant.json"),
      expect: {
        expect: [
          { alarm: "p1/low_flow_l", raised_between: ["+29m", "+31m"] },
          { point: "p1.flow", within: [1.7, 1.9], to: "+29m" },
        ],
      },
    });
    assert.equal(started.status, 202, JSON.stringify(started.body));
    const id = started.body.id as string;
    const done = await until(call, id, (s) => s.state === "finished");
    assert.equal(done.progress, 1);
    const feed = done.feed as Record<string, number>;
    assert.equal(feed.rowsFed, 3600);
    assert.equal(feed.start, T0);
    const results = done.expectations as { passed: boolean; at: number }[];
    assert.deepEqual(results.map((r) => r.passed), [true, true]);
    assert.equal(results[0].at, T0 + 1_800_000);
    assert.equal(done.alarmsRaised, 1);
    const list = await call("GET", "/api/replay");
    assert.equal((list.body as unknown[]).length, 1);
    const gone = await call("DELETE", `/api/replay/${id}`);
    assert.equal(gone.status, 200);
    assert.equal((await call("GET", `/api/replay/${id}`)).status, 404);
  } finally {
    await runs.closed();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("replay control: pause holds the position, seek moves it, cancel ends the run", async () => {
  const { dir, call, runs, plant } = await fixture();
  try {
    // An inline plant; its recording is relative to the first folder.
    const started = await call("POST", "/api/replay", { plant, speed: 1 });
    assert.equal(started.status, 202, JSON.stringify(started.body));
    const id = started.body.id as string;
    await until(call, id, (s) => (s.feed as Record<string, number>).rowsFed >= 1);
    const paused = await call("POST", `/api/replay/${id}/control`, { action: "pause" });
    assert.equal(paused.status, 200);
    const held = await until(call, id, (s) => s.state === "paused");
    const at = (held.feed as Record<string, number>).position;
    await new Promise((r) => setTimeout(r, 120));
    const still = await call("GET", `/api/replay/${id}`);
    assert.equal((still.body.feed as Record<string, number>).position, at);
    // The run's twin holds the paused row's value, in its point unit (30 L/min = 1.8 m3/h).
    const twins = await call("GET", `/api/replay/${id}/twins`);
    assert.equal(twins.status, 200);
    const p1 =
      (twins.body as { id: string; points: Record<string, { value: number; ts: number }> }[])
        .find((t) => t.id === "p1")!;
    assert.ok(Math.abs(p1.points.flow.value - 1.8) < 1e-9, JSON.stringify(p1.points.flow));
    assert.ok(p1.points.flow.ts <= at && p1.points.flow.ts >= T0, JSON.stringify(p1.points.flow));
    assert.equal((await call("GET", "/api/replay/none/twins")).status, 404);
    const seek = await call("POST", `/api/replay/${id}/control`, { action: "seek", to: "+45m" });
    assert.equal((seek.body.feed as Record<string, number>).position, T0 + 45 * 60_000);
    assert.equal(
      (await call("POST", `/api/replay/${id}/control`, { action: "resume" })).status,
      200,
    );
    assert.equal((await call("DELETE", `/api/replay/${id}`)).status, 200);
    const end = await until(call, id, (s) => s.state === "cancelled");
    assert.ok((end.feed as Record<string, number>).position >= T0 + 45 * 60_000);
  } finally {
    await runs.closed();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("replay API: bad bodies are 400s naming the JSON path; files outside the folders are refused", async () => {
  const { dir, call, runs, plant } = await fixture();
  try {
    const cases: [unknown, RegExp][] = [
      [{}, /^plant: /],
      [{ plant: "x.json", speed: 0 }, /speed/],
      [{ plant: "/etc/passwd" }, /plant: .*outside the folders/],
      [{ plant: join(dir, "nope.json") }, /plant: no file/],
      [{ plant: { ...plant, twins: [] } }, /plant: .*twins/],
      [
        { plant, expect: { expect: [{ point: "p1.nope", within: [0, 1] }] } },
        /expect\[0\]\.point: twin "p1" has no point "nope"/,
      ],
      [
        { plant, expect: { expect: [{ alarm: "p1/x", raised_between: [0, 1] }] } },
        /its alarms: p1\/low_flow_l/,
      ],
      [{ plant, from: "+2h", to: "+1h" }, /to: .* is before from/],
      [
        { plant: { ...plant, recordings: [{ ...plant.recordings[0], file: "/etc/hostname" }] } },
        /outside the folders/,
      ],
    ];
    for (const [body, message] of cases) {
      const res = await call("POST", "/api/replay", body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.match(res.body.error, message, JSON.stringify(body));
    }
    assert.equal((await call("GET", "/api/replay/none")).status, 404);
    const started = await call("POST", "/api/replay", { plant, speed: 1 });
    const bad = await call("POST", `/api/replay/${started.body.id}/control`, { action: "jump" });
    assert.equal(bad.status, 400);
    assert.match(bad.body.error, /action/);
  } finally {
    await runs.closed();
    await Deno.remove(dir, { recursive: true });
  }
});
