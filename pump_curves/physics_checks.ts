/**
 * Physics checks of fitted pump curves over the flow range of the data: a
 * head curve must fall as flow rises, and an efficiency curve must have one
 * peak (rise, then fall; a range on one side of the peak is only rising or
 * only falling) and stay within (0, 1].
 *
 * @module
 */

/** The outcome of a check, with where it failed. */
export interface CheckResult {
  /** Whether the curve passes. */
  ok: boolean;
  /** Why not, naming the flow. */
  reason?: string;
}

const SAMPLES = 101;

function grid(qmin: number, qmax: number): number[] {
  return Array.from({ length: SAMPLES }, (_, i) => qmin + (qmax - qmin) * i / (SAMPLES - 1));
}

/** Head falls strictly with flow over [qmin, qmax] (checked on 101 flows). */
export function headFallsWithFlow(
  head: (q: number) => number,
  qmin: number,
  qmax: number,
): CheckResult {
  const qs = grid(qmin, qmax);
  for (let i = 1; i < qs.length; i++) {
    if (!(head(qs[i]) < head(qs[i - 1]))) {
      return {
        ok: false,
        reason: `head does not fall between flow ${fmt(qs[i - 1])} and ${fmt(qs[i])}`,
      };
    }
  }
  return { ok: true };
}

/**
 * Efficiency has one peak over [qmin, qmax]: once it has started to fall it
 * never rises again, and every value lies in (0, 1]. Returns the peak flow.
 */
export function efficiencyHasOnePeak(
  eff: (q: number) => number,
  qmin: number,
  qmax: number,
): CheckResult & { peakFlow: number } {
  const qs = grid(qmin, qmax);
  const es = qs.map(eff);
  let peak = 0;
  let falling = false;
  for (let i = 0; i < qs.length; i++) {
    if (!(es[i] > 0 && es[i] <= 1)) {
      return {
        ok: false,
        reason: `efficiency ${fmt(es[i])} at flow ${fmt(qs[i])} is outside (0, 1]`,
        peakFlow: NaN,
      };
    }
    if (es[i] > es[peak]) peak = i;
    if (i === 0) continue;
    if (es[i] < es[i - 1]) falling = true;
    else if (falling && es[i] > es[i - 1]) {
      return {
        ok: false,
        reason: `efficiency rises again after a fall at flow ${fmt(qs[i])}`,
        peakFlow: qs[peak],
      };
    }
  }
  return { ok: true, peakFlow: qs[peak] };
}

function fmt(x: number): string {
  return String(Number(x.toPrecision(4)));
}
