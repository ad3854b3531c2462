/**
 * A pump-station schedule as the station page shows it: one row per hour,
 * each pump's proposed speed beside what the station runs now (the applied
 * schedule's row for that hour, when there is one), and the day's cost and
 * saving in words.
 *
 * @module
 */

/** A schedule job as `GET /api/twins/{station}/schedules[/{id}]` gives it (the fields shown). */
export interface ScheduleJobView {
  /** Job id. */
  id: string;
  /** running, done or failed. */
  status: string;
  /** Requested at, epoch ms (wall clock). */
  requested_at: number;
  /** Why it failed. */
  error?: string;
  /** The result, when done and read one by one. */
  result?: {
    pumps: string[];
    schedule: number[][];
    cost: number;
    energy_kwh: number;
    starts: number;
    feasible: boolean;
    broken: string[];
    baseline: { cost: number };
    saving_pct: number;
    /** Hour of the day the planned 24 h start at (absent from older servers: midnight). */
    start_hour?: number;
  };
}

/** The schedule a station is running (its `inspect`'s `schedule`). */
export interface AppliedSchedule {
  /** The hour of the applied schedule the station is in. */
  hour: number;
  /** Speed ratio per hour and pump. */
  rows: number[][];
}

/** A pump's speed ratio (0 off) as a table cell: "off" or a whole percentage. */
export function speedText(ratio: number | undefined): string {
  if (ratio === undefined || !Number.isFinite(ratio)) return "–";
  return ratio <= 0 ? "off" : `${Math.round(100 * ratio)}%`;
}

/** One hour of the plan beside the current one. */
export interface PlanRow {
  /** Hour of the day, 0-23. */
  hour: number;
  /** Proposed speed per pump, as text. */
  proposed: string[];
  /** Applied speed per pump, as text (empty when no schedule is applied). */
  applied: string[];
  /** Whether this hour is the one the applied schedule is in now. */
  now: boolean;
  /** Whether the proposal differs from what is applied for this hour. */
  differs: boolean;
}

/** The rows of the plan table: `proposed` beside `applied` (if any), hour by hour. */
export function planRows(proposed: number[][], applied?: AppliedSchedule | null): PlanRow[] {
  return proposed.map((row, hour) => {
    const p = row.map(speedText);
    const a = applied ? (applied.rows[hour] ?? []).map(speedText) : [];
    return {
      hour,
      proposed: p,
      applied: a,
      now: applied ? applied.hour === hour : false,
      differs: applied ? p.some((t, i) => t !== a[i]) : false,
    };
  });
}

/** The day's cost against the lead/lag rule's, for example "cost 41.20 (lead/lag 52.90), saving 22.1%". */
export function costText(r: NonNullable<ScheduleJobView["result"]>): string {
  return `cost ${r.cost.toFixed(2)} (lead/lag ${r.baseline.cost.toFixed(2)}), ` +
    `saving ${r.saving_pct.toFixed(1)}%`;
}
