import assert from "node:assert/strict";
import { PLANT_SECTIONS } from "../app/plant_sections.ts";
import { validatePlant } from "../plant/plant_file.ts";
import { Runtime } from "../runtime/runtime.ts";
import { loadKinds } from "../twins/registry.ts";
import { RecordingBuilder } from "./recording.ts";
import { ReplayFeed } from "./replay_feed.ts";
import { IDENTITY } from "./unit_conversion.ts";

const kinds = await loadKinds();

Deno.test("on real time the recording is shifted to the clock: rows arrive as the wall clock reaches them", async () => {
  const plant = validatePlant(
    { name: "live", twins: [{ id: "p1", kind: "pump", source: { type: "replay" } }] },
    kinds,
    PLANT_SECTIONS,
  );
  const runtime = new Runtime(plant, kinds, { log: () => {} });
  const t0 = Date.parse("2020-01-01T00:00:00Z");
  const b = new RecordingBuilder({
    id: "r",
    file: "generated",
    mappings: [{ twin: "p1", point: "flow", column: "flow", conversion: IDENTITY }],
    gapPeriods: 5,
  });
  for (let i = 0; i < 3; i++) b.add(i + 1, undefined, t0 + i * 40, "", [10 + i]);
  const rec = b.finish();
  const before = Date.now();
  const feed = new ReplayFeed(runtime, [rec]);
  const twin = runtime.twins.get("p1")!;
  assert.equal(twin.source?.type, "replay");
  try {
    // Wait on the condition (the last row), not for a fixed time.
    for (let i = 0; i < 400 && twin.values.flow !== 12; i++) {
      await new Promise((r) => setTimeout(r, 5));
    }
    assert.equal(twin.values.flow, 12);
    assert.equal(feed.finished, true);
    assert.ok(feed.offset >= before - t0 && feed.offset <= Date.now() - t0);
    // The point carries its recorded time shifted by the offset.
    assert.equal(twin.pointTs("flow"), t0 + 80 + feed.offset);
    assert.match(
      runtime.commands.submit("p1", { type: "start" }).status,
      /failed|rejected/,
      "a replayed twin takes no commands",
    );
  } finally {
    feed.stop();
    runtime.shutdown();
  }
});
