import assert from "node:assert/strict";
import { type CardInputs, CardSolver, DynamometerCard, SOUND_PUMP } from "./dynamometer_card.ts";
import { EXAMPLE_RODS, EXAMPLE_WELL } from "./example_well.ts";
import { newRodMotion, polishedRodMotion } from "./pumping_unit.ts";
import {
  buoyantRodWeight,
  buoyantWeightAbove,
  GRAVITY,
  rodArea,
  rodLength,
  rodMass,
  type RodStringSpec,
  rodWeightInAir,
  waveSpeed,
} from "./rod_string.ts";
import { faultEffects, type WellFault } from "./well_faults.ts";

const W = EXAMPLE_WELL;
const L = rodLength(EXAMPLE_RODS);
const AP = rodArea(W.plungerDiameterM);
const RHO = W.fluidDensityKgM3;
const ATM = 101_325;
const WRB = buoyantRodWeight(EXAMPLE_RODS, RHO);
const WR = rodWeightInAir(EXAMPLE_RODS);

/** Card inputs for the example well with `submergence` m of liquid over the pump. */
function inputs(submergence: number, over: Partial<CardInputs> = {}): CardInputs {
  return {
    spm: W.spm,
    strokeLengthM: W.strokeLengthM,
    crankRatio: W.crankRatio,
    dampingPerS: (Math.PI * waveSpeed(EXAMPLE_RODS) * W.dampingFactor) / (2 * L),
    plungerAreaM2: AP,
    dischargePa: W.tubingHeadPressurePa + RHO * GRAVITY * L + ATM,
    intakePa: W.casingPressurePa + RHO * GRAVITY * submergence + ATM,
    bulkModulusPa: W.bulkModulusPa,
    deadVolumeM3: AP * W.deadLengthM,
    ...SOUND_PUMP,
    ...over,
  };
}

const solver = new CardSolver(EXAMPLE_RODS, RHO);

function solve(inp: CardInputs, rods?: RodStringSpec): DynamometerCard {
  const card = new DynamometerCard(200);
  (rods ? new CardSolver(rods, RHO) : solver).solve(inp, card);
  return card;
}

/** Card inputs with one fault injected at `severity`, mapped as the simulator maps it. */
function withFault(fault: WellFault, severity = 0.5): CardInputs {
  const fx = faultEffects(new Map([[fault, severity]]));
  const base = inputs(750);
  const upRate = (AP * W.strokeLengthM * W.spm) / 30;
  return {
    ...base,
    fillFraction: fx.fillFraction,
    gasFraction: fx.gasFraction,
    travellingLeakM3s: fx.travellingLeak * upRate,
    standingLeakM3s: fx.standingLeak * upRate,
    tagHeightM: fx.tagHeightM,
    partedDepthM: fx.partedAt * L,
  };
}

/** Mean of `a` over the polished rod's upstroke (first half of the samples) or downstroke. */
function mean(a: Float64Array, half: "up" | "down"): number {
  const n = a.length / 2, start = half === "up" ? 0 : n;
  let s = 0;
  for (let i = start; i < start + n; i++) s += a[i];
  return s / n;
}

/**
 * Share of the full fluid load carried over the plunger's up (or down)
 * travel: Σ F·|dx| over samples moving that way, over Fo × plunger stroke.
 * A healthy pump carries it all the way up and none of the way down.
 */
function carried(card: DynamometerCard, way: "up" | "down"): number {
  const x = card.pumpPosition, f = card.pumpLoad, n = card.points;
  let w = 0;
  for (let j = 0; j < n; j++) {
    const k = (j + 1) % n, dx = x[k] - x[j];
    if ((way === "up") === dx > 0) w += 0.5 * (f[j] + f[k]) * Math.abs(dx);
  }
  return w / (card.fluidLoadN * card.plungerStrokeM);
}

