/**
 * The downhole pump between its two valves: a chamber whose volume follows
 * the plunger, holding liquid (slightly compressible, bulk modulus K) and
 * free gas (isothermal, P·V constant). Its pressure decides the valves and
 * the force the plunger puts on the rods:
 *
 *   F = Ap·(Pd − Pc)   (downward on the rods; Pd discharge, Pc chamber)
 *
 * - travelling valve opens when Pc reaches Pd: contents leave to the tubing,
 *   Pc = Pd and the rods carry no fluid load;
 * - standing valve opens when Pc falls to the intake pressure Pi: well fluid
 *   enters (liquid with a free-gas fraction), Pc = Pi and the rods carry
 *   Fo = Ap·(Pd − Pi).
 *
 * With both closed, chamber pressure solves V = V_L·(1 − (P − Pi)/K) + G/P,
 * a quadratic in P, never below Pi: whatever the intake cannot supply as
 * liquid is a massless cavity at intake pressure, the classic idealisation
 * of incomplete fillage (Gibbs), so the load stays on through a short fill
 * and comes off only when the plunger meets the liquid on the way down.
 * Incomplete fill, gas, valve leaks, a plunger tagging the bottom or
 * hitting the top of its barrel, and viscous drag on the plunger all come
 * out of this one inventory and its stops, which is why each fault
 * gives its own card shape rather than a drawn-in one.
 *
 * Pressures here are absolute, Pa; volumes m³.
 *
 * @module
 */

import type { BottomBoundary } from "./rod_dynamics.ts";

/** Everything that sets how the pump behaves over a stroke. */
export interface PumpSettings {
  /** Plunger area Ap, m². */
  areaM2: number;
  /** Pressure above the plunger (tubing at pump depth), Pa absolute. */
  dischargePa: number;
  /** Pressure at the pump intake, Pa absolute. */
  intakePa: number;
  /** Bulk modulus of the liquid, Pa. */
  bulkModulusPa: number;
  /** Chamber volume left with the plunger at its lowest point, m³. */
  deadVolumeM3: number;
  /** Free-gas volume fraction of the fluid entering at intake pressure (0..1). */
  gasFraction: number;
  /** Travelling-valve leak at the nominal differential Pd − Pi, m³/s (0 = tight). */
  travellingLeakM3s: number;
  /** Standing-valve leak at the nominal differential Pd − Pi, m³/s (0 = tight). */
  standingLeakM3s: number;
  /** Most fluid (liquid + gas at Pi) the standing valve may admit per stroke, m³. */
  fillCapM3: number;
  /** Plunger position where it meets the standing-valve cage, m (−Infinity: never). */
  tagStopM: number;
  /** Contact stiffness when tagging, N/m. */
  tagStiffnessNM: number;
  /** Plunger position where it meets the top of the barrel, m (Infinity or absent: never). */
  topStopM?: number;
  /** Viscous drag on the plunger, N per m/s of plunger speed (0 or absent: none). */
  dragNsM?: number;
}

/** Per-stroke volumes through the pump, m³ (liquid unless stated). */
export interface PumpTally {
  /** Liquid admitted through the standing valve. */
  intakeLiquid: number;
  /** Free gas admitted through the standing valve, m³ at intake pressure. */
  intakeGas: number;
  /** Liquid lost back to the well through a leaking standing valve. */
  standingLeak: number;
  /** Liquid leaked down from the tubing through a leaking travelling valve. */
  travellingLeak: number;
}

/** State of the pump chamber, stepped alongside the rod string. */
export class PumpChamber implements BottomBoundary {
  /** Current settings (replace with {@linkcode reset}). */
  settings: PumpSettings;
  /** Chamber pressure, Pa absolute. */
  pressure = 0;
  /** Liquid in the chamber, m³ measured at intake pressure. */
  liquid = 0;
  /** Free gas in the chamber as P·V, Pa·m³. */
  gas = 0;
  /** Plunger position at which the chamber holds just its dead volume, m. */
  reference = 0;
  /** Volumes moved since {@linkcode startStroke}. */
  readonly tally: PumpTally = { intakeLiquid: 0, intakeGas: 0, standingLeak: 0, travellingLeak: 0 };
  #admitted = 0;
  #lastU = 0;
  #slope = 0;
  /** Plunger position at the start of the current step (drag needs the step's speed). */
  #stepU = 0;
  #dragNow = 0;
  /** Time step the drag speed is taken over, s (0: no drag). */
  stepS = 0;

  /** A chamber with the given settings, full of liquid at discharge pressure. */
  constructor(settings: PumpSettings) {
    this.settings = settings;
    this.reset(settings, 0);
  }

