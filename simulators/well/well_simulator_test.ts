import assert from "node:assert/strict";
import type { PointValues } from "../simulator.ts";
import { EXAMPLE_WELL } from "./example_well.ts";
import { GRAVITY, rodLength } from "./rod_string.ts";
import { vogelRate } from "./vogel_ipr.ts";
import { type WellConfig, WellSimulator } from "./well_simulator.ts";
import { assertContinues } from "../snapshot_round_trip.ts";

const ID = "well-1";

function sim(over: Partial<WellConfig> = {}, seed = 7): WellSimulator {
  return new WellSimulator({ id: ID, config: { ...EXAMPLE_WELL, ...over }, seed });
}

/** Step `s` for `seconds`, calling `each` after every step with the fresh values. */
function run(
  s: WellSimulator,
  seconds: number,
  each?: (v: PointValues) => void,
  t0 = 0,
): PointValues {
  const v: PointValues = {};
  for (let t = 1; t <= seconds; t++) {
    s.step(1, t0 + t);
    s.read(ID, v);
    each?.(v);
  }
  return v;
}

const W = EXAMPLE_WELL;
const PUMP_DEPTH = rodLength(W.rods);
const RHO_G = W.fluidDensityKgM3 * GRAVITY;
const STATIC_LEVEL = PUMP_DEPTH + W.perforationOffsetM -
  (W.reservoirPressurePa - W.casingPressurePa) / RHO_G;

Deno.test("starts at its producing equilibrium: inflow = production, level steady", () => {
  const s = sim();
  const v0 = run(s, 60);
  assert.ok(Math.abs(v0.inflow as number / (v0.production_liquid as number) - 1) < 0.02);
  const v1 = run(s, 3600);
  assert.ok(Math.abs((v1.fluid_level as number) - (v0.fluid_level as number)) < 5);
  assert.ok((v1.fluid_level as number) < PUMP_DEPTH - 100, "well submerged, not pumped off");
  assert.ok((v1.fillage as number) > 97);
  assert.equal(v1.pumping, true);
  assert.equal(v1.fault, "none");
  // Oil is the liquid less the water cut.
  assert.ok(
    Math.abs((v1.production_oil as number) - (v1.production_liquid as number) * 0.5) < 1e-9,
  );
});

Deno.test("level balance: ∫(inflow − production)dt / annulus area = rise of the level", () => {
  const s = sim({ initialFluidLevelM: 300 });
  const start = run(s, 1).fluid_level as number;
  let net = 0, last = start;
  run(s, 2 * 3600, (v) => {
    net += ((v.inflow as number) - (v.production_liquid as number)) / 86_400;
    last = v.fluid_level as number;
  });
  const expectedDrop = -net / W.annulusAreaM2;
  assert.ok(last - start > 50, "a high level is drawn down");
  assert.ok(
    Math.abs((last - start) / expectedDrop - 1) < 0.005,
    `${last - start} m vs ${expectedDrop} m`,
  );
});

Deno.test("shut in: no pumping, the level builds toward static (Pwf → Pr) at inflow/area", () => {
  const s = sim();
  const before = run(s, 10);
  assert.equal(s.actuate(ID, { type: "shut_in", args: {} }), undefined);
  const first = run(s, 1);
  // First second: the level rises by q_in / A.
  const pwf = W.casingPressurePa +
    RHO_G * (PUMP_DEPTH + W.perforationOffsetM - (before.fluid_level as number));
  const rise = vogelRate(pwf, W.reservoirPressurePa, W.maxRateM3d) / 86_400 / W.annulusAreaM2;
  assert.ok(
    Math.abs(((before.fluid_level as number) - (first.fluid_level as number)) / rise - 1) < 0.01,
  );
  assert.equal(first.pumping, false);
  assert.equal(first.spm, 0);
  assert.equal(first.production_liquid, 0);
  let prev = first.fluid_level as number, monotonic = true;
  const after = run(s, 24 * 3600, (v) => {
    if ((v.fluid_level as number) > prev + 1e-9) monotonic = false;
    prev = v.fluid_level as number;
  });
  assert.ok(monotonic, "the level only rises while shut in");
  assert.ok(
    Math.abs((after.fluid_level as number) - STATIC_LEVEL) < 2,
    `${after.fluid_level} vs static ${STATIC_LEVEL}`,
  );
  assert.ok((after.inflow as number) < 0.01 * (before.inflow as number));
  // The stopped unit hangs the rods and the fluid column on the polished rod.
  assert.ok(after.peak_load === after.min_load);
});

