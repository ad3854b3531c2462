import assert from "node:assert/strict";
import { PLANT_SECTIONS } from "../app/plant_sections.ts";
import { startPlant } from "../app/start_plant.ts";
import { validatePlant } from "../plant/plant_file.ts";
import { loadKinds } from "../twins/registry.ts";
import { restoreSnapshot, SnapshotError, takeSnapshot } from "./plant_snapshot.ts";

const kinds = await loadKinds();
const plant = validatePlant(
  {
    name: "snap",
    step_s: 5,
    twins: [
      { id: "p1", kind: "pump", params: { initial_status: "running" } },
      { id: "p2", kind: "pump" },
      { id: "p3", kind: "pump" },
    ],
  },
  kinds,
  PLANT_SECTIONS,
  "<snapshot test>",
);

Deno.test("snapshot: a stopped twin, a halted simulator and a refusing one are each named", () => {
  const running = startPlant(plant, kinds, { virtual: true, log: () => {} });
  try {
    assert.throws(
      () => takeSnapshot(running),
      /cannot snapshot "\(plant\)": it has not completed a step/,
    );
    running.runtime.stopTwin("p2");
    const p3 = running.runtime.simulatorOf("p3")!;
    p3.step = () => {
      throw new Error("boom");
    };
    running.runtime.runFor(10_000);
    const s = takeSnapshot(running);
    assert.deepEqual(Object.keys(s.simulators), ["p1"]);
    assert.deepEqual(s.warnings, [
      "p2: stopped in the running plant; it runs from its initial conditions",
      "p3: its simulator was halted after a failure; it starts afresh",
    ]);
    assert.equal(s.atMs, running.runtime.clock.now());
    assert.equal(s.twins.p1.values.status, "running");
    assert.equal(s.twins.p3, undefined, "a halted simulator's bad points are not carried");

    const fork = startPlant({ ...plant, startMs: s.atMs }, kinds, {
      virtual: true,
      dayStartMs: s.dayStartMs,
      log: () => {},
    });
    try {
      assert.deepEqual(restoreSnapshot(fork, s), s.warnings);
      assert.equal(fork.runtime.twins.get("p1")!.values.flow, s.twins.p1.values.flow);
      const bad = structuredClone(s);
      bad.simulators.p1 = { model: "cooling_site" };
      assert.throws(
        () => restoreSnapshot(fork, bad),
        (e) =>
          e instanceof SnapshotError && e.twin === "p1" &&
          /"cooling_site" simulator/.test(e.message),
      );
    } finally {
      fork.stop();
    }
    running.runtime.simulatorOf("p1")!.snapshot = () => {
      throw new Error("state too large");
    };
    assert.throws(
      () => takeSnapshot(running),
      (e) => e instanceof SnapshotError && e.message === 'cannot snapshot "p1": state too large',
    );
  } finally {
    running.stop();
  }
});

Deno.test("snapshot: a fork re-plans its pump stations when the running plant would", () => {
  const station = JSON.parse(
    Deno.readTextFileSync(new URL("../plants/station_epanet.json", import.meta.url)),
  ).twins[0];
  const json = {
    name: "snap replan",
    step_s: 5,
    twins: [station],
    optimization: {
      stations: { every: "1h", solver: "pso", population: 4, generations: 1, epanet: false },
    },
  };
  const replanPlant = validatePlant(json, kinds, PLANT_SECTIONS, "<snapshot test>");
  const running = startPlant(replanPlant, kinds, { virtual: true, log: () => {} });
  try {
    const t0 = running.runtime.clock.now();
    running.runtime.runFor(40 * 60_000);
    const s = takeSnapshot(running);
    assert.deepEqual(s.replanner, { version: 1, next: { ps1: t0 + 3_600_000 } });
    const fork = startPlant({ ...replanPlant, startMs: s.atMs }, kinds, {
      virtual: true,
      dayStartMs: s.dayStartMs,
      log: () => {},
    });
    try {
      assert.deepEqual(restoreSnapshot(fork, s), []);
      assert.equal(fork.replanner!.nextDue("ps1"), t0 + 3_600_000);
    } finally {
      fork.stop();
    }
    const plain = startPlant({ ...plant, startMs: s.atMs }, kinds, {
      virtual: true,
      log: () => {},
    });
    try {
      const kept = restoreSnapshot(plain, { ...s, twins: {}, simulators: {} });
      assert.ok(
        kept.includes(
          "ps1: re-planned in the running plant, not in the fork (no optimization.stations); " +
            "their schedules are dropped",
        ),
        kept.join("\n"),
      );
    } finally {
      plain.stop();
    }
  } finally {
    running.stop();
  }
});
