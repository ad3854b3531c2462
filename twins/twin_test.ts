import assert from "node:assert/strict";
import { createActor, setup } from "xstate";
import { z } from "zod";
import type { KindDefinition } from "./kind.ts";
import { Twin } from "./twin.ts";

const kind: KindDefinition<unknown> = {
  kind: "gauge",
  description: "test gauge",
  params: z.object({}),
  points: {
    a: { unit: "bar", description: "a" },
    b: { unit: "bar", description: "b" },
  },
  modes: { idle: "idle" },
  commands: {},
  machine: setup({}).createMachine({ initial: "idle", states: { idle: {} } }),
  observe: () => "idle",
};

function gauge(): Twin {
  const twin = new Twin("g", kind, {}, undefined, () => {});
  twin.attach(createActor(kind.machine).start(), undefined);
  return twin;
}

Deno.test("twin: each point keeps the time of its own last sample", () => {
  const twin = gauge();
  twin.update({ a: 1, b: 2 }, 1_000);
  twin.update({ a: 3 }, 2_000);
  const view = twin.view();
  assert.equal(view.points.a.ts, 2_000);
  assert.equal(view.points.b.ts, 1_000);
  assert.equal(twin.ts, 2_000);
});

Deno.test("twin: a bad reading keeps value and time and only turns the point bad", () => {
  const twin = gauge();
  twin.update({ a: 1, b: 2 }, 1_000);
  const version = twin.version;
  twin.update({ a: 1 }, 5_000, "bad");
  const p = twin.view().points.a;
  assert.deepEqual([p.value, p.quality, p.ts], [1, "bad", 1_000]);
  assert.ok(twin.version > version, "quality change is a change");
  twin.update({ a: 7 }, 6_000);
  assert.deepEqual(
    [twin.view().points.a.value, twin.view().points.a.quality, twin.view().points.a.ts],
    [7, "good", 6_000],
  );
});

Deno.test("twin: a point with no sample has time 0 and bad quality", () => {
  const twin = gauge();
  twin.update({}, 9_000);
  assert.deepEqual(twin.view().points.a, { value: null, unit: "bar", quality: "bad", ts: 0 });
  assert.equal(twin.ts, 0, "an empty update is no sample");
});

Deno.test("twin: points older than the limit go uncertain, a fresh sample makes them good", () => {
  const twin = gauge();
  twin.update({ a: 1 }, 1_000);
  twin.update({ b: 2 }, 3_000);
  assert.equal(twin.markStale(4_500, 3_000), 1);
  assert.equal(twin.view().points.a.quality, "uncertain");
  assert.equal(twin.view().points.b.quality, "good");
  assert.equal(twin.markStale(4_500, 3_000), 0, "already stale");
  twin.update({ a: 4 }, 5_000);
  assert.equal(twin.view().points.a.quality, "good");
});

Deno.test("twin: a full sample dates every point the source wrote", () => {
  const twin = gauge();
  twin.values.a = 1;
  twin.values.b = 2;
  twin.ingest(10_000);
  assert.equal(twin.view().points.a.ts, 10_000);
  assert.equal(twin.view().points.b.ts, 10_000);
});
