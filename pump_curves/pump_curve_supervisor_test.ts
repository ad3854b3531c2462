import { deepEqual, equal, ok } from "node:assert/strict";
import { PLANT_SECTIONS } from "../app/plant_sections.ts";
import { openPlantDatabase } from "../history/plant_database.ts";
import { SqliteHistoryStore } from "../history/sqlite_history_store.ts";
import { HistoryRecorder } from "../history/history_recorder.ts";
import { parsePlant } from "../plant/plant_file.ts";
import { Runtime } from "../runtime/runtime.ts";
import { loadKinds } from "../twins/registry.ts";
import { powerValue } from "./curve_fit.ts";
import { MIN_FIT_POINTS, PumpCurveSupervisor } from "./pump_curve_supervisor.ts";

const kinds = await loadKinds();

/** A standalone VFD pump with an efficiency curve peaking at 78 % near 50 L/s. */
function pumpRuntime(extra: Record<string, unknown> = {}) {
  const plant = parsePlant(
    JSON.stringify({
      name: "curves test",
      seed: 3,
      twins: [{
        id: "p1",
        kind: "pump",
        params: {
          initial_status: "running",
          vfd: true,
          efficiency_pct: [
            { flow_lps: 0, efficiency_pct: 30 },
            { flow_lps: 25, efficiency_pct: 65 },
            { flow_lps: 50, efficiency_pct: 78 },
            { flow_lps: 75, efficiency_pct: 70 },
            { flow_lps: 100, efficiency_pct: 45 },
          ],
          system: { static_head_m: 20, friction_head_m: 25, at_flow_lps: 50 },
          ...extra,
        },
      }, { id: "r1", kind: "rtu", params: { assets: ["p1"] } }],
    }),
    kinds,
    PLANT_SECTIONS,
    "curves_test.json",
  );
  return new Runtime(plant, kinds, { virtual: true });
}

/** Walk the pump through speeds, `s` seconds at each. */
function sweep(runtime: Runtime, speeds: number[], s = 20): void {
  for (const pct of speeds) {
    const r = runtime.commands.submit("p1", { type: "set_speed", args: { pct } }, "test");
    ok(r.status !== "failed", r.reason ?? "");
    runtime.runFor(s * 1000);
  }
}

const SPEEDS = [100, 90, 80, 70, 65, 75, 85, 95, 105];

Deno.test("pump curves: live samples at several speeds recover the design head curve", () => {
  const runtime = pumpRuntime();
  const sup = new PumpCurveSupervisor(runtime);
  const stop = sup.attach();
  try {
    deepEqual(sup.pumps, ["p1"], "only pump twins are watched");
    equal(sup.curves("r1"), undefined);
    runtime.runFor(2_000);
    const early = sup.curves("p1")!;
    ok(early.n < MIN_FIT_POINTS && early.fit === null, "one steady point is not a curve");
    ok(early.reason?.includes("needs 4"), early.reason ?? "");

    sweep(runtime, SPEEDS);
    const c = sup.curves("p1")!;
    ok(c.n >= 8, `${c.n} points`);
    const fit = c.fit!;
    const design = c.design!;
    equal(design.form, "power");
    // The simulator has no measurement noise on flow and head: the affinity
    // laws put every sample on the design curve, and the fit finds it.
    ok(Math.abs(fit.head.a - design.power!.a) / design.power!.a < 0.01, `A ${fit.head.a}`);
    for (const q of [20, 50, 80]) {
      const want = powerValue(design.power!, q);
      ok(Math.abs(powerValue(fit.head, q) - want) < 0.3, `head at ${q} L/s`);
    }
    ok(fit.head.r2 > 0.999 && fit.head.check.ok, JSON.stringify(fit.head));
    // Efficiency from power, corrected to nominal speed, lies on the design table.
    const e = fit.efficiency!;
    ok(e && e.check.ok, JSON.stringify(e));
    for (const p of c.points) {
      const d = design.efficiency.reduce((best, x) =>
        Math.abs(x.flow_lps - p.flow_lps) < Math.abs(best.flow_lps - p.flow_lps) ? x : best
      );
      if (Math.abs(d.flow_lps - p.flow_lps) < 1.5) {
        ok(
          Math.abs(p.efficiency_pct! - d.efficiency_pct) < 1.5,
          `${p.flow_lps}: ${p.efficiency_pct}`,
        );
      }
    }
    // The operating point is the live one, at the actual speed.
    const op = c.operating_point!;
    equal(op.speed_pct, 105);
    equal(op.status, "running");
    ok(Math.abs(op.flow_lps - (runtime.twins.get("p1")!.values.flow as number) / 3.6) < 1e-9);
    // The fit is kept until the points change.
    equal(sup.curves("p1")!.fit, fit);
  } finally {
    stop();
    runtime.shutdown();
  }
});

