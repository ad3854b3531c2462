/**
 * A pump station's schedules on its page: the periodic plan, when the plant
 * re-plans the station (station_periodic_plan.tsx), the computed jobs (newest first)
 * and, for the newest that is done, its hourly plan beside what the
 * station runs now, with its cost and saving; a button computes a new one.
 * The list is read again every few seconds while the page is open (a job
 * runs in a worker for seconds to minutes).
 *
 * @module
 */
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { getJson, postJson } from "./api_client.ts";
import { useApp } from "./app_context.ts";
import { PlanTable } from "./plan_table.tsx";
import { type AppliedSchedule, costText, planRows, type ScheduleJobView } from "./schedule_view.ts";
import { StationPeriodicPlan } from "./station_periodic_plan.tsx";

const REFRESH_MS = 2_000;

/** Props of {@linkcode StationSchedules}. */
export interface StationSchedulesProps {
  /** Station twin id. */
  id: string;
  /** The schedule the station runs now (its detail's `schedule`), if any. */
  applied?: AppliedSchedule | null;
}

/** The Schedules section of a pump station's page. */
export function StationSchedules(props: StationSchedulesProps) {
  const { id, applied } = props;
  const { store } = useApp();
  const [jobs, setJobs] = useState<ScheduleJobView[] | undefined>();
  const [newest, setNewest] = useState<ScheduleJobView | undefined>();
  const [message, setMessage] = useState<string | undefined>();
  const seq = useRef(0);
  const base = `/api/twins/${encodeURIComponent(id)}/schedules`;

  const refresh = useCallback(async () => {
    const mine = ++seq.current;
    const r = await getJson<ScheduleJobView[]>(base);
    if (mine !== seq.current) return;
    if (!r.ok || !r.body) return setMessage(r.error ?? "could not read the schedules");
    setJobs(r.body);
    const done = r.body.find((j) => j.status === "done");
    if (!done) return setNewest(undefined);
    // The list leaves results out; read the newest done job once.
    setNewest((cur) => cur?.id === done.id ? cur : undefined);
    const one = await getJson<ScheduleJobView>(`${base}/${encodeURIComponent(done.id)}`);
    if (mine === seq.current && one.ok && one.body) setNewest(one.body);
  }, [base]);

  useEffect(() => {
    refresh();
    const timer = setInterval(() => {
      if (!document.hidden) refresh();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  const compute = async () => {
    const r = await postJson<ScheduleJobView>(base, {});
    setMessage(r.ok ? undefined : r.error ?? `refused (${r.status})`);
    refresh();
  };

  const result = newest?.result;
  const rows = result ? planRows(result.schedule, applied) : [];
  const pumpsNow = (result?.pumps ?? []).map((p) => {
    const v = store.get(`${id}-${p}`)?.points;
    const running = v?.running?.value === true;
    const speed = v?.speed?.value;
    return {
      pump: p,
      text: running ? `running ${typeof speed === "number" ? `${Math.round(speed)}%` : ""}` : "off",
    };
  });

  return (
    <section aria-labelledby="schedules-title" id="schedules">
      <h3 id="schedules-title">Schedules</h3>
      <StationPeriodicPlan id={id} applied={applied} />
      <p>
        <button type="button" onClick={compute} disabled={jobs?.[0]?.status === "running"}>
          Compute a schedule
        </button>{" "}
        {message && <span class="outcome-error" role="alert">{message}</span>}
      </p>
      {jobs && jobs.length === 0 && <p class="muted">No schedule computed yet.</p>}
      {jobs && jobs.length > 0 && (
        <ul id="schedule-jobs">
          {jobs.map((j) => (
            <li key={j.id} data-job={j.id} data-status={j.status}>
              <span class="mono">{j.id}</span> {j.status}
              {j.error ? `: ${j.error}` : ""} · requested{" "}
              {new Date(j.requested_at).toISOString().slice(11, 19)} UTC
            </li>
          ))}
        </ul>
      )}
      {result && newest && (
        <div id="schedule-plan" data-job={newest.id}>
          <p id="schedule-cost">
            Newest plan: {costText(result)}, {result.starts} starts{" "}
            {result.feasible ? "· keeps every limit" : `· breaks: ${result.broken.join("; ")}`}
          </p>
          <p id="pumps-now">
            Now: {pumpsNow.map((p, i) => (
              <span key={p.pump} data-pump={p.pump}>
                {i ? ", " : ""}
                {p.pump} {p.text}
              </span>
            ))}
            {applied ? ` · applied schedule, hour ${applied.hour}` : " · no schedule applied"}
          </p>
          <PlanTable
            id="schedule-table"
            caption={`Proposed speed per pump and hour${
              applied ? ", beside the applied schedule" : ""
            }`}
            pumps={result.pumps}
            rows={rows}
            applied={!!applied}
            word="proposed"
          />
        </div>
      )}
    </section>
  );
}
