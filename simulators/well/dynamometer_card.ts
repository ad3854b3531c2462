/**
 * Surface and downhole dynamometer cards by solving the damped wave equation
 * over whole strokes: the polished rod drives the top of the string, the
 * pump chamber loads the bottom, and strokes are repeated from rest until
 * two in a row agree (the periodic solution). The last stroke is sampled at
 * a fixed number of equal phase steps for display and replay, and the
 * energy that went in at the polished rod, out at the pump and into damping
 * is tallied so the card can be checked against a power balance.
 *
 * @module
 */
import { PumpChamber, type PumpSettings } from "./pump_chamber.ts";
import { MotionTables } from "./motion_table.ts";
import { ConstantLoad, RodDynamics } from "./rod_dynamics.ts";
import { type RodStringSpec, stretchPerNewton } from "./rod_string.ts";

/** Contact stiffness of the plunger meeting the standing-valve cage, N/m. */
export const TAG_STIFFNESS_N_M = 2e7;

/** What a card is computed for. */
export interface CardInputs {
  /** Strokes per minute. */
  spm: number;
  /** Polished-rod stroke length, m. */
  strokeLengthM: number;
  /** Crank-to-pitman ratio of the unit (asymmetry of the motion). */
  crankRatio: number;
  /** Damping coefficient c of the wave equation, 1/s. */
  dampingPerS: number;
  /** Plunger area, m². */
  plungerAreaM2: number;
  /** Pressure above the plunger, Pa absolute. */
  dischargePa: number;
  /** Pump intake pressure, Pa absolute. */
  intakePa: number;
  /** Liquid bulk modulus, Pa. */
  bulkModulusPa: number;
  /** Chamber volume left at the bottom of the stroke, m³. */
  deadVolumeM3: number;
  /** Free-gas volume fraction entering the pump (0..1). */
  gasFraction: number;
  /** Travelling-valve leak rate at the nominal differential, m³/s. */
  travellingLeakM3s: number;
  /** Standing-valve leak rate at the nominal differential, m³/s. */
  standingLeakM3s: number;
  /**
   * Fraction of the nominal plunger stroke S − Fo·ΣL/(EA) the intake can
   * fill per stroke (≥ 1: no limit).
   */
  fillFraction: number;
  /** Height of the tag point above the plunger's free lowest position, m (0: no tag). */
  tagHeightM: number;
  /** Depth at which the rods have parted, m (Infinity: intact). */
  partedDepthM: number;
  /** How far above the plunger's free highest point the barrel top sits short, m (0 or absent: no hit). */
  topHitM?: number;
  /** Viscous drag on the plunger, N per m/s (0 or absent: none). */
  plungerDragNsM?: number;
}

/** The {@linkcode CardInputs} that describe pump faults, at their sound values: no gas, no leaks, full fillage, no tag, intact rods. */
export const SOUND_PUMP: Readonly<
  Pick<
    CardInputs,
    | "gasFraction"
    | "travellingLeakM3s"
    | "standingLeakM3s"
    | "fillFraction"
    | "tagHeightM"
    | "partedDepthM"
  >
> = {
  gasFraction: 0,
  travellingLeakM3s: 0,
  standingLeakM3s: 0,
  fillFraction: 1,
  tagHeightM: 0,
  partedDepthM: Infinity,
};

/** A computed card and what went through the pump during that stroke. */
export class DynamometerCard {
  /** Samples per stroke. */
  readonly points: number;
  /** Polished-rod position above the bottom of the stroke, m. */
  readonly surfacePosition: Float64Array;
  /** Polished-rod load, N. */
  readonly surfaceLoad: Float64Array;
  /** Plunger position (relative to its lowest point), m. */
  readonly pumpPosition: Float64Array;
  /** Load the pump puts on the bottom of the rods, N. */
  readonly pumpLoad: Float64Array;
  /** Highest polished-rod load over the stroke, N. */
  peakLoad = 0;
  /** Lowest polished-rod load over the stroke, N. */
  minLoad = 0;
  /** Surface card area ∮F·dx from the samples, J per stroke. */
  areaJ = 0;
  /** Work done at the polished rod, integrated every time step, J per stroke. */
  surfaceWorkJ = 0;
  /** Work done on the pump (downhole card area), J per stroke. */
  pumpWorkJ = 0;
  /** Energy dissipated by rod damping, J per stroke. */
  dampingJ = 0;
  /** Net liquid pumped (admitted minus standing-valve leak), m³ per stroke. */
  liquidPerStrokeM3 = 0;
  /** Free gas admitted, m³ at intake pressure per stroke. */
  gasPerStrokeM3 = 0;
  /** Travelling-valve leak volume, m³ per stroke. */
  travellingLeakM3 = 0;
  /** Standing-valve leak volume, m³ per stroke. */
  standingLeakM3 = 0;
  /** Plunger stroke, m. */
  plungerStrokeM = 0;
  /** Fluid load Ap·(Pd − Pi), N. */
  fluidLoadN = 0;
  /** Pump fillage from the downhole card's load-release point (0..1). */
  fillage = 0;
  /** Strokes simulated to reach the periodic solution. */
  iterations = 0;
  /** Stroke period, s. */
  periodS = 0;

