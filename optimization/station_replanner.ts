/**
 * Pump stations re-planned as a supervisor: every `every` of runtime clock
 * time (virtual or real) each configured station's day is optimised again
 * from its live tank level, in a worker (the same worker and request as
 * `POST /api/twins/{station}/schedules`), and the result becomes
 *
 * - twin points on the station: `plan_cost`, `plan_baseline_cost`,
 *   `plan_saving_pct`, `plan_energy`, `plan_feasible` (declared as the
 *   station's plant-added points, so alarms, history and the UI see them);
 * - a `station_plan` event to listeners (the web app publishes it on SSE);
 * - the station's latest plan (`GET /api/twins/{station}/plan`).
 *
 * With `rolling` (the default) each plan covers the 24 h from the hour its
 * station fell due (`start_hour`, a rolling horizon), so a plan made at
 * 13:20 plans 13:00 to 13:00 tomorrow rather than the day from midnight.
 *
 * The step hook only compares times and, when a station falls due, takes
 * a copy of its params with the live level and hands it to a worker; the
 * step loop never waits for a search. One search runs at a time (it takes
 * a core); stations that fall due meanwhile wait their turn, each planned
 * from the level it had when it fell due, and a station still waiting when
 * it falls due again is planned once.
 *
 * @module
 */
import type { Twin } from "../twins/twin.ts";
import type { PointSpec } from "../twins/point.ts";
import type { TwinSetChange } from "../runtime/runtime.ts";
import type { StationConfig } from "../simulators/pump/station_config.ts";
import type { StationReplanConfig } from "./replan_section.ts";
import type { ScheduleRequest, ScheduleResult } from "./schedule_request.ts";
import { type ScheduleJob, ScheduleJobs } from "./schedule_jobs.ts";
import { DEFAULT_TARIFF } from "./tariff.ts";
import { hourOfDay } from "./rolling_day.ts";
import { pointWriter } from "../twins/point_writer.ts";
import { planDay } from "./plan_day.ts";
import type { Tariff } from "./tariff.ts";

/** The points a re-planned station gets. */
export const PLAN_POINTS: Readonly<Record<string, PointSpec>> = {
  plan_cost: { unit: "", description: "Proposed day's energy cost (periodic re-plan)" },
  plan_baseline_cost: {
    unit: "",
    description: "The lead/lag rule's cost of the same day (periodic re-plan)",
  },
  plan_saving_pct: { unit: "%", description: "Saving of the proposed day against the rule" },
  plan_energy: { unit: "kWh", description: "Proposed day's energy (periodic re-plan)" },
  plan_feasible: {
    unit: "",
    description: "The proposed day keeps every limit in the simulator",
    type: "boolean",
  },
};

/** A periodic plan, as listeners, the SSE event and the API get it. */
export interface StationPlan {
  /** Station twin id. */
  twin: string;
  /** The worker job's id (`inline-N` for a plan searched in line, see `ReplannerOptions.inline`). */
  job: string;
  /** done or failed. */
  status: "done" | "failed";
  /** Runtime clock time the station fell due, whose tank level the day starts from, epoch ms. */
  planned_at: number;
  /** Runtime clock time the plan arrived, epoch ms. */
  arrived_at: number;
  /** Tank level the day starts from, m. */
  start_level_m: number;
  /** The request it was computed with (the plant file's fields). */
  request: ScheduleRequest;
  /** The plan, when done (the on-demand job's `result`). */
  result?: ScheduleResult;
  /** Why it failed. */
  error?: string;
}

/** What the replanner needs of a runtime. */
export interface ReplanHost {
  /** Twins by id. */
  readonly twins: ReadonlyMap<string, Twin>;
  /** Run after every step. */
  onStep(listener: (now: number) => void): () => void;
  /** Follow twins added and removed. */
  onTwinsChanged(listener: (change: TwinSetChange) => void): () => void;
  /** The runtime clock. */
  readonly clock: { now(): number };
  /** UTC midnight the simulators count the day from, epoch ms (default: UTC days). */
  readonly dayStartMs?: number;
}

/** Options of {@linkcode StationReplanner}. */
export interface ReplannerOptions {
  /** Where failed plans are reported. */
  log?: (message: string) => void;
  /**
   * Search in the step a station falls due instead of in a worker (a what-if
   * on virtual time): the plan arrives when it fell due, as deterministic
   * as the run, and the step waits for it. Not compared with EPANET.
   */
  inline?: boolean;
}

/** What a what-if fork carries of the replanner: when each station is next due. */
export interface ReplannerState {
  /** Format version (1). */
  version: 1;
  /** Runtime clock time each station is next due, epoch ms, by station id. */
  next: Record<string, number>;
}

