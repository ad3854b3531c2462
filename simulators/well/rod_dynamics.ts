/**
 * The damped wave equation along a tapered rod string (Gibbs 1963),
 *
 *   ∂²u/∂t² = a²·∂²u/∂x² − c·∂u/∂t − g·(1 − ρf/ρs),
 *
 * discretised as a chain of lumped masses and springs: each section is cut
 * into whole elements, so every taper joint is a node and the force balance
 * at that node is what keeps the axial force continuous across the joint.
 * Time stepping is the explicit central-difference scheme, stable for
 * Δt ≤ Δx/a (CFL); the damping term is centred so it stays second order.
 *
 * Displacement u is measured upward from the unstretched string with the
 * polished rod at the bottom of its stroke, so tension in element e is
 * k_e·(u_e − u_{e+1}). The top node follows the polished rod; the bottom node
 * feels the pump force, solved fully implicitly by the pump itself (see
 * {@linkcode BottomBoundary}) so that a stiff liquid-filled chamber, valves
 * snapping open and shut, or a hard pump tag cannot make the scheme ring.
 *
 * @module
 */
import { GRAVITY, rodArea, rodLength, type RodStringSpec, waveSpeed } from "./rod_string.ts";

/**
 * What hangs on the bottom node. Given the node's update written as
 * a0·u⁺ + h·F(u⁺) = r, with F the downward force on the rods at the new
 * position, it returns u⁺. F must not decrease as u rises, which makes the
 * root unique.
 */
export interface BottomBoundary {
  /** Solve a0·u + h·F(u) = r for the bottom node's new displacement u, m. */
  solveBottom(a0: number, r: number, h: number): number;
}

/** A constant downward force on the bottom node (a free end when zero). */
export class ConstantLoad implements BottomBoundary {
  /** Force, N (downward positive). */
  force: number;

  /** A bottom load of `force` newtons. */
  constructor(force = 0) {
    this.force = force;
  }

  /** Closed-form root for a constant force. */
  solveBottom(a0: number, r: number, h: number): number {
    return (r - h * this.force) / a0;
  }
}

/** How finely to cut the string. */
export interface RodGridOptions {
  /** Target number of elements over the whole string (default 40). */
  elements?: number;
}

/** A rod string's finite-difference state and its one-step update. */
export class RodDynamics {
  /** Node count (elements + 1); node 0 is the polished rod. */
  readonly nodes: number;
  /** Depth of each node, m. */
  readonly depth: Float64Array;
  /** Largest stable time step Δx/a over all elements, s. */
  readonly maxStableDt: number;
  /** Current displacement of each node, m (upward). */
  u: Float64Array;
  /** Displacement one step earlier. */
  uPrev: Float64Array;
  #uNext: Float64Array;
  /** Element stiffness E·A/Δx, N/m. */
  readonly #k: Float64Array;
  /** Lumped node mass, kg. */
  readonly #m: Float64Array;
  /** Lumped node buoyant weight, N. */
  readonly #w: Float64Array;
  #bottom: number;
  #mBottom: number;
  #wBottom: number;
  #c = 0;
  #dampingPower = 0;

  /**
   * Build the grid for `spec` in fluid of density `fluidKgM3`.
   *
   * @param spec the rod string
   * @param fluidKgM3 density of the well fluid (for buoyancy)
   * @param opts grid options
   */
  constructor(spec: RodStringSpec, fluidKgM3: number, opts: RodGridOptions = {}) {
    const target = opts.elements ?? 40;
    const total = rodLength(spec);
    const dxTarget = total / target;
    const counts = spec.sections.map((s) => Math.max(2, Math.round(s.lengthM / dxTarget)));
    const ne = counts.reduce((a, b) => a + b, 0);
    this.nodes = ne + 1;
    this.depth = new Float64Array(this.nodes);
    this.#k = new Float64Array(ne);
    this.#m = new Float64Array(this.nodes);
    this.#w = new Float64Array(this.nodes);
    const buoyantG = GRAVITY * (1 - fluidKgM3 / spec.densityKgM3);
    let e = 0, minDx = Infinity;
    for (let j = 0; j < spec.sections.length; j++) {
      const area = rodArea(spec.sections[j].diameterM);
      const dx = spec.sections[j].lengthM / counts[j];
      minDx = Math.min(minDx, dx);
      const half = 0.5 * spec.densityKgM3 * area * dx;
      for (let i = 0; i < counts[j]; i++, e++) {
        this.#k[e] = (spec.modulusPa * area) / dx;
        this.#m[e] += half;
        this.#m[e + 1] += half;
        this.depth[e + 1] = this.depth[e] + dx;
      }
    }
    for (let i = 0; i < this.nodes; i++) this.#w[i] = this.#m[i] * buoyantG;
    this.maxStableDt = minDx / waveSpeed(spec);
    this.u = new Float64Array(this.nodes);
    this.uPrev = new Float64Array(this.nodes);
    this.#uNext = new Float64Array(this.nodes);
    this.#bottom = ne;
    this.#mBottom = this.#m[ne];
    this.#wBottom = this.#w[ne];
  }

