/**
 * A pump station's periodic plan (optimization/station_replanner.ts) as its
 * page shows it: when it was planned and from which tank level, its cost
 * and saving, whether it keeps every limit, and when the next falls due.
 * The hourly rows come from schedule_view.ts's `planRows`, like an
 * on-demand schedule's.
 *
 * @module
 */
import { costText, type ScheduleJobView } from "./schedule_view.ts";

/** A periodic plan as `GET /api/twins/{station}/plan` and the `station_plan` event give it. */
export interface PeriodicPlan {
  /** Station twin id. */
  twin: string;
  /** The worker job's id. */
  job: string;
  /** done or failed. */
  status: "done" | "failed";
  /** Runtime clock time the station fell due, epoch ms. */
  planned_at: number;
  /** Runtime clock time the plan arrived, epoch ms. */
  arrived_at: number;
  /** Tank level the day starts from, m. */
  start_level_m: number;
  /** The plan, when done. */
  result?: NonNullable<ScheduleJobView["result"]>;
  /** Why it failed. */
  error?: string;
}

/** `GET /api/twins/{station}/plan`. */
export interface PeriodicPlanReply {
  /** Station twin id. */
  twin: string;
  /** Runtime clock time the next plan falls due, epoch ms. */
  next_due: number | null;
  /** Whether a search runs now. */
  busy: boolean;
  /** The newest plan, or null before the first. */
  plan: PeriodicPlan | null;
}

/** A runtime clock time as the page writes it: "2026-01-01 06:00 UTC". */
export function clockText(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** The lines that describe a periodic plan above its hourly table. */
export interface PeriodicPlanSummary {
  /** When and from which level, for example "planned 2026-01-01 06:00 UTC from a tank level of 3.20 m". */
  when: string;
  /** Cost and saving, or why it failed. */
  outcome: string;
  /** "keeps every limit", "breaks: ...", or empty when it failed. */
  feasibility: string;
  /** Whether the plan keeps every limit (false when it failed). */
  feasible: boolean;
}

/** Words for a periodic plan; see {@linkcode PeriodicPlanSummary}. */
export function periodicPlanSummary(plan: PeriodicPlan): PeriodicPlanSummary {
  const r = plan.result;
  const hour = String(r?.start_hour ?? 0).padStart(2, "0");
  const when = `planned ${clockText(plan.planned_at)} from a tank level of ${
    plan.start_level_m.toFixed(2)
  } m${r ? `, for the 24 h from ${hour}:00` : ""}`;
  if (plan.status !== "done" || !r) {
    return {
      when,
      outcome: `failed: ${plan.error ?? "no result"}`,
      feasibility: "",
      feasible: false,
    };
  }
  return {
    when,
    outcome: `${costText(r)}, ${r.starts} starts`,
    feasibility: r.feasible ? "keeps every limit" : `breaks: ${r.broken.join("; ")}`,
    feasible: r.feasible,
  };
}

/**
 * The plan to show after `incoming` arrives on the stream: it when it is
 * this station's and not older than `current`, else `current`.
 */
export function newerPlan(
  current: PeriodicPlan | null,
  incoming: unknown,
  station: string,
): PeriodicPlan | null {
  const p = incoming as Partial<PeriodicPlan> | null;
  if (!p || typeof p !== "object" || p.twin !== station || typeof p.planned_at !== "number") {
    return current;
  }
  if (current && current.planned_at > p.planned_at) return current;
  return p as PeriodicPlan;
}
