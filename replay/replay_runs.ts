/**
 * The replay runs a server holds: started by `POST /api/replay`, watched
 * by id, controlled (pause, resume, seek, speed, loop) and cancelled. A
 * bounded registry: at most a few run at once (each is a whole plant on
 * the server's event loop) and the newest finished ones are kept for
 * their reports. One registry per web app; nothing here is process-wide.
 *
 * @module
 */
import { ReplayRun, type ReplayRunOptions, type ReplayStatus } from "./replay_run.ts";

/** Too many runs already running. */
export class RunsBusy extends Error {}

/** A run with its id and what it replays. */
export interface HeldRun {
  /** Run id. */
  id: string;
  /** The plant's name. */
  plant: string;
  /** When it was started (wall clock, epoch ms). */
  startedAt: number;
  /** The run. */
  run: ReplayRun;
  /** Its final status once done. */
  final?: ReplayStatus;
}

/** Options of {@linkcode ReplayRuns}. */
export interface ReplayRunsOptions {
  /** Most runs running at once (default 4). */
  maxRunning?: number;
  /** Most finished runs kept (default 20). */
  keepFinished?: number;
}

/** The registry. */
export class ReplayRuns {
  readonly #runs = new Map<string, HeldRun>();
  readonly #maxRunning: number;
  readonly #keep: number;
  #seq = 0;

  /** An empty registry. */
  constructor(opts: ReplayRunsOptions = {}) {
    this.#maxRunning = opts.maxRunning ?? 4;
    this.#keep = opts.keepFinished ?? 20;
  }

  /** Build and start a run; throws {@linkcode RunsBusy} when full. */
  async start(opts: ReplayRunOptions): Promise<HeldRun> {
    if (this.running().length >= this.#maxRunning) {
      throw new RunsBusy(
        `${this.#maxRunning} replays are running already; cancel one or wait for one to finish`,
      );
    }
    const run = await ReplayRun.create(opts);
    const held: HeldRun = {
      id: `replay-${++this.#seq}-${crypto.randomUUID().slice(0, 8)}`,
      plant: opts.plant.name,
      startedAt: Date.now(),
      run,
    };
    this.#runs.set(held.id, held);
    run.run().then((status) => {
      held.final = status;
      this.#trim();
    });
    return held;
  }

  /** A run by id. */
  get(id: string): HeldRun | undefined {
    return this.#runs.get(id);
  }

  /** Every run held, newest first. */
  list(): HeldRun[] {
    return [...this.#runs.values()].reverse();
  }

  /** Runs not yet done. */
  running(): HeldRun[] {
    return [...this.#runs.values()].filter((h) => !h.final);
  }

  /** Cancel a running run, or forget a finished one; false when unknown. */
  remove(id: string): boolean {
    const held = this.#runs.get(id);
    if (!held) return false;
    if (held.final) this.#runs.delete(id);
    else held.run.cancel();
    return true;
  }

  /** Cancel every run (server shutdown). */
  close(): void {
    for (const held of this.#runs.values()) held.run.cancel();
  }

  /** Cancel every run and wait until each has stopped. */
  async closed(): Promise<void> {
    this.close();
    await Promise.all([...this.#runs.values()].map((h) => h.run.run()));
  }

  #trim(): void {
    const done = [...this.#runs.values()].filter((h) => h.final);
    for (const h of done.slice(0, Math.max(0, done.length - this.#keep))) this.#runs.delete(h.id);
  }
}

/** A run as the API shows it. */
export function runView(held: HeldRun): Record<string, unknown> {
  return {
    id: held.id,
    plant: held.plant,
    startedAt: held.startedAt,
    ...(held.final ?? held.run.status()),
  };
}
