import { deepEqual, equal, notEqual, ok } from "node:assert/strict";
import { PLANT_SECTIONS } from "../../app/plant_sections.ts";
import { parsePlant } from "../../plant/plant_file.ts";
import { Runtime } from "../../runtime/runtime.ts";
import { CoolingSiteSimulator } from "../../simulators/cooling/cooling_site_simulator.ts";
import type { PointValues } from "../../simulators/simulator.ts";
import { coolingSiteParams } from "../../twins/cooling_site/params.ts";
import { loadKinds } from "../../twins/registry.ts";
import { CoolingDiagnosisSupervisor } from "./cooling_diagnosis_supervisor.ts";

const kinds = await loadKinds();

function plantOf(twins: unknown[]) {
  const plant = parsePlant(
    JSON.stringify({ name: "cooling supervisor test", seed: 4, twins }),
    kinds,
    PLANT_SECTIONS,
    "cooling_supervisor_test.json",
  );
  const runtime = new Runtime(plant, kinds, { virtual: true });
  const supervisor = new CoolingDiagnosisSupervisor(runtime);
  const stop = supervisor.attach();
  return { runtime, supervisor, stop };
}

async function run(runtime: Runtime, s: number) {
  for (let i = 0; i < s; i++) {
    runtime.runFor(1000);
    await Promise.resolve();
  }
}

Deno.test("supervisor: watches cooling sites only; training, then watching a healthy site", async () => {
  const { runtime, supervisor, stop } = plantOf([
    { id: "s1", kind: "cooling_site", params: { watch_train_s: 300 } },
    { id: "p1", kind: "pump", params: { initial_status: "running" } },
  ]);
  const site = runtime.twins.get("s1")!;
  try {
    deepEqual(supervisor.sites, ["s1"]);
    await run(runtime, 60);
    equal(site.values.watch_status, "training");
    equal(site.values.watch_diagnosis, "unknown");
    equal(site.values.watch_cooler_ua_pct, 0, "no ratio before the healthy site is known");
    await run(runtime, 600);
    equal(site.values.watch_status, "watching");
    equal(site.values.watch_diagnosis, "normal");
    ok(Math.abs((site.values.watch_fan_power_pct as number) - 100) < 1);
    ok((site.values.watch_confidence as number) > 70);
    equal(runtime.twins.get("p1")!.values.watch_diagnosis, undefined);
    ok(supervisor.diagnosed >= 660);
    ok(supervisor.prometheus().includes("fieldtwin_cooling_sites_diagnosed_faulty 0\n"));
  } finally {
    stop();
    runtime.shutdown();
  }
});

Deno.test("supervisor: a site fed like a device (twin.update between steps) is diagnosed the same", async () => {
  const { runtime, stop } = plantOf([
    { id: "s1", kind: "cooling_site", params: { watch_train_s: 300 }, source: { type: "modbus" } },
  ]);
  const site = runtime.twins.get("s1")!;
  // The device: a simulated site read once a second, as a poller would.
  const device = new CoolingSiteSimulator({
    id: "dev",
    config: coolingSiteParams.parse({}),
    seed: 2,
  });
  const v: PointValues = {};
  let touched = 0;
  runtime.onChange((t) => {
    if (t === site) touched++;
  });
  const watchPoints = () =>
    JSON.stringify(Object.entries(site.values).filter(([k]) => k.startsWith("watch_")));
  let changes = 0;
  try {
    for (let t = 1; t <= 1000; t++) {
      const before = watchPoints();
      if (t === 700) {
        device.actuate("dev", {
          type: "inject_fault",
          args: { fault: "fan_failure", severity: 0.3 },
        });
      }
      device.step(1, t);
      device.read("dev", v);
      site.update(v, runtime.clock.now());
      await run(runtime, 1);
      if (watchPoints() !== before) changes++;
    }
    equal(site.values.watch_diagnosis, "fan_failure");
    // Once per scoring (every 10 s) while watching: settling 270 s, training 300 s.
    ok(changes >= 30, `verdicts changed ${changes} times`);
    ok(
      touched - 1000 >= changes,
      `the twin told its listeners of ${touched - 1000} of ${changes} verdict changes`,
    );
  } finally {
    stop();
    runtime.shutdown();
  }
});

Deno.test("supervisor: reconfigured params start a new training", async () => {
  const { runtime, supervisor, stop } = plantOf([
    { id: "s1", kind: "cooling_site", params: { watch_train_s: 300 } },
  ]);
  try {
    await run(runtime, 660);
    equal(runtime.twins.get("s1")!.values.watch_status, "watching");
    const before = supervisor.detector("s1");
    const config = runtime.config("s1")!;
    const params = coolingSiteParams.parse({ watch_train_s: 300, fans: 12 });
    runtime.reconfigureTwin("s1", [{ ...config, params }]);
    await run(runtime, 30);
    notEqual(supervisor.detector("s1"), before);
    equal(runtime.twins.get("s1")!.values.watch_status, "training");
  } finally {
    stop();
    runtime.shutdown();
  }
});
