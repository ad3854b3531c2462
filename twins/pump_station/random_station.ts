/**
 * Seeded random pump stations of the shape of the shared EPANET station: 2 to
 * 4 parallel pumps (mostly 3-point curves of various shapes, some single-point
 * and multi-point curves, some VFD pumps below nominal speed, constant or
 * curved efficiencies), a main and an outlet of various lengths and
 * diameters, a tank of random size and starting level, a demand pattern, and
 * staggered lead/lag level controls. The same seed always gives the same
 * station; every station passes the plant-file schema and runs in EPANET.
 *
 * The property test and the station benchmark run these through our
 * simulator and through epanet-js and compare the two.
 *
 * @module
 */
import { Random } from "../../simulators/random.ts";
import { type StationParams, stationParams } from "./params.ts";

type CurvePoint = { flow_lps: number; head_m: number };

/** A number rounded to `digits` decimals, so generated params read like hand-written ones. */
function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function pick<T>(rng: Random, xs: readonly T[]): T {
  return xs[Math.floor(rng.next() * xs.length)];
}

/** Head of H = h0 - (h0 - h1) (q / q1)^c. */
function powerHead(h0: number, h1: number, q1: number, c: number, q: number): number {
  return h0 - (h0 - h1) * Math.pow(q / q1, c);
}

/**
 * A head curve around shutoff head `h0` and design flow `q1` (L/s): a 3-point
 * curve with exponent anywhere from flat-topped to steep, a single design
 * point, or a 4-5 point table.
 */
function randomCurve(rng: Random, h0: number, q1: number): CurvePoint[] {
  const h1 = h0 * rng.uniform(0.7, 0.93);
  const c = rng.uniform(0.6, 3.2);
  let q2 = q1 * rng.uniform(1.4, 2.3);
  while (powerHead(h0, h1, q1, c, q2) < 0.08 * h0) q2 = q1 + 0.85 * (q2 - q1);
  const form = rng.next();
  if (form < 0.12) return [{ flow_lps: round(q1, 2), head_m: round(h1, 2) }];
  if (form < 0.27) {
    const n = rng.next() < 0.5 ? 4 : 5;
    const pts: CurvePoint[] = [];
    for (let i = 0; i < n; i++) {
      const q = q2 * i / (n - 1);
      pts.push({ flow_lps: round(q, 2), head_m: round(powerHead(h0, h1, q1, c, q), 2) });
    }
    return pts;
  }
  return [
    { flow_lps: 0, head_m: round(h0, 2) },
    { flow_lps: round(q1, 2), head_m: round(h1, 2) },
    { flow_lps: round(q2, 2), head_m: round(powerHead(h0, h1, q1, c, q2), 2) },
  ];
}

/** A constant efficiency or a rising-then-falling efficiency curve, %. */
function randomEfficiency(
  rng: Random,
  q1: number,
): number | { flow_lps: number; efficiency_pct: number }[] {
  if (rng.next() < 0.7) return round(rng.uniform(60, 85), 1);
  const best = rng.uniform(70, 86);
  return [
    { flow_lps: 0, efficiency_pct: round(rng.uniform(15, 35), 1) },
    { flow_lps: round(q1 * 0.6, 2), efficiency_pct: round(best - rng.uniform(3, 12), 1) },
    { flow_lps: round(q1, 2), efficiency_pct: round(best, 1) },
    { flow_lps: round(q1 * 2, 2), efficiency_pct: round(best - rng.uniform(15, 30), 1) },
  ];
}

/** A demand pattern: a daily wave with noise, sometimes with night-time zero demand. */
function randomPattern(rng: Random): { pattern: number[]; pattern_step_s: number } {
  const step = pick(rng, [3600, 3600, 3600, 1800, 7200, 900]);
  const n = Math.round(86_400 / step);
  const amp = rng.uniform(0.15, 0.6);
  const phase = rng.uniform(0, 2 * Math.PI);
  const zeros = rng.next() < 0.1;
  const pattern: number[] = [];
  for (let i = 0; i < n; i++) {
    let f = 1 + amp * Math.sin(2 * Math.PI * i / n + phase) + rng.uniform(-0.1, 0.1);
    if (zeros && i < n / 6) f = 0;
    pattern.push(round(Math.max(0, f), 3));
  }
  return { pattern, pattern_step_s: step };
}

/** Nearest standard pipe size, mm. */
function pipeSize(q: number, velocity: number): number {
  const d = Math.sqrt(4 * q / (Math.PI * velocity)) * 1000;
  return Math.max(100, Math.round(d / 50) * 50);
}

