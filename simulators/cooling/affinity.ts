/**
 * Affinity laws for the fans and pumps of a closed loop, where the system
 * curve is purely frictional (H = k Q^2, no static head): flow scales with
 * speed and shaft power with speed cubed.
 *
 * @module
 */

/** Shut-off head of a pump as a multiple of its duty-point head (typical centrifugal curve). */
export const PUMP_SHUTOFF_HEAD_RATIO = 1.3;

/** Flow (or airflow) at `speedFrac` (0..1) of full speed: Q = Q_rated n. */
export function affinityFlow(rated: number, speedFrac: number): number {
  return rated * speedFrac;
}

/** Shaft power at `speedFrac` (0..1) of full speed: P = P_rated n^3. */
export function affinityPower(rated: number, speedFrac: number): number {
  return rated * speedFrac * speedFrac * speedFrac;
}

/**
 * Loop flow with `running` of `installed` identical parallel pumps, as a
 * fraction of the flow with all of them running at the same speed.
 *
 * Each pump follows H = H0 n^2 - b (Q/running)^2 and the loop H = k Q^2; the
 * design point (all pumps, rated flow, rated head) fixes b/k =
 * (H0/H_rated - 1) installed^2, which gives
 * Q_running / Q_all = sqrt((1 + r) / (1 + r installed^2 / running^2)) with
 * r = H0/H_rated - 1. The ratio does not depend on speed, so the affinity
 * laws still hold with fewer pumps.
 */
export function parallelPumpFlowFraction(running: number, installed: number): number {
  if (running <= 0) return 0;
  if (running >= installed) return 1;
  const r = PUMP_SHUTOFF_HEAD_RATIO - 1;
  const ratio = installed / running;
  return Math.sqrt((1 + r) / (1 + r * ratio * ratio));
}
