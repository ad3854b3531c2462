/**
 * The downhole (pump) card from the surface card by Gibbs' method: the
 * polished-rod position and load over one stroke are written as Fourier
 * series, and each harmonic is carried down the damped wave equation
 *
 *   ∂²u/∂t² = a²·∂²u/∂x² − c·∂u/∂t
 *
 * section by section through a tapered string (position and tension are
 * continuous at each joint). For harmonic n at Ω = nω the equation becomes
 * u'' = γ²·u with γ² = (−Ω² + i·c·Ω)/a², so down one section of length ℓ
 *
 *   u(ℓ) = u₀·cosh γℓ − T₀/(EA·γ)·sinh γℓ,   T(ℓ) = T₀·cosh γℓ − EA·γ·u₀·sinh γℓ,
 *
 * with u upward and T the tension (T = −EA·∂u/∂x, x down). The static term
 * only stretches: u(ℓ) = u₀ − T₀·ℓ/EA. Gravity is taken out first by
 * subtracting the string's buoyant weight from the surface load, which is
 * exactly what the well simulator's forward model adds, so this is its
 * inverse: the tension left at the bottom is the pump's load.
 *
 * @module
 */
import {
  buoyantRodWeight,
  rodArea,
  type RodStringSpec,
  waveSpeed,
} from "../../simulators/well/rod_string.ts";

/** What the inversion needs besides the surface card. */
export interface DownholeSettings {
  /** The tapered rod string, top to bottom. */
  rods: RodStringSpec;
  /** Well fluid density (buoyancy), kg/m³. */
  fluidKgM3: number;
  /** Damping coefficient c of the wave equation, 1/s. */
  dampingPerS: number;
  /** Stroke period, s. */
  periodS: number;
  /** Harmonics kept (default 24; at most half the samples). */
  harmonics?: number;
}

/** A downhole card: plunger position (lowest = 0), m, and pump load, N, at the surface card's instants. */
export interface DownholeCard {
  /** Plunger position above its lowest point, m. */
  position: Float64Array;
  /** Load at the pump (tension at the bottom of the rods), N. */
  load: Float64Array;
}

/** Buoyant weight of the gibbs inversion's string (what is subtracted from the surface load), N. */
export function rodWeightForInversion(s: DownholeSettings): number {
  return buoyantRodWeight(s.rods, s.fluidKgM3);
}

/**
 * The downhole card for a surface card sampled at equal time steps over one
 * stroke (position in m, load in N).
 */
export function downholeCard(
  position: ArrayLike<number>,
  load: ArrayLike<number>,
  s: DownholeSettings,
): DownholeCard {
  const n = position.length;
  if (load.length !== n) throw new Error(`${n} positions but ${load.length} loads`);
  const h = Math.min(s.harmonics ?? 24, Math.floor((n - 1) / 2));
  const w = (2 * Math.PI) / s.periodS;
  const weight = rodWeightForInversion(s);
  const a = waveSpeed(s.rods), c = s.dampingPerS, e = s.rods.modulusPa;
  // Complex amplitudes (e^{inωt} convention) of position and tension, harmonics 0..h.
  const ur = new Float64Array(h + 1), ui = new Float64Array(h + 1);
  const tr = new Float64Array(h + 1), ti = new Float64Array(h + 1);
  // The n-th roots of unity, once: every harmonic's phases are among them.
  const tc = new Float64Array(n), ts = new Float64Array(n);
  for (let m = 0; m < n; m++) {
    tc[m] = Math.cos((2 * Math.PI * m) / n);
    ts[m] = Math.sin((2 * Math.PI * m) / n);
  }
  for (let k = 0; k <= h; k++) {
    let ar = 0, ai = 0, br = 0, bi = 0;
    for (let j = 0, m = 0; j < n; j++, m = (m + k) % n) {
      const co = tc[m], si = -ts[m];
      const f = load[j] - weight;
      ar += position[j] * co;
      ai += position[j] * si;
      br += f * co;
      bi += f * si;
    }
    ur[k] = ar / n;
    ui[k] = ai / n;
    tr[k] = br / n;
    ti[k] = bi / n;
  }
  for (const sec of s.rods.sections) {
    const ea = e * rodArea(sec.diameterM), len = sec.lengthM;
    // Static term: the mean tension stretches the section.
    ur[0] -= (tr[0] * len) / ea;
    ui[0] -= (ti[0] * len) / ea;
    for (let k = 1; k <= h; k++) {
      const om = k * w;
      // γ = sqrt((−Ω² + i·c·Ω)) / a
      const [gr, gi] = csqrt(-om * om, c * om);
      const gR = gr / a, gI = gi / a;
      const xr = gR * len, xi = gI * len;
      const chR = Math.cosh(xr) * Math.cos(xi), chI = Math.sinh(xr) * Math.sin(xi);
      const shR = Math.sinh(xr) * Math.cos(xi), shI = Math.cosh(xr) * Math.sin(xi);
      const u0r = ur[k], u0i = ui[k], t0r = tr[k], t0i = ti[k];
      // T0/(EA·γ)
      const den = ea * (gR * gR + gI * gI);
      const qr = (t0r * gR + t0i * gI) / den, qi = (t0i * gR - t0r * gI) / den;
      // EA·γ·u0
      const pr = ea * (gR * u0r - gI * u0i), pi = ea * (gR * u0i + gI * u0r);
      ur[k] = u0r * chR - u0i * chI - (qr * shR - qi * shI);
      ui[k] = u0r * chI + u0i * chR - (qr * shI + qi * shR);
      tr[k] = t0r * chR - t0i * chI - (pr * shR - pi * shI);
      ti[k] = t0r * chI + t0i * chR - (pr * shI + pi * shR);
    }
  }
  const outU = new Float64Array(n), outT = new Float64Array(n);
  let lowest = Infinity;
  for (let j = 0; j < n; j++) {
    let u = ur[0], t = tr[0];
    for (let k = 1, m = j % n; k <= h; k++, m = (m + j) % n) {
      const co = tc[m], si = ts[m];
      u += 2 * (ur[k] * co - ui[k] * si);
      t += 2 * (tr[k] * co - ti[k] * si);
    }
    outU[j] = u;
    outT[j] = t;
    lowest = Math.min(lowest, u);
  }
  for (let j = 0; j < n; j++) outU[j] -= lowest;
  return { position: outU, load: outT };
}

/** Principal square root of re + i·im. */
function csqrt(re: number, im: number): [number, number] {
  const m = Math.hypot(re, im);
  const r = Math.sqrt(0.5 * (m + re));
  const i = Math.sqrt(0.5 * (m - re));
  return [r, im < 0 ? -i : i];
}
