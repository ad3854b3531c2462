/**
 * The coolant loop as two well-mixed volumes: a hot leg (rig cold plates,
 * return manifold) at the rig outlet temperature and a cold leg (dry cooler,
 * buffer tank, supply manifold) at the supply temperature. Rigs heat the hot
 * leg, the flow carries heat across (Q = m_dot cp dT), the dry cooler takes
 * heat out of the flow between the legs, and both legs lose a little heat
 * through pipe walls.
 *
 * Integrated with backward Euler on the linear 2x2 system, which is stable
 * at any step, and whose heat flows are evaluated at the end-of-step
 * temperatures so that stored energy changes by exactly (heat in - heat out)
 * dt.
 *
 * @module
 */

/** Share of the coolant inventory in the hot leg (rig cold plates and return side). */
export const HOT_LEG_SHARE = 0.35;

/** Heat flows into and out of the loop for one step, all in kW or kW/K. */
export interface LoopInputs {
  /** Heat from the rigs into the hot leg, kW. */
  heatKw: number;
  /** Flow capacity rate m_dot cp, kW/K. */
  flowKwPerK: number;
  /** Dry-cooler heat per kelvin of (rig outlet - ambient), kW/K. */
  coolerKwPerK: number;
  /** Ambient temperature, degC. */
  ambientC: number;
}

/** Two-node coolant loop state and integrator. */
export class CoolantLoop {
  /** Hot-leg (rig outlet, return) temperature, degC. */
  hotC: number;
  /** Cold-leg (supply) temperature, degC. */
  coldC: number;
  /** Heat rejected by the dry cooler in the last step, kW. */
  coolerKw = 0;
  /** Heat lost through pipe walls in the last step, kW. */
  shellKw = 0;
  readonly #capHot: number;
  readonly #capCold: number;
  readonly #lossHot: number;
  readonly #lossCold: number;

  /**
   * Build a loop holding `heatCapacityKjPerK` (V rho cp) in total, losing
   * `shellLossKwPerK` to ambient (half from each leg), starting at `startC`.
   */
  constructor(heatCapacityKjPerK: number, shellLossKwPerK: number, startC: number) {
    this.#capHot = heatCapacityKjPerK * HOT_LEG_SHARE;
    this.#capCold = heatCapacityKjPerK * (1 - HOT_LEG_SHARE);
    this.#lossHot = shellLossKwPerK / 2;
    this.#lossCold = shellLossKwPerK / 2;
    this.hotC = startC;
    this.coldC = startC;
  }

  /** Heat leaving the loop to ambient in the last step (cooler + walls), kW. */
  get rejectedKw(): number {
    return this.coolerKw + this.shellKw;
  }

  /** Sensible heat stored above 0 degC, kJ. */
  get storedKj(): number {
    return this.#capHot * this.hotC + this.#capCold * this.coldC;
  }

  /** Advance by `dtS` seconds with the given heat flows. */
  advance(dtS: number, inp: LoopInputs): void {
    this.#solve(this.#capHot / dtS, this.#capCold / dtS, inp);
  }

  /** Jump to the steady state for the given heat flows. */
  settle(inp: LoopInputs): void {
    this.#solve(0, 0, inp);
  }

  // Hot leg:  a (Th' - Th) = Q - G (Th' - Tc') - Lh (Th' - Ta)
  // Cold leg: b (Tc' - Tc) = G (Th' - Tc') - K (Th' - Ta) - Lc (Tc' - Ta)
  // with a = C_hot/dt, b = C_cold/dt (both 0 for the steady state).
  #solve(a: number, b: number, inp: LoopInputs): void {
    const g = inp.flowKwPerK, k = inp.coolerKwPerK, ta = inp.ambientC;
    const lh = this.#lossHot, lc = this.#lossCold;
    const a11 = a + g + lh, a12 = -g;
    const a21 = k - g, a22 = b + g + lc;
    const r1 = a * this.hotC + inp.heatKw + lh * ta;
    const r2 = b * this.coldC + (k + lc) * ta;
    // det > 0 because k <= g (a cooler cannot take more than the flow brings).
    const det = a11 * a22 - a12 * a21;
    // Only a steady state with no flow and no wall loss is singular: keep the temperatures.
    if (det <= 0) return;
    const hot = (r1 * a22 - a12 * r2) / det;
    const cold = (a11 * r2 - a21 * r1) / det;
    this.hotC = hot;
    this.coldC = cold;
    this.coolerKw = k * (hot - ta);
    this.shellKw = lh * (hot - ta) + lc * (cold - ta);
  }
}
