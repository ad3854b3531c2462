import assert from "node:assert/strict";
import { setup } from "xstate";
import { z } from "zod";
import { childConfigs, validatePlant } from "../plant/plant_file.ts";
import type { Actuation, PointValues, Simulator } from "../simulators/simulator.ts";
import type { KindDefinition } from "../twins/kind.ts";
import { loadKinds } from "../twins/registry.ts";
import { Runtime, type TwinSetChange } from "./runtime.ts";

// A tiny kind of our own, so the runtime's behaviour is tested apart from any
// real physics: a heater whose temperature follows its power, whose machine
// confirms a start only after 5 s of heating, and whose simulator can be told
// to throw or to answer commands late.
const heaterMachine = setup({
  types: {
    events: {} as { type: "start" } | { type: "stop" } | { type: "observed"; state: string },
  },
}).createMachine({
  initial: "off",
  states: {
    off: { on: { start: "warming" } },
    warming: {
      after: { 5000: "on" },
      on: {
        stop: "off",
        observed: { guard: ({ event }) => event.state === "broken", target: "broken" },
      },
    },
    on: { on: { stop: "off" } },
    broken: {},
  },
});

class HeaterSim implements Simulator {
  readonly feeds: string[];
  temp = 20;
  power = 0;
  throwAt = Infinity;
  constructor(id: string) {
    this.feeds = [id];
  }
  step(dtS: number, tS: number): void {
    if (tS >= this.throwAt) throw new Error("element burnt out");
    this.temp += dtS * (this.power * 0.1 - (this.temp - 20) * 0.01);
  }
  read(_id: string, out: PointValues): void {
    out.temp = this.temp;
    out.power = this.power;
  }
  actuate(_id: string, a: Actuation): string | undefined {
    if (a.type === "start") this.power = 10;
    if (a.type === "stop") this.power = 0;
    return undefined;
  }
}

const heaterKind: KindDefinition<{ throw_at_s: number }> = {
  kind: "heater",
  description: "test heater",
  params: z.strictObject({ throw_at_s: z.number().default(Infinity) }),
  points: {
    temp: { unit: "degC", description: "temperature" },
    power: { unit: "kW", description: "power" },
  },
  modes: { off: "", warming: "", on: "", broken: "" },
  commands: {
    start: { description: "", args: z.strictObject({}) },
    stop: { description: "", args: z.strictObject({}) },
    late: { description: "", args: z.strictObject({}), machine: false },
  },
  machine: heaterMachine,
  observe: (v) => (typeof v.temp === "number" && v.temp > 1e6 ? "broken" : "ok"),
  simulator: (ctx) => {
    const sim = new HeaterSim(ctx.id);
    sim.throwAt = ctx.params.throw_at_s;
    return sim;
  },
};

const kinds = new Map([["heater", heaterKind as KindDefinition<unknown>]]);

function heaters(extra: object[] = []) {
  return validatePlant(
    { name: "h", twins: [{ id: "h-{i}", count: 2, kind: "heater" }, ...extra] },
    kinds,
    [],
  );
}

Deno.test("machine delays and sample times run on virtual time, step by step", () => {
  const rt = new Runtime(heaters(), kinds, { virtual: true });
  const start = rt.clock.now();
  const h1 = rt.twins.get("h-1")!;
  rt.runFor(2_000);
  assert.equal(h1.ts, start + 2_000);
  assert.equal(rt.stats.steps, 2);
  rt.commands.submit("h-1", { type: "start" });
  assert.equal(h1.mode, "warming");
  rt.runFor(4_999);
  assert.equal(h1.mode, "warming");
  rt.runFor(1);
  assert.equal(h1.mode, "on");
  assert.ok((h1.values.temp as number) > 20);
  assert.equal(rt.twins.get("h-2")!.values.temp, 20);
  rt.shutdown();
});

Deno.test("a command the machine cannot take is recorded as failed with the reason", () => {
  const rt = new Runtime(heaters(), kinds, { virtual: true });
  rt.commands.submit("h-1", { type: "start" });
  rt.runFor(6_000);
  const again = rt.commands.submit("h-1", { type: "start" });
  assert.equal(again.status, "failed");
  assert.equal(again.reason, '"start" is not allowed while heater "h-1" is on');
  rt.shutdown();
});

