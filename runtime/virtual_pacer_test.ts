import assert from "node:assert/strict";
import { PLANT_SECTIONS } from "../app/plant_sections.ts";
import { validatePlant } from "../plant/plant_file.ts";
import { loadKinds } from "../twins/registry.ts";
import { Runtime } from "./runtime.ts";
import { parseSpeed, VirtualPacer } from "./virtual_pacer.ts";

const kinds = await loadKinds();
const plant = validatePlant(
  { name: "pace", step_s: 1, twins: [{ id: "site", kind: "cooling_site" }] },
  kinds,
  PLANT_SECTIONS,
);

async function until(cond: () => boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) assert.fail("condition not reached");
    await new Promise((r) => setTimeout(r, 10));
  }
}

Deno.test("parseSpeed takes a positive number or max", () => {
  assert.equal(parseSpeed("60"), 60);
  assert.equal(parseSpeed("0.5"), 0.5);
  assert.equal(parseSpeed("max"), "max");
  for (const bad of ["0", "-2", "fast", "", "Infinity"]) {
    assert.throws(() => parseSpeed(bad), /--speed must be a number above 0 or "max"/);
  }
});

Deno.test("a paced runtime never runs ahead of speed x real time, and stops when told", async () => {
  const rt = new Runtime(plant, kinds, { virtual: true });
  const start = rt.clock.now();
  const pacer = new VirtualPacer(rt, { speed: 600, tickMs: 10 });
  const real0 = performance.now();
  pacer.start();
  try {
    await until(() => rt.clock.now() - start >= 30_000);
    const ahead = rt.clock.now() - start - (performance.now() - real0) * 600;
    assert.ok(ahead <= 0, `virtual time ran ${ahead} ms ahead of the pace`);
    assert.ok(rt.stats.steps >= 30, "it stepped the plant");
    assert.equal(typeof rt.twins.get("site")!.values.supply_temp, "number");
  } finally {
    pacer.stop();
  }
  const stopped = rt.clock.now();
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(rt.clock.now(), stopped);
  rt.shutdown();
});

Deno.test("at max speed the event loop still runs between slices", async () => {
  const rt = new Runtime(plant, kinds, { virtual: true });
  const pacer = new VirtualPacer(rt, { speed: "max", budgetMs: 5 });
  pacer.start();
  let timers = 0;
  const timer = setInterval(() => timers++, 1);
  try {
    await until(() => rt.stats.steps > 2_000 && timers > 5);
  } finally {
    clearInterval(timer);
    pacer.stop();
    rt.shutdown();
  }
  const real = new Runtime(plant, kinds);
  assert.throws(() => new VirtualPacer(real, { speed: 2 }), /virtual time/);
  real.shutdown();
});
