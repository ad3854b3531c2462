/**
 * Scoring the cooling diagnosis on simulated sites: a seeded site runs on
 * simulated time (1 s steps), its points (with measurement noise added) feed
 * a {@linkcode CoolingDetector}, and a fault is injected at a known onset.
 * From each run come the detection delay of the right diagnosis, the first
 * diagnosis raised after the onset (a wrong one is a misclassification) and
 * the false alarms raised before it; fault-free runs give false alarms per
 * site-day.
 *
 * @module
 */
import { Random } from "../../simulators/random.ts";
import type { PointValues } from "../../simulators/simulator.ts";
import {
  type CoolingFault,
  CoolingSiteSimulator,
} from "../../simulators/cooling/cooling_site_simulator.ts";
import { coolingSiteParams } from "../../twins/cooling_site/params.ts";
import {
  CoolingDetector,
  type CoolingDetectorOptions,
  type CoolingDiagnosis,
} from "./cooling_detector.ts";

/** One simulated run. */
export interface CoolingScenario {
  /** Seed of the site (variation, ambient) and of the measurement noise. */
  seed: number;
  /** Fault injected at `onsetS`, none for a fault-free run. */
  fault?: CoolingFault;
  /** Severity of the fault (0..1]. */
  severity?: number;
  /** Simulated time of the injection, s. */
  onsetS: number;
  /** Simulated time the run ends, s. */
  endS: number;
  /** Site params over the defaults (pumps, control mode ...). */
  params?: Record<string, unknown>;
  /** Operator commands during the run (setpoint changes, a stop and start). */
  events?: readonly OperatorEvent[];
}

/** A command an operator gives at a simulated time. */
export interface OperatorEvent {
  /** Simulated time, s. */
  atS: number;
  /** Command type. */
  type: string;
  /** Command arguments. */
  args: Record<string, unknown>;
}

/** Standard deviations of the measurement noise added to the points the detector reads. */
export interface MeasurementNoise {
  /** Temperatures, K. */
  tempK: number;
  /** Flow, powers and heat flows, as a fraction of the value. */
  relative: number;
}

/** Noise of ordinary field instruments: 0.1 K on temperatures, 1 % on flows and powers. */
export const FIELD_NOISE: MeasurementNoise = { tempK: 0.1, relative: 0.01 };

/** What one run gave. */
export interface ScenarioOutcome {
  scenario: CoolingScenario;
  /** Seconds from the onset to the right diagnosis, when it came. */
  delayS?: number;
  /** First fault diagnosis raised after the onset. */
  first?: CoolingDiagnosis;
  /** Fault diagnoses raised while the site was healthy and watched. */
  falseAlarms: number;
  /** Time the detector watched a healthy site, s. */
  healthyWatchedS: number;
  /** Highest fault score seen on the healthy site (1 is the threshold). */
  healthyPeakScore: number;
}

const TEMPS = ["supply_temp", "return_temp", "ambient_temp"] as const;
const RELATIVE = ["coolant_flow", "heat_load", "heat_rejected", "fan_power", "pump_power"] as const;

/** Run one scenario and score it. */
export function runScenario(
  s: CoolingScenario,
  noise: MeasurementNoise = FIELD_NOISE,
  options: Partial<CoolingDetectorOptions> = {},
): ScenarioOutcome {
  const id = `site-${s.seed}`;
  const params = coolingSiteParams.parse(s.params ?? {});
  const sim = new CoolingSiteSimulator({ id, config: params, seed: s.seed });
  const detector = new CoolingDetector(params, options);
  const rng = new Random(s.seed, "measurement-noise");
  const v: PointValues = {};
  const out: ScenarioOutcome = {
    scenario: s,
    falseAlarms: 0,
    healthyWatchedS: 0,
    healthyPeakScore: 0,
  };
  let last: CoolingDiagnosis = "unknown";
  const events = [...(s.events ?? [])].sort((a, b) => a.atS - b.atS);
  let next = 0;
  for (let t = 1; t <= s.endS; t++) {
    while (next < events.length && events[next].atS <= t) {
      const e = events[next++];
      const err = sim.actuate(id, { type: e.type, args: e.args });
      if (err) throw new Error(`scenario seed ${s.seed}: ${e.type} at ${e.atS} s: ${err}`);
    }
    if (s.fault && t === s.onsetS) {
      const err = sim.actuate(id, {
        type: "inject_fault",
        args: { fault: s.fault, severity: s.severity },
      });
      if (err) throw new Error(`scenario seed ${s.seed}: ${err}`);
    }
    sim.step(1, t);
    sim.read(id, v);
    for (const k of TEMPS) v[k] = (v[k] as number) + rng.normal(0, noise.tempK);
    for (const k of RELATIVE) v[k] = (v[k] as number) * (1 + rng.normal(0, noise.relative));
    const verdict = detector.push(t * 1000, v);
    const d = verdict.diagnosis;
    const faulty = s.fault !== undefined && t >= s.onsetS;
    if (!faulty && verdict.status === "watching") {
      out.healthyWatchedS++;
      for (const x of Object.values(detector.scores)) {
        if (x > out.healthyPeakScore) out.healthyPeakScore = x;
      }
    }
    const raised = d !== last && d !== "normal" && d !== "unknown";
    last = d;
    if (!raised) continue;
    if (!faulty) out.falseAlarms++;
    else {
      out.first ??= d;
      if (d === s.fault) {
        out.delayS = t - s.onsetS;
        break;
      }
    }
  }
  return out;
}

/** A fault, the site it runs on and its severities. */
export interface FaultCase {
  /** Fault injected. */
  fault: CoolingFault;
  /** Label of the case in the report. */
  label: string;
  /** Severities tried. */
  severities: number[];
  /** Site params over the defaults. */
  params?: Record<string, unknown>;
}

