/**
 * Seeded 3W-like recordings for tests: 1 Hz pressures (Pa) and temperatures
 * (degC) of a steady well with sensor noise, and from `onset` one event:
 * severe slugging (the choke and tree pressures swing by 30 % over 20-minute
 * cycles), flow instability (a 4 % wander without a period) or a hydrate
 * (the gas-lift line and the well pressures build up, the temperature
 * downstream of the choke falls by 30 degC over half an hour).
 *
 * @module
 */
import { Random } from "../../simulators/random.ts";
import { W3_SIGNALS, type W3Signals } from "./w3_parquet.ts";

/** What to generate. */
export interface GeneratedWell {
  /** Length, s (one sample a second). */
  seconds: number;
  /** Second the event starts at. */
  onset: number;
  /** Second the event ends at (default: it lasts to the end). */
  end?: number;
  /** The event: 3 slugging, 4 instability, 9 hydrate, 0 none. */
  event: 0 | 3 | 4 | 9;
  /** Seed of the noise. */
  seed?: number;
}

/** The signals of a generated well. */
export function generatedWellSignals(g: GeneratedWell): Required<W3Signals> {
  const rng = new Random(g.seed ?? 1, "generated-3w");
  const out = Object.fromEntries(
    W3_SIGNALS.map((s) => [s, new Float64Array(g.seconds)]),
  ) as Required<W3Signals>;
  let wander = 0;
  for (let t = 0; t < g.seconds; t++) {
    const after = t - g.onset;
    const on = after >= 0 && t < (g.end ?? Infinity) && g.event !== 0;
    let swing = 0, build = 0, cool = 0;
    if (on && g.event === 3) swing = 0.15 * Math.sin((2 * Math.PI * after) / 1200);
    if (on && g.event === 4) {
      // A slow random walk pulled back to zero: movement without a period.
      wander = 0.999 * wander + 0.0011 * rng.normal();
      swing = wander;
    }
    if (on && g.event === 9) {
      build = Math.min(1, after / 1800);
      cool = 30 * build;
    }
    const noise = () => 1 + 0.001 * rng.normal();
    out["P-MON-CKP"][t] = 2.0e6 * (1 + swing) * noise();
    out["P-TPT"][t] = 9.0e6 * (1 + 0.5 * swing + 0.1 * build) * noise();
    out["P-PDG"][t] = 2.2e7 * (1 + 0.2 * swing + 0.08 * build) * noise();
    out["T-TPT"][t] = 80 - 0.5 * cool + 0.05 * rng.normal();
    out["T-JUS-CKP"][t] = 60 - cool + 0.05 * rng.normal();
    out["P-JUS-CKGL"][t] = 1.0e7 * (1 + 0.05 * build) * noise();
  }
  return out;
}

/** The signals as a CSV with a `timestamp` column (ISO 8601, from `t0` epoch ms). */
export function generatedWellCsv(signals: Required<W3Signals>, t0: number): string {
  const n = signals["P-PDG"].length;
  const lines = [["timestamp", ...W3_SIGNALS].join(",")];
  for (let i = 0; i < n; i++) {
    lines.push(
      [
        new Date(t0 + i * 1000).toISOString(),
        ...W3_SIGNALS.map((s) => signals[s][i].toPrecision(7)),
      ]
        .join(","),
    );
  }
  return lines.join("\n") + "\n";
}
