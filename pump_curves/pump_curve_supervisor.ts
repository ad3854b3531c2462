/**
 * Pump curves fitted inside the plant: every pump twin gathers its own
 * operating points (flow, head, power or efficiency, speed) after each
 * runtime step, whatever feeds it (simulator, Modbus, a replay), and, when
 * the plant records history, first reads back the last day of minute means
 * in which the pump ran steadily. {@linkcode PumpCurveSupervisor.curves}
 * fits head (EPANET's power function and a quadratic) and efficiency (a
 * quadratic) to them with R², RMSE and the physics checks, beside the
 * design curve of the pump's params and its live operating point: the
 * resource `GET /api/twins/{pump}/curves` serves. A fit that the points
 * cannot fix (a quadratic on a narrow flow range) is null; only the head
 * power function is required.
 *
 * A fit is computed when asked for and kept until the points change, so a
 * plant whose curves nobody looks at pays only for binning samples.
 *
 * @module
 */
import type { Twin } from "../twins/twin.ts";
import type { TwinSetChange } from "../runtime/runtime.ts";
import type { BucketRow, HistoryStore } from "../history/history_store.ts";
import type { PumpConfig } from "../simulators/pump/pump_config.ts";
import { pumpCurves } from "../simulators/pump/pump_unit.ts";
import {
  fitPolynomial,
  fitPowerFunction,
  type PolynomialFit,
  polyValue,
  type PowerFit,
  powerValue,
} from "./curve_fit.ts";
import { efficiencyHasOnePeak, headFallsWithFlow } from "./physics_checks.ts";
import { MIN_SPEED_PCT, OperatingHistory, type PumpSample } from "./operating_history.ts";

/** Points a fit needs (the cubic check inside `fitOperatingData` needs four). */
export const MIN_FIT_POINTS = 4;

/** How far back history is read at start, ms (a day). */
export const HISTORY_WINDOW_MS = 86_400_000;

/** A minute whose speed moved more than this (percentage points) is not steady and is left out. */
const STEADY_SPEED_SPAN_PCT = 1;

/** What the supervisor needs of a runtime. */
export interface CurveHost {
  /** Twins by id. */
  readonly twins: ReadonlyMap<string, Twin>;
  /** Run after every step. */
  onStep(listener: (now: number) => void): () => void;
  /** Follow twins added and removed. */
  onTwinsChanged(listener: (change: TwinSetChange) => void): () => void;
  /** The runtime clock. */
  readonly clock: { now(): number };
}

/** Options of {@linkcode PumpCurveSupervisor}. */
export interface CurveSupervisorOptions {
  /** Read each pump's recent minute means from here at start. */
  history?: HistoryStore;
  /** Where problems (a pump whose curves cannot be built, a failed history read) are reported. */
  log?: (message: string) => void;
}

/** A fitted curve's physics check. */
export interface CurveCheck {
  /** Whether it passes. */
  ok: boolean;
  /** Why not. */
  reason?: string;
}

/** The `GET /api/twins/{pump}/curves` resource. */
export interface PumpCurvesResource {
  /** Pump twin id. */
  twin: string;
  /** Units of every number below. */
  units: { flow: "L/s"; head: "m"; efficiency: "%"; power: "kW" };
  /** Curves and points are at nominal speed: samples are scaled by the affinity laws. */
  speed_pct: 100;
  /** Points kept (one per flow bin). */
  n: number;
  /** The points the fit used, by increasing flow. */
  points: { flow_lps: number; head_m: number; efficiency_pct: number | null; ts: number }[];
  /** The fits, or null until there are enough points (then `reason` says why). */
  fit: null | {
    flow_range_lps: [number, number];
    head: {
      form: "power";
      a: number;
      b: number;
      c: number;
      r2: number;
      rmse: number;
      n: number;
      check: CurveCheck;
    };
    head_quadratic: null | {
      form: "polynomial";
      coefficients: number[];
      r2: number;
      rmse: number;
      n: number;
      check: CurveCheck;
    };
    efficiency: null | {
      form: "polynomial";
      coefficients: number[];
      r2: number;
      rmse: number;
      n: number;
      check: CurveCheck & { peak_flow_lps: number | null };
    };
  };
  /** Why there is no fit. */
  reason?: string;
  /** The curves of the pump's params, sampled from zero flow to run-out. */
  design: {
    form: string;
    power: { a: number; b: number; c: number } | null;
    head: { flow_lps: number; head_m: number }[];
    efficiency: { flow_lps: number; efficiency_pct: number }[];
  } | null;
  /** The live operating point (actual speed, not scaled), when the pump reports one. */
  operating_point: null | {
    flow_lps: number;
    head_m: number;
    efficiency_pct: number | null;
    power_kw: number | null;
    speed_pct: number;
    status: string;
    ts: number;
  };
}

