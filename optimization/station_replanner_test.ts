import { deepEqual, equal, ok } from "node:assert/strict";
import { PLANT_SECTIONS } from "../app/plant_sections.ts";
import { parsePlant } from "../plant/plant_file.ts";
import { Runtime } from "../runtime/runtime.ts";
import { loadKinds } from "../twins/registry.ts";
import type { OptimizationConfig } from "./replan_section.ts";
import { PLAN_POINTS, type StationPlan, StationReplanner } from "./station_replanner.ts";

const kinds = await loadKinds();
const station = JSON.parse(
  await Deno.readTextFile(new URL("../plants/station_epanet.json", import.meta.url)),
).twins[0];

Deno.test("station replanner: one search at a time; a station due again while it waits is planned once, from its newer level", async () => {
  const plant = parsePlant(
    JSON.stringify({
      name: "replan queue",
      twins: [station, { id: "r1", kind: "rtu", params: { assets: ["ps1"] } }],
      optimization: {
        // The least search: this test is about when and from what, not how well.
        stations: { every: "1m", solver: "pso", population: 4, generations: 1, epanet: false },
      },
    }),
    kinds,
    PLANT_SECTIONS,
    "replan_queue.json",
  );
  const runtime = new Runtime(plant, kinds, { virtual: true });
  const config = (plant.sections.optimization as OptimizationConfig).stations!;
  const replanner = new StationReplanner(runtime, config);
  const stop = replanner.attach();
  const plans: StationPlan[] = [];
  let arrived: () => void = () => {};
  const two = new Promise<void>((r) => arrived = r);
  replanner.onPlan((p) => {
    plans.push(p);
    if (plans.length === 2) arrived();
  });
  try {
    deepEqual(replanner.stations, ["ps1"], "pump stations only");
    const twin = runtime.twins.get("ps1")!;
    deepEqual(Object.keys(twin.extraPoints), Object.keys(PLAN_POINTS), "plan points declared");
    const t0 = runtime.clock.now();
    const level = () => twin.values.tank_level as number;
    runtime.runFor(59_000);
    equal(replanner.busy, false, "not due before its period");
    runtime.runFor(1_000);
    ok(replanner.busy, "its search started at 1 min");
    const at60 = level();
    // runFor holds the event loop, so no plan can arrive before it returns:
    // the station falls due at 2 and 3 min while its first search is out,
    // and waits once, with the level of 3 min.
    runtime.runFor(120_000);
    const at180 = level();
    ok(Math.abs(at180 - at60) > 1e-6, "the level moved");
    await two;
    deepEqual(plans.map((p) => p.planned_at - t0), [60_000, 180_000]);
    equal(plans[0].start_level_m, at60);
    equal(plans[1].start_level_m, at180);
    ok(plans.every((p) => p.status === "done" && p.result !== undefined));
    ok(plans[1].arrived_at >= plans[1].planned_at);
    // The points hold the newest plan, dated when it arrived.
    equal(twin.values.plan_cost, plans[1].result!.cost);
    equal(twin.values.plan_saving_pct, plans[1].result!.saving_pct);
    equal(twin.pointTs("plan_cost"), plans[1].arrived_at);
    equal(replanner.latest("ps1"), plans[1]);
    equal(replanner.busy, false);
    equal(replanner.nextDue("ps1"), t0 + 240_000);
  } finally {
    stop();
    replanner.close();
    runtime.shutdown();
  }
});

