/**
 * Online fault diagnosis of one cooling site from its points: it learns the
 * site's healthy physics constants over its first `trainS` seconds of
 * running (`cooling_residuals.ts`), then watches four smoothed ratios
 * against them, one per fault:
 *
 * - fan failure: fan power per speed cubed falls (fewer fans draw power),
 *   or the fans stand still while the supply controller drives them;
 * - pump failure: flow per pump speed falls, or no flow while the site runs;
 * - exchanger fouling: the cooler UA implied by the heat it rejects falls,
 *   with the fans still all drawing power;
 * - sensor drift: the supply sensor leaves the supply the loop's energy
 *   balance implies.
 *
 * A fault is diagnosed when its score (departure over tolerance) stays at
 * or above 1 for `holdS`; it clears when the score stays under
 * `clearScore` for `holdS`. Online, no look-ahead; plain numbers only, so
 * it takes every site's every sample (in 10 s blocks).
 *
 * @module
 */
import type { PointValues } from "../../simulators/simulator.ts";
import {
  checkVersion,
  fromJsonNumber,
  fromJsonNumbers,
  type JsonNumber,
  jsonObject,
  jsonString,
  LearnerStateError,
  toJsonNumber,
  toJsonNumbers,
} from "../learner_json.ts";
import {
  type CoolingInputs,
  type CoolingModelParams,
  type CoolingResiduals,
  coolingResiduals,
  MIN_FLOW_SHARE,
} from "./cooling_residuals.ts";

/** What the detector can conclude. */
export const COOLING_DIAGNOSES = [
  "normal",
  "fan_failure",
  "pump_failure",
  "exchanger_fouling",
  "sensor_drift",
] as const;

/** One of {@linkcode COOLING_DIAGNOSES}, or `unknown` while training or idle. */
export type CoolingDiagnosis = typeof COOLING_DIAGNOSES[number] | "unknown";

/** Detector phase: learning the healthy site, watching it, or idle (site off). */
export type CoolingDetectorStatus = "training" | "watching" | "idle";

/** Tuning of {@linkcode CoolingDetector}. */
export interface CoolingDetectorOptions {
  /** Running time that trains the detector, s. */
  trainS: number;
  /** Time constant of the input smoothing, s. */
  inputTauS: number;
  /** Time constant of the ratio smoothing the scores read, s. */
  scoreTauS: number;
  /** A score must stay over 1 (or under `clearScore`) this long to change the diagnosis, s. */
  holdS: number;
  /** Score under which a diagnosed fault starts to clear. */
  clearScore: number;
  /** Loss of flow per pump speed that scores 1, as a fraction. */
  pumpTolerance: number;
  /** Loss of implied cooler UA that scores 1, as a fraction. */
  foulingTolerance: number;
  /** Supply sensor departure from the energy balance that scores 1, K. */
  driftToleranceK: number;
  /** Loss of fan power per speed cubed that scores 1, in fans (half a fan by default). */
  fanToleranceFans: number;
  /**
   * Seconds between updates. Each sample only adds to the block's sums; every
   * `everyS` the block means enter the input smoothing, and the residuals,
   * scores and decision run. That is inside `inputTauS` and `holdS`, and
   * keeps 150 sites at 1 s steps to a small share of the plant's step. 10 s
   * instead of 5 left `deno task eval-cooling` (seeds 1-8 and 101-108) the
   * same: every detection and misclassification count, no false alarm,
   * delays within 0.1 min; and the supervisor took 11 instead of 18 ms per
   * 1,200 steps of the demo plant.
   */
  everyS: number;
}

/** Defaults, chosen on fault-free seeds 1-5 of `deno task eval-cooling` (docs/diagnosis.md). */
export const COOLING_DETECTOR_DEFAULTS: CoolingDetectorOptions = {
  trainS: 1800,
  inputTauS: 30,
  scoreTauS: 120,
  holdS: 60,
  clearScore: 0.7,
  pumpTolerance: 0.1,
  foulingTolerance: 0.1,
  driftToleranceK: 1,
  fanToleranceFans: 0.5,
  everyS: 10,
};