  /**
   * Start over with new settings: the plunger at `reference` (bottom of the
   * stroke), chamber full of liquid at discharge pressure, travelling valve
   * just closing.
   */
  reset(settings: PumpSettings, reference: number): void {
    this.settings = settings;
    this.reference = reference;
    this.#lastU = reference;
    this.#stepU = reference;
    this.#dragNow = 0;
    this.pressure = settings.dischargePa;
    this.liquid = settings.deadVolumeM3 / this.#liquidFactor(settings.dischargePa);
    this.gas = 0;
    this.startStroke();
  }

  /** Zero the per-stroke tally and the fill allowance (call at the bottom of each stroke). */
  startStroke(): void {
    const t = this.tally;
    t.intakeLiquid =
      t.intakeGas =
      t.standingLeak =
      t.travellingLeak =
        0;
    this.#admitted = 0;
  }

  /** Chamber volume with the plunger at `u`, m³. */
  volumeAt(u: number): number {
    const s = this.settings;
    const v = s.deadVolumeM3 + s.areaM2 * (u - this.reference);
    // A plunger below its reference only happens while a stroke is settling.
    return Math.max(v, 0.1 * s.deadVolumeM3);
  }

  /** Downward force of the pump on the rods with the plunger at `u`, N. */
  load(u: number): number {
    const s = this.settings;
    let f = s.areaM2 * (s.dischargePa - this.pressure);
    if (u < s.tagStopM) f -= s.tagStiffnessNM * (s.tagStopM - u);
    const top = s.topStopM ?? Infinity;
    if (u > top) f += s.tagStiffnessNM * (u - top);
    // The drag of the step that brought the plunger here (load is read after advance).
    return f + this.#dragNow;
  }

