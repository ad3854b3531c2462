/**
 * Pump-station schedules over HTTP: `POST /api/twins/{station}/schedules`
 * (optimise the station's day in a worker; 202 with the job),
 * `GET /api/twins/{station}/schedules` (its jobs, newest first) and
 * `GET /api/twins/{station}/schedules/{id}` (status, and the schedule with
 * its cost, saving and EPANET check when done). Each job is also an SSE
 * `schedule` event when it starts and when it ends. A schedule is applied with
 * the station's `apply_schedule` command. Documented in docs/optimization.md.
 *
 * @module
 */
import type { Runtime } from "../../runtime/runtime.ts";
import type { StationConfig } from "../../simulators/pump/station_config.ts";
import { scheduleRequest } from "../../optimization/schedule_request.ts";
import { ScheduleJobs, scheduleJobView, SchedulerBusy } from "../../optimization/schedule_jobs.ts";
import { DEFAULT_TARIFF } from "../../optimization/tariff.ts";
import { HttpError, json } from "../http_error.ts";
import { parseBody, readJson } from "../request_body.ts";
import { fromLiveLevel } from "../../optimization/station_replanner.ts";
import type { Router } from "../router.ts";

/** Options of {@linkcode scheduleRoutes}. */
export interface ScheduleApiOptions {
  /** Publish an SSE event (the hub's `publish`): `schedule` when a job starts and ends. */
  publish?: (event: string, payload: unknown, twinId?: string) => void;
}

/** Register the schedule routes; returns the job registry (close it on shutdown). */
export function scheduleRoutes(
  router: Router,
  runtime: Runtime,
  opts: ScheduleApiOptions = {},
): ScheduleJobs {
  const publish = opts.publish;
  const jobs = new ScheduleJobs({
    onChange: publish && ((j) => publish("schedule", scheduleJobView(j, true), j.twin)),
  });
  const station = (id: string) => {
    const t = runtime.twins.get(id);
    if (!t) throw new HttpError(404, `no twin with id "${id}"`);
    if (t.def.kind !== "pump_station") {
      throw new HttpError(400, `twin "${id}" is a ${t.def.kind}; schedules are for pump stations`);
    }
    return t;
  };

  router.on("POST", "/api/twins/:id/schedules", async ({ req, params, limits }) => {
    const t = station(params.id);
    const body = await readJson(req, limits, {});
    const request = parseBody(scheduleRequest, body);
    const config = request.from_live_level
      ? fromLiveLevel(t.params as StationConfig, t.values.tank_level)
      : t.params as StationConfig;
    try {
      const job = jobs.start(t.id, config, request.tariff ?? DEFAULT_TARIFF, request);
      return json(scheduleJobView(job, false), 202);
    } catch (e) {
      if (e instanceof SchedulerBusy) throw new HttpError(429, e.message);
      throw e;
    }
  }, {
    role: "engineer",
    summary: "Optimise a pump station's 24 h schedule in a worker (202 with the job)",
    body: scheduleRequest,
  });

  router.on("GET", "/api/twins/:id/schedules", ({ params }) => {
    station(params.id);
    return json(jobs.list(params.id).map((j) => scheduleJobView(j, false)));
  }, { summary: "A pump station's schedule jobs, newest first" });

  router.on("GET", "/api/twins/:id/schedules/:sid", ({ params }) => {
    station(params.id);
    const j = jobs.get(params.sid);
    if (!j || j.twin !== params.id) {
      throw new HttpError(404, `no schedule "${params.sid}" for ${params.id}`);
    }
    return json(scheduleJobView(j, true));
  }, { summary: "One schedule job, with its schedule, cost, saving and EPANET check when done" });

  return jobs;
}