  /** An empty card with `points` samples per stroke. */
  constructor(points = 200) {
    this.points = points;
    this.surfacePosition = new Float64Array(points);
    this.surfaceLoad = new Float64Array(points);
    this.pumpPosition = new Float64Array(points);
    this.pumpLoad = new Float64Array(points);
  }

  /** Copy every field of `other` (same point count) into this card. */
  copyFrom(other: DynamometerCard): void {
    this.surfacePosition.set(other.surfacePosition);
    this.surfaceLoad.set(other.surfaceLoad);
    this.pumpPosition.set(other.pumpPosition);
    this.pumpLoad.set(other.pumpLoad);
    this.peakLoad = other.peakLoad;
    this.minLoad = other.minLoad;
    this.areaJ = other.areaJ;
    this.surfaceWorkJ = other.surfaceWorkJ;
    this.pumpWorkJ = other.pumpWorkJ;
    this.dampingJ = other.dampingJ;
    this.liquidPerStrokeM3 = other.liquidPerStrokeM3;
    this.gasPerStrokeM3 = other.gasPerStrokeM3;
    this.travellingLeakM3 = other.travellingLeakM3;
    this.standingLeakM3 = other.standingLeakM3;
    this.plungerStrokeM = other.plungerStrokeM;
    this.fluidLoadN = other.fluidLoadN;
    this.fillage = other.fillage;
    this.iterations = other.iterations;
    this.periodS = other.periodS;
  }
}

/** Options for {@linkcode CardSolver}. */
export interface CardSolverOptions {
  /** Finite-difference elements over the string (default 40). */
  elements?: number;
  /** Most strokes to simulate looking for a periodic solution (default 10). */
  maxStrokes?: number;
  /** Relative load change between strokes that counts as periodic (default 0.002). */
  tolerance?: number;
  /** Polished-rod motion tables shared with other solvers (default: the solver's own, one stroke shape). */
  motions?: MotionTables;
}

/** Computes dynamometer cards for one rod string; reuses its buffers between calls. */
export class CardSolver {
  /** The finite-difference rod string. */
  readonly rod: RodDynamics;
  readonly #stretch: number;
  readonly #maxStrokes: number;
  readonly #tolerance: number;
  readonly #chamber: PumpChamber;
  readonly #settings: PumpSettings;
  #previous = new Float64Array(0);
  readonly #motions: MotionTables;
  readonly #freeEnd = new ConstantLoad(0);