Deno.test("a driver source feeds its twin and answers actuations later", async () => {
  const plant = heaters([{ id: "field", kind: "heater", source: { type: "modbus" } }]);
  const rt = new Runtime(plant, kinds, { virtual: true });
  rt.registerSource("modbus", () => ({
    type: "modbus",
    actuate: () => new Promise((r) => setTimeout(() => r(undefined), 20)),
  }));
  const field = rt.twins.get("field")!;
  rt.runFor(2_000);
  assert.equal(field.view().points.temp.quality, "bad", "no simulator feeds it");
  field.update({ temp: 55.5 }, rt.clock.now(), "uncertain");
  assert.deepEqual(field.view().points.temp, {
    value: 55.5,
    unit: "degC",
    quality: "uncertain",
    ts: rt.clock.now(),
  });
  const record = rt.commands.submit("field", { type: "late" });
  assert.equal(record.status, "accepted");
  const settled = await rt.commands.settled(record.id, 1_000);
  assert.equal(settled!.status, "executed");
  rt.shutdown();
});

Deno.test("a simulator that throws is halted, its twin goes bad, the rest keep running", () => {
  const logs: string[] = [];
  const plant = heaters([{ id: "bad", kind: "heater", params: { throw_at_s: 3 } }]);
  const rt = new Runtime(plant, kinds, { virtual: true, log: (m) => logs.push(m) });
  rt.runFor(10_000);
  const bad = rt.twins.get("bad")!;
  assert.equal(bad.view().points.temp.quality, "bad");
  assert.equal(rt.twins.get("h-1")!.ts, rt.clock.now());
  assert.equal(logs.length, 1);
  assert.match(logs[0], /simulator of "bad" failed and was halted: Error: element burnt out/);
  rt.shutdown();
});

Deno.test("step listeners run after every step; a failing one is logged, not fatal", () => {
  const logs: string[] = [];
  const rt = new Runtime(heaters(), kinds, { virtual: true, log: (m) => logs.push(m) });
  const seen: number[] = [];
  rt.onStep((now) => seen.push(now - rt.plant.startMs));
  rt.onStep(() => {
    throw new Error("listener bug");
  });
  rt.runFor(3_000);
  assert.deepEqual(seen, [1_000, 2_000, 3_000]);
  assert.equal(logs.length, 3);
  rt.shutdown();
});

Deno.test("stopping a twin halts its simulator and actor; starting gives fresh state", () => {
  const rt = new Runtime(heaters(), kinds, { virtual: true });
  rt.commands.submit("h-1", { type: "start" });
  rt.runFor(10_000);
  const hot = rt.twins.get("h-1")!.values.temp as number;
  assert.ok(hot > 25);
  rt.stopTwin("h-1");
  assert.equal(rt.twins.get("h-1")!.mode, "stopped");
  const ts = rt.twins.get("h-1")!.ts;
  rt.runFor(5_000);
  assert.equal(rt.twins.get("h-1")!.ts, ts, "a stopped twin gets no samples");
  rt.startTwin("h-1");
  assert.equal(rt.twins.get("h-1")!.mode, "off");
  rt.runFor(1_000);
  assert.equal(rt.twins.get("h-1")!.values.temp, 20);
  rt.shutdown();
});

Deno.test("reconfiguring keeps the twin object and its place; the new params take effect", () => {
  const rt = new Runtime(heaters(), kinds, { virtual: true });
  const before = rt.twins.get("h-1")!;
  before.addPoints({ doubled: { unit: "degC", description: "added by a supervisor" } });
  rt.reconfigureTwin("h-1", [{ ...rt.config("h-1")!, params: { throw_at_s: 2 } }]);
  assert.equal(rt.twins.get("h-1"), before);
  assert.deepEqual([...rt.twins.keys()], ["h-1", "h-2"]);
  assert.ok("doubled" in before.view().points);
  rt.runFor(3_000);
  assert.equal(before.view().points.temp.quality, "bad", "the new throw_at_s applies");
  rt.shutdown();
});

