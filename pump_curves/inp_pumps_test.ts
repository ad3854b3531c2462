import assert from "node:assert/strict";
import { Workspace } from "epanet-js";
import { checkPumpsWithEpanet } from "./epanet_pump_check.ts";
import { readInpPumps } from "./inp_pumps.ts";

const DATASETS = new URL("../../shared/datasets/epanet/", import.meta.url);

/** The dataset file's text, or undefined when absent (a failure under CI=true). */
async function dataset(name: string): Promise<string | undefined> {
  try {
    return await Deno.readTextFile(new URL(name, DATASETS));
  } catch {
    if (Deno.env.get("CI") === "true") {
      throw new Error(`dataset ${name} is missing from ${DATASETS.pathname}; CI needs it`);
    }
    return undefined;
  }
}

/** A small network with every pump form: 1-point, 3-point, custom table, constant power. */
const GENERATED = `[TITLE]
generated pumps
[JUNCTIONS]
 J1  0  10
 J2  0  0
 J3  0  0
 J4  0  5
[RESERVOIRS]
 R  0
[PIPES]
 X1  J1  J4  100  300  130  0  Open
 X2  J2  J4  100  300  130  0  Open
 X3  J3  J4  100  300  130  0  Open
[PUMPS]
;ID  N1  N2  params
 ONE    R  J1  HEAD C1
 THREE  R  J2  HEAD C3  SPEED 0.9  PATTERN PP
 TABLE  R  J3  HEAD C5
 HP     R  J4  POWER 20
[CURVES]
 C1  40  30
 C3  0   50
 C3  30  45   ; a comment
 C3  60  30
 C5  0   52
 C5  20  50
 C5  40  44
 C5  60  33
 C5  80  18
 E5  0   20
 E5  40  78
 E5  80  60
[PATTERNS]
 PP  1 0 1
[ENERGY]
 Global Efficiency 70
 Pump TABLE Efficiency E5
[OPTIONS]
 Units  LPS
[END]
`;

Deno.test("readInpPumps derives EPANET's coefficients from generated .inp text", () => {
  const f = readInpPumps(GENERATED, "gen.inp");
  assert.equal(f.flowUnits, "LPS");
  assert.equal(f.headUnit, "m");
  assert.equal(f.globalEfficiency, 70);
  const [one, three, table, hp] = f.pumps;
  // 1 point (40, 30): h = 1.33334*30 - b q^c through (80, 0): c ~ 2, b = 10/40^2.
  assert.equal(one.form, "single_point");
  assert.ok(Math.abs(one.coefficients!.a - 40.0002) < 1e-9);
  assert.ok(Math.abs(one.coefficients!.c - 2) < 1e-4);
  assert.ok(Math.abs(one.coefficients!.b * 40 ** one.coefficients!.c - 10.0002) < 1e-6);
  // 3 points (0,50) (30,45) (60,30): c = ln(20/5)/ln 2 = 2, b = 5/900.
  assert.equal(three.form, "three_point");
  assert.ok(Math.abs(three.coefficients!.c - 2) < 1e-12);
  assert.ok(Math.abs(three.coefficients!.b - 5 / 900) < 1e-12);
  assert.equal(three.speed, 0.9);
  assert.equal(three.pattern, "PP");
  assert.equal(table.form, "custom");
  assert.ok(table.fitted && table.fitted.r2 > 0.99, "a power function fits the table");
  assert.equal(table.efficiencyCurveId, "E5");
  assert.deepEqual(table.efficiencyPoints![1], { x: 40, y: 78 });
  assert.equal(hp.form, "constant_power");
  assert.equal(hp.power, 20);
});

Deno.test("readInpPumps names the file and line of a bad row", () => {
  assert.throws(
    () => readInpPumps("[PUMPS]\n P R J HEAD NOPE\n[CURVES]\n", "bad.inp"),
    /bad\.inp:2: pump P: head curve NOPE is not in \[CURVES\]/,
  );
  assert.throws(
    () => readInpPumps("[PUMPS]\n P R J HEAD C\n[CURVES]\n C 0 50\n C 10 x\n", "bad.inp"),
    /bad\.inp:5 curve C y: "x" is not a number/,
  );
  assert.throws(
    () => readInpPumps("[PUMPS]\n P R J HEAD C\n[CURVES]\n C 0 50\n C 10 55\n C 20 40\n", "b.inp"),
    /b\.inp:2: pump P: the three points do not fit/,
  );
  assert.throws(() => readInpPumps("[PUMPS]\n P R J SPIN 3\n", "k.inp"), /k\.inp:2.*SPIN/);
});

Deno.test("epanet-js agrees with every generated pump's type, points and delivered flow", async () => {
  const ws = new Workspace();
  await ws.loadModule();
  const ours = readInpPumps(GENERATED, "gen.inp");
  const checks = checkPumpsWithEpanet(ws, GENERATED, ours);
  assert.deepEqual(checks.map((c) => c.epanetType), [
    "PowerFunc",
    "PowerFunc",
    "Custom",
    "ConstHP",
  ]);
  for (const c of checks) {
    assert.ok(c.typeMatches && c.pointsMatch, c.id);
    assert.ok(c.maxRelativeFlowDiff < 1e-5, `${c.id}: ${c.maxRelativeFlowDiff}`);
  }
});

Deno.test("Net1 and Net3 pumps give EPANET's published coefficients, and epanet-js agrees", async () => {
  const net1 = await dataset("Net1.inp");
  const net3 = await dataset("Net3.inp");
  if (!net1 || !net3) return;
  const ws = new Workspace();
  await ws.loadModule();
  const p9 = readInpPumps(net1, "Net1.inp").pumps[0];
  // h = 333.33 - 3.7037e-5 Q^2 in gpm and ft (EPANET's 1.33334 makes it 333.335 and c 1.99998).
  assert.equal(p9.form, "single_point");
  assert.ok(Math.abs(p9.coefficients!.a - 333.33) < 0.01);
  assert.ok(Math.abs(p9.coefficients!.c - 2) < 1e-4);
  assert.ok(Math.abs(p9.coefficients!.b * 1500 ** p9.coefficients!.c - 83.33) < 0.01);
  const n3 = readInpPumps(net3, "Net3.inp");
  const p10 = n3.pumps.find((p) => p.id === "10")!;
  assert.ok(Math.abs(p10.coefficients!.a - 104) < 1e-9);
  assert.ok(Math.abs(p10.coefficients!.b - 1.69e-5) < 0.005e-5);
  assert.ok(Math.abs(p10.coefficients!.c - 1.773) < 0.0005);
  for (const [text, f] of [[net1, readInpPumps(net1)], [net3, n3]] as const) {
    for (const c of checkPumpsWithEpanet(ws, text, f)) {
      assert.ok(c.typeMatches && c.pointsMatch && c.maxRelativeFlowDiff < 1e-5, c.id);
    }
  }
});