/** The detector's verdict after a sample (one object, updated in place). */
export interface CoolingVerdict {
  status: CoolingDetectorStatus;
  diagnosis: CoolingDiagnosis;
  /** Confidence in `diagnosis`, 0..1 (1 - 0.5 / score for a fault; 0 when unknown). */
  confidence: number;
  /** Fan power per speed cubed against healthy, %. */
  fanPowerPct: number;
  /** Flow per pump speed against healthy, %. */
  pumpFlowPct: number;
  /** Implied cooler UA against healthy, %. */
  coolerUaPct: number;
  /** Supply sensor minus the energy balance's supply, less its healthy offset, K. */
  supplyResidualK: number;
}

const FAULTS = ["fan_failure", "pump_failure", "exchanger_fouling", "sensor_drift"] as const;
type Fault = typeof FAULTS[number];
// The inputs, in the order of the block sums.
const INPUTS = [
  "supply_temp",
  "return_temp",
  "ambient_temp",
  "coolant_flow",
  "fan_speed",
  "pump_speed",
  "heat_load",
  "heat_rejected",
  "fan_power",
] as const;
const [SUPPLY, RET, AMBIENT, FLOW, FAN_SPEED, PUMP_SPEED, HEAT_LOAD, HEAT_REJECTED, FAN_POWER] =
  INPUTS.map((_, i) => i);

function median(xs: number[]): number {
  // A typed array sorts numbers natively, far faster than a comparator.
  const finite = Float64Array.from(xs.filter(Number.isFinite)).sort();
  if (finite.length === 0) return NaN;
  const mid = finite.length >> 1;
  return finite.length % 2 ? finite[mid] : (finite[mid - 1] + finite[mid]) / 2;
}

// The slots of what every sample or update reads and writes, in one array of
// numbers: the open block's sums and counts per input, then times and durations.
// Kept as fields, each number was a box of its own elsewhere on the heap; the
// plant's step evicts them between two samples of a site, so every place
// reached is a fetch from memory (with 150 sites, the detector's main cost).
const SUM = 0;
const COUNT = INPUTS.length;
const LAST_MS = 2 * INPUTS.length;
const BLOCK_S = LAST_MS + 1;
const RUN_S = LAST_MS + 2;
const LAST_UPDATE_MS = LAST_MS + 3;
const EVERY_MS = LAST_MS + 4;
const TRAINED_S = LAST_MS + 5;
const SAMPLE_SLOTS = TRAINED_S + 1;

// The exponential filters' slots in one array (the saved state's `filters`
// in the same order): the inputs, the slow return, then the four ratios.
const RET_SLOW = INPUTS.length;
const FAN_RATIO = RET_SLOW + 1;
const FLOW_RATIO = RET_SLOW + 2;
const UA_RATIO = RET_SLOW + 3;
const DRIFT = RET_SLOW + 4;
const FILTERS = DRIFT + 1;

// A plain array of `n` NaNs. Its numbers are stored unboxed right after the
// array on the JS heap, where a Float64Array of more than 64 bytes keeps them
// in an allocation of its own off the heap: one place less to fetch from
// memory for each update (about a tenth of a site's cost, measured on the
// demo's samples replayed on a busy machine).
function numbers(n: number): number[] {
  return new Array<number>(n).fill(NaN);
}

// After the filters' values, in the same array, the last step of each time
// constant and its gain 1 - exp(-dt / tau): steps are nearly always the same
// length, so the gain is kept (Math.exp was a tenth of the plant's step with
// 150 sites).
const IN_GAIN = FILTERS;
const SLOW_GAIN = FILTERS + 2;
const SCORE_GAIN = FILTERS + 4;
const FILTER_SLOTS = FILTERS + 6;

// The gain of time constant `tauS` for a step of `dtS`, kept from `f[k]` on.
function gain(f: number[], k: number, dtS: number, tauS: number): number {
  if (dtS !== f[k]) {
    f[k] = dtS;
    f[k + 1] = 1 - Math.exp(-dtS / tauS);
  }
  return f[k + 1];
}