  /** Index of the lowest node still attached to the polished rod. */
  get bottom(): number {
    return this.#bottom;
  }

  /** Damping coefficient c, 1/s. */
  set damping(c: number) {
    this.#c = c;
  }

  /** Damping coefficient c, 1/s. */
  get damping(): number {
    return this.#c;
  }

  /**
   * Cut the string at the node nearest `depthM` (a parted rod): that node
   * becomes a free bottom end carrying only the half element above it.
   * Infinity or any depth at or below the pump restores the whole string.
   */
  cutAt(depthM: number): void {
    const last = this.nodes - 1;
    let n = last;
    if (depthM < this.depth[last]) {
      n = 1;
      while (n < last && this.depth[n] < depthM) n++;
      if (n > 1 && depthM - this.depth[n - 1] < this.depth[n] - depthM) n--;
    }
    this.#bottom = n;
    this.#mBottom = n === last ? this.#m[last] : this.#m[n] - this.#halfBelow(n);
    this.#wBottom = this.#w[n] * (this.#mBottom / this.#m[n]);
  }

  #halfBelow(n: number): number {
    // The node's mass is half of each neighbouring element; recover the lower half.
    const kBelow = this.#k[n], kAbove = this.#k[n - 1];
    const dxBelow = this.depth[n + 1] - this.depth[n], dxAbove = this.depth[n] - this.depth[n - 1];
    const mass = this.#m[n];
    // m = ½ρ(A_a·dx_a + A_b·dx_b) and k = E·A/dx, so A·dx ∝ k·dx².
    const below = kBelow * dxBelow * dxBelow, above = kAbove * dxAbove * dxAbove;
    return mass * (below / (below + above));
  }

  /**
   * Put the string at rest in static equilibrium with the polished rod at
   * `topU` and a downward force `bottomForceN` on the bottom node.
   */
  settle(topU: number, bottomForceN: number): void {
    const u = this.u, nb = this.#bottom;
    u[0] = topU;
    // Tension in element e carries every node weight below it plus the pump force.
    let below = bottomForceN + this.#wBottom;
    for (let i = nb - 1; i >= 1; i--) below += this.#w[i];
    for (let e = 0; e < nb; e++) {
      u[e + 1] = u[e] - below / this.#k[e];
      below -= e + 1 === nb ? this.#wBottom : this.#w[e + 1];
    }
    for (let i = nb + 1; i < this.nodes; i++) u[i] = u[nb];
    this.uPrev.set(u);
  }

  /** Tension in the top element, N. */
  topTension(): number {
    return this.#k[0] * (this.u[0] - this.u[1]);
  }

  /**
   * Force the polished rod must apply to hold node 0 on its prescribed path:
   * top tension plus the top node's weight, inertia and damping.
   *
   * @param velocity polished-rod velocity, m/s
   * @param acceleration polished-rod acceleration, m/s²
   */
  polishedRodLoad(velocity: number, acceleration: number): number {
    return this.topTension() + this.#w[0] + this.#m[0] * (acceleration + this.#c * velocity);
  }

  /** Power dissipated by damping over the last step, W (Σ m·c·v², centred velocities). */
  get dampingPower(): number {
    return this.#dampingPower;
  }

  /**
   * Advance one time step.
   *
   * @param dt time step, s (at most {@linkcode maxStableDt})
   * @param topU polished-rod displacement at the new time, m
   * @param bottom what loads the bottom node
   */
  step(dt: number, topU: number, bottom: BottomBoundary): void {
    const u = this.u, up = this.uPrev, un = this.#uNext, k = this.#k, m = this.#m, w = this.#w;
    const nb = this.#bottom;
    const cd = 0.5 * this.#c * dt, dt2 = dt * dt;
    const inv = 1 / (1 + cd), back = 1 - cd;
    un[0] = topU;
    let above = k[0] * (u[0] - u[1]);
    let mv2 = 0;
    for (let i = 1; i < nb; i++) {
      const below = k[i] * (u[i] - u[i + 1]);
      const next = (2 * u[i] - back * up[i] + (dt2 * (above - below - w[i])) / m[i]) * inv;
      const dv = next - up[i];
      mv2 += m[i] * dv * dv;
      un[i] = next;
      above = below;
    }
    const mb = this.#mBottom, h = dt2 / mb;
    const r = 2 * u[nb] - back * up[nb] + h * (above - this.#wBottom);
    un[nb] = bottom.solveBottom(1 + cd, r, h);
    const dvb = un[nb] - up[nb];
    mv2 += mb * dvb * dvb;
    for (let i = nb + 1; i < this.nodes; i++) un[i] = un[nb];
    // Centred velocity (u⁺ − u⁻)/2Δt is the one the damping term uses.
    this.#dampingPower = (this.#c * mv2) / (4 * dt2);
    this.uPrev = u;
    this.u = un;
    this.#uNext = up;
  }
}