/**
 * The cases `eval-cooling` runs: each fault at three or four severities
 * (the lowest at or under the detector's tolerance, to show its limit) on
 * sites whose fans the supply controller drives, pumps on one- and two-pump
 * sites, and each fault once more on sites with the fans in manual.
 */
export const FAULT_CASES: readonly FaultCase[] = [
  { fault: "fan_failure", label: "fan_failure", severities: [0.1, 0.3, 0.6, 1] },
  {
    fault: "pump_failure",
    label: "pump_failure (1 of 2, 2 of 2)",
    severities: [0.5, 1],
    params: { pumps: 2 },
  },
  { fault: "pump_failure", label: "pump_failure (1 of 1)", severities: [1] },
  { fault: "exchanger_fouling", label: "exchanger_fouling", severities: [0.1, 0.2, 0.35, 0.5] },
  { fault: "sensor_drift", label: "sensor_drift", severities: [0.05, 0.1, 0.3, 0.5] },
  ...(["fan_failure", "pump_failure", "exchanger_fouling", "sensor_drift"] as const).map((
    fault,
  ) => ({
    fault,
    label: `${fault} (manual fans)`,
    severities: [fault === "pump_failure" ? 0.5 : 0.3],
    params: { control_mode: "manual", ...(fault === "pump_failure" ? { pumps: 2 } : {}) },
  })),
];

/** Seconds a fault has to be diagnosed after its onset. */
export const HORIZON_S = 4 * 3600;

/**
 * A healthy day's operator commands, at times drawn from `rng`: the supply
 * setpoint moved by 3 K and back, the pumps slowed from 80 % to 65 % and
 * back, and a 10-minute stop.
 */
export function operatorDay(rng: Random): OperatorEvent[] {
  const at = (lo: number, hi: number) => Math.round(rng.uniform(lo, hi) * 3600);
  const sp = at(2, 6), pump = at(8, 12), stop = at(14, 20);
  const dir = rng.next() < 0.5 ? -3 : 3;
  return [
    { atS: sp, type: "set_supply_setpoint", args: { degC: 40 + dir } },
    { atS: sp + 7200, type: "set_supply_setpoint", args: { degC: 40 } },
    { atS: pump, type: "set_pump_setpoint", args: { pct: 65 } },
    { atS: pump + 3600, type: "set_pump_setpoint", args: { pct: 80 } },
    { atS: stop, type: "stop", args: {} },
    { atS: stop + 600, type: "start", args: {} },
  ];
}

/**
 * The scenarios for `seeds`: each fault case at each severity with its onset
 * drawn from the seed between 1 h and 13 h (the ambient cycle's every
 * phase), run for `HORIZON_S` after it; and one fault-free day per seed with
 * an operator's setpoint changes and a stop ({@linkcode operatorDay}).
 */
export function scenarios(seeds: readonly number[], cases = FAULT_CASES): CoolingScenario[] {
  const out: CoolingScenario[] = [];
  for (const c of cases) {
    for (const severity of c.severities) {
      for (const seed of seeds) {
        const rng = new Random(seed, `onset/${c.label}/${severity}`);
        const onsetS = Math.round(rng.uniform(3600, 13 * 3600));
        out.push({
          seed,
          fault: c.fault,
          severity,
          onsetS,
          endS: onsetS + HORIZON_S,
          ...(c.params ? { params: c.params } : {}),
        });
      }
    }
  }
  for (const seed of seeds) {
    const events = operatorDay(new Random(seed, "operator"));
    out.push({ seed, onsetS: Infinity, endS: 86_400, events });
  }
  return out;
}

/** Figures of one fault case (or severity) over its runs. */
export interface FaultSummary {
  label: string;
  runs: number;
  detected: number;
  /** Median, lowest and highest delay of the detected runs, s. */
  delayMedianS: number;
  delayMinS: number;
  delayMaxS: number;
  /** Runs whose first diagnosis after the onset named another fault. */
  misclassified: number;
  /** What those wrong first diagnoses were. */
  wrong: Record<string, number>;
}

/** Summarise the outcomes of runs of one fault. */
export function summarize(label: string, outcomes: readonly ScenarioOutcome[]): FaultSummary {
  const delays = outcomes.flatMap((o) => o.delayS === undefined ? [] : [o.delayS]).sort((a, b) =>
    a - b
  );
  const wrong: Record<string, number> = {};
  let misclassified = 0;
  for (const o of outcomes) {
    if (o.first !== undefined && o.first !== o.scenario.fault) {
      misclassified++;
      wrong[o.first] = (wrong[o.first] ?? 0) + 1;
    }
  }
  const mid = delays.length >> 1;
  return {
    label,
    runs: outcomes.length,
    detected: delays.length,
    delayMedianS: delays.length === 0
      ? NaN
      : delays.length % 2
      ? delays[mid]
      : (delays[mid - 1] + delays[mid]) / 2,
    delayMinS: delays.length ? delays[0] : NaN,
    delayMaxS: delays.length ? delays[delays.length - 1] : NaN,
    misclassified,
    wrong,
  };
}

/** False alarms per site-day of healthy, watched running over all `outcomes`. */
export function falseAlarmRate(outcomes: readonly ScenarioOutcome[]): {
  alarms: number;
  siteDays: number;
  perSiteDay: number;
  peakScore: number;
} {
  let alarms = 0, watched = 0, peak = 0;
  for (const o of outcomes) {
    alarms += o.falseAlarms;
    watched += o.healthyWatchedS;
    if (o.healthyPeakScore > peak) peak = o.healthyPeakScore;
  }
  const siteDays = watched / 86_400;
  return { alarms, siteDays, perSiteDay: siteDays > 0 ? alarms / siteDays : NaN, peakScore: peak };
}