/** Downhole load, as a fraction of Fo, where the rising plunger first passes 98 % of its stroke. */
function loadNearTop(card: DynamometerCard): number {
  const x = card.pumpPosition, n = card.points;
  let bottom = 0;
  for (let j = 1; j < n; j++) if (x[j] < x[bottom]) bottom = j;
  for (let i = 0; i < n; i++) {
    const j = (bottom + i) % n;
    if (x[j] >= 0.98 * card.plungerStrokeM) return card.pumpLoad[j] / card.fluidLoadN;
  }
  return NaN;
}

/** Plunger travel while the downhole load falls from 90 % to 10 % of Fo, m. */
function releaseTravel(card: DynamometerCard): number {
  const x = card.pumpPosition, f = card.pumpLoad, fo = card.fluidLoadN;
  let top = 0;
  for (let j = 1; j < card.points; j++) if (x[j] > x[top]) top = j;
  let start = NaN;
  for (let i = 0; i < card.points; i++) {
    const j = (top + i) % card.points;
    if (Number.isNaN(start) && f[j] < 0.9 * fo) start = x[j];
    if (f[j] < 0.1 * fo) return start - x[j];
  }
  return NaN;
}

const normal = solve(inputs(750));

Deno.test("energy balance: work at the polished rod = pump work + damping loss", () => {
  const c = normal;
  const lost = c.surfaceWorkJ - (c.pumpWorkJ + c.dampingJ);
  assert.ok(Math.abs(lost) < 0.01 * c.surfaceWorkJ, `imbalance ${lost} J of ${c.surfaceWorkJ} J`);
  // The sampled card's area is the same work.
  assert.ok(Math.abs(c.areaJ / c.surfaceWorkJ - 1) < 0.01);
});

Deno.test("card area × spm = hydraulic power (ΔP·Q) + friction (damping) loss", () => {
  const c = normal, inp = inputs(750);
  const hydraulicW = ((inp.dischargePa - inp.intakePa) * c.liquidPerStrokeM3 * W.spm) / 60;
  const frictionW = (c.dampingJ * W.spm) / 60;
  const cardW = (c.areaJ * W.spm) / 60;
  assert.ok(
    Math.abs(cardW / (hydraulicW + frictionW) - 1) < 0.03,
    `card ${cardW} W vs hydraulic ${hydraulicW} W + friction ${frictionW} W`,
  );
  assert.ok(hydraulicW > 2 * frictionW, "most of the work lifts fluid");
});

Deno.test("pump displacement = plunger area × effective plunger stroke; stroke = S − Fo·ΣL/EA + overtravel", () => {
  const c = normal;
  assert.ok(Math.abs(c.liquidPerStrokeM3 / (AP * c.plungerStrokeM) - 1) < 0.02);
  const stretch = c.fluidLoadN * (400 / (2.06e11 * rodArea(0.0254)) +
    500 / (2.06e11 * rodArea(0.0222)) + 600 / (2.06e11 * rodArea(0.01905)));
  assert.ok(c.plungerStrokeM < W.strokeLengthM, "rod stretch costs stroke");
  assert.ok(c.plungerStrokeM > W.strokeLengthM - stretch, "overtravel gives some back");
  assert.ok(c.plungerStrokeM < W.strokeLengthM - stretch + 0.2);
  assert.ok(c.fillage > 0.98, `a full pump releases at the top: ${c.fillage}`);
});