// Move filter `i` of `f` toward `x` by the gain `g` and return it: a value that is
// not finite leaves it, the first finite one starts it.
function smooth(f: number[], i: number, x: number, g: number): number {
  const value = f[i];
  if (!Number.isFinite(x)) return value;
  return f[i] = Number.isFinite(value) ? value + (x - value) * g : x;
}

/** Version of {@linkcode CoolingDetectorState} this code writes and reads. */
export const COOLING_DETECTOR_STATE_VERSION = 1;

/** What a {@linkcode CoolingDetector} has learnt and is smoothing, as plain JSON. */
export interface CoolingDetectorState {
  /** {@linkcode COOLING_DETECTOR_STATE_VERSION}. */
  version: number;
  /** Filter values: the inputs, the slow return, then the four ratios. */
  filters: JsonNumber[];
  /** The open block's sums and counts per input. */
  sum: JsonNumber[];
  count: JsonNumber[];
  blockS: JsonNumber;
  lastUpdateMs: JsonNumber;
  /** Smoothed inputs and the latest residuals, in their fields' order. */
  x: JsonNumber[];
  r: JsonNumber[];
  /** Training samples so far. */
  train: { fan: JsonNumber[]; flow: JsonNumber[]; ua: JsonNumber[]; res: JsonNumber[] };
  trainedS: JsonNumber;
  runS: JsonNumber;
  /** Healthy constants: fan, flow, ua, res. */
  base: JsonNumber[];
  lastMs: JsonNumber;
  updates: number;
  pending: string;
  pendingSinceMs: JsonNumber;
  /** Scores in the order of the faults. */
  scores: JsonNumber[];
  verdict: {
    status: string;
    diagnosis: string;
    confidence: JsonNumber;
    fanPowerPct: JsonNumber;
    pumpFlowPct: JsonNumber;
    coolerUaPct: JsonNumber;
    supplyResidualK: JsonNumber;
  };
}

const X_FIELDS = [
  "supply",
  "ret",
  "ambient",
  "flow",
  "fanSpeed",
  "pumpSpeed",
  "heatLoad",
  "heatRejected",
  "fanPower",
  "retSlope",
] as const;
const R_FIELDS = ["fanCoef", "flowCoef", "ratedUa", "supplyResidual"] as const;
const BASE_FIELDS = ["fan", "flow", "ua", "res"] as const;

