import assert from "node:assert/strict";
import { type DeclaredPoints, readFloat32 } from "./register_image.ts";
import type { PointSpec } from "../../twins/point.ts";
import { RtuSimulator } from "./rtu_simulator.ts";
import { assertContinues } from "../snapshot_round_trip.ts";
import type { PointValues } from "../simulator.ts";

const POINTS: Record<string, PointSpec> = {
  flow: { unit: "m3/h", description: "" },
  running: { unit: "", description: "", type: "boolean" },
  mode_text: { unit: "", description: "", type: "string" },
};

function setup() {
  const peers: Record<string, PointValues> = {
    "pump-1": { flow: 123.5, running: true, mode_text: "ignored" },
    "pump-2": { head: 42.25, flow: -1.5 },
  };
  const declared: Record<string, DeclaredPoints> = {
    "pump-1": { own: POINTS, extra: {} },
    "pump-2": {
      own: { flow: POINTS.flow, head: { unit: "m", description: "" } },
      extra: {},
    },
  };
  const sim = new RtuSimulator({
    id: "rtu",
    assets: ["pump-1", "pump-2", "ghost"],
    base: 100,
    lookup: (id) => peers[id],
    declared: (id) => declared[id],
  });
  return { sim, peers, declared };
}

Deno.test("register image: float32 pairs and bools laid out by asset then point name", () => {
  const { sim } = setup();
  sim.step(1, 1);
  assert.deepEqual(sim.layout.map((e) => `${e.asset}.${e.point}@${e.address}:${e.type}`), [
    "pump-1.flow@100:float32",
    "pump-1.running@102:bool",
    "pump-2.flow@103:float32",
    "pump-2.head@105:float32",
  ]);
  const regs = sim.registers;
  assert.equal(regs.length, 107);
  assert.equal(readFloat32(regs, 100), 123.5);
  assert.equal(regs[102], 1);
  assert.equal(readFloat32(regs, 103), -1.5);
  assert.equal(readFloat32(regs, 105), 42.25);
});

Deno.test("the image follows the assets every scan, and freezes under a stale fault", () => {
  const { sim, peers } = setup();
  sim.step(1, 1);
  peers["pump-1"].flow = 99;
  sim.step(1, 2);
  assert.equal(readFloat32(sim.registers, 100), 99);
  assert.equal(sim.actuate("rtu", { type: "inject_fault", args: { fault: "stale" } }), undefined);
  peers["pump-1"].flow = 50;
  sim.step(1, 3);
  sim.step(1, 4);
  assert.equal(readFloat32(sim.registers, 100), 99);
  const out: PointValues = {};
  sim.read("rtu", out);
  assert.equal(out.data_age, 2);
  assert.equal(out.scans, 2);
  assert.equal(out.comm_ok, true);
  sim.actuate("rtu", { type: "clear_fault", args: {} });
  sim.step(1, 5);
  assert.equal(readFloat32(sim.registers, 100), 50);
});

Deno.test("unknown faults are refused with the list of known ones", () => {
  const { sim } = setup();
  assert.match(
    sim.actuate("rtu", { type: "inject_fault", args: { fault: "fire" } })!,
    /unknown RTU fault "fire"; expected one of comm_loss, stale/,
  );
});

Deno.test("the layout comes from declarations, whatever values exist at the first scan", () => {
  const { sim, peers, declared } = setup();
  // A calculated point declared on pump-1 whose value does not exist yet
  // (cold start), and a kind point still missing its first value.
  declared["pump-1"] = { own: POINTS, extra: { eff: { unit: "%", description: "" } } };
  delete peers["pump-2"].head;
  sim.step(1, 1);
  const cold = sim.layout.map((e) => `${e.asset}.${e.point}@${e.address}`);
  assert.deepEqual(cold, [
    "pump-1.flow@100",
    "pump-1.running@102",
    "pump-1.eff@103",
    "pump-2.flow@105",
    "pump-2.head@107",
  ]);
  // A restart with every value present (calculated ones included) lays out the same.
  peers["pump-1"].eff = 71;
  peers["pump-2"].head = 40;
  const again = new RtuSimulator({
    id: "rtu",
    assets: ["pump-1", "pump-2", "ghost"],
    base: 100,
    lookup: (id) => peers[id],
    declared: (id) => declared[id],
  });
  again.step(1, 1);
  assert.deepEqual(again.layout.map((e) => `${e.asset}.${e.point}@${e.address}`), cold);
  assert.equal(readFloat32(again.registers, 103), 71);
});

Deno.test("snapshot: a restored RTU keeps its scans, data age and the image frozen under a fault", () => {
  const { sim, peers, declared } = setup();
  sim.step(1, 1);
  sim.step(1, 2);
  sim.actuate("rtu", { type: "inject_fault", args: { fault: "stale" } });
  peers["pump-1"].flow = 50;
  sim.step(1, 3);
  const fresh = new RtuSimulator({
    id: "rtu",
    assets: ["pump-1", "pump-2", "ghost"],
    base: 100,
    lookup: (id) => peers[id],
    declared: (id) => declared[id],
  });
  assertContinues(sim, fresh, {
    fromS: 3,
    steps: 5,
    each: (s, i) => {
      if (i === 2) s.actuate("rtu", { type: "clear_fault", args: {} });
    },
  });
  assert.equal(readFloat32(fresh.registers, 100), 50);
  assert.deepEqual([...fresh.registers], [...sim.registers]);
  const out: PointValues = {};
  fresh.read("rtu", out);
  assert.equal(out.scans, 5);
});
