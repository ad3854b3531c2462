/**
 * A study's results as the what-if page shows them: one table row per KPI
 * with a cell per run (the value, and for a variant its change against the
 * baseline with sign and unit), the values of one KPI across runs for the
 * chart, and the overall and per-run progress as percentages.
 *
 * @module
 */

/** One KPI value. */
export interface KpiValue {
  /** Value. */
  value: number;
  /** Unit. */
  unit: string;
}

/** One run's results (the parts the page uses). */
export interface RunKpis {
  /** Run name (`baseline` or a variant). */
  name: string;
  /** KPIs by name, in report order. */
  kpis: Record<string, KpiValue>;
  /** Problems the run reported. */
  warnings?: string[];
}

/** A comparison row of the API. */
export interface ComparisonRow {
  /** Run name. */
  run: string;
  /** KPI name. */
  kpi: string;
  /** Unit. */
  unit: string;
  /** The run's value. */
  value: number;
  /** The baseline's, or null. */
  baseline: number | null;
  /** value - baseline, or null. */
  delta: number | null;
  /** Percent change, or null (no baseline, or a baseline of 0). */
  delta_pct: number | null;
}

/** A study's results as `GET /api/whatif/{id}` gives them. */
export interface StudyResults {
  /** Every run. */
  runs: RunKpis[];
  /** Each variant's KPIs against the baseline. */
  comparison: ComparisonRow[];
}

/** A study as the API gives it. */
export interface Study {
  /** Id. */
  id: string;
  /** Name. */
  name: string;
  /** `running`, `done`, `failed` or `cancelled`. */
  status: string;
  /** What was forked. */
  base: "running" | { plant: string };
  /** Where the runs started: the plant's initial conditions, or the running plant's state. */
  from?: "initial" | "now";
  /** Duration as asked. */
  duration: string;
  /** When it started (ISO). */
  created_at: string;
  /** When it ended (ISO), or null. */
  finished_at: string | null;
  /** Fraction of virtual time done, overall. */
  progress: number;
  /** Each run's progress. */
  runs: { name: string; progress: number }[];
  /** Why it failed. */
  error?: string;
  /** Results, once done. */
  results?: StudyResults;
}

/** A table cell: one run's value of one KPI. */
export interface CompareCell {
  /** The value, or undefined when the run lacks the KPI. */
  value?: number;
  /** Formatted value. */
  text: string;
  /** Change against the baseline, formatted (`+37.3 kWh (+9.7%)`, `=`); empty for the baseline. */
  delta: string;
  /** Sign of the change: 1 up, -1 down, 0 same or unknown. */
  sign: -1 | 0 | 1;
}

/** A table row: one KPI across runs. */
export interface CompareRow {
  /** KPI name. */
  kpi: string;
  /** Unit. */
  unit: string;
  /** One cell per run, in the order of {@linkcode CompareTable.runs}. */
  cells: CompareCell[];
}

/** The comparison table. */
export interface CompareTable {
  /** Column heads: run names, the baseline first when there is one. */
  runs: string[];
  /** One row per KPI in report order. */
  rows: CompareRow[];
}

/** A number as the table shows it: up to 5 significant digits, no exponent for everyday sizes. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (n === 0) return "0";
  const abs = Math.abs(n);
  if (abs >= 100_000) return Math.round(n).toString();
  return String(Number(n.toPrecision(5)));
}

/** Shown unit: `degC` as °C, `count` as nothing. */
export function unitText(unit: string): string {
  if (unit === "degC") return "°C";
  if (unit === "count") return "";
  return unit;
}

/** A change against the baseline with sign, unit and percentage; `=` when none. */
export function formatDelta(delta: number | null, pct: number | null, unit: string): string {
  if (delta === null) return "";
  if (delta === 0) return "=";
  const u = unitText(unit);
  const sign = delta > 0 ? "+" : "−";
  const body = `${sign}${formatNumber(Math.abs(delta))}${u ? ` ${u}` : ""}`;
  if (pct === null) return body;
  return `${body} (${pct > 0 ? "+" : "−"}${formatNumber(Math.abs(Math.round(pct * 10) / 10))}%)`;
}

/** The comparison table of a study's results. */
export function compareTable(results: StudyResults): CompareTable {
  const runs = results.runs.map((r) => r.name);
  const kpis: { kpi: string; unit: string }[] = [];
  const seen = new Set<string>();
  for (const r of results.runs) {
    for (const [kpi, v] of Object.entries(r.kpis)) {
      if (seen.has(kpi)) continue;
      seen.add(kpi);
      kpis.push({ kpi, unit: v.unit });
    }
  }
  const byRunKpi = new Map(results.comparison.map((c) => [`${c.run}\u0000${c.kpi}`, c]));
  const rows = kpis.map(({ kpi, unit }) => ({
    kpi,
    unit,
    cells: results.runs.map((r): CompareCell => {
      const v = r.kpis[kpi];
      if (!v) return { text: "—", delta: "", sign: 0 };
      const c = byRunKpi.get(`${r.name}\u0000${kpi}`);
      const delta = r.name === "baseline" || !c ? null : c.delta;
      return {
        value: v.value,
        text: formatNumber(v.value),
        delta: formatDelta(delta, c?.delta_pct ?? null, unit),
        sign: delta === null || delta === 0 ? 0 : delta > 0 ? 1 : -1,
      };
    }),
  }));
  return { runs, rows };
}

/** One KPI's values across runs, for a bar chart (NaN where a run lacks it). */
export function kpiSeries(
  results: StudyResults,
  kpi: string,
): { names: string[]; values: number[]; unit: string } {
  let unit = "";
  const values = results.runs.map((r) => {
    const v = r.kpis[kpi];
    if (v) unit = v.unit;
    return v ? v.value : NaN;
  });
  return { names: results.runs.map((r) => r.name), values, unit };
}

/** A fraction 0..1 as a whole percent, clamped. */
export function percent(fraction: number): number {
  if (!Number.isFinite(fraction)) return 0;
  return Math.max(0, Math.min(100, Math.floor(fraction * 100)));
}

/** What a study's base was, in words. */
export function baseText(base: Study["base"], from?: Study["from"]): string {
  return base === "running"
    ? (from === "now" ? "running plant, from now" : "running plant")
    : base.plant;
}