interface Watched {
  twin: Twin;
  params: unknown;
  points: OperatingHistory;
  design: PumpCurvesResource["design"];
  lastTs: number;
  cache?: { version: number; fit: PumpCurvesResource["fit"]; reason?: string };
}

const num = (v: unknown): number | undefined =>
  typeof v === "number" && Number.isFinite(v) ? v : undefined;

/** A polynomial fit, or undefined when the data cannot fix it. */
function attempt(fit: () => PolynomialFit): PolynomialFit | undefined {
  try {
    return fit();
  } catch {
    return undefined;
  }
}

/** The design curves of a pump's params, in L/s, sampled at 41 flows. */
function designOf(params: PumpConfig): PumpCurvesResource["design"] {
  const { curve, efficiency } = pumpCurves(params);
  const runout = curve.runout(1);
  const head: { flow_lps: number; head_m: number }[] = [];
  const eff: { flow_lps: number; efficiency_pct: number }[] = [];
  for (let i = 0; i <= 40; i++) {
    const q = runout * i / 40;
    head.push({ flow_lps: q * 1000, head_m: Math.max(0, curve.head(q, 1)) });
    eff.push({ flow_lps: q * 1000, efficiency_pct: 100 * efficiency.at(q, 1) });
  }
  const p = curve.power;
  return {
    form: curve.form,
    // SI (m3/s) to L/s: b Q^c with Q = q / 1000.
    power: p ? { a: p.a, b: p.b / Math.pow(1000, p.c), c: p.c } : null,
    head,
    efficiency: eff,
  };
}

/** Gathers operating points of every pump twin and fits their curves on request. */
export class PumpCurveSupervisor {
  readonly #host: CurveHost;
  readonly #watched = new Map<string, Watched>();
  readonly #log: (message: string) => void;
  readonly #history: HistoryStore | undefined;
  #stopped = false;
  /** Settles when the start-up read of history is done (tests wait on it). */
  readonly seeded: Promise<void>;

  /** Watch every pump of `host`; read recent history when given one. */
  constructor(host: CurveHost, opts: CurveSupervisorOptions = {}) {
    this.#host = host;
    this.#log = opts.log ?? ((m) => console.error(m));
    this.#history = opts.history;
    for (const twin of host.twins.values()) this.#watch(twin);
    this.seeded = this.#history ? this.#seedAll(this.#history) : Promise.resolve();
  }