Deno.test("a weak reservoir pumps off: level at the intake, fillage below 100 %, production = inflow", () => {
  const s = sim({ maxRateM3d: 25 });
  const v = run(s, 600);
  assert.equal(v.fluid_level, PUMP_DEPTH);
  assert.ok((v.fillage as number) < 85 && (v.fillage as number) > 50, `fillage ${v.fillage}`);
  assert.ok(Math.abs((v.production_liquid as number) - (v.inflow as number)) < 1e-9);
  assert.ok(Math.abs((v.intake_pressure as number) - W.casingPressurePa / 1000) < 1e-9);
});

Deno.test("drawing down a high level on a weak reservoir ends in fluid pound at the intake", () => {
  const s = sim({ maxRateM3d: 30, initialFluidLevelM: 1000 });
  let sawFull = false, sawLow = false;
  run(s, 12 * 3600, (v) => {
    if ((v.fillage as number) > 97) sawFull = true;
    if (sawFull && (v.fillage as number) < 90) sawLow = true;
  });
  assert.ok(
    sawFull && sawLow,
    "full pump while submerged, fluid pound once the level reaches the intake",
  );
});

Deno.test("faster pumping lifts more and loads the rods harder", () => {
  const s = sim();
  const slow = run(s, 120);
  assert.equal(s.actuate(ID, { type: "set_spm", args: { spm: 9 } }), undefined);
  const fast = run(s, 120);
  assert.equal(fast.spm, 9);
  assert.ok((fast.production_liquid as number) > 1.3 * (slow.production_liquid as number));
  assert.ok((fast.peak_load as number) > (slow.peak_load as number));
  assert.ok((fast.motor_power as number) > (slow.motor_power as number));
  assert.match(s.actuate(ID, { type: "set_spm", args: { spm: 40 } }) ?? "", /1 to 15/);
});

Deno.test("the cached card is replayed: the rod runs 0..S once per stroke, strokes = spm × minutes", () => {
  const s = sim({ measurementNoise: 0 });
  let lo = Infinity, hi = -Infinity;
  const v = run(s, 600, (x) => {
    lo = Math.min(lo, x.rod_position as number);
    hi = Math.max(hi, x.rod_position as number);
  });
  assert.ok(lo < 0.1 && hi > 0.97 * W.strokeLengthM);
  assert.ok(Math.abs((v.strokes as number) - 60) <= 1);
  const card = s.inspect(ID) as { card: { position: number[]; load: number[] } };
  assert.equal(card.card.position.length, 200);
  assert.ok(
    Math.abs(Math.max(...card.card.load) - (v.peak_load as number)) <
      0.02 * (v.peak_load as number),
  );
  assert.ok((v.polished_rod_load as number) <= (v.peak_load as number) + 0.01);
  assert.ok((v.polished_rod_load as number) >= (v.min_load as number) - 0.01);
});

Deno.test("a steady well does not recompute its card", () => {
  const s = sim();
  run(s, 60);
  const before = s.cardSolves;
  run(s, 6 * 3600);
  assert.ok(s.cardSolves - before <= 2, `${s.cardSolves - before} recomputes in 6 h`);
});

Deno.test("faults through actuate: rod part stops production, clearing it brings it back", () => {
  const s = sim();
  const ok = run(s, 30);
  assert.equal(s.actuate(ID, { type: "inject_fault", args: { fault: "rod_parted" } }), undefined);
  const broken = run(s, 30);
  assert.equal(broken.production_liquid, 0);
  assert.equal(broken.fault, "rod_parted");
  assert.ok((broken.peak_load as number) < 0.6 * (ok.peak_load as number));
  assert.deepEqual((s.inspect(ID) as { faults: string[] }).faults, ["rod_parted"]);
  assert.equal(
    s.actuate(ID, { type: "inject_fault", args: { fault: "gas_interference", severity: 0.4 } }),
    undefined,
  );
  assert.equal(run(s, 1).fault, "rod_parted,gas_interference");
  assert.equal(s.actuate(ID, { type: "clear_fault", args: {} }), undefined);
  const fixed = run(s, 30);
  assert.equal(fixed.fault, "none");
  assert.ok((fixed.production_liquid as number) > 0.9 * (ok.production_liquid as number));
});