Deno.test("station replanner: a fork takes each station's next-due time; a search under way is named, not carried", () => {
  const json = {
    name: "replan fork",
    twins: [station],
    optimization: {
      stations: { every: "1h", solver: "pso", population: 4, generations: 1, epanet: false },
    },
  };
  const plant = parsePlant(JSON.stringify(json), kinds, PLANT_SECTIONS, "replan_fork.json");
  const config = (plant.sections.optimization as OptimizationConfig).stations!;
  const runtime = new Runtime(plant, kinds, { virtual: true });
  const replanner = new StationReplanner(runtime, config);
  const stop = replanner.attach();
  try {
    const t0 = runtime.clock.now();
    runtime.runFor(40 * 60_000);
    const { state, warnings } = replanner.snapshot();
    deepEqual(state, { version: 1, next: { ps1: t0 + 3_600_000 } });
    deepEqual(warnings, []);

    // The fork starts at the snapshot's time: left alone it would be due an hour on.
    const atMs = runtime.clock.now();
    const forked = parsePlant(
      JSON.stringify({ ...json, start: new Date(atMs).toISOString() }),
      kinds,
      PLANT_SECTIONS,
      "replan_fork.json",
    );
    const fork = new Runtime(forked, kinds, { virtual: true });
    const forkPlanner = new StationReplanner(fork, config);
    try {
      equal(forkPlanner.nextDue("ps1"), atMs + 3_600_000);
      deepEqual(forkPlanner.restore({ version: 1, next: { ...state.next, gone: atMs } }), [
        "gone: re-planned in the running plant, not in the fork; its schedule is dropped",
      ]);
      equal(forkPlanner.nextDue("ps1"), t0 + 3_600_000, "due when the running plant's is");
    } finally {
      forkPlanner.close();
      fork.shutdown();
    }

    runtime.runFor(20 * 60_000);
    ok(replanner.busy, "its search runs");
    const busy = replanner.snapshot();
    equal(busy.state.next.ps1, t0 + 2 * 3_600_000);
    deepEqual(busy.warnings, [
      `ps1: its plan search (due at ${new Date(t0 + 3_600_000).toISOString()}) was running ` +
      "in the running plant; the fork does not make that plan and keeps the station's last one",
    ]);
  } finally {
    stop();
    replanner.close();
    runtime.shutdown();
  }
});

Deno.test("station replanner in line: each plan arrives in the step its station falls due, the plan the worker makes", async () => {
  const plant = parsePlant(
    JSON.stringify({
      name: "replan inline",
      twins: [station],
      optimization: {
        stations: { every: "1h", solver: "pso", population: 4, generations: 2, epanet: false },
      },
    }),
    kinds,
    PLANT_SECTIONS,
    "replan_inline.json",
  );
  const config = (plant.sections.optimization as OptimizationConfig).stations!;
  const plansOf = async (inline: boolean) => {
    const runtime = new Runtime(plant, kinds, { virtual: true });
    const replanner = new StationReplanner(runtime, config, { inline });
    const stop = replanner.attach();
    const plans: StationPlan[] = [];
    replanner.onPlan((p) => plans.push(p));
    const twin = runtime.twins.get("ps1")!;
    const seen: unknown[] = [];
    runtime.onStep(() => seen.push(twin.values.plan_cost));
    try {
      // Two hours: in line both plans are made inside the run. From a worker
      // none can be (runFor holds the event loop): that run goes an hour at
      // a time, waiting for each plan.
      for (let hour = 1; hour <= 2; hour++) {
        runtime.runFor(3_600_000);
        while (!inline && plans.length < hour) await new Promise((r) => setTimeout(r, 20));
      }
      return { plans, seen };
    } finally {
      stop();
      replanner.close();
      runtime.shutdown();
    }
  };
  const inline = await plansOf(true);
  deepEqual(
    inline.plans.map((p) => [p.planned_at - plant.startMs, p.arrived_at - plant.startMs]),
    [[3_600_000, 3_600_000], [7_200_000, 7_200_000]],
    "each arrives when it fell due",
  );
  deepEqual(inline.plans.map((p) => p.job), ["inline-1", "inline-2"]);
  ok(inline.plans.every((p) => p.status === "done" && p.result?.epanet === undefined));
  // The points carry a plan from the step it fell due on (step s is at s seconds).
  equal(inline.seen[3_598], undefined, "no plan before hour 1");
  equal(inline.seen[3_599], inline.plans[0].result!.cost);
  equal(inline.seen.at(-1), inline.plans[1].result!.cost);
  // The search a worker makes: same start level, same schedule and cost.
  const worker = await plansOf(false);
  equal(worker.plans[0].planned_at, inline.plans[0].planned_at);
  equal(worker.plans[0].start_level_m, inline.plans[0].start_level_m);
  deepEqual(worker.plans[0].result!.schedule, inline.plans[0].result!.schedule);
  equal(worker.plans[0].result!.cost, inline.plans[0].result!.cost);
});