Deno.test("slow pumping: the card body is W_rb + Fo·[upstroke] + M·(ẍ + c·ẋ); peak and minimum follow Mills", () => {
  const inp = inputs(750, { spm: 1 });
  const c = solve(inp);
  const w = (2 * Math.PI) / 60;
  const aBottom = (W.strokeLengthM / 2) * w * w * (1 + W.crankRatio) / GRAVITY;
  const aTop = (W.strokeLengthM / 2) * w * w * (1 - W.crankRatio) / GRAVITY;
  const fo = AP * (inp.dischargePa - inp.intakePa);
  const m = newRodMotion(), mass = rodMass(EXAMPLE_RODS);
  for (let j = 0; j < c.points; j++) {
    const phase = j / c.points;
    // Away from the load changes at the ends of the stroke.
    if (!((phase > 0.2 && phase < 0.5) || phase > 0.7)) continue;
    polishedRodMotion(phase, W.strokeLengthM, 60, W.crankRatio, m);
    const body = WRB + (phase < 0.5 ? fo : 0) +
      mass * (m.acceleration + inp.dampingPerS * m.velocity);
    assert.ok(
      Math.abs(c.surfaceLoad[j] - body) < 0.005 * WRB,
      `phase ${phase}: ${c.surfaceLoad[j]} vs ${body}`,
    );
  }
  const peak = WRB + fo + WR * aBottom, low = WRB - WR * aTop;
  assert.ok(Math.abs(c.peakLoad / peak - 1) < 0.03, `peak ${c.peakLoad} vs ${peak}`);
  // The load release at the top rings the string a little below the Mills minimum.
  assert.ok(c.minLoad < low && c.minLoad > 0.95 * low, `min ${c.minLoad} vs ${low}`);
});

Deno.test("faster pumping widens the card: the dynamic term grows with speed", () => {
  const slow = solve(inputs(750, { spm: 3 })), fast = solve(inputs(750, { spm: 10 }));
  assert.ok(fast.peakLoad > normal.peakLoad && normal.peakLoad > slow.peakLoad);
  assert.ok(fast.minLoad < normal.minLoad && normal.minLoad < slow.minLoad);
  const fo = normal.fluidLoadN;
  assert.ok(normal.peakLoad > WRB + fo && normal.minLoad < WRB);
});

Deno.test("rigid-rod limit: very stiff rods give the kinematic card W_rb + Fo·[upstroke] + M·(ẍ + c·ẋ)", () => {
  const stiff: RodStringSpec = {
    sections: [{ diameterM: 0.0222, lengthM: 300 }],
    modulusPa: 2.06e13, // 100 × steel: the string's stretch and wave delays vanish
    densityKgM3: 7850,
  };
  // Damped enough that the ring left by the sudden valve changes dies out within a half stroke.
  const c = 4;
  const pd = W.tubingHeadPressurePa + RHO * GRAVITY * 300 + ATM;
  const pi = W.casingPressurePa + RHO * GRAVITY * 100 + ATM;
  const inp = inputs(0, { dischargePa: pd, intakePa: pi, dampingPerS: c, spm: 8 });
  const card = solve(inp, stiff);
  const wrb = buoyantRodWeight(stiff, RHO), mass = rodMass(stiff), fo = AP * (pd - pi);
  const m = newRodMotion(), period = 60 / 8;
  let worst = 0;
  for (let j = 0; j < card.points; j++) {
    const phase = j / card.points;
    // Compare where the valve changes at the ends of the stroke have rung out.
    if (!((phase > 0.2 && phase < 0.5) || phase > 0.7)) continue;
    polishedRodMotion(phase, W.strokeLengthM, period, W.crankRatio, m);
    const kinematic = wrb + (phase < 0.5 ? fo : 0) + mass * (m.acceleration + c * m.velocity);
    worst = Math.max(worst, Math.abs(card.surfaceLoad[j] - kinematic));
  }
  assert.ok(worst < 0.01 * (wrb + fo), `worst deviation ${worst} N`);
});

Deno.test("fluid pound: partial fill, load held into the downstroke then dropped late", () => {
  const c = solve(withFault("fluid_pound"));
  assert.ok(Math.abs(c.fillage - 0.65) < 0.05, `fillage ${c.fillage}`);
  assert.ok(c.liquidPerStrokeM3 < 0.7 * normal.liquidPerStrokeM3);
  // The plunger carries the load down through the unfilled 35 % before it hits liquid.
  assert.ok(carried(normal, "down") < 0.02, `normal ${carried(normal, "down")}`);
  assert.ok(Math.abs(carried(c, "down") - 0.35) < 0.07, `pounding ${carried(c, "down")}`);
  assert.ok(mean(c.surfaceLoad, "down") > mean(normal.surfaceLoad, "down") + 0.1 * c.fluidLoadN);
});

