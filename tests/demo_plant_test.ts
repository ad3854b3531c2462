import assert from "node:assert/strict";
import { loadPlantFile } from "../plant/plant_file.ts";
import { PLANT_SECTIONS } from "../app/plant_sections.ts";
import { startPlant } from "../app/start_plant.ts";
import { loadKinds } from "../twins/registry.ts";

const kinds = await loadKinds();
const demo = new URL("../plants/demo.json", import.meta.url).pathname;

Deno.test("the demo plant has the promised twins and runs an hour healthy on virtual time", async () => {
  const plant = await loadPlantFile(demo, kinds, PLANT_SECTIONS);
  const { runtime: rt, stop } = startPlant(plant, kinds, { virtual: true });
  const byKind: Record<string, number> = {};
  for (const t of rt.twins.values()) byKind[t.def.kind] = (byKind[t.def.kind] ?? 0) + 1;
  assert.deepEqual(byKind, { cooling_site: 151, rtu: 172, well: 20, pump_station: 1, pump: 4 });
  // every site and well is fronted by an RTU
  const fronted = new Set<string>();
  for (const t of rt.twins.values()) {
    if (t.def.kind === "rtu") {
      for (const a of (t.params as { assets: string[] }).assets) fronted.add(a);
    }
  }
  for (const t of rt.twins.values()) {
    if (t.def.kind === "cooling_site" || t.def.kind === "well") assert.ok(fronted.has(t.id), t.id);
  }
  rt.runFor(3_600_000);
  // Modbus-fed twins need the driver, which tests/modbus_loop_test.ts runs.
  const simulated = [...rt.twins.values()].filter((t) =>
    rt.config(t.id)!.source.type === "simulator"
  );
  assert.equal(simulated.length, rt.twins.size - 2);
  for (const t of simulated) {
    for (const [name, p] of Object.entries(t.view().points)) {
      assert.equal(p.quality, "good", `${t.id}.${name}`);
    }
  }
  const modes = new Set(
    [...rt.twins.values()].filter((t) => t.def.kind === "rtu").map((t) => t.mode),
  );
  assert.deepEqual([...modes], ["online"]);
  stop();
});

Deno.test("README example: the manual VFD pump starts by hand; a level-controlled pump refuses in auto", async () => {
  const plant = await loadPlantFile(demo, kinds, PLANT_SECTIONS);
  const { runtime: rt, stop } = startPlant(plant, kinds, { virtual: true });
  rt.runFor(10_000);
  const p4 = rt.twins.get("station-p4")!;
  assert.equal(p4.mode, "stopped");
  const started = rt.commands.submit("station-p4", { type: "start" });
  assert.equal(started.status, "executed", started.reason ?? "");
  rt.runFor(60_000);
  assert.equal(p4.mode, "running");
  assert.ok((p4.values.flow as number) > 0);
  const refused = rt.commands.submit("station-p2", { type: "start" });
  assert.equal(refused.status, "failed");
  assert.match(refused.reason!, /auto/);
  stop();
});