interface Due {
  twin: string;
  config: StationConfig;
  plannedAt: number;
}

/** A station's params with the day starting from its live tank level (clamped to the tank's limits). */
export function fromLiveLevel(config: StationConfig, live: unknown): StationConfig {
  if (typeof live !== "number" || !Number.isFinite(live)) return config;
  const tank = config.tank;
  const level = Math.min(tank.max_level_m, Math.max(tank.min_level_m, live));
  return { ...config, tank: { ...tank, initial_level_m: level } };
}

/** Re-plans pump stations on the runtime clock. */
export class StationReplanner {
  readonly #host: ReplanHost;
  readonly #config: StationReplanConfig;
  readonly #log: (message: string) => void;
  readonly #jobs: ScheduleJobs;
  readonly #next = new Map<string, number>();
  readonly #queue: Due[] = [];
  readonly #latest = new Map<string, StationPlan>();
  readonly #listeners = new Set<(plan: StationPlan) => void>();
  readonly #dueAt = new Map<string, number>();
  #running: Due | undefined;
  #closed = false;
  readonly #inline: boolean;
  #inlineCount = 0;

  /** Re-plan the stations `config` names (every pump station by default) of `host`. */
  constructor(host: ReplanHost, config: StationReplanConfig, opts: ReplannerOptions = {}) {
    this.#host = host;
    this.#config = config;
    this.#log = opts.log ?? ((m) => console.error(m));
    this.#inline = opts.inline ?? false;
    this.#jobs = new ScheduleJobs({ onChange: (j) => this.#settled(j) });
    const now = host.clock.now();
    for (const t of host.twins.values()) this.#watch(t, now);
  }