Deno.test("gas interference: gradual, rounded release and less liquid", () => {
  const c = solve(withFault("gas_interference"));
  // Liquid drops the load within a couple of centimetres; gas has to be squeezed first.
  const gas = releaseTravel(c), liquid = releaseTravel(normal);
  assert.ok(
    liquid < 0.05 && gas > 0.15 && gas > 5 * liquid,
    `release over ${gas} m vs ${liquid} m`,
  );
  assert.ok(c.fillage < normal.fillage - 0.05, `fillage ${c.fillage}`);
  // 35 % gas by volume at intake: liquid falls by about that much.
  assert.ok(Math.abs(c.liquidPerStrokeM3 / normal.liquidPerStrokeM3 - 0.65) < 0.05);
});

Deno.test("travelling-valve leak: load lost on the upstroke, less production", () => {
  const c = solve(withFault("travelling_valve_leak"));
  // The leak outruns the slowing plunger near the top: the load is already coming off.
  assert.ok(loadNearTop(normal) > 0.95, `normal ${loadNearTop(normal)}`);
  assert.ok(loadNearTop(c) < 0.8, `leaking ${loadNearTop(c)}`);
  assert.ok(carried(c, "up") < carried(normal, "up") - 0.02, `up ${carried(c, "up")}`);
  assert.ok(mean(c.surfaceLoad, "up") < mean(normal.surfaceLoad, "up"));
  assert.ok(c.liquidPerStrokeM3 < 0.8 * normal.liquidPerStrokeM3);
  assert.ok(c.travellingLeakM3 > 0.2 * normal.liquidPerStrokeM3);
});

Deno.test("standing-valve leak: load carried into the downstroke, less production", () => {
  const c = solve(withFault("standing_valve_leak"));
  assert.ok(carried(c, "down") > carried(normal, "down") + 0.05, `down ${carried(c, "down")}`);
  assert.ok(mean(c.surfaceLoad, "down") > mean(normal.surfaceLoad, "down"));
  assert.ok(c.liquidPerStrokeM3 < 0.8 * normal.liquidPerStrokeM3);
  assert.ok(c.standingLeakM3 > 0.2 * normal.liquidPerStrokeM3);
});

Deno.test("parted rods: load collapses to the weight of the rods above the break, nothing pumped", () => {
  const inp = withFault("rod_parted");
  const c = solve(inp);
  const above = buoyantWeightAbove(EXAMPLE_RODS, RHO, inp.partedDepthM);
  assert.equal(c.liquidPerStrokeM3, 0);
  assert.ok(c.peakLoad < WRB, "peak under the whole string's buoyant weight");
  assert.ok(
    Math.abs((c.peakLoad + c.minLoad) / 2 / above - 1) < 0.1,
    `mid ${(c.peakLoad + c.minLoad) / 2} vs ${above}`,
  );
  assert.ok(c.peakLoad - c.minLoad < 0.5 * (normal.peakLoad - normal.minLoad));
});

Deno.test("pump tagging: compressive spike at the bottom of the downstroke", () => {
  const c = solve(withFault("pump_tagging"));
  let minPump = 0;
  for (const f of c.pumpLoad) minPump = Math.min(minPump, f);
  assert.ok(minPump < -0.5 * normal.fluidLoadN, `downhole spike ${minPump} N`);
  assert.ok(c.minLoad < normal.minLoad - 2000, `surface minimum ${c.minLoad} vs ${normal.minLoad}`);
  // Where the spike is: in the last tenth of the downstroke.
  let at = 0;
  for (let j = 0; j < c.points; j++) if (c.pumpLoad[j] === minPump) at = j / c.points;
  assert.ok(at > 0.85 || at < 0.05, `spike at phase ${at}`);
});

Deno.test("severity scales the effect", () => {
  const mild = solve(withFault("travelling_valve_leak", 0.2));
  const bad = solve(withFault("travelling_valve_leak", 0.8));
  assert.ok(
    bad.liquidPerStrokeM3 < mild.liquidPerStrokeM3 &&
      mild.liquidPerStrokeM3 < normal.liquidPerStrokeM3,
  );
});
