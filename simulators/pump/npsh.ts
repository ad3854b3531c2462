/**
 * Net positive suction head: what the suction side makes available (NPSHa)
 * against what the impeller requires (NPSHr), and how much head a pump loses
 * once the margin goes negative and it cavitates.
 *
 * NPSHa = H_atm + z_s - H_vap - h_loss (Q / Qr)^2, with the suction loss
 * quadratic in flow (strainer, bends, entry). NPSHr follows a quadratic from
 * its shutoff value to its value at rated flow and scales with speed by the
 * affinity laws: NPSHr(Q, s) = s^2 NPSHr(Q / s, 1).
 *
 * @module
 */

/** Head lost per metre of negative NPSH margin, as a fraction of the curve head. */
export const CAVITATION_HEAD_DROP_PER_M = 0.12;

/** The smallest fraction of curve head a cavitating pump still delivers. */
export const CAVITATION_MIN_HEAD_FACTOR = 0.1;

/** Construction options for {@linkcode NpshModel}, all heads in m. */
export interface NpshOptions {
  /** Atmospheric pressure head on the suction liquid surface (10.33 m at sea level). */
  atmHeadM: number;
  /** Liquid surface above the impeller eye (negative for a suction lift). */
  staticM: number;
  /** Vapour pressure head of the liquid (0.24 m for water at 20 degC). */
  vaporHeadM: number;
  /** Suction line loss at rated flow. */
  suctionLossM: number;
  /** NPSH required at zero flow, nominal speed. */
  npshrShutoffM: number;
  /** NPSH required at rated flow, nominal speed. */
  npshrRatedM: number;
  /** Rated flow, m3/s. */
  ratedFlow: number;
}

/** NPSH available and required for one pump. */
export class NpshModel {
  /** Extra suction loss at rated flow, m (a blocked strainer: the cavitation fault). */
  extraLossM = 0;
  #o: NpshOptions;
  #invQr2: number;

  /** Build the model from suction conditions and the NPSHr quadratic. */
  constructor(opts: NpshOptions) {
    this.#o = opts;
    this.#invQr2 = 1 / (opts.ratedFlow * opts.ratedFlow);
  }

  /** NPSH available at flow `q` (m3/s), m. */
  available(q: number): number {
    const o = this.#o;
    return o.atmHeadM + o.staticM - o.vaporHeadM -
      (o.suctionLossM + this.extraLossM) * q * q * this.#invQr2;
  }

  /** NPSH required at flow `q` (m3/s) and speed ratio `s`, m. */
  required(q: number, s: number): number {
    const o = this.#o;
    return s * s * o.npshrShutoffM + (o.npshrRatedM - o.npshrShutoffM) * q * q * this.#invQr2;
  }

  /** NPSHa - NPSHr at flow `q` and speed ratio `s`, m. */
  margin(q: number, s: number): number {
    return this.available(q) - this.required(q, s);
  }

  /** The margin written as m0 - k q^2: m0 at speed ratio `s`. */
  marginAtZero(s: number): number {
    const o = this.#o;
    return o.atmHeadM + o.staticM - o.vaporHeadM - s * s * o.npshrShutoffM;
  }

  /** The margin written as m0 - k q^2: k, m per (m3/s)^2. */
  marginCoefficient(): number {
    const o = this.#o;
    return (o.suctionLossM + this.extraLossM + o.npshrRatedM - o.npshrShutoffM) * this.#invQr2;
  }
}

/**
 * Fraction of the curve head a pump delivers at NPSH margin `m` (m): 1 with a
 * positive margin, falling by {@linkcode CAVITATION_HEAD_DROP_PER_M} per metre
 * of deficit down to {@linkcode CAVITATION_MIN_HEAD_FACTOR}.
 */
export function cavitationHeadFactor(m: number): number {
  if (m >= 0) return 1;
  const f = 1 + CAVITATION_HEAD_DROP_PER_M * m;
  return f > CAVITATION_MIN_HEAD_FACTOR ? f : CAVITATION_MIN_HEAD_FACTOR;
}

/** d(cavitationHeadFactor)/dm at margin `m`. */
export function cavitationHeadFactorSlope(m: number): number {
  if (m >= 0) return 0;
  return 1 + CAVITATION_HEAD_DROP_PER_M * m > CAVITATION_MIN_HEAD_FACTOR
    ? CAVITATION_HEAD_DROP_PER_M
    : 0;
}
