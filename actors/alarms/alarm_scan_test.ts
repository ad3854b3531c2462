import assert from "node:assert/strict";
import { Random } from "../../simulators/random.ts";
import type { AlarmSpec } from "./alarm_definition.ts";
import { buildCondition, buildSuppression, type WatchedTwin } from "./alarm_condition.ts";
import { compileScan, scannable } from "./alarm_scan.ts";

const base = {
  twin: "t",
  priority: "high" as const,
  unit: "",
  description: "",
  onDelayS: 0,
  offDelayS: 0,
  latching: false,
  maxShelveS: 60,
  realarmS: 0,
};
const suppress = { twin: "t", modes: ["stopped", "maintenance"], expr: undefined };
const specs: AlarmSpec[] = [
  {
    ...base,
    id: "t/h",
    name: "h",
    suppress,
    condition: { type: "limit", point: "x", level: "h", limit: 5, deadband: 1 },
  },
  {
    ...base,
    id: "t/ll",
    name: "ll",
    suppress: undefined,
    condition: { type: "limit", point: "x", level: "ll", limit: -5, deadband: 0.5 },
  },
  {
    ...base,
    id: "t/dev",
    name: "dev",
    suppress,
    condition: {
      type: "deviation",
      point: "x",
      setpoint: { twin: "t", point: "sp" },
      limit: 2,
      direction: "both",
      deadband: 0.5,
    },
  },
  {
    ...base,
    id: "t/devlow",
    name: "devlow",
    suppress: undefined,
    condition: {
      type: "deviation",
      point: "x",
      setpoint: 1,
      limit: 3,
      direction: "low",
      deadband: 0,
    },
  },
  {
    ...base,
    id: "t/st",
    name: "st",
    suppress,
    condition: { type: "state", point: "s", in: ["tripped", 1, true] },
  },
  {
    ...base,
    id: "t/mode",
    name: "mode",
    suppress: undefined,
    condition: { type: "mode", in: ["fault"] },
  },
];

Deno.test("scan: the generated function judges exactly as the check objects do", () => {
  assert.ok(specs.every(scannable));
  const scan = compileScan(specs);
  const n = specs.length;
  const base = 5, all = new Uint8Array(base + 2 * n + 4), changes = new Uint32Array(3 + 2 * n);
  const state = all.subarray(base, base + 2 * n);
  const checks = specs.map((s) => buildCondition(s, () => undefined));
  const sups = specs.map((s) => buildSuppression(s, () => undefined));
  const ref = { raw: new Array<boolean>(n).fill(false), sup: new Array<boolean>(n).fill(false) };
  const rnd = new Random(3, "scan");
  const modes = ["running", "stopped", "fault", "maintenance"];
  const states = ["running", "tripped", 1, 0, true, false];
  // Now and then a value that is no plain number: a boolean, none, NaN or text.
  const odd = [true, false, undefined, NaN, "n/a", null];
  // (Typed as a number: a point with no value is simply absent from a real table.)
  const value = (lo: number, hi: number) =>
    (rnd.next() < 0.1 ? odd[Math.floor(rnd.next() * odd.length)] : rnd.uniform(lo, hi)) as number;
  let changed = 0;
  for (let k = 0; k < 20_000; k++) {
    const twin: WatchedTwin = {
      id: "t",
      values: {
        x: value(-8, 8),
        sp: value(-3, 3),
        s: states[Math.floor(rnd.next() * states.length)],
      },
      quality: rnd.next() < 0.05 ? { x: "bad" } : {},
      mode: modes[Math.floor(rnd.next() * modes.length)],
      running: rnd.next() > 0.02,
    };
    const before = [...state];
    const count = scan(twin, all, base, changes, 3);
    changed += count;
    // Every change is reported, after the offset, suppression first.
    const reported = [...changes.subarray(3, 3 + count)];
    const expected: number[] = [];
    for (let i = 0; i < n; i++) {
      if (state[n + i] !== before[n + i]) expected.push((i << 2) | 2);
      if (state[i] !== before[i]) expected.push((i << 2) | 1);
    }
    assert.deepEqual(reported, expected, `changes at sample ${k}`);
    for (let i = 0; i < n; i++) {
      const s = !twin.running || (sups[i]?.test(twin) ?? false);
      ref.sup[i] = s;
      if (!twin.running) continue;
      const r = checks[i].test(twin, k * 1000, ref.raw[i]);
      if (r !== undefined) ref.raw[i] = r;
    }
    assert.deepEqual([...state.subarray(0, n)].map(Boolean), ref.raw, `conditions at sample ${k}`);
    assert.deepEqual([...state.subarray(n)].map(Boolean), ref.sup, `suppression at sample ${k}`);
  }
  assert.ok(changed > 10_000, `the data exercised the alarms (${changed} changes)`);
  assert.deepEqual([...all.subarray(0, base), ...all.subarray(base + 2 * n)], [
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
  ]);
});

Deno.test("scan: identical alarm sets share one generated function", () => {
  assert.equal(compileScan(specs), compileScan(specs.map((s) => ({ ...s }))));
  assert.notEqual(compileScan(specs), compileScan(specs.slice(1)));
});

Deno.test("scan: twins fed by different sources get functions of their own, with different text", () => {
  const sim = compileScan(specs, "simulator");
  assert.equal(compileScan(specs, "simulator"), sim, "one family shares its function");
  const device = compileScan(specs, "modbus");
  assert.notEqual(device, sim);
  // Identical text would share what V8 learns about the tables it reads.
  assert.notEqual(device.toString(), sim.toString());
});