Deno.test("actuate refuses nonsense with a sentence and ignores machine-only commands", () => {
  const s = sim();
  assert.match(
    s.actuate(ID, { type: "inject_fault", args: { fault: "gremlins" } }) ?? "",
    /unknown well fault/,
  );
  assert.match(
    s.actuate(ID, { type: "inject_fault", args: { fault: "pump_tagging", severity: 3 } }) ?? "",
    /severity/,
  );
  assert.match(s.actuate(ID, { type: "explode", args: {} }) ?? "", /cannot/);
  for (const type of ["enter_maintenance", "exit_maintenance", "reset"]) {
    assert.equal(s.actuate(ID, { type, args: {} }), undefined);
  }
});

Deno.test("same seed, same run; another seed, other noise", () => {
  const script = (s: WellSimulator) => {
    const out: PointValues[] = [];
    let i = 0;
    run(s, 3 * 3600, (v) => {
      if (++i % 97 === 0) out.push({ ...v });
    });
    return out;
  };
  const a = sim({}, 11), b = sim({}, 11), c = sim({}, 12);
  for (const s of [a, b, c]) {
    run(s, 600);
    s.actuate(ID, { type: "inject_fault", args: { fault: "pump_tagging" } });
  }
  const ra = script(a), rb = script(b), rc = script(c);
  assert.deepEqual(ra, rb);
  assert.notDeepEqual(
    ra.map((v) => v.polished_rod_load),
    rc.map((v) => v.polished_rod_load),
  );
});

Deno.test("wells from one template differ with a spread, and match exactly without", () => {
  const field = (spread: number) =>
    [1, 2, 3, 4, 5].map((seed) => {
      const v = run(sim({ spread }, seed), 600);
      return `${v.production_liquid}|${v.fluid_level}|${v.intake_pressure}`;
    });
  assert.equal(new Set(field(0)).size, 1, "no spread: five wells move in lockstep");
  assert.equal(new Set(field(0.15)).size, 5, "a spread gives each well its own reservoir");
  // The well's own reservoir is shown with its detail, and follows its seed.
  const a = sim({ spread: 0.15 }, 3).inspect(ID), b = sim({ spread: 0.15 }, 3).inspect(ID);
  assert.equal(a.reservoirPressureKpa, b.reservoirPressureKpa);
  assert.notEqual(a.reservoirPressureKpa, W.reservoirPressurePa / 1000);
  assert.equal(sim({}, 3).inspect(ID).reservoirPressureKpa, W.reservoirPressurePa / 1000);
});

Deno.test("snapshot: a restored well continues bit for bit, its card, faults and noise included", () => {
  const a = sim({ measurementNoise: 0.01 });
  run(a, 120);
  a.actuate(ID, { type: "inject_fault", args: { fault: "gas_interference", severity: 0.5 } });
  run(a, 60, undefined, 120);
  const b = sim({ measurementNoise: 0.01 });
  assertContinues(a, b, {
    fromS: 180,
    steps: 240,
    each: (s, i) => {
      if (i === 100) s.actuate(ID, { type: "set_spm", args: { spm: 6 } });
      if (i === 200) s.actuate(ID, { type: "shut_in", args: {} });
    },
  });
  assert.equal(b.cardVersion, a.cardVersion);
  assert.deepEqual(Array.from(b.card.surfaceLoad), Array.from(a.card.surfaceLoad));
  const faster = sim({ measurementNoise: 0.01, spm: W.spm + 2 });
  faster.restore(structuredClone(a.snapshot()));
  const v: PointValues = {};
  faster.read(ID, v);
  assert.equal(v.fault, "gas_interference");
  faster.actuate(ID, { type: "open", args: {} });
  assert.equal(run(faster, 5, undefined, 420).spm, W.spm + 2, "an spm the params change wins");
});
