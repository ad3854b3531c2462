/**
 * `deno task eval-cooling [--seeds N] [--first S] [--noise 0|1]`: score the
 * cooling-site diagnosis on seeded simulated sites (see `cooling_eval.ts`):
 * every fault case at each severity, for seeds S..S+N-1 (default 101..108),
 * plus one fault-free day per seed. Prints one line per fault case and
 * severity, one per fault case, then the false alarms per site-day of
 * healthy running.
 *
 * @module
 */
import {
  falseAlarmRate,
  FAULT_CASES,
  type FaultSummary,
  FIELD_NOISE,
  HORIZON_S,
  type MeasurementNoise,
  runScenario,
  type ScenarioOutcome,
  scenarios,
  summarize,
} from "./cooling_eval.ts";

/** Options of one evaluation. */
export interface EvalCoolingOptions {
  /** Seeds of the sites. */
  seeds: number[];
  /** Measurement noise added to the points. */
  noise: MeasurementNoise;
}

const min = (s: number) => Number.isFinite(s) ? `${(s / 60).toFixed(1)} min` : "-";

/** One report line of a summary. */
export function formatSummary(s: FaultSummary): string {
  const wrong = Object.entries(s.wrong).map(([k, n]) => `${k} x${n}`).join(", ");
  return `${s.label.padEnd(38)} detected ${s.detected}/${s.runs}  ` +
    `delay median ${min(s.delayMedianS)} (${min(s.delayMinS)} .. ${min(s.delayMaxS)})  ` +
    `misclassified ${s.misclassified}${wrong ? ` (${wrong})` : ""}`;
}

/**
 * Run the evaluation; returns the report lines and the outcomes.
 *
 * @param opts seeds and noise
 * @returns printed lines, per-case summaries and the false-alarm rate
 */
export function evalCooling(opts: EvalCoolingOptions): {
  lines: string[];
  cases: FaultSummary[];
  falseAlarms: ReturnType<typeof falseAlarmRate>;
} {
  const lines: string[] = [];
  const cases: FaultSummary[] = [];
  const all: ScenarioOutcome[] = [];
  for (const c of FAULT_CASES) {
    const outcomes: ScenarioOutcome[] = [];
    for (const s of scenarios(opts.seeds, [c]).filter((s) => s.fault)) {
      outcomes.push(runScenario(s, opts.noise));
    }
    all.push(...outcomes);
    for (const sev of c.severities) {
      const part = outcomes.filter((o) => o.scenario.severity === sev);
      lines.push("  " + formatSummary(summarize(`${c.label} @ ${sev}`, part)));
    }
    const summary = summarize(c.label, outcomes);
    cases.push(summary);
    lines.push(formatSummary(summary));
  }
  for (const s of scenarios(opts.seeds, []).filter((s) => !s.fault)) {
    all.push(runScenario(s, opts.noise));
  }
  const falseAlarms = falseAlarmRate(all);
  lines.push(
    `false alarms ${falseAlarms.alarms} in ${falseAlarms.siteDays.toFixed(1)} site-days of ` +
      `healthy running: ${falseAlarms.perSiteDay.toFixed(3)} per site-day ` +
      `(highest healthy score ${falseAlarms.peakScore.toFixed(2)}, 1 raises; ` +
      `horizon ${HORIZON_S / 3600} h after each onset)`,
  );
  return { lines, cases, falseAlarms };
}

function parseArgs(args: string[]): EvalCoolingOptions {
  let n = 8, first = 101, noise = FIELD_NOISE;
  for (let i = 0; i < args.length; i++) {
    const a = args[i], v = args[i + 1];
    if (a === "--seeds" && /^\d+$/.test(v ?? "")) n = Number(v), i++;
    else if (a === "--first" && /^\d+$/.test(v ?? "")) first = Number(v), i++;
    else if (a === "--noise" && (v === "0" || v === "1")) {
      noise = v === "0" ? { tempK: 0, relative: 0 } : FIELD_NOISE;
      i++;
    } else {
      throw new Error(
        `eval-cooling: unexpected argument "${a}"; usage: [--seeds N] [--first S] [--noise 0|1]`,
      );
    }
  }
  return { seeds: Array.from({ length: n }, (_, i) => first + i), noise };
}

if (import.meta.main) {
  try {
    const opts = parseArgs(Deno.args);
    console.log(
      `cooling diagnosis on simulated sites: seeds ${opts.seeds[0]}..${opts.seeds.at(-1)}, ` +
        `noise ${opts.noise.tempK} K / ${opts.noise.relative * 100} %`,
    );
    for (const line of evalCooling(opts).lines) console.log(line);
  } catch (e) {
    console.error((e as Error).message);
    Deno.exit(2);
  }
}
