/**
 * Polished-rod kinematics of a conventional crank-rocker pumping unit,
 * approximated as a slider-crank: the harmonic term of a crank turning at a
 * constant rate plus a second-harmonic term with the crank-to-pitman ratio
 * λ. That term is what makes a conventional unit accelerate harder at the
 * bottom of the stroke (S/2·ω²·(1+λ)) than at the top (S/2·ω²·(1−λ)), as in
 * the Mills acceleration factor.
 *
 *   x(θ) = S/2 · [(1 − cos θ) + (λ/2)·sin²θ],  θ = 2π·phase
 *
 * Phase 0 is the bottom of the stroke, phase 0.5 the top; the position rises
 * monotonically over the upstroke for any λ < 1.
 *
 * @module
 */

/** Position, velocity and acceleration of the polished rod (upward positive). */
export interface RodMotion {
  /** Height above the bottom of the stroke, m. */
  position: number;
  /** Velocity, m/s. */
  velocity: number;
  /** Acceleration, m/s². */
  acceleration: number;
}

/**
 * Polished-rod motion at `phase` (0..1 of a stroke) written into `out`.
 *
 * @param phase fraction of the stroke since the bottom dead centre
 * @param strokeLengthM polished-rod stroke length S, m
 * @param periodS duration of one stroke, s (60 / spm)
 * @param crankRatio crank radius over pitman length λ (0 gives pure harmonic motion)
 * @param out object to fill; returned for convenience
 */
export function polishedRodMotion(
  phase: number,
  strokeLengthM: number,
  periodS: number,
  crankRatio: number,
  out: RodMotion,
): RodMotion {
  const theta = 2 * Math.PI * phase;
  const w = (2 * Math.PI) / periodS;
  const half = strokeLengthM / 2;
  const s = Math.sin(theta), c = Math.cos(theta);
  out.position = half * (1 - c + 0.5 * crankRatio * s * s);
  out.velocity = half * w * s * (1 + crankRatio * c);
  out.acceleration = half * w * w * (c + crankRatio * (c * c - s * s));
  return out;
}

/** A fresh {@linkcode RodMotion} to reuse across calls. */
export function newRodMotion(): RodMotion {
  return { position: 0, velocity: 0, acceleration: 0 };
}
