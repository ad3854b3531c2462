/**
 * What-if studies over HTTP: `POST /api/whatif` (a spec; 202 with the
 * study), `GET /api/whatif` (list), `GET /api/whatif/{id}` (status, progress
 * per run, results when done; `?format=csv` for the KPI comparison),
 * `DELETE /api/whatif/{id}` (cancel a running study, forget a finished
 * one), `GET /api/whatif/snapshot` (the running plant's state as a JSON
 * file, for `deno task whatif --from-snapshot`). Engineers and admins may
 * start, cancel and download snapshots. Documented in docs/whatif.md and
 * docs/http_api.md.
 *
 * @module
 */
import type { Runtime } from "../../runtime/runtime.ts";
import type { AlarmEngine } from "../../actors/alarms/alarm_engine.ts";
import type { AlarmSystem } from "../../actors/alarms/start_alarms.ts";
import { loadBase } from "../../whatif/fork_base.ts";
import type { StartedPlant } from "../../app/start_plant.ts";
import { SnapshotError, takeSnapshot } from "../../whatif/plant_snapshot.ts";
import { snapshotToJson } from "../../whatif/snapshot_file.ts";
import { kpiCsv } from "../../whatif/results_csv.ts";
import { JobsBusy, studyView, WhatifJobs } from "../../whatif/whatif_jobs.ts";
import { parseWhatifSpec, WhatifSpecError } from "../../whatif/whatif_spec.ts";
import { HttpError, json } from "../http_error.ts";
import { readJson } from "../request_body.ts";
import type { Router } from "../router.ts";

/** Options for {@linkcode whatifRoutes}. */
export interface WhatifApiOptions {
  /** Directories plant files may be read from; default the working directory and the repo's plants/. */
  roots?: readonly string[];
  /** The studies; default a new registry. */
  jobs?: WhatifJobs;
  /** The running plant's alarms, whose states a fork "from now" carries. */
  alarms?: { engine: AlarmEngine };
  /** The running plant's online learners, whose state a fork "from now" carries. */
  learners?: Partial<Pick<StartedPlant, "anomaly" | "cooling" | "wellEvents">>;
}

/** Register the what-if routes; returns the registry (close it on shutdown). */
export function whatifRoutes(
  router: Router,
  runtime: Runtime,
  opts: WhatifApiOptions = {},
): WhatifJobs {
  const jobs = opts.jobs ?? new WhatifJobs();
  const roots = opts.roots ??
    [Deno.cwd(), new URL("../../plants", import.meta.url).pathname];
  const study = (id: string) => {
    const s = jobs.get(id);
    if (!s) throw new HttpError(404, `no what-if study with id "${id}"`);
    return s;
  };

  const snapshotNow = () =>
    takeSnapshot({
      runtime,
      alarms: opts.alarms as AlarmSystem | undefined,
      anomaly: opts.learners?.anomaly,
      cooling: opts.learners?.cooling,
      wellEvents: opts.learners?.wellEvents,
    });

  router.on("POST", "/api/whatif", async ({ req, limits }) => {
    const body = await readJson(req, limits);
    try {
      const spec = parseWhatifSpec(body);
      const snapshot = spec.from === "now" ? snapshotNow() : undefined;
      const base = await loadBase(spec, runtime.kinds, { running: runtime, roots, snapshot });
      const s = jobs.start(spec, base, runtime.kinds, snapshot);
      return json(studyView(s, false), 202);
    } catch (e) {
      if (e instanceof WhatifSpecError) throw new HttpError(400, e.message);
      if (e instanceof JobsBusy) throw new HttpError(429, e.message);
      if (e instanceof SnapshotError) throw new HttpError(409, e.message);
      throw e;
    }
  }, { role: "engineer" });

  router.on("GET", "/api/whatif", () => json(jobs.list().map((s) => studyView(s, false))), {
    query: [],
  });

  // Before /api/whatif/:id, which would take "snapshot" for an id.
  router.on("GET", "/api/whatif/snapshot", () => {
    let text: string;
    try {
      text = snapshotToJson(snapshotNow());
    } catch (e) {
      if (e instanceof SnapshotError) throw new HttpError(409, e.message);
      throw e;
    }
    const stamp = new Date(runtime.stats.lastStepAt).toISOString().replace(/[:.]/g, "-");
    const name = runtime.plant.name.replace(/[^A-Za-z0-9_-]+/g, "_");
    return new Response(text, {
      headers: {
        "content-type": "application/json; charset=utf-8",
        "content-disposition": `attachment; filename="snapshot-${name}-${stamp}.json"`,
      },
    });
  }, {
    role: "engineer",
    summary: "The running plant's state (a fork from now) as a JSON file, for the CLI",
    query: [],
  });

  router.on("GET", "/api/whatif/:id", ({ params, query: q, req }) => {
    const format = q.get("format") ??
      (req.headers.get("accept")?.includes("text/csv") ? "csv" : "json");
    if (format !== "json" && format !== "csv") {
      throw new HttpError(400, `?format must be json or csv, got "${format}"`);
    }
    const s = study(params.id);
    if (format === "json") return json(studyView(s, true));
    if (!s.results) throw new HttpError(409, `what-if study "${s.id}" is ${s.status}; no results`);
    return new Response(kpiCsv(s.results.comparison), {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="whatif-${s.id}.csv"`,
      },
    });
  }, { query: ["format"] });

  router.on("DELETE", "/api/whatif/:id", async ({ params }) => {
    const s = study(params.id);
    if (s.status !== "running") {
      jobs.remove(s.id);
      return new Response(null, { status: 204 });
    }
    s.cancel();
    await s.done;
    return json(studyView(s, false));
  }, { role: "engineer" });

  return jobs;
}
