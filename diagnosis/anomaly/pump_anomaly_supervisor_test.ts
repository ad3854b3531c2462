import { deepEqual, equal, ok } from "node:assert/strict";
import { PLANT_SECTIONS } from "../../app/plant_sections.ts";
import { parsePlant } from "../../plant/plant_file.ts";
import { Runtime } from "../../runtime/runtime.ts";
import { Random } from "../../simulators/random.ts";
import { loadKinds } from "../../twins/registry.ts";
import { pumpParams } from "../../twins/pump/params.ts";
import { PumpAnomalySupervisor } from "./pump_anomaly_supervisor.ts";

const kinds = await loadKinds();

/** A standalone pump on virtual time with its detector; 200 training samples at 1 s steps. */
function pumpPlant(extra: Record<string, unknown> = {}) {
  const plant = parsePlant(
    JSON.stringify({
      name: "anomaly test",
      seed: 7,
      twins: [{
        id: "p1",
        kind: "pump",
        params: { initial_status: "running", anomaly_train_samples: 200, vfd: true, ...extra },
      }],
    }),
    kinds,
    PLANT_SECTIONS,
    "anomaly_test.json",
  );
  const runtime = new Runtime(plant, kinds, { virtual: true });
  const supervisor = new PumpAnomalySupervisor(runtime);
  const stop = supervisor.attach();
  return { runtime, supervisor, stop, pump: runtime.twins.get("p1")! };
}

function command(runtime: Runtime, type: string, args = {}) {
  const r = runtime.commands.submit("p1", { type, args }, "test");
  ok(r.status !== "failed", `${type}: ${r.reason}`);
}

/** Run `s` seconds a second at a time; returns the anomaly flags seen. */
async function run(runtime: Runtime, s: number, pump = runtime.twins.get("p1")!) {
  const flags: boolean[] = [];
  for (let i = 0; i < s; i++) {
    runtime.runFor(1000);
    await Promise.resolve();
    flags.push(pump.values.anomaly === true);
  }
  return flags;
}

Deno.test("pump twin: trains on its first samples, stays quiet in normal running, flags worn bearings", async () => {
  const { runtime, supervisor, stop, pump } = pumpPlant();
  try {
    deepEqual(supervisor.pumps, ["p1"]);
    ok("anomaly_score" in pump.def.points && "anomaly" in pump.def.points);
    await run(runtime, 30);
    equal(pump.values.anomaly_status, "training");
    equal(pump.values.anomaly_score, 0);
    await run(runtime, 200);
    equal(pump.values.anomaly_status, "watching");
    const quiet = await run(runtime, 300);
    equal(quiet.filter((f) => f).length, 0, "no alarm in 300 s of normal running");
    ok((pump.values.anomaly_score as number) < 1);

    command(runtime, "inject_fault", { fault: "bearing_wear", severity: 0.3 });
    const faulty = await run(runtime, 60);
    const first = faulty.indexOf(true);
    ok(first >= 0 && first < 20, `flagged after ${first} s`);
    ok(faulty.slice(first + 5).every((f) => f), "stays flagged while the fault lasts");
    ok((pump.values.anomaly_score as number) > 1);
  } finally {
    stop();
    runtime.shutdown();
  }
});

Deno.test("pump twin: an operating-point change is not an anomaly, a worn impeller is", async () => {
  const { runtime, stop, pump } = pumpPlant();
  try {
    await run(runtime, 260);
    equal(pump.values.anomaly_status, "watching");
    // The VFD slows the pump to 90 %: flow and head move along the curve, the residuals do not.
    command(runtime, "set_speed", { pct: 90 });
    const slowed = await run(runtime, 120);
    equal(slowed.filter((f) => f).length, 0, "no alarm for a speed change");
    command(runtime, "inject_fault", { fault: "impeller_wear", severity: 0.2 });
    const worn = await run(runtime, 30);
    ok(worn.indexOf(true) >= 0 && worn.indexOf(true) < 15, `flagged after ${worn.indexOf(true)} s`);
  } finally {
    stop();
    runtime.shutdown();
  }
});

Deno.test("pump twin: a stopped pump is idle and not scored", async () => {
  const { runtime, supervisor, stop, pump } = pumpPlant();
  try {
    await run(runtime, 220);
    command(runtime, "stop");
    await run(runtime, 30);
    equal(pump.values.anomaly_status, "idle");
    equal(pump.values.anomaly, false);
    const scored = supervisor.scored;
    await run(runtime, 10);
    equal(supervisor.scored, scored);
  } finally {
    stop();
    runtime.shutdown();
  }
});

Deno.test("pump twin fed like a device or a recording (twin.update between steps) is watched the same", async () => {
  const plant = parsePlant(
    JSON.stringify({
      name: "driver-fed pump",
      seed: 1,
      twins: [{
        id: "p1",
        kind: "pump",
        params: { anomaly_train_samples: 200 },
        source: { type: "modbus" },
      }],
    }),
    kinds,
    PLANT_SECTIONS,
    "driver.json",
  );
  const runtime = new Runtime(plant, kinds, { virtual: true });
  const supervisor = new PumpAnomalySupervisor(runtime);
  const stop = supervisor.attach();
  const pump = runtime.twins.get("p1")!;
  let touched = 0;
  runtime.onChange((t) => {
    if (t === pump) touched++;
  });
  // The default curve (60 m shutoff, 50 m at 50 L/s) at its design point, 75 % efficient;
  // no speed point (a fixed-speed pump) and a vibration sensor with 3 % noise.
  const rnd = new Random(9, "device");
  const sample = (headLoss: number) => {
    const head = 50 * (1 - headLoss);
    pump.update({
      status: "running",
      flow: 180,
      head,
      power: 1000 * 9.80665 * 0.05 * 50 / 0.75 / 1000,
      vibration: 1.8 * (1 + 0.03 * rnd.normal()),
    }, runtime.clock.now());
  };
  try {
    const flags: boolean[] = [];
    for (let i = 0; i < 600; i++) {
      sample(i >= 400 ? 0.05 : 0);
      runtime.runFor(1000);
      await Promise.resolve();
      flags.push(pump.values.anomaly === true);
    }
    equal(pump.values.anomaly_status, "watching");
    equal(flags.slice(0, 400).filter((f) => f).length, 0);
    const first = flags.indexOf(true);
    ok(first >= 400 && first < 420, `5 % head loss flagged at ${first}`);
    // 600 changes are the updates; the supervisor tells of each new score (200 scored samples).
    ok(touched - 600 >= 190, `the twin told its listeners of the verdicts (${touched - 600})`);
  } finally {
    stop();
    runtime.shutdown();
  }
});

Deno.test("pump twin: reconfigured params (a new curve) start a new training window", async () => {
  const { runtime, supervisor, stop, pump } = pumpPlant();
  try {
    await run(runtime, 260);
    equal(pump.values.anomaly_status, "watching");
    const before = supervisor.detector("p1");
    const config = runtime.config("p1")!;
    const params = pumpParams.parse({
      initial_status: "running",
      anomaly_train_samples: 200,
      vfd: true,
      curve: [{ flow_lps: 0, head_m: 70 }, { flow_lps: 50, head_m: 55 }, {
        flow_lps: 100,
        head_m: 30,
      }],
    });
    runtime.reconfigureTwin("p1", [{ ...config, params }]);
    const flags = await run(runtime, 60);
    equal(pump.values.anomaly_status, "training");
    ok(supervisor.detector("p1") !== before);
    equal(flags.filter((f) => f).length, 0, "the new curve is not taken for a fault");
  } finally {
    stop();
    runtime.shutdown();
  }
});
