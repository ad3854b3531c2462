/**
 * The operating point of N parallel pumps (each at its own speed, some off)
 * drawing from one suction head and delivering into one system curve
 * H_sys(Q) = H_static + r Q^n: a pipe to a tank (n = 1.852, Hazen-Williams)
 * or a lumped system (n = 2).
 *
 * Unknown: the common head gain H across the pumps. Each turning pump's flow
 * q_i(H) inverts its head curve (zero when H is above the highest head it
 * delivers against: EPANET closes such a pump, status XHEAD), and H solves G(H) = H - H_static - r (sum q_i(H))^n = 0.
 * G rises monotonically in H, so a Newton iteration kept inside a shrinking
 * bracket always converges; warm starts from the last step make it two or
 * three iterations.
 *
 * @module
 */

/** A pump as the solver sees it. */
export interface ParallelPump {
  /** Whether the impeller turns; a still pump passes no flow. */
  readonly turning: boolean;
  /** Head gain in m at flow `q` (m3/s). */
  head(q: number): number;
  /** The highest head gain in m the pump delivers flow against; above it the pump passes none. */
  maxHead(): number;
  /** dHead/dq at `q` (m per m3/s, negative). */
  slope(q: number): number;
  /** Flow in m3/s: the warm start going in, the solution coming out. */
  flow: number;
}

const HEAD_TOL = 1e-9;
const FLOW_TOL = 1e-12;

/**
 * Flow of one pump at head gain `h`, warm-started from its flow: 0 behind a
 * shut check valve (at or above its largest head), negative between its
 * zero-flow head and its largest head when that lies higher (EPANET's band).
 */
export function pumpFlowAt(p: ParallelPump, h: number): number {
  if (!p.turning) return 0;
  if (h >= p.maxHead()) return 0;
  if (h > p.head(0)) return reverseFlowAt(p, h);
  let lo = 0;
  let hi = p.flow > 0 ? p.flow * 1.5 : 0.01;
  for (let i = 0; i < 80 && p.head(hi) > h; i++) {
    lo = hi;
    hi *= 2;
  }
  let q = p.flow > lo && p.flow < hi ? p.flow : 0.5 * (lo + hi);
  for (let i = 0; i < 100; i++) {
    const g = p.head(q) - h;
    if (g > 0) lo = q;
    else hi = q;
    if (Math.abs(g) < HEAD_TOL * 1e-3) break;
    const d = p.slope(q);
    let qn = d < 0 ? q - g / d : NaN;
    if (!(qn > lo && qn < hi)) qn = 0.5 * (lo + hi);
    if (Math.abs(qn - q) < FLOW_TOL) {
      q = qn;
      break;
    }
    q = qn;
  }
  return q;
}

/** The negative flow at which a pump's curve, extended past zero flow, reaches head `h`. */
function reverseFlowAt(p: ParallelPump, h: number): number {
  let lo = -1e-3;
  for (let i = 0; i < 60 && p.head(lo) < h; i++) lo *= 2;
  let hi = 0;
  for (let i = 0; i < 200; i++) {
    const q = 0.5 * (lo + hi);
    if (p.head(q) < h) hi = q;
    else lo = q;
    if (hi - lo < FLOW_TOL) break;
  }
  return 0.5 * (lo + hi);
}

/** Set every pump's flow for head gain `h`; returns the total and leaves dQ/dH in `dqdh[0]`. */
function totalFlowAt(pumps: readonly ParallelPump[], h: number, dqdh: Float64Array): number {
  let total = 0;
  let d = 0;
  for (let i = 0; i < pumps.length; i++) {
    const p = pumps[i];
    const q = pumpFlowAt(p, h);
    p.flow = q;
    total += q;
    if (q !== 0) {
      const s = p.slope(q);
      if (s < 0) d += 1 / s;
    }
  }
  dqdh[0] = d;
  return total;
}

/** The largest head any turning pump delivers flow against, or -Infinity when none does. */
export function maxShutoff(pumps: readonly ParallelPump[]): number {
  let m = -Infinity;
  for (let i = 0; i < pumps.length; i++) {
    const p = pumps[i];
    if (p.turning) {
      const h = Math.min(p.maxHead(), p.head(0));
      if (h > m) m = h;
    }
  }
  return m;
}

const scratch = new Float64Array(1);

/**
 * Solve parallel pumps against H_static + r Q^n; sets each pump's `flow`
 * and returns the head gain H (m). With no pump able to lift H_static, all
 * flows are zero and H_static is returned.
 */
export function solveParallel(
  pumps: readonly ParallelPump[],
  staticHead: number,
  r: number,
  n: number,
  guess: number,
): number {
  const top = maxShutoff(pumps);
  if (!(top > staticHead)) {
    for (let i = 0; i < pumps.length; i++) pumps[i].flow = 0;
    return staticHead;
  }
  let lo = staticHead;
  let hi = top;
  let h = guess > lo && guess < hi ? guess : 0.5 * (lo + hi);
  for (let it = 0; it < 100; it++) {
    const q = totalFlowAt(pumps, h, scratch);
    // Pumps passing flow back (EPANET's excess-head band) can leave a net flow out of the tank.
    const aq = Math.abs(q);
    const g = h - staticHead - (q < 0 ? -r : r) * Math.pow(aq, n);
    if (Math.abs(g) < HEAD_TOL) return h;
    if (g > 0) hi = h;
    else lo = h;
    const dg = 1 - r * n * (aq > 0 ? Math.pow(aq, n - 1) : 0) * scratch[0];
    let hn = h - g / dg;
    if (!(hn > lo && hn < hi)) hn = 0.5 * (lo + hi);
    if (Math.abs(hn - h) < HEAD_TOL * 1e-3) {
      h = hn;
      break;
    }
    h = hn;
  }
  totalFlowAt(pumps, h, scratch);
  return h;
}

/**
 * Find the head gain at which the turning pumps deliver exactly `target`
 * m3/s in total (a throttling valve takes up the difference), searching
 * between `lo` (where they deliver more) and their largest shutoff head.
 * Sets each pump's `flow`; returns the head gain.
 */
export function solveForFlow(pumps: readonly ParallelPump[], target: number, lo: number): number {
  let hi = maxShutoff(pumps);
  if (!(hi > lo)) return lo;
  if (target <= 0) {
    for (let i = 0; i < pumps.length; i++) pumps[i].flow = 0;
    return hi;
  }
  let h = 0.5 * (lo + hi);
  for (let it = 0; it < 100; it++) {
    const g = target - totalFlowAt(pumps, h, scratch);
    if (Math.abs(g) < FLOW_TOL) return h;
    if (g > 0) hi = h;
    else lo = h;
    const dg = -scratch[0];
    let hn = dg > 0 ? h - g / dg : NaN;
    if (!(hn > lo && hn < hi)) hn = 0.5 * (lo + hi);
    h = hn;
  }
  totalFlowAt(pumps, h, scratch);
  return h;
}
