/**
 * Schedule optimisations in flight and done, each in its own worker: start
 * one for a station (202 with its id), read it back by id. One runs at a
 * time per registry, since a search takes a core for seconds; finished jobs
 * are kept (the newest 50).
 *
 * @module
 */
import type { StationConfig } from "../simulators/pump/station_config.ts";
import type { ScheduleRequest, ScheduleResult } from "./schedule_request.ts";
import type { Tariff } from "./tariff.ts";

/** A schedule job's state. */
export interface ScheduleJob {
  /** Job id. */
  id: string;
  /** Station twin id. */
  twin: string;
  /** running, done or failed. */
  status: "running" | "done" | "failed";
  /** The validated request. */
  request: ScheduleRequest;
  /** Tank level the day starts from, m. */
  startLevelM: number;
  /** When it was asked for (epoch ms, wall clock). */
  requestedAt: number;
  /** When it finished. */
  finishedAt?: number;
  /** The result, once done. */
  result?: ScheduleResult;
  /** Why it failed. */
  error?: string;
  /** Settles when the job finishes. */
  done: Promise<void>;
}

/** Refused because a job is already running. */
export class SchedulerBusy extends Error {}

const KEEP = 50;

/** Options of {@linkcode ScheduleJobs}. */
export interface ScheduleJobsOptions {
  /** Told when a job starts and when it finishes. */
  onChange?: (job: ScheduleJob) => void;
}

/** The schedule jobs of one runtime. */
export class ScheduleJobs {
  #jobs = new Map<string, ScheduleJob>();
  #workers = new Set<Worker>();
  #next = 1;
  #onChange: ((job: ScheduleJob) => void) | undefined;

  /** An empty registry. */
  constructor(opts: ScheduleJobsOptions = {}) {
    this.#onChange = opts.onChange;
  }

  /** Start optimising `config` (a station's params) for twin `twin`; throws SchedulerBusy. */
  start(
    twin: string,
    config: StationConfig,
    tariff: Tariff,
    request: ScheduleRequest,
  ): ScheduleJob {
    for (const j of this.#jobs.values()) {
      if (j.status === "running") {
        throw new SchedulerBusy(
          `schedule job "${j.id}" for ${j.twin} is still running; try again later`,
        );
      }
    }
    const id = `sch-${this.#next++}`;
    const worker = new Worker(new URL("./schedule_worker.ts", import.meta.url), { type: "module" });
    this.#workers.add(worker);
    let finish: () => void = () => {};
    const job: ScheduleJob = {
      id,
      twin,
      status: "running",
      request,
      startLevelM: config.tank.initial_level_m,
      requestedAt: Date.now(),
      done: new Promise((r) => finish = r),
    };
    const end = (patch: Partial<ScheduleJob>) => {
      Object.assign(job, patch, { finishedAt: Date.now() });
      worker.terminate();
      this.#workers.delete(worker);
      finish();
      this.#onChange?.(job);
    };
    worker.onmessage = (e) => {
      const m = e.data as { result?: ScheduleResult; error?: string };
      end(m.result ? { status: "done", result: m.result } : { status: "failed", error: m.error });
    };
    worker.onerror = (e) => {
      e.preventDefault();
      end({ status: "failed", error: e.message });
    };
    worker.postMessage({ config, tariff, request });
    this.#jobs.set(id, job);
    this.#trim();
    this.#onChange?.(job);
    return job;
  }

  /** A job by id. */
  get(id: string): ScheduleJob | undefined {
    return this.#jobs.get(id);
  }

  /** Jobs of a twin, newest first. */
  list(twin: string): ScheduleJob[] {
    return [...this.#jobs.values()].filter((j) => j.twin === twin).reverse();
  }

  /** Stop every running worker. */
  close(): void {
    for (const w of this.#workers) w.terminate();
    this.#workers.clear();
  }

  #trim(): void {
    for (const [id, j] of this.#jobs) {
      if (this.#jobs.size <= KEEP) break;
      if (j.status !== "running") this.#jobs.delete(id);
    }
  }
}

/** A job as the API shows it. */
export function scheduleJobView(j: ScheduleJob, withResult: boolean): Record<string, unknown> {
  return {
    id: j.id,
    twin: j.twin,
    status: j.status,
    request: j.request,
    start_level_m: j.startLevelM,
    requested_at: j.requestedAt,
    ...(j.finishedAt ? { finished_at: j.finishedAt } : {}),
    ...(j.error ? { error: j.error } : {}),
    ...(withResult && j.result ? { result: j.result } : {}),
  };
}
