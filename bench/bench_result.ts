/**
 * The one line every benchmark prints, so figures can be compared run to run
 * against a baseline measured in the same run.
 *
 * @module
 */

/** A benchmark figure beside its same-run baseline. */
export interface BenchResult {
  /** Benchmark name, for example `twin_steps_per_s`. */
  bench: string;
  /** Measured value. */
  value: number;
  /** Unit of `value` and `baseline`. */
  unit: string;
  /** The same quantity for the baseline measured in the same run, or null when there is none. */
  baseline: number | null;
  /** value / baseline, or null. */
  ratio: number | null;
  /** What the baseline is and the goal, in words. */
  note?: string;
}

/** Build a result, computing the ratio. */
export function benchResult(
  bench: string,
  value: number,
  unit: string,
  baseline: number | null,
  note?: string,
): BenchResult {
  const round = (x: number) => Number(x.toPrecision(4));
  return {
    bench,
    value: round(value),
    unit,
    baseline: baseline === null ? null : round(baseline),
    ratio: baseline ? round(value / baseline) : null,
    ...(note ? { note } : {}),
  };
}