  /** Ids of the pumps watched. */
  get pumps(): string[] {
    return [...this.#watched.keys()];
  }

  #watch(twin: Twin): void {
    if (twin.def.kind !== "pump") return;
    const params = twin.params as PumpConfig;
    let design: PumpCurvesResource["design"] = null;
    let runoutLps = NaN;
    try {
      design = designOf(params);
      runoutLps = design!.head[design!.head.length - 1].flow_lps;
    } catch (e) {
      this.#log(`pump curves: ${twin.id}: ${(e as Error).message}; no design curve`);
    }
    this.#watched.set(twin.id, {
      twin,
      params: twin.params,
      points: new OperatingHistory(runoutLps, params.specific_gravity ?? 1),
      design,
      lastTs: twin.ts,
    });
  }

  /** Take each running pump's newest sample. */
  step(): void {
    for (const [id, watched] of this.#watched) {
      let w: Watched | undefined = watched;
      const current = this.#host.twins.get(id);
      if (!current || !current.running) continue;
      if (current !== w.twin || current.params !== w.params) {
        // New params may be new curves: the old points describe another pump.
        this.#watch(current);
        w = this.#watched.get(id)!;
      }
      const twin = w.twin;
      if (twin.ts === w.lastTs) continue;
      w.lastTs = twin.ts;
      const v = twin.values;
      if (v.status !== "running") continue;
      const q = twin.quality;
      if (q.flow || q.head || q.speed) continue; // only good values
      const flow = num(v.flow), head = num(v.head), speed = num(v.speed);
      if (flow === undefined || head === undefined || speed === undefined) continue;
      const sample: PumpSample = {
        flowLps: flow / 3.6,
        headM: head,
        speedPct: speed,
        ts: twin.pointTs("flow"),
      };
      const power = q.power ? undefined : num(v.power);
      const eff = q.efficiency ? undefined : num(v.efficiency);
      if (power !== undefined) sample.powerKw = power;
      else if (eff !== undefined) sample.efficiencyPct = eff;
      w.points.offer(sample);
    }
  }

  async #seedAll(store: HistoryStore): Promise<void> {
    const to = this.#host.clock.now();
    for (const w of [...this.#watched.values()]) {
      if (this.#stopped) return; // the plant stopped, and its store may be closed
      try {
        await this.#seed(store, w, to - HISTORY_WINDOW_MS, to);
      } catch (e) {
        if (this.#stopped) return;
        this.#log(`pump curves: ${w.twin.id}: reading history failed: ${(e as Error).message}`);
      }
    }
  }

  /** Add the minute means of steady running in [from, to] from `store`. */
  async #seed(store: HistoryStore, w: Watched, from: number, to: number): Promise<void> {
    const id = w.twin.id;
    if (!store.has(id, "flow") || !store.has(id, "head") || !store.has(id, "speed")) return;
    const names = ["flow", "head", "speed", "power", "efficiency"];
    const present = names.filter((p) => store.has(id, p));
    const result = await store.query({
      series: present.map((point) => ({ twin: id, point })),
      from,
      to,
      resolution: "1m",
    });
    const by = new Map<string, Map<number, BucketRow>>();
    for (const s of result) {
      by.set(s.point, new Map((s.rows as BucketRow[]).map((r) => [r.ts, r])));
    }
    for (const [ts, f] of by.get("flow") ?? []) {
      const h = by.get("head")?.get(ts), sp = by.get("speed")?.get(ts);
      if (!h || !sp || f.mean === null || h.mean === null || sp.mean === null) continue;
      if (sp.min === null || sp.max === null || sp.min < MIN_SPEED_PCT) continue;
      if (sp.max - sp.min > STEADY_SPEED_SPAN_PCT) continue;
      const sample: PumpSample = { flowLps: f.mean / 3.6, headM: h.mean, speedPct: sp.mean, ts };
      const p = by.get("power")?.get(ts)?.mean, e = by.get("efficiency")?.get(ts)?.mean;
      if (typeof p === "number") sample.powerKw = p;
      else if (typeof e === "number") sample.efficiencyPct = e;
      w.points.offer(sample);
    }
  }

  /** The curves resource of pump `id`, or undefined when `id` is not a watched pump. */
  curves(id: string): PumpCurvesResource | undefined {
    const w = this.#watched.get(id);
    if (!w) return undefined;
    const kept = w.points.points();
    if (w.cache?.version !== w.points.version) {
      w.cache = { version: w.points.version, ...this.#fit(kept) };
    }
    const v = w.twin.values;
    const flow = num(v.flow), head = num(v.head), speed = num(v.speed);
    return {
      twin: id,
      units: { flow: "L/s", head: "m", efficiency: "%", power: "kW" },
      speed_pct: 100,
      n: kept.length,
      points: kept.map((p) => ({
        flow_lps: p.flowLps,
        head_m: p.headM,
        efficiency_pct: p.efficiency === undefined ? null : 100 * p.efficiency,
        ts: p.ts,
      })),
      fit: w.cache.fit,
      ...(w.cache.reason ? { reason: w.cache.reason } : {}),
      design: w.design,
      operating_point: flow === undefined || head === undefined || speed === undefined ? null : {
        flow_lps: flow / 3.6,
        head_m: head,
        efficiency_pct: num(v.efficiency) ?? null,
        power_kw: num(v.power) ?? null,
        speed_pct: speed,
        status: typeof v.status === "string" ? v.status : "unknown",
        ts: w.twin.pointTs("flow"),
      },
    };
  }

  #fit(kept: ReturnType<OperatingHistory["points"]>): {
    fit: PumpCurvesResource["fit"];
    reason?: string;
  } {
    if (kept.length < MIN_FIT_POINTS) {
      return {
        fit: null,
        reason: `${kept.length} operating point${kept.length === 1 ? "" : "s"} at distinct ` +
          `flows; a fit needs ${MIN_FIT_POINTS} (run the pump at other flows or speeds)`,
      };
    }
    // Each fit on its own: a cubic that is ill-conditioned on a narrow flow
    // range (fitOperatingData fits one) must not cost the power function.
    const q = kept.map((p) => p.flowLps), h = kept.map((p) => p.headM);
    const lo = q[0], hi = q[q.length - 1];
    let power: PowerFit;
    try {
      power = fitPowerFunction(q, h);
    } catch (err) {
      return { fit: null, reason: `the head fit failed: ${(err as Error).message}` };
    }
    const quadratic = attempt(() => fitPolynomial(q, h, 2));
    const withEff = kept.filter((p) => p.efficiency !== undefined);
    const eq = withEff.map((p) => p.flowLps);
    const e = withEff.length >= MIN_FIT_POINTS
      ? attempt(() => fitPolynomial(eq, withEff.map((p) => p.efficiency!), 2))
      : undefined;
    const peak = e && efficiencyHasOnePeak(
      (x) => polyValue(e.coefficients, x),
      Math.min(...eq),
      Math.max(...eq),
    );
    return {
      fit: {
        flow_range_lps: [lo, hi],
        head: {
          form: "power",
          a: power.a,
          b: power.b,
          c: power.c,
          r2: power.r2,
          rmse: power.rmse,
          n: power.n,
          check: headFallsWithFlow((x) => powerValue(power, x), lo, hi),
        },
        head_quadratic: quadratic
          ? {
            form: "polynomial",
            coefficients: quadratic.coefficients,
            r2: quadratic.r2,
            rmse: quadratic.rmse,
            n: quadratic.n,
            check: headFallsWithFlow((x) => polyValue(quadratic.coefficients, x), lo, hi),
          }
          : null,
        efficiency: e && peak
          ? {
            form: "polynomial",
            // Fitted on fractions; served in % like the points.
            coefficients: e.coefficients.map((c) => 100 * c),
            r2: e.r2,
            rmse: 100 * e.rmse,
            n: e.n,
            check: {
              ok: peak.ok,
              ...(peak.reason ? { reason: peak.reason } : {}),
              peak_flow_lps: Number.isFinite(peak.peakFlow) ? peak.peakFlow : null,
            },
          }
          : null,
      },
    };
  }

  /** Follow the runtime: sample after every step, watch added pumps, forget removed ones. */
  attach(): () => void {
    const stopStep = this.#host.onStep(() => this.step());
    const stopSet = this.#host.onTwinsChanged((change) => {
      for (const id of change.removed) this.#watched.delete(id);
      for (const id of change.added) {
        const twin = this.#host.twins.get(id);
        if (twin) this.#watch(twin);
      }
    });
    return () => {
      this.#stopped = true;
      stopStep();
      stopSet();
    };
  }
}
