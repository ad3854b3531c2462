/**
 * Calculated points that read only their own twin and that no other twin's
 * calculated point reads (a cooling site's `delta_t`, `loop_heat`,
 * `cooling_overhead`): a twin's such points are evaluated by one generated
 * call in their dependency order, instead of one trip through the
 * evaluation loop each. That loop's per-point bookkeeping (the twin
 * running, its sources found, the result dispatched through a call that
 * differs point by point) cost about as much as the points' own steps.
 *
 * Which points qualify, and where a twin's group runs, is decided from the
 * references alone; a group runs where its first point stood in the
 * dependency order, which is safe because its points read nothing computed
 * later and nothing outside the twin reads them.
 *
 * @module
 */
import { type Calculation, type CalculationStep, CHANGED } from "./calculation.ts";
import { familyLine } from "../../twins/source_family.ts";

/** What a fused call needs of each of its points. */
export interface FusedPoint {
  /** The twin of each reference, by slot (all the point's own twin). */
  readonly sources: readonly unknown[];
  /** Where its last value and time are in the caller's memory. */
  readonly at: number;
}

/** Bit of a {@linkcode FusedStep} result: some point's value, quality or time changed. */
export const FUSED_CHANGED = 1 << 24;

/**
 * Evaluate a twin's group in order; returns the number of points evaluated
 * (those with every input) plus {@linkcode FUSED_CHANGED}. A point missing
 * an input is marked bad, as the loop does one point at a time.
 */
export type FusedStep = (
  twin: { readonly quality: Record<string, string> },
  points: readonly FusedPoint[],
  last: Float64Array,
) => number;

/** Key of a point: twin and point name. */
function key(twin: string, point: string): string {
  return `${twin}\u0000${point}`;
}

/**
 * The indices (into `calcs`, in dependency order) of the points that may be
 * evaluated in their twin's group.
 */
export function localPoints(calcs: readonly Calculation[]): Set<number> {
  const index = new Map<string, number>();
  calcs.forEach((c, i) => index.set(key(c.spec.twin, c.spec.point), i));
  const readElsewhere = new Set<number>();
  const local = new Set<number>();
  calcs.forEach((c, i) => {
    let own = true;
    for (const r of c.refs) {
      if (r.twin === c.spec.twin) continue;
      own = false;
      const j = r.mode ? undefined : index.get(key(r.twin, r.point));
      if (j !== undefined) readElsewhere.add(j);
    }
    if (own) local.add(i);
  });
  for (const i of readElsewhere) local.delete(i);
  // A point reading a calculated point of its twin that is not in the group
  // would run before it: it stays out too, until nothing changes.
  for (let changed = true; changed;) {
    changed = false;
    for (const i of local) {
      const c = calcs[i];
      const outside = c.refs.some((r) => {
        const j = r.mode ? undefined : index.get(key(r.twin, r.point));
        return j !== undefined && !local.has(j);
      });
      if (outside) {
        local.delete(i);
        changed = true;
      }
    }
  }
  return local;
}

const fusedCache = new Map<string, FusedStep>();
const stepIds = new Map<CalculationStep, number>();

/**
 * One function calling `steps` in order for the points named `points`,
 * shared by every twin of a source family with the same steps (see
 * twins/source_family.ts). Point names are quoted with JSON.stringify;
 * nothing else of the plant reaches the code.
 */
export function fuseSteps(
  steps: readonly CalculationStep[],
  points: readonly string[],
  family = "",
): FusedStep {
  const ids = steps.map((s) => {
    let id = stepIds.get(s);
    if (id === undefined) stepIds.set(s, id = stepIds.size);
    return id;
  });
  const cacheKey = `${family}\u0000${ids.join(",")}\u0000${points.join("\u0000")}`;
  let fused = fusedCache.get(cacheKey);
  if (fused) return fused;
  const body = steps.map((_, i) => {
    const p = JSON.stringify(points[i]);
    return `r = s${i}(twin, ps[${i}].sources, last, ps[${i}].at);
  if (r === 3) {
    if (twin.quality[${p}] !== "bad") { twin.quality[${p}] = "bad"; ch = ${FUSED_CHANGED}; }
  } else {
    n++;
    if ((r & ${CHANGED}) !== 0) ch = ${FUSED_CHANGED};
  }`;
  });
  fused = new Function(
    ...steps.map((_, i) => `s${i}`),
    `"use strict"; return function fused_calculations(twin, ps, last) {
  ${familyLine(family)}
  let r, n = 0, ch = 0;
  ${body.join("\n  ")}
  return n | ch;
};`,
  )(...steps) as FusedStep;
  fusedCache.set(cacheKey, fused);
  return fused;
}