  /** Ids of the stations re-planned. */
  get stations(): string[] {
    return [...this.#next.keys()];
  }

  /** The newest plan of a station. */
  latest(twin: string): StationPlan | undefined {
    return this.#latest.get(twin);
  }

  /** Whether a station is re-planned. */
  has(twin: string): boolean {
    return this.#next.has(twin);
  }

  /** Runtime clock time a station is next due, epoch ms. */
  nextDue(twin: string): number | undefined {
    return this.#next.get(twin);
  }

  /** Whether a search is running now. */
  get busy(): boolean {
    return this.#running !== undefined;
  }

  /** Be told of every plan that arrives (done or failed). */
  onPlan(listener: (plan: StationPlan) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #chosen(t: Twin): boolean {
    if (t.def.kind !== "pump_station") return false;
    return this.#config.twins === undefined || this.#config.twins.includes(t.id);
  }

  #watch(t: Twin, now: number): void {
    if (!this.#chosen(t)) return;
    // Plant-added points, like calculated ones: listed after the kind's,
    // so a register map laid out from the kind's points keeps its addresses.
    t.addPoints(PLAN_POINTS);
    if (!this.#next.has(t.id)) this.#next.set(t.id, now + this.#config.everyMs);
  }

  /** Queue the stations that fell due at `now`, and start the next search if none runs. */
  step(now: number): void {
    const every = this.#config.everyMs;
    for (const [id, due] of this.#next) {
      const t = this.#host.twins.get(id);
      // A reconfigured station is a new twin: declare the points on it again.
      if (t && !("plan_cost" in t.extraPoints)) t.addPoints(PLAN_POINTS);
      if (now < due) continue;
      let next = due;
      while (next <= now) next += every;
      this.#next.set(id, next);
      if (!t || !t.running) continue;
      const config = fromLiveLevel(t.params as StationConfig, t.values.tank_level);
      const queued = this.#queue.findIndex((d) => d.twin === id);
      const entry = { twin: id, config, plannedAt: now };
      // Planned once, from the newest level.
      if (queued >= 0) this.#queue[queued] = entry;
      else this.#queue.push(entry);
    }
    this.#startNext();
  }

  #startNext(): void {
    while (!this.#running && !this.#closed) {
      const due = this.#queue.shift();
      if (!due) return;
      const request = this.#config.rolling
        ? {
          ...this.#config.request,
          start_hour: hourOfDay(due.plannedAt, this.#host.dayStartMs ?? 0),
        }
        : this.#config.request;
      const tariff = request.tariff ?? DEFAULT_TARIFF;
      if (this.#inline) {
        this.#planInline(due, tariff, request);
        continue;
      }
      this.#running = due;
      try {
        const job = this.#jobs.start(due.twin, due.config, tariff, request);
        this.#dueAt.set(job.id, due.plannedAt);
      } catch (e) {
        this.#running = undefined;
        this.#log(`station plan: ${due.twin}: could not start: ${(e as Error).message}`);
      }
      return;
    }
  }

  // The search in this step: the plan arrives when it fell due. EPANET
  // loads asynchronously, so an in-line plan is not compared with it.
  #planInline(due: Due, tariff: Tariff, request: ScheduleRequest): void {
    const id = `inline-${++this.#inlineCount}`;
    let outcome: Pick<StationPlan, "status" | "result" | "error">;
    try {
      outcome = { status: "done", result: planDay(due.config, tariff, request) };
    } catch (e) {
      outcome = { status: "failed", error: (e as Error).message };
    }
    this.#arrive({
      twin: due.twin,
      job: id,
      ...outcome,
      planned_at: due.plannedAt,
      arrived_at: this.#host.clock.now(),
      start_level_m: due.config.tank.initial_level_m,
      request,
    });
  }

  #settled(job: ScheduleJob): void {
    if (job.status === "running") return;
    this.#running = undefined;
    const plannedAt = this.#dueAt.get(job.id) ?? this.#host.clock.now();
    this.#dueAt.delete(job.id);
    if (this.#closed) return;
    this.#arrive({
      twin: job.twin,
      job: job.id,
      status: job.status,
      planned_at: plannedAt,
      arrived_at: this.#host.clock.now(),
      start_level_m: job.startLevelM,
      request: job.request,
      ...(job.result ? { result: job.result } : {}),
      ...(job.error ? { error: job.error } : {}),
    });
    this.#startNext();
  }

  // A plan is the station's latest, its points, and an event.
  #arrive(plan: StationPlan): void {
    this.#latest.set(plan.twin, plan);
    const twin = this.#host.twins.get(plan.twin);
    const now = plan.arrived_at;
    if (plan.result && twin) {
      const r = plan.result;
      const values: Record<string, number | boolean> = {
        plan_cost: r.cost,
        plan_baseline_cost: r.baseline.cost,
        plan_saving_pct: r.saving_pct,
        plan_energy: r.energy_kwh,
        plan_feasible: r.feasible,
      };
      for (const [name, v] of Object.entries(values)) {
        const write = pointWriter(name);
        write(twin.values, v);
        write(twin.times, now);
        delete twin.quality[name];
      }
      twin.touch();
    } else if (plan.error) this.#log(`station plan: ${plan.twin}: ${plan.error}`);
    for (const l of this.#listeners) {
      try {
        l(plan);
      } catch (e) {
        this.#log(`station plan listener failed: ${(e as Error).message}`);
      }
    }
  }

  /**
   * When each station is next due, for a fork "from now" to re-plan on the
   * running plant's schedule. A search running or waiting is not carried
   * (a fork has no such search); each is named in `warnings`.
   */
  snapshot(): { state: ReplannerState; warnings: string[] } {
    const warnings: string[] = [];
    const pending = this.#running ? [this.#running, ...this.#queue] : [...this.#queue];
    for (const d of pending) {
      warnings.push(
        `${d.twin}: its plan search (due at ${new Date(d.plannedAt).toISOString()}) ` +
          `${d === this.#running ? "was running" : "was waiting"} in the running plant; ` +
          "the fork does not make that plan and keeps the station's last one",
      );
    }
    return { state: { version: 1, next: Object.fromEntries(this.#next) }, warnings };
  }

  /**
   * Take the next-due times of {@linkcode StationReplanner.snapshot} (call
   * before the first step). Returns a warning for each station the state
   * names that this replanner does not re-plan.
   */
  restore(state: ReplannerState): string[] {
    if (state.version !== 1) {
      throw new Error(`replanner.version: this fieldtwin reads version 1, got ${state.version}`);
    }
    const warnings: string[] = [];
    for (const [id, due] of Object.entries(state.next)) {
      if (this.#next.has(id)) this.#next.set(id, due);
      else {
        warnings.push(
          `${id}: re-planned in the running plant, not in the fork; its schedule is dropped`,
        );
      }
    }
    return warnings;
  }

  /** Follow the runtime: check after every step, watch added stations, forget removed ones. */
  attach(): () => void {
    const stopStep = this.#host.onStep((now) => this.step(now));
    const stopSet = this.#host.onTwinsChanged((change) => {
      for (const id of change.removed) {
        this.#next.delete(id);
        this.#latest.delete(id);
        const i = this.#queue.findIndex((d) => d.twin === id);
        if (i >= 0) this.#queue.splice(i, 1);
      }
      const now = this.#host.clock.now();
      for (const id of change.added) {
        const t = this.#host.twins.get(id);
        if (t) this.#watch(t, now);
      }
    });
    return () => {
      stopStep();
      stopSet();
    };
  }

  /** Stop any running search; no more plans arrive. */
  close(): void {
    this.#closed = true;
    this.#queue.length = 0;
    this.#jobs.close();
  }
}