Deno.test("real kinds: the same plant and seed give identical results; another seed differs", async () => {
  const real = await loadKinds();
  const plantFor = (seed: number) =>
    validatePlant(
      {
        name: "det",
        seed,
        twins: [...real.keys()].filter((k) => k !== "pump").map((kind) => ({
          id: `${kind}-1`,
          kind,
        })),
      },
      real,
      [],
    );
  const run = (seed: number) => {
    const rt = new Runtime(plantFor(seed), real, { virtual: true });
    rt.runFor(600_000);
    const out = JSON.stringify([...rt.twins.values()].map((t) => [t.id, t.mode, t.values]));
    rt.shutdown();
    return out;
  };
  const a = run(11), b = run(11), c = run(12);
  assert.equal(a, b);
  assert.notEqual(a, c);
});

Deno.test("a driver point with no sample for three periods goes uncertain, keeping its time", () => {
  const plant = heaters([{ id: "field", kind: "heater", source: { type: "modbus" } }]);
  const rt = new Runtime(plant, kinds, { virtual: true });
  rt.registerSource(
    "modbus",
    () => ({ type: "modbus", periodMs: 2_000, actuate: () => undefined }),
  );
  const field = rt.twins.get("field")!;
  const t0 = rt.clock.now();
  field.update({ temp: 40, power: 1 }, t0);
  rt.runFor(6_000);
  assert.equal(field.view().points.temp.quality, "good", "3 periods of 2 s not yet exceeded");
  field.update({ power: 2 }, rt.clock.now());
  rt.runFor(1_000);
  const temp = field.view().points.temp;
  assert.deepEqual([temp.quality, temp.ts], ["uncertain", t0]);
  assert.equal(field.view().points.power.quality, "good");
  field.update({ temp: 41 }, rt.clock.now());
  assert.equal(field.view().points.temp.quality, "good");
  rt.shutdown();
});

Deno.test("a twin with no source keeps no time and no version churn while the plant steps", () => {
  const plant = heaters([{ id: "idle", kind: "heater", source: { type: "none" } }]);
  const rt = new Runtime(plant, kinds, { virtual: true });
  const idle = rt.twins.get("idle")!;
  const version = idle.version;
  rt.runFor(10_000);
  assert.equal(idle.ts, 0);
  assert.equal(idle.view().points.temp.ts, 0);
  assert.equal(idle.version, version);
  rt.shutdown();
});

Deno.test("twin-set listeners hear which twins a reconfiguration added and removed", async () => {
  const real = await loadKinds();
  const station = real.get("pump_station")!;
  const plant = validatePlant(
    { name: "set", twins: [{ id: "ps", kind: "pump_station" }] },
    real,
    [],
  );
  const rt = new Runtime(plant, real, { virtual: true });
  const heard: TwinSetChange[] = [];
  rt.onTwinsChanged((c) => heard.push(c));
  assert.ok(rt.twins.has("ps-p2"));
  const reconfigure = (pumps: unknown[]) => {
    const old = rt.config("ps")!;
    const params = station.params.parse({ pumps });
    rt.reconfigureTwin("ps", [{ ...old, params }, ...childConfigs(station, old, params)]);
  };
  reconfigure([{ suffix: "p1" }, { suffix: "p3" }]);
  assert.deepEqual(heard, [{ added: ["ps-p3"], removed: ["ps-p2"] }]);
  assert.ok(rt.twins.has("ps-p3") && !rt.twins.has("ps-p2"));
  reconfigure([{ suffix: "p1" }, { suffix: "p3" }]);
  assert.equal(heard.length, 1, "same twin set: nothing to hear");
  rt.shutdown();
});

Deno.test("the plant file sets how many periods make a point stale", () => {
  const plant = validatePlant(
    {
      name: "h",
      stale_after_periods: 5,
      twins: [{ id: "field", kind: "heater", source: { type: "modbus" } }],
    },
    kinds,
    [],
  );
  const rt = new Runtime(plant, kinds, { virtual: true });
  rt.registerSource("modbus", () => ({ type: "modbus", actuate: () => undefined }));
  const field = rt.twins.get("field")!;
  field.update({ temp: 40 }, rt.clock.now());
  rt.runFor(5_000);
  assert.equal(field.view().points.temp.quality, "good");
  rt.runFor(1_000);
  assert.equal(field.view().points.temp.quality, "uncertain");
  rt.shutdown();
});
