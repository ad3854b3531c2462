/**
 * A pump station's periodic plan on its page (the plant file's
 * `optimization.stations`): when it was planned, its cost, saving and
 * feasibility, and its hourly schedule beside the one the station runs.
 * Read once from `GET /api/twins/{station}/plan`, then replaced by each
 * `station_plan` event on the stream (and read again after a resync).
 * Shows nothing for a station that is not re-planned periodically.
 *
 * @module
 */
import { useCallback, useEffect, useState } from "preact/hooks";
import { getJson } from "./api_client.ts";
import { useApp } from "./app_context.ts";
import {
  clockText,
  newerPlan,
  type PeriodicPlan,
  type PeriodicPlanReply,
  periodicPlanSummary,
} from "./periodic_plan_view.ts";
import { PlanTable } from "./plan_table.tsx";
import { type AppliedSchedule, planRows } from "./schedule_view.ts";

/** Props of {@linkcode StationPeriodicPlan}. */
export interface StationPeriodicPlanProps {
  /** Station twin id. */
  id: string;
  /** The schedule the station runs now, if any. */
  applied?: AppliedSchedule | null;
}

/** The periodic plan part of a pump station's Schedules section. */
export function StationPeriodicPlan(props: StationPeriodicPlanProps) {
  const { id, applied } = props;
  const { store } = useApp();
  // undefined: not read yet or not re-planned; null: re-planned, no plan yet.
  const [reply, setReply] = useState<PeriodicPlanReply | undefined>();

  const read = useCallback(async () => {
    const r = await getJson<PeriodicPlanReply>(`/api/twins/${encodeURIComponent(id)}/plan`);
    if (r.ok && r.body) {
      const body = r.body;
      // An event that came while the request was out is not undone by it.
      setReply((cur) => ({ ...body, plan: newerPlan(cur?.plan ?? null, body.plan, id) }));
    }
  }, [id]);

  useEffect(() => {
    read();
    const offPlan = store.onStationPlan((incoming) => {
      setReply((cur) => cur && { ...cur, plan: newerPlan(cur.plan, incoming, id) });
      // For when the next falls due.
      read();
    });
    const offResync = store.onResync(() => read());
    return () => {
      offPlan();
      offResync();
    };
  }, [store, id, read]);

  if (!reply) return null;
  const plan: PeriodicPlan | null = reply.plan;
  const next = reply.next_due === null ? "" : ` · next ${clockText(reply.next_due)}`;
  if (!plan) {
    return (
      <div id="periodic-plan">
        <h4>Periodic plan</h4>
        <p class="muted">No periodic plan yet{next}.</p>
      </div>
    );
  }
  const s = periodicPlanSummary(plan);
  const r = plan.result;
  return (
    <div id="periodic-plan" data-job={plan.job} data-feasible={String(s.feasible)}>
      <h4>Periodic plan</h4>
      <p id="periodic-plan-when">{s.when}{next}</p>
      <p id="periodic-plan-cost">
        {s.outcome}
        {s.feasibility && ` · ${s.feasibility}`}
      </p>
      {r && (
        <PlanTable
          id="periodic-plan-table"
          caption={`Periodic plan's speed per pump and hour${
            applied ? ", beside the applied schedule" : ""
          }`}
          pumps={r.pumps}
          rows={planRows(r.schedule, applied)}
          applied={!!applied}
          word="periodic"
        />
      )}
    </div>
  );
}
