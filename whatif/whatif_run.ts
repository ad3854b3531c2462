/**
 * One what-if run: a forked plant with its supervisors (alarms, calculated
 * points) on a virtual clock, driven for the run's duration as fast as the
 * CPU allows, sending the variant's commands at their offsets, gathering
 * KPIs, and reporting the fraction of virtual time done. The same function
 * runs inside a worker (whatif_worker.ts) and in-process (the bench's
 * sequential baseline).
 *
 * @module
 */
import { startPlant } from "../app/start_plant.ts";
import { WorkerHistoryStore } from "../history/worker_history_store.ts";
import type { CommandPath } from "../commands/command_path.ts";
import type { Plant } from "../plant/plant_file.ts";
import type { KindRegistry } from "../twins/registry.ts";
import { collectKpis, type Kpis, type TrackedPoint } from "./kpis.ts";
import type { ScheduledCommand } from "./overrides.ts";
import { type PlantSnapshot, restoreSnapshot } from "./plant_snapshot.ts";
import type { Tariff } from "./whatif_spec.ts";

/** Everything a run needs; structured-cloneable, so it can be posted to a worker. */
export interface RunRequest {
  /** Run name (`baseline` or a variant's). */
  name: string;
  /** The plant with the variant's overrides applied. */
  plant: Plant;
  /** Commands at offsets. */
  commands: ScheduledCommand[];
  /** Virtual time to cover, ms. */
  durationMs: number;
  /** Energy prices. */
  tariff: Tariff;
  /** Points to report min/max/mean of. */
  tracks: TrackedPoint[];
  /** The running plant's state to start from (a fork "from now"); the plant starts at its step. */
  snapshot?: PlantSnapshot;
  /**
   * Record the run's point history into this database file (made when
   * missing), written by a worker of its own (`WorkerHistoryStore`) so
   * SQLite's work runs beside the step loop; absent: no history.
   */
  historyPath?: string;
}

/** What happened to a scheduled command. */
export interface CommandOutcome {
  /** Offset, ms. */
  atMs: number;
  /** Twin. */
  twin: string;
  /** Command type. */
  type: string;
  /** Status from the command path, or `refused`. */
  status: string;
  /** Why it was refused or failed. */
  error?: string;
}

/** The outcome of one run. */
export interface RunResult {
  /** Run name. */
  name: string;
  /** KPIs. */
  kpis: Kpis;
  /** Each scheduled command's outcome. */
  commands: CommandOutcome[];
  /** Problems the runtime reported (a simulator halted), at most 20. */
  warnings: string[];
  /** Wall time of the run, ms. */
  wallMs: number;
}

/** Report progress at most this many times per run. */
const PROGRESS_SLICES = 100;

/** Run `req` to its end; `onProgress` hears the fraction of virtual time done (0..1). */
export function runWhatif(
  req: RunRequest,
  kinds: KindRegistry,
  onProgress: (fraction: number) => void = () => {},
): RunResult {
  const t0 = performance.now();
  const warnings: string[] = [];
  const history = req.historyPath === undefined
    ? undefined
    : new WorkerHistoryStore(req.historyPath, {
      log: (m) => {
        if (warnings.length < 20) warnings.push(m.split("\n")[0]);
      },
    });
  let started: ReturnType<typeof startPlant>;
  try {
    started = startPlant(req.plant, kinds, {
      virtual: true,
      history,
      plansInline: true,
      ...(req.snapshot ? { dayStartMs: req.snapshot.dayStartMs } : {}),
      log: (m) => {
        if (warnings.length < 20) warnings.push(m.split("\n")[0]);
      },
    });
  } catch (e) {
    history?.close();
    throw e;
  }
  const { runtime } = started;
  if (req.snapshot) {
    try {
      for (const w of restoreSnapshot(started, req.snapshot)) {
        if (warnings.length < 20) warnings.push(w);
      }
    } catch (e) {
      started.stop();
      throw e;
    }
  }
  const gather = collectKpis(started, req.tariff, req.tracks);
  const outcomes: CommandOutcome[] = [];
  try {
    const slice = Math.max(runtime.stepMs, Math.ceil(req.durationMs / PROGRESS_SLICES));
    let done = 0;
    let next = 0; // index of the next command
    while (done < req.durationMs) {
      const until = Math.min(
        req.durationMs,
        done + slice,
        req.commands[next]?.atMs ?? Infinity,
      );
      if (until > done) runtime.runFor(until - done);
      done = until;
      while (next < req.commands.length && req.commands[next].atMs <= done) {
        outcomes.push(send(started.runtime.commands, req.commands[next++]));
      }
      onProgress(done / req.durationMs);
    }
    // Commands at the very end still go in (and are reported), though they change nothing.
    while (next < req.commands.length) outcomes.push(send(runtime.commands, req.commands[next++]));
    return {
      name: req.name,
      kpis: gather.kpis.result(),
      commands: outcomes,
      warnings,
      wallMs: Math.round(performance.now() - t0),
    };
  } finally {
    gather.stop();
    started.stop();
  }
}

function send(
  path: CommandPath,
  c: ScheduledCommand,
): CommandOutcome {
  try {
    const record = path.submit(c.twin, c.body, "whatif");
    return {
      atMs: c.atMs,
      twin: c.twin,
      type: c.body.type,
      status: record.status,
      ...(record.reason ? { error: record.reason } : {}),
    };
  } catch (e) {
    return {
      atMs: c.atMs,
      twin: c.twin,
      type: c.body.type,
      status: "refused",
      error: (e as Error).message,
    };
  }
}