/** The raw plant-file params of random station number `seed`, before validation. */
export function randomStationRaw(seed: number): Record<string, unknown> {
  const rng = new Random(seed, "random-station");
  const nPumps = 2 + Math.floor(rng.next() * 3);
  const sump = round(rng.uniform(0, 20), 2);
  const header = round(sump - rng.uniform(0, 3), 2);
  const lift = rng.uniform(10, 50);
  const tankElevation = round(sump + lift, 2);
  const minLevel = round(rng.uniform(0.2, 1.0), 2);
  const maxLevel = round(minLevel + rng.uniform(3, 8), 2);
  const span = maxLevel - minLevel;
  const initial = round(minLevel + span * rng.uniform(0.1, 0.95), 3);

  // Pumps: identical, or each its own around a common size.
  const baseH0 = (lift + maxLevel) * rng.uniform(1.15, 1.8);
  const baseQ = rng.uniform(20, 120);
  const identical = rng.next() < 0.4;
  const pumps: Record<string, unknown>[] = [];
  let firstCurve: CurvePoint[] | undefined;
  let firstEff: ReturnType<typeof randomEfficiency> | undefined;
  // Staggered lead/lag bands: each further pump starts lower and stops lower.
  const full = rng.next() < 0.1;
  const s0 = rng.uniform(0.35, 0.65), ds = rng.uniform(0.06, 0.16);
  const e0 = full ? 1 : rng.uniform(0.8, 0.98), de = rng.uniform(0.04, 0.14);
  for (let i = 0; i < nPumps; i++) {
    let curve: CurvePoint[];
    let eff: ReturnType<typeof randomEfficiency>;
    if (identical && firstCurve && firstEff !== undefined) {
      curve = firstCurve;
      eff = firstEff;
    } else {
      // Some pumps are too weak to lift into a full tank: EPANET closes them (XHEAD).
      const h0 = Math.max(baseH0 * rng.uniform(0.8, 1.15), (lift + minLevel) * 1.05);
      const q1 = baseQ * rng.uniform(0.6, 1.5);
      curve = randomCurve(rng, h0, q1);
      eff = randomEfficiency(rng, q1);
      firstCurve ??= curve;
      firstEff ??= eff;
    }
    const start = Math.max(minLevel + 0.05 * span, minLevel + span * (s0 - i * ds));
    const stop = Math.max(start + 0.1 * span, minLevel + span * (e0 - i * de));
    const pump: Record<string, unknown> = {
      suffix: `p${i + 1}`,
      curve: curve.map((p) => ({ ...p })),
      efficiency_pct: typeof eff === "number" ? eff : eff.map((p) => ({ ...p })),
      initial_status: i === 0 && rng.next() < 0.5 ? "running" : "stopped",
      control: { start_below_m: round(start, 3), stop_above_m: round(Math.min(stop, maxLevel), 3) },
    };
    if (rng.next() < 0.15) {
      pump.vfd = true;
      pump.speed_pct = round(rng.uniform(80, 100), 1);
    }
    pumps.push(pump);
  }

  const leadFlow = baseQ / 1000;
  const demandBase = round(baseQ * rng.uniform(0.35, 1.1), 2);
  return {
    sump: { head_m: sump },
    header: { elevation_m: header },
    pumps,
    main: {
      length_m: round(rng.uniform(300, 5000), 0),
      diameter_mm: pipeSize(leadFlow * nPumps * 0.7, rng.uniform(0.8, 2.5)),
      hw_c: round(rng.uniform(100, 140), 0),
    },
    tank: {
      elevation_m: tankElevation,
      diameter_m: round(rng.uniform(6, 30), 1),
      min_level_m: minLevel,
      max_level_m: maxLevel,
      initial_level_m: initial,
    },
    outlet: {
      length_m: round(rng.uniform(200, 3000), 0),
      diameter_mm: pipeSize(demandBase / 1000 * 1.5, rng.uniform(0.6, 1.6)),
      hw_c: round(rng.uniform(100, 140), 0),
    },
    demand: {
      elevation_m: round(tankElevation - rng.uniform(5, 30), 2),
      base_lps: demandBase,
      ...randomPattern(rng),
    },
    mode: "auto",
    // Compared with EPANET, so run by EPANET's rules.
    model: "epanet",
    energy_price: 0.1,
    specific_gravity: rng.next() < 0.8 ? 1 : round(rng.uniform(0.98, 1.03), 3),
  };
}

/** Random station number `seed`, validated by the plant-file schema. */
export function randomStation(seed: number): StationParams {
  return stationParams.parse(randomStationRaw(seed));
}