  /** A solver for `spec` in fluid of density `fluidKgM3`. */
  constructor(spec: RodStringSpec, fluidKgM3: number, opts: CardSolverOptions = {}) {
    this.rod = new RodDynamics(spec, fluidKgM3, { elements: opts.elements });
    this.#stretch = stretchPerNewton(spec);
    this.#maxStrokes = opts.maxStrokes ?? 10;
    this.#tolerance = opts.tolerance ?? 0.002;
    this.#motions = opts.motions ?? new MotionTables(1);
    this.#settings = {
      areaM2: 1,
      dischargePa: 2,
      intakePa: 1,
      bulkModulusPa: 1e9,
      deadVolumeM3: 1,
      gasFraction: 0,
      travellingLeakM3s: 0,
      standingLeakM3s: 0,
      fillCapM3: Infinity,
      tagStopM: -Infinity,
      tagStiffnessNM: TAG_STIFFNESS_N_M,
    };
    this.#chamber = new PumpChamber(this.#settings);
  }

  /** Compute the periodic card for `inp` into `out`. */
  solve(inp: CardInputs, out: DynamometerCard): void {
    const rod = this.rod, chamber = this.#chamber, s = this.#settings;
    const points = out.points;
    const periodS = 60 / inp.spm;
    const every = Math.max(1, Math.ceil(periodS / (0.9 * rod.maxStableDt) / points));
    const steps = every * points;
    const dt = periodS / steps;
    const table = this.#motions.get(inp.strokeLengthM, periodS, inp.crankRatio, steps);
    const xs = table.position, vs = table.velocity, as = table.acceleration;
    rod.damping = inp.dampingPerS;
    rod.cutAt(inp.partedDepthM);
    const parted = rod.bottom < rod.nodes - 1;
    const fluidLoad = inp.plungerAreaM2 * (inp.dischargePa - inp.intakePa);

    s.areaM2 = inp.plungerAreaM2;
    s.dischargePa = inp.dischargePa;
    s.intakePa = inp.intakePa;
    s.bulkModulusPa = inp.bulkModulusPa;
    s.deadVolumeM3 = inp.deadVolumeM3;
    s.gasFraction = inp.gasFraction;
    s.travellingLeakM3s = inp.travellingLeakM3s;
    s.standingLeakM3s = inp.standingLeakM3s;
    s.fillCapM3 = Infinity;
    s.tagStopM = -Infinity;
    s.topStopM = Infinity;
    s.dragNsM = inp.plungerDragNsM ?? 0;

    // Start at rest at the bottom of the stroke, travelling valve open.
    rod.settle(0, 0);
    const nb = rod.bottom;
    chamber.reset(s, rod.u[nb]);
    chamber.stepS = dt;
    // A fixed allowance (not one that follows the last stroke) keeps the stroke-to-stroke map contracting.
    const nominalStroke = Math.max(
      0.1 * inp.strokeLengthM,
      inp.strokeLengthM - fluidLoad * this.#stretch,
    );
    s.fillCapM3 = inp.fillFraction >= 1 ? Infinity : inp.fillFraction * s.areaM2 * nominalStroke;
    let plungerStroke = nominalStroke;
    if (this.#previous.length !== points) this.#previous = new Float64Array(points);
    const prev = this.#previous;

    let iter = 0;
    let lastLiquid = NaN;
    for (;;) {
      iter++;
      chamber.startStroke();
      let uMin = Infinity, uMax = -Infinity, peak = -Infinity, low = Infinity;
      let wTop = 0, wPump = 0, eDamp = 0;
      let xPrev = xs[0];
      let fPrev = rod.polishedRodLoad(vs[0], as[0]);
      let upPrev = rod.u[nb];
      let fpPrev = parted ? 0 : chamber.load(upPrev);
      for (let n = 0; n < steps; n++) {
        const x = xs[n];
        const f = rod.polishedRodLoad(vs[n], as[n]);
        const up = rod.u[nb];
        const fp = parted ? 0 : chamber.load(up);
        if (n > 0) {
          wTop += 0.5 * (f + fPrev) * (x - xPrev);
          wPump += 0.5 * (fp + fpPrev) * (up - upPrev);
        }
        xPrev = x;
        fPrev = f;
        upPrev = up;
        fpPrev = fp;
        if (f > peak) peak = f;
        if (f < low) low = f;
        if (up < uMin) uMin = up;
        if (up > uMax) uMax = up;
        if (n % every === 0) {
          const j = n / every;
          out.surfacePosition[j] = x;
          out.surfaceLoad[j] = f;
          out.pumpPosition[j] = up;
          out.pumpLoad[j] = fp;
        }
        const topNext = xs[n + 1];
        if (parted) {
          rod.step(dt, topNext, this.#freeEnd);
        } else {
          rod.step(dt, topNext, chamber);
          // During the first stroke the pump is spaced to the plunger's own lowest point.
          if (iter === 1 && rod.u[nb] < chamber.reference) chamber.reference = rod.u[nb];
          chamber.advance(rod.u[nb], dt);
        }
        eDamp += rod.dampingPower * dt;
      }
      // Close the loop: the last step back to the bottom of the stroke.
      const fEnd = rod.polishedRodLoad(vs[0], as[0]);
      wTop += 0.5 * (fEnd + fPrev) * (xs[0] - xPrev);
      const fpEnd = parted ? 0 : chamber.load(rod.u[nb]);
      wPump += 0.5 * (fpEnd + fpPrev) * (rod.u[nb] - upPrev);

      plungerStroke = Math.max(1e-6, uMax - uMin);
      const t = chamber.tally;
      const liquid = parted ? 0 : t.intakeLiquid - t.standingLeak;
      let change = Infinity;
      if (iter > 1) {
        change = 0;
        for (let j = 0; j < points; j++) {
          change = Math.max(change, Math.abs(out.surfaceLoad[j] - prev[j]));
        }
        change /= Math.max(1, peak - low);
        if (Math.abs(liquid - lastLiquid) > 2 * this.#tolerance * Math.max(liquid, 1e-9)) {
          change = Math.max(change, 1);
        }
      }
      prev.set(out.surfaceLoad);
      lastLiquid = liquid;
      if (iter === 1 && inp.tagHeightM > 0) {
        // Spaced short: the cage sits tagHeight above the plunger's free lowest point.
        s.tagStopM = chamber.reference + inp.tagHeightM;
      }
      if (iter === 1 && (inp.topHitM ?? 0) > 0) {
        // Spaced long: the barrel's top sits topHit below the plunger's free highest point.
        s.topStopM = uMax - inp.topHitM!;
      }
      const done = iter >= 2 && change < this.#tolerance;
      if (done || iter >= this.#maxStrokes) {
        out.peakLoad = peak;
        out.minLoad = low;
        out.surfaceWorkJ = wTop;
        out.pumpWorkJ = wPump;
        out.dampingJ = eDamp;
        out.liquidPerStrokeM3 = Math.max(0, liquid);
        out.gasPerStrokeM3 = parted ? 0 : t.intakeGas;
        out.travellingLeakM3 = parted ? 0 : t.travellingLeak;
        out.standingLeakM3 = parted ? 0 : t.standingLeak;
        out.plungerStrokeM = parted ? 0 : plungerStroke;
        out.fluidLoadN = parted ? 0 : fluidLoad;
        out.iterations = iter;
        out.periodS = periodS;
        break;
      }
    }
    let lowest = Infinity;
    for (let j = 0; j < points; j++) lowest = Math.min(lowest, out.pumpPosition[j]);
    for (let j = 0; j < points; j++) out.pumpPosition[j] -= lowest;
    out.areaJ = loopArea(out.surfacePosition, out.surfaceLoad);
    out.fillage = parted ? 0 : releaseFillage(out, 0.5 * fluidLoad);
  }
}

/** ∮F·dx of a closed sampled loop (trapezoids), J. */
export function loopArea(x: Float64Array, f: Float64Array): number {
  let a = 0;
  const n = x.length;
  for (let j = 0; j < n; j++) {
    const k = j + 1 === n ? 0 : j + 1;
    a += 0.5 * (f[j] + f[k]) * (x[k] - x[j]);
  }
  return a;
}

/**
 * Fillage the way a pump-off controller reads it from a downhole card: how
 * far down the downstroke the plunger travels before the load falls through
 * half the fluid load, as a fraction of the plunger stroke (1 = released at
 * the top, a full barrel).
 */
export function releaseFillage(card: DynamometerCard, threshold: number): number {
  const x = card.pumpPosition, f = card.pumpLoad, n = card.points;
  let top = 0, bottom = 0;
  for (let j = 1; j < n; j++) {
    if (x[j] > x[top]) top = j;
    if (x[j] < x[bottom]) bottom = j;
  }
  const span = x[top] - x[bottom];
  if (!(span > 0) || threshold <= 0) return 0;
  if (f[top] < threshold) return 1;
  const length = (bottom - top + n) % n;
  for (let i = 1; i <= length; i++) {
    const j = (top + i) % n, jp = (top + i - 1) % n;
    if (f[j] < threshold) {
      const r = (f[jp] - threshold) / (f[jp] - f[j]);
      const xr = x[jp] + r * (x[j] - x[jp]);
      return Math.min(1, Math.max(0, (xr - x[bottom]) / span));
    }
  }
  return 0;
}