/** Diagnoses one cooling site from its successive samples. */
export class CoolingDetector {
  readonly #p: CoolingModelParams;
  readonly #o: CoolingDetectorOptions;
  // Every filter's value in one array (one object to reach, not fourteen),
  // NaN while a filter has no value, then the gains (see IN_GAIN ...).
  readonly #f = numbers(FILTER_SLOTS);
  // The time constants of the inputs, of the slow return and of the ratios, s.
  readonly #inTauS: number;
  readonly #slowTauS: number;
  readonly #scoreTauS: number;
  // The block since the last update (sums and counts of finite samples per
  // input), the last sample's time, the block's and the run's duration, the
  // last update's time, the time between updates and the training time so
  // far (see SUM ... TRAINED_S).
  readonly #s = numbers(SAMPLE_SLOTS);
  readonly #x: CoolingInputs = {
    supply: 0,
    ret: 0,
    ambient: 0,
    flow: 0,
    fanSpeed: 0,
    pumpSpeed: 0,
    heatLoad: 0,
    heatRejected: 0,
    fanPower: 0,
    retSlope: 0,
  };
  readonly #r: CoolingResiduals = {
    fanCoef: NaN,
    flowCoef: NaN,
    ratedUa: NaN,
    supplyResidual: NaN,
  };
  #train = { fan: [] as number[], flow: [] as number[], ua: [] as number[], res: [] as number[] };
  #base = { fan: NaN, flow: NaN, ua: NaN, res: NaN };
  #updates = 0;
  #pending: Fault | "normal" = "normal";
  #pendingSinceMs = 0;
  readonly #scores: Record<Fault, number> = {
    fan_failure: 0,
    pump_failure: 0,
    exchanger_fouling: 0,
    sensor_drift: 0,
  };
  /** The latest verdict. */
  readonly verdict: CoolingVerdict = {
    status: "training",
    diagnosis: "unknown",
    confidence: 0,
    fanPowerPct: NaN,
    pumpFlowPct: NaN,
    coolerUaPct: NaN,
    supplyResidualK: NaN,
  };

  /**
   * @param params the site's constants (its plant-file params)
   * @param options tuning over {@linkcode COOLING_DETECTOR_DEFAULTS}
   */
  constructor(params: CoolingModelParams, options: Partial<CoolingDetectorOptions> = {}) {
    this.#p = params;
    this.#o = { ...COOLING_DETECTOR_DEFAULTS, ...options };
    const s = this.#s;
    newBlock(s);
    s[RUN_S] = 0;
    s[LAST_UPDATE_MS] = -Infinity;
    s[EVERY_MS] = this.#o.everyS * 1000;
    s[TRAINED_S] = 0;
    const t = this.#o.inputTauS;
    this.#inTauS = t;
    // A ramp lags an EWMA by its tau: two taus give its slope.
    this.#slowTauS = 3 * t;
    this.#scoreTauS = this.#o.scoreTauS;
  }

  /** Counts the updates of {@linkcode verdict}: unchanged, the verdict is too. */
  get updates(): number {
    return this.#updates;
  }

  /** Healthy constants learnt (NaN before training ends). */
  get baseline(): Readonly<{ fan: number; flow: number; ua: number; res: number }> {
    return this.#base;
  }

  /** Current score per fault (departure over tolerance; 1 is the threshold). */
  get scores(): Readonly<Record<Fault, number>> {
    return this.#scores;
  }

  /** What it has learnt and is smoothing, as plain JSON (a fork "from now" carries it). */
  snapshot(): CoolingDetectorState {
    const v = this.verdict, t = this.#train;
    return {
      version: COOLING_DETECTOR_STATE_VERSION,
      filters: toJsonNumbers(this.#f.slice(0, FILTERS)),
      sum: toJsonNumbers(this.#s.slice(SUM, SUM + INPUTS.length)),
      count: toJsonNumbers(this.#s.slice(COUNT, COUNT + INPUTS.length)),
      blockS: toJsonNumber(this.#s[BLOCK_S]),
      lastUpdateMs: toJsonNumber(this.#s[LAST_UPDATE_MS]),
      x: X_FIELDS.map((f) => toJsonNumber(this.#x[f])),
      r: R_FIELDS.map((f) => toJsonNumber(this.#r[f])),
      train: {
        fan: toJsonNumbers(t.fan),
        flow: toJsonNumbers(t.flow),
        ua: toJsonNumbers(t.ua),
        res: toJsonNumbers(t.res),
      },
      trainedS: toJsonNumber(this.#s[TRAINED_S]),
      runS: toJsonNumber(this.#s[RUN_S]),
      base: BASE_FIELDS.map((f) => toJsonNumber(this.#base[f])),
      lastMs: toJsonNumber(this.#s[LAST_MS]),
      updates: this.#updates,
      pending: this.#pending,
      pendingSinceMs: toJsonNumber(this.#pendingSinceMs),
      scores: FAULTS.map((f) => toJsonNumber(this.#scores[f])),
      verdict: {
        status: v.status,
        diagnosis: v.diagnosis,
        confidence: toJsonNumber(v.confidence),
        fanPowerPct: toJsonNumber(v.fanPowerPct),
        pumpFlowPct: toJsonNumber(v.pumpFlowPct),
        coolerUaPct: toJsonNumber(v.coolerUaPct),
        supplyResidualK: toJsonNumber(v.supplyResidualK),
      },
    };
  }

  /**
   * Continue from {@linkcode CoolingDetector.snapshot} of a detector of the
   * same site. Throws a `LearnerStateError` naming the JSON path (under
   * `path`) of what does not fit, and then is left as it was.
   */
  restore(state: unknown, path: string): void {
    const s = checkVersion(state, path, COOLING_DETECTOR_STATE_VERSION);
    const num = (k: string) => fromJsonNumber(s[k], `${path}.${k}`);
    const nums = (k: string, n: number) => fromJsonNumbers(s[k], `${path}.${k}`, n);
    const values = nums("filters", FILTERS);
    const sum = nums("sum", INPUTS.length), count = nums("count", INPUTS.length);
    const x = nums("x", X_FIELDS.length), r = nums("r", R_FIELDS.length);
    const base = nums("base", BASE_FIELDS.length), scores = nums("scores", FAULTS.length);
    const t = jsonObject(s.train, `${path}.train`);
    const train = {
      fan: fromJsonNumbers(t.fan, `${path}.train.fan`),
      flow: fromJsonNumbers(t.flow, `${path}.train.flow`),
      ua: fromJsonNumbers(t.ua, `${path}.train.ua`),
      res: fromJsonNumbers(t.res, `${path}.train.res`),
    };
    const scalars = {
      blockS: num("blockS"),
      lastUpdateMs: num("lastUpdateMs"),
      trainedS: num("trainedS"),
      runS: num("runS"),
      lastMs: num("lastMs"),
      pendingSinceMs: num("pendingSinceMs"),
    };
    if (!Number.isInteger(s.updates)) {
      throw new LearnerStateError(`${path}.updates`, "expected a count");
    }
    const pending = jsonString(s.pending, `${path}.pending`, ["normal", ...FAULTS]);
    const vs = jsonObject(s.verdict, `${path}.verdict`);
    const status = jsonString(vs.status, `${path}.verdict.status`, [
      "training",
      "watching",
      "idle",
    ]);
    const diagnosis = jsonString(vs.diagnosis, `${path}.verdict.diagnosis`, [
      ...COOLING_DIAGNOSES,
      "unknown",
    ]);
    const vnum = (k: string) => fromJsonNumber(vs[k], `${path}.verdict.${k}`);
    const verdict: CoolingVerdict = {
      status: status as CoolingDetectorStatus,
      diagnosis: diagnosis as CoolingDiagnosis,
      confidence: vnum("confidence"),
      fanPowerPct: vnum("fanPowerPct"),
      pumpFlowPct: vnum("pumpFlowPct"),
      coolerUaPct: vnum("coolerUaPct"),
      supplyResidualK: vnum("supplyResidualK"),
    };
    values.forEach((v, i) => this.#f[i] = v);
    sum.forEach((v, i) => this.#s[SUM + i] = v);
    count.forEach((v, i) => this.#s[COUNT + i] = v);
    X_FIELDS.forEach((f, i) => this.#x[f] = x[i]);
    R_FIELDS.forEach((f, i) => this.#r[f] = r[i]);
    this.#train = train;
    this.#base = { fan: base[0], flow: base[1], ua: base[2], res: base[3] };
    FAULTS.forEach((f, i) => this.#scores[f] = scores[i]);
    this.#s[BLOCK_S] = scalars.blockS;
    this.#s[LAST_UPDATE_MS] = scalars.lastUpdateMs;
    this.#s[TRAINED_S] = scalars.trainedS;
    this.#s[RUN_S] = scalars.runS;
    this.#s[LAST_MS] = scalars.lastMs;
    this.#pendingSinceMs = scalars.pendingSinceMs;
    this.#updates = s.updates as number;
    this.#pending = pending as Fault | "normal";
    Object.assign(this.verdict, verdict);
  }

  /** Take the sample `v` taken at `tMs` and return the verdict. */
  push(tMs: number, v: Readonly<PointValues>): CoolingVerdict {
    const s = this.#s;
    const lastMs = s[LAST_MS];
    const dtS = Number.isFinite(lastMs) ? Math.max(0, (tMs - lastMs) / 1000) : 0;
    s[LAST_MS] = tMs;
    const verdict = this.verdict;
    const flow = v.coolant_flow as number;
    const heat = v.heat_load as number;
    if (v.running === false || !(heat > 0)) {
      this.#updates++;
      this.#idle();
      return verdict;
    }
    add(s, SUPPLY, v.supply_temp);
    add(s, RET, v.return_temp);
    add(s, AMBIENT, v.ambient_temp);
    add(s, FLOW, flow);
    add(s, FAN_SPEED, v.fan_speed);
    add(s, PUMP_SPEED, v.pump_speed);
    add(s, HEAT_LOAD, heat);
    add(s, HEAT_REJECTED, v.heat_rejected);
    add(s, FAN_POWER, v.fan_power);
    s[BLOCK_S] += dtS;
    s[RUN_S] += dtS;
    if (tMs - s[LAST_UPDATE_MS] < s[EVERY_MS]) return verdict;
    s[LAST_UPDATE_MS] = tMs;
    this.#updates++;
    const blockS = s[BLOCK_S];
    this.#smooth(blockS);
    // Inputs settle over a few time constants after a start before they tell anything.
    if (s[RUN_S] < 3 * this.#slowTauS) return verdict;
    if (verdict.status === "training") return this.#training(tMs, blockS);
    if (verdict.status === "idle") this.#watch(tMs);
    return this.#score(tMs, flow, v, blockS);
  }

  // The block's means into the input filters, then a new block. One loop
  // over the inputs, not a call per input: past V8's inlining budget each
  // further call boxed the numbers it took and returned (about a sixth of
  // the plant's garbage per step).
  #smooth(blockS: number): void {
    const x = this.#x, f = this.#f, s = this.#s;
    const g = gain(f, IN_GAIN, blockS, this.#inTauS);
    for (let i = 0; i < INPUTS.length; i++) {
      const n = s[COUNT + i];
      if (!(n > 0)) continue; // no finite sample: the filter keeps its value
      const mean = s[SUM + i] / n;
      if (!Number.isFinite(mean)) continue;
      const value = f[i];
      f[i] = Number.isFinite(value) ? value + (mean - value) * g : mean;
    }
    x.supply = f[SUPPLY];
    x.ret = f[RET];
    x.ambient = f[AMBIENT];
    x.flow = f[FLOW];
    x.fanSpeed = f[FAN_SPEED];
    x.pumpSpeed = f[PUMP_SPEED];
    x.heatLoad = f[HEAT_LOAD];
    x.heatRejected = f[HEAT_REJECTED];
    x.fanPower = f[FAN_POWER];
    const slowTauS = this.#slowTauS;
    const slow = smooth(f, RET_SLOW, blockMean(s, RET), gain(f, SLOW_GAIN, blockS, slowTauS));
    x.retSlope = (x.ret - slow) / (slowTauS - this.#inTauS);
    newBlock(s);
  }

  // Residuals, scores and the decision from the smoothed inputs.
  #score(tMs: number, flow: number, v: Readonly<PointValues>, dtS: number): CoolingVerdict {
    const verdict = this.verdict, x = this.#x;
    const f = this.#f;
    const fanShare = Math.min(1, Math.max(0, f[FAN_RATIO]));
    const r = coolingResiduals(this.#p, x, Number.isFinite(fanShare) ? fanShare : 1, this.#r);
    const b = this.#base, g = gain(f, SCORE_GAIN, dtS, this.#scoreTauS);
    const fan = smooth(f, FAN_RATIO, r.fanCoef / b.fan, g);
    const pump = smooth(f, FLOW_RATIO, r.flowCoef / b.flow, g);
    const ua = smooth(f, UA_RATIO, r.ratedUa / b.ua, g);
    const drift = smooth(f, DRIFT, r.supplyResidual - b.res, g);
    verdict.fanPowerPct = fan * 100;
    verdict.pumpFlowPct = pump * 100;
    verdict.coolerUaPct = ua * 100;
    verdict.supplyResidualK = drift;

    const o = this.#o, s = this.#scores;
    // The raw flow, not the smoothed one: a loop that stops flowing cannot wait for a filter.
    const noFlow = typeof flow === "number" && flow < MIN_FLOW_SHARE * this.#p.pump_flow_m3h;
    s.pump_failure = noFlow ? 10 : pos((1 - pump) / o.pumpTolerance);
    // In auto the controller never asks for less than its minimum speed, so
    // fans standing still there have all stopped (and draw no power to read).
    const fansStill = v.control_mode === "auto" && (v.fan_speed as number) < 1;
    s.fan_failure = fansStill ? 10 : pos((1 - fan) / (o.fanToleranceFans / this.#p.fans));
    s.exchanger_fouling = noFlow ? 0 : pos((1 - ua) / o.foulingTolerance);
    s.sensor_drift = noFlow ? 0 : pos(Math.abs(drift) / o.driftToleranceK);
    this.#decide(tMs);
    return verdict;
  }

  #training(tMs: number, dtS: number): CoolingVerdict {
    const verdict = this.verdict;
    verdict.status = "training";
    verdict.diagnosis = "unknown";
    verdict.confidence = 0;
    this.#s[TRAINED_S] += dtS;
    const r = coolingResiduals(this.#p, this.#x, 1, this.#r);
    const t = this.#train;
    // Only finite values: the medians skip the others anyway, and a site
    // whose fans rest past its training keeps learning, one value a block.
    if (Number.isFinite(r.fanCoef)) t.fan.push(r.fanCoef);
    if (Number.isFinite(r.flowCoef)) t.flow.push(r.flowCoef);
    if (Number.isFinite(r.ratedUa)) t.ua.push(r.ratedUa);
    if (Number.isFinite(r.supplyResidual)) t.res.push(r.supplyResidual);
    if (this.#s[TRAINED_S] < this.#o.trainS) return verdict;
    // A loop that ran its whole training without flow has a dead pump: watch
    // it against the nameplate, which names the pump failure.
    const deadLoop = this.#x.flow < MIN_FLOW_SHARE * this.#p.pump_flow_m3h;
    // A constant without a single reading has no median: keep learning
    // without sorting the others again every block.
    const unread = t.fan.length === 0 || t.flow.length === 0 || t.ua.length === 0 ||
      t.res.length === 0;
    if (!deadLoop && unread) return verdict;
    const learnt = {
      fan: median(t.fan),
      flow: median(t.flow),
      ua: median(t.ua),
      res: median(t.res),
    };
    if (!deadLoop && !Object.values(learnt).every(Number.isFinite)) {
      // Nothing readable yet (fans at rest): keep learning.
      return verdict;
    }
    this.#base = againstDesign(learnt, this.#p, this.#o);
    this.#train = { fan: [], flow: [], ua: [], res: [] };
    this.#watch(tMs);
    return verdict;
  }

  #watch(tMs: number): void {
    this.verdict.status = "watching";
    this.verdict.diagnosis = "normal";
    this.#pending = "normal";
    this.#pendingSinceMs = tMs;
  }

  // Pump and fan losses disturb every other ratio (less flow, less air), so
  // they come first; between fouling and drift the stronger score wins.
  #candidate(current: Fault | "normal"): Fault | "normal" {
    const s = this.#scores;
    if (s.pump_failure >= 1) return "pump_failure";
    if (s.fan_failure >= 1) return "fan_failure";
    const foul = s.exchanger_fouling, drift = s.sensor_drift;
    if (foul >= 1 || drift >= 1) return foul >= drift ? "exchanger_fouling" : "sensor_drift";
    if (current !== "normal" && s[current] >= this.#o.clearScore) return current;
    return "normal";
  }

  #decide(tMs: number): void {
    const verdict = this.verdict;
    const current = verdict.diagnosis === "unknown" ? "normal" : verdict.diagnosis;
    const next = this.#candidate(current);
    if (next !== this.#pending) {
      this.#pending = next;
      this.#pendingSinceMs = tMs;
    }
    if (next !== current && tMs - this.#pendingSinceMs >= this.#o.holdS * 1000) {
      verdict.diagnosis = next;
    }
    const d = verdict.diagnosis;
    verdict.confidence = d === "normal" || d === "unknown"
      ? confidenceNormal(this.#scores)
      : 1 - 0.5 / Math.max(1, this.#scores[d]);
  }

  #idle(): void {
    const verdict = this.verdict;
    const s = this.#s;
    s[RUN_S] = 0;
    s[LAST_UPDATE_MS] = -Infinity;
    newBlock(s);
    if (verdict.status === "training") {
      // Training needs continuous running; a stop starts it over.
      this.#s[TRAINED_S] = 0;
      this.#train = { fan: [], flow: [], ua: [], res: [] };
    } else verdict.status = "idle";
    if (verdict.status === "idle") {
      verdict.diagnosis = "unknown";
      verdict.confidence = 0;
      this.#pending = "normal";
    }
    this.#f.fill(NaN, 0, FILTERS);
  }
}

/**
 * The learnt constants, each replaced by its nameplate value when it falls
 * short of it by twice the watch's tolerance: a site trained while already
 * faulty (a fan dead, a pump tripped, a fouled cooler, a drifted sensor)
 * would otherwise learn the fault as healthy. Against the nameplate its
 * score then stands over 1 from the first scoring, so the fault is named
 * once `holdS` has passed, and it clears when the site is repaired. Twice
 * the tolerance leaves room for the nameplate's own error (a cooler's UA
 * learnt on healthy seeded sites ran 0.97 to 1.16 of its nameplate).
 */
function againstDesign(
  learnt: { fan: number; flow: number; ua: number; res: number },
  p: CoolingModelParams,
  o: CoolingDetectorOptions,
): { fan: number; flow: number; ua: number; res: number } {
  // Short of the nameplate by more than `share`, or unread (a loop that never flowed).
  const short = (x: number, design: number, share: number) =>
    design > 0 && !(x >= design * (1 - share));
  const fanDesign = p.fan_power_kw !== undefined ? p.fans * p.fan_power_kw : NaN;
  const uaDesign = p.cooler_ua_kw_per_k ?? NaN;
  return {
    fan: short(learnt.fan, fanDesign, 2 * o.fanToleranceFans / p.fans) ? fanDesign : learnt.fan,
    flow: short(learnt.flow, p.pump_flow_m3h, 2 * o.pumpTolerance) ? p.pump_flow_m3h : learnt.flow,
    ua: short(learnt.ua, uaDesign, 2 * o.foulingTolerance) ? uaDesign : learnt.ua,
    res: Math.abs(learnt.res) > 2 * o.driftToleranceK || !Number.isFinite(learnt.res)
      ? 0
      : learnt.res,
  };
}

// Input i's sample `x` into the open block of `s`, when it is a finite number.
function add(s: number[], i: number, x: unknown): void {
  if (typeof x === "number" && Number.isFinite(x)) {
    s[SUM + i] += x;
    s[COUNT + i]++;
  }
}

// Empty the open block of `s`: no sums, no counts, no duration.
function newBlock(s: number[]): void {
  s.fill(0, SUM, COUNT + INPUTS.length);
  s[BLOCK_S] = 0;
}

function pos(x: number): number {
  return x > 0 ? x : 0;
}

// Confidence that the site is healthy: the room left under the highest score.
function confidenceNormal(s: Readonly<Record<Fault, number>>): number {
  let worst = 0;
  if (s.fan_failure > worst) worst = s.fan_failure;
  if (s.pump_failure > worst) worst = s.pump_failure;
  if (s.exchanger_fouling > worst) worst = s.exchanger_fouling;
  if (s.sensor_drift > worst) worst = s.sensor_drift;
  return worst >= 1 ? 0.5 : 1 - worst / 2;
}

// The mean of input i's samples in the open block of `s`, NaN when it has none.
function blockMean(s: number[], i: number): number {
  const n = s[COUNT + i];
  return n > 0 ? s[SUM + i] / n : NaN;
}