Deno.test("pump curves: a stopped pump adds no points and reports its status", () => {
  const runtime = pumpRuntime({ initial_status: "stopped" });
  const sup = new PumpCurveSupervisor(runtime);
  const stop = sup.attach();
  try {
    runtime.runFor(30_000);
    equal(sup.curves("p1")!.n, 0);
    equal(sup.curves("p1")!.operating_point!.status, "stopped");
  } finally {
    stop();
    runtime.shutdown();
  }
});

Deno.test("pump curves: a pump given new curves starts its points afresh", () => {
  const runtime = pumpRuntime();
  const sup = new PumpCurveSupervisor(runtime);
  const stop = sup.attach();
  try {
    sweep(runtime, SPEEDS);
    ok(sup.curves("p1")!.fit, "fitted on the old curve");
    const old = runtime.config("p1")!;
    const curve = [{ flow_lps: 0, head_m: 80 }, { flow_lps: 60, head_m: 65 }, {
      flow_lps: 120,
      head_m: 30,
    }];
    const params = kinds.get("pump")!.params.parse({ ...(old.params as object), curve });
    runtime.reconfigureTwin("p1", [{ ...old, params }]);
    runtime.runFor(2_000);
    const c = sup.curves("p1")!;
    equal(c.design!.head[0].head_m, 80, "the new design curve");
    ok(c.n <= 1 && c.fit === null, `${c.n} points`);
    // The new pump's points span a narrow flow range (48-66 L/s), on which
    // a cubic is ill-conditioned; the head fit must not depend on it.
    sweep(runtime, SPEEDS);
    const fit = sup.curves("p1")!.fit!;
    ok(fit, sup.curves("p1")!.reason ?? "");
    ok(Math.abs(fit.head.a - 80) < 0.5, `A ${fit.head.a}: only the new pump's points`);
  } finally {
    stop();
    runtime.shutdown();
  }
});

Deno.test("pump curves: a restarted plant fits from the history of steady minutes", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fieldtwin-curves-" });
  try {
    const runtime = pumpRuntime();
    const store = new SqliteHistoryStore(openPlantDatabase(dir, "curves"));
    const recorder = new HistoryRecorder(runtime, store, {});
    // Three minutes at each speed: at least one whole steady minute each.
    sweep(runtime, [100, 85, 70, 92, 78, 105], 180);
    recorder.flush();
    recorder.stop();
    const live = new PumpCurveSupervisor(runtime);
    equal(live.curves("p1")!.n, 0, "a new supervisor has no live points yet");
    const seeded = new PumpCurveSupervisor(runtime, { history: store });
    await seeded.seeded;
    const c = seeded.curves("p1")!;
    ok(c.n >= 6, `${c.n} points from history`);
    ok(c.fit && c.fit.head.check.ok && c.fit.head.r2 > 0.99, JSON.stringify(c.fit?.head));
    ok(Math.abs(powerValue(c.fit.head, 50) - powerValue(c.design!.power!, 50)) < 0.5);
    store.close();
    runtime.shutdown();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