  /** Drag force (downward on the rods while the plunger rises), N. */
  #drag(u: number, from: number): number {
    const b = this.settings.dragNsM ?? 0;
    return b > 0 && this.stepS > 0 ? (b * (u - from)) / this.stepS : 0;
  }

  /**
   * The plunger position at the end of a step, found together with the
   * chamber pressure it causes: a0·u + h·F(u) = r, where F(u) is the pump
   * force with the present contents squeezed or stretched to the volume at
   * u and the pressure held between Pi and Pd by the valves. F rises with u,
   * so a bracketed Newton iteration always lands on the one root.
   */
  solveBottom(a0: number, r: number, h: number): number {
    const s = this.settings;
    const fMax = s.areaM2 * (s.dischargePa - s.intakePa);
    let lo = (r - h * fMax) / a0;
    let hi = Math.max(r / a0, s.tagStopM);
    if ((s.topStopM ?? Infinity) !== Infinity || (s.dragNsM ?? 0) > 0) {
      // Stops and drag can push the force outside 0..fMax: widen the bracket until it holds a root.
      const span = Math.max(hi - lo, 1e-3);
      for (let i = 0; i < 60 && a0 * lo + h * this.#forceAt(lo) - r > 0; i++) lo -= span * 2 ** i;
      for (let i = 0; i < 60 && a0 * hi + h * this.#forceAt(hi) - r < 0; i++) hi += span * 2 ** i;
    }
    let u = (r - h * this.load(this.#lastU)) / a0;
    if (!(u > lo && u < hi)) u = 0.5 * (lo + hi);
    for (let it = 0; it < 40; it++) {
      const g = a0 * u + h * this.#forceAt(u) - r;
      if (g > 0) hi = u;
      else lo = u;
      if (Math.abs(g) < 1e-10 * a0 || hi - lo < 1e-12) break;
      let next = u - g / (a0 + h * this.#slope);
      if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
      u = next;
    }
    this.#lastU = u;
    return u;
  }

  /** Pump force at plunger position `u` with the present contents; sets #slope to dF/du. */
  #forceAt(u: number): number {
    const s = this.settings;
    const vc = this.volumeAt(u);
    let p = this.pressureAt(vc);
    let slope = 0;
    if (p >= s.dischargePa) p = s.dischargePa;
    else if (p > s.intakePa) slope = s.areaM2 * s.areaM2 * this.#compliance(vc, p);
    let f = s.areaM2 * (s.dischargePa - p);
    if (u < s.tagStopM) {
      f -= s.tagStiffnessNM * (s.tagStopM - u);
      slope += s.tagStiffnessNM;
    }
    const top = s.topStopM ?? Infinity;
    if (u > top) {
      f += s.tagStiffnessNM * (u - top);
      slope += s.tagStiffnessNM;
    }
    const b = s.dragNsM ?? 0;
    if (b > 0 && this.stepS > 0) {
      f += this.#drag(u, this.#stepU);
      slope += b / this.stepS;
    }
    this.#slope = slope;
    return f;
  }

  /**
   * Move the plunger to `u` over `dt` seconds: leaks, new chamber pressure,
   * then whichever valve that pressure opens.
   */
  advance(u: number, dt: number): void {
    const s = this.settings;
    this.#dragNow = this.#drag(u, this.#stepU);
    this.#stepU = u;
    const vc = this.volumeAt(u);
    if (s.travellingLeakM3s > 0 || s.standingLeakM3s > 0) this.#leak(vc, dt);
    let p = this.pressureAt(vc);
    if (p >= s.dischargePa) {
      // Travelling valve open: the excess leaves to the tubing, gas first (it sits on top).
      const liquidAtPd = this.liquid * this.#liquidFactor(s.dischargePa);
      if (liquidAtPd <= vc) {
        this.gas = Math.min(this.gas, s.dischargePa * (vc - liquidAtPd));
      } else {
        this.gas = 0;
        this.liquid = vc / this.#liquidFactor(s.dischargePa);
      }
      p = s.dischargePa;
    } else if (p <= s.intakePa) {
      // Standing valve open: well fluid fills the deficit, up to the stroke's allowance.
      const deficit = vc - this.liquid - this.gas / s.intakePa;
      const room = Math.max(0, s.fillCapM3 - this.#admitted);
      const take = Math.min(deficit, room);
      if (take > 0) {
        const liquidIn = (1 - s.gasFraction) * take;
        this.liquid += liquidIn;
        this.gas += s.gasFraction * take * s.intakePa;
        this.#admitted += take;
        this.tally.intakeLiquid += liquidIn;
        this.tally.intakeGas += s.gasFraction * take;
      }
      p = take >= deficit ? s.intakePa : this.pressureAt(vc);
    }
    this.pressure = p;
  }

  /**
   * Valve leaks over one step. A worn ball and seat is taken as a laminar
   * passage (flow ∝ ΔP), and the step is implicit in the chamber pressure
   * the leak itself changes: a shut chamber of stiff liquid would otherwise
   * overshoot and chatter between valve states.
   */
  #leak(vc: number, dt: number): void {
    const s = this.settings;
    const dpNom = s.dischargePa - s.intakePa;
    const p0 = this.pressureAt(vc);
    const tv = p0 < s.dischargePa ? s.travellingLeakM3s / dpNom : 0;
    const sv = p0 > s.intakePa ? s.standingLeakM3s / dpNom : 0;
    const stiff = p0 > s.intakePa && p0 < s.dischargePa ? this.#compliance(vc, p0) : 0;
    const net = (dt * (tv * (s.dischargePa - p0) - sv * (p0 - s.intakePa))) /
      (1 + (tv + sv) * stiff * dt);
    const p1 = Math.min(s.dischargePa, Math.max(s.intakePa, p0 + stiff * net));
    const fromTubing = dt * tv * (s.dischargePa - p1);
    const toWell = Math.min(this.liquid + fromTubing, dt * sv * (p1 - s.intakePa));
    this.liquid += fromTubing - toWell;
    this.tally.travellingLeak += fromTubing;
    this.tally.standingLeak += toWell;
  }

  /** Pressure of the current contents in a chamber of volume `vc`, Pa absolute. */
  pressureAt(vc: number): number {
    const s = this.settings;
    const a = this.liquid / s.bulkModulusPa;
    const b = vc - this.liquid - a * s.intakePa;
    let p: number;
    if (this.gas > 0) {
      const disc = Math.sqrt(b * b + 4 * a * this.gas);
      // Two algebraically equal roots; pick the one without cancellation.
      p = b >= 0 ? (2 * this.gas) / (b + disc) : (disc - b) / (2 * a);
    } else {
      p = a > 0 ? -b / a : s.intakePa;
    }
    return p < s.intakePa ? s.intakePa : p;
  }

  /** −dP/dV of the contents at pressure `p` in volume `vc` (≈ dP/dV_liquid), Pa/m³. */
  #compliance(vc: number, p: number): number {
    const s = this.settings;
    const a = this.liquid / s.bulkModulusPa;
    const b = vc - this.liquid - a * s.intakePa;
    const d = 2 * a * p + b;
    return d > 0 ? p / d : 0;
  }

  /** Volume of a unit of liquid (measured at Pi) when at pressure `p`. */
  #liquidFactor(p: number): number {
    return 1 - (p - this.settings.intakePa) / this.settings.bulkModulusPa;
  }
}
