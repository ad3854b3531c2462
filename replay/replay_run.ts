/**
 * One replay run: a plant whose twins are fed by its recordings, in a
 * runtime of its own on a {@linkcode VirtualClock} that starts at the
 * recording's first time (or `from`), so the points carry their recorded
 * times. The alarm engine and calculated points run as in a live plant
 * (through `startPlant`). Speed is how fast virtual time is driven against
 * the wall clock: 1x, Nx, or `max` (as fast as the CPU allows, yielding to
 * the event loop every few milliseconds so a server stays responsive).
 * The CLI (`deno task replay`) and `POST /api/replay` both run through here.
 *
 * @module
 */
import { type StartedPlant, startPlant } from "../app/start_plant.ts";
import type { Plant } from "../plant/plant_file.ts";
import { VirtualClock } from "../runtime/clock.ts";
import type { KindRegistry } from "../twins/registry.ts";
import {
  type ExpectationResult,
  type Expectations,
  expectationTime,
  ExpectationWatcher,
} from "./expectations.ts";
import { loadPlantRecordings, recordingsOf } from "./plant_recordings.ts";
import { iso, type RecordingReport } from "./recording.ts";
import { extraPointsOf, type FeedPosition, ReplayFeed } from "./replay_feed.ts";

/** A replay that cannot start for what it was asked (not for a bad file: see RecordingError). */
export class ReplayInputError extends Error {}

/** How fast a replay runs: a multiple of real time, or as fast as possible. */
export type ReplaySpeed = number | "max";

/** Options of {@linkcode ReplayRun.create}. */
export interface ReplayRunOptions {
  /** The plant, with a `recordings` section. */
  plant: Plant;
  /** Known kinds. */
  kinds: KindRegistry;
  /** Speed (default `max`). */
  speed?: ReplaySpeed;
  /**
   * Recorded time to start at (default the first row's): epoch ms, ISO
   * 8601, or `+90s` after the first row.
   */
  from?: number | string;
  /** Recorded time to stop at (default the last row's), written as `from`. */
  to?: number | string;
  /** Start over after the last row (then `to`, or a cancel, ends the run). */
  loop?: boolean;
  /** Expectations to check. */
  expect?: Expectations;
  /** Folder relative recording paths start from (default the plant file's). */
  baseDir?: string;
  /** Where issue lines go (default nowhere). */
  log?(message: string): void;
}

/** The state of a run. */
export type RunState = "running" | "paused" | "finished" | "cancelled" | "failed";

/** What a run reports. */
export interface ReplayStatus {
  /** State. */
  state: RunState;
  /** Speed. */
  speed: ReplaySpeed;
  /** Fraction of the recorded span done, 0..1. */
  progress: number;
  /** Where the feed is (recorded times). */
  feed: FeedPosition;
  /** The run's clock (epoch ms). */
  clock: number;
  /** Recorded time the run stops at. */
  to: number;
  /** What reading the recordings found. */
  reports: RecordingReport[];
  /** Alarms raised during the run. */
  alarmsRaised: number;
  /** Expectation results, once finished (and when there were any). */
  expectations: ExpectationResult[] | null;
  /** Why it failed, when it did. */
  error: string | null;
  /** Wall time spent, ms. */
  wallMs: number;
}

/** A slice of `max` speed: how long to run before letting the event loop in. */
const SLICE_MS = 20;
/** Wall-time tick of paced (1x, Nx) runs. */
const TICK_MS = 50;

/** A replay run. */
export class ReplayRun {
  /** The plant being replayed, with its supervisors. */
  readonly started: StartedPlant;
  /** The feed. */
  readonly feed: ReplayFeed;
  readonly #opts: ReplayRunOptions & { from: number; to?: number };
  readonly #clock: VirtualClock;
  readonly #watcher: ExpectationWatcher | undefined;
  readonly #to: number;
  #speed: ReplaySpeed;
  #state: RunState = "running";
  #results: ExpectationResult[] | null = null;
  #error: string | null = null;
  #raised = 0;
  #wallStart = performance.now();
  #wallEnd: number | undefined;
  #wake: (() => void) | undefined;
  #done: Promise<ReplayStatus> | undefined;

  private constructor(
    opts: ReplayRunOptions & { from: number; to?: number },
    started: StartedPlant,
    feed: ReplayFeed,
    clock: VirtualClock,
  ) {
    this.#opts = opts;
    this.started = started;
    this.feed = feed;
    this.#clock = clock;
    this.#speed = opts.speed ?? "max";
    this.#to = Math.min(opts.to ?? Infinity, opts.loop ? Infinity : feed.end);
    started.alarms.engine.journal.onAppend((e) => {
      if (e.action === "activate") this.#raised++;
    });
    this.#watcher = opts.expect
      ? new ExpectationWatcher(started, opts.expect, feed.start)
      : undefined;
  }

  /**
   * Read the recordings and build the run (not yet started: call
   * {@linkcode ReplayRun.run}). Throws on an unreadable recording or an
   * expectation naming something the plant lacks.
   */
  static async create(opts: ReplayRunOptions): Promise<ReplayRun> {
    const configs = recordingsOf(opts.plant);
    if (configs.length === 0) {
      throw new ReplayInputError(
        `plant "${opts.plant.name}" has no "recordings" section: nothing to replay`,
      );
    }
    const recordings = await loadPlantRecordings(opts.plant, opts.kinds, opts);
    const first = Math.min(...recordings.filter((r) => r.times.length).map((r) => r.times[0]));
    if (!Number.isFinite(first)) {
      throw new ReplayInputError("the recordings hold no replayable row");
    }
    let from: number, to: number | undefined;
    try {
      from = opts.from === undefined ? first : expectationTime(opts.from, first, "from");
      to = opts.to === undefined ? undefined : expectationTime(opts.to, first, "to");
    } catch (e) {
      throw new ReplayInputError((e as Error).message);
    }
    if (to !== undefined && to < from) {
      throw new ReplayInputError(`to: ${iso(to)} is before from: ${iso(from)}`);
    }
    const clock = new VirtualClock(from);
    const started = startPlant(opts.plant, opts.kinds, { clock, log: opts.log ?? (() => {}) });
    try {
      const feed = new ReplayFeed(started.runtime, recordings, {
        loop: opts.loop ?? false,
        from,
        extraPoints: extraPointsOf(configs),
      });
      return new ReplayRun({ ...opts, from, to }, started, feed, clock);
    } catch (e) {
      started.stop();
      // The watcher refuses expectations that name what the plant lacks.
      throw new ReplayInputError((e as Error).message);
    }
  }

  /** Drive the run to its end; resolves with the final status. Call once. */
  run(): Promise<ReplayStatus> {
    this.#done ??= this.#drive();
    return this.#done;
  }

  /** Pause (the plant's clock stops with the feed). */
  pause(): void {
    if (this.#state === "running") this.#state = "paused";
  }

  /** Resume a paused run. */
  resume(): void {
    if (this.#state !== "paused") return;
    this.#state = "running";
    this.#wake?.();
  }

  /** Jump to recorded time `t`; the plant's clock runs on, the feed continues from `t`. */
  seek(t: number): void {
    if (this.#state === "running" || this.#state === "paused") this.feed.seek(t);
  }

  /** Change the speed. */
  setSpeed(speed: ReplaySpeed): void {
    this.#speed = speed;
  }

  /** Loop or not from now on. */
  setLoop(loop: boolean): void {
    this.feed.setLoop(loop);
  }

  /** Stop the run; its status says cancelled. */
  cancel(): void {
    if (this.#state === "running" || this.#state === "paused") {
      this.#state = "cancelled";
      this.#wake?.();
    }
  }

  /** Where the run is. */
  status(): ReplayStatus {
    const feed = this.feed.status();
    const span = Math.min(this.#to, feed.end) - this.#opts.from;
    const done = feed.position - this.#opts.from;
    const finished = this.#state === "finished";
    return {
      state: this.#state,
      speed: this.#speed,
      progress: finished ? 1 : span > 0 ? Math.max(0, Math.min(1, done / span)) : 0,
      feed,
      clock: this.#clock.now(),
      to: this.#to,
      reports: this.feed.reports(),
      alarmsRaised: this.#raised,
      expectations: this.#results,
      error: this.#error,
      wallMs: (this.#wallEnd ?? performance.now()) - this.#wallStart,
    };
  }

  /** The recorded time reached, for the end test. */
  #atEnd(): boolean {
    if (this.feed.finished) return true;
    return this.feed.position() >= this.#to;
  }

  async #drive(): Promise<ReplayStatus> {
    const runtime = this.started.runtime;
    const stepMs = runtime.stepMs;
    this.#wallStart = performance.now();
    let lastWall = performance.now();
    try {
      while (this.#state === "running" || this.#state === "paused") {
        if (this.#state === "paused") {
          this.feed.pause();
          await new Promise<void>((resolve) => this.#wake = resolve);
          this.#wake = undefined;
          this.feed.resume();
          lastWall = performance.now();
          continue;
        }
        if (this.#atEnd()) break;
        if (this.#speed === "max") {
          const sliceStart = performance.now();
          while (performance.now() - sliceStart < SLICE_MS && !this.#atEnd()) {
            runtime.runFor(this.#chunk(60 * stepMs));
          }
          await new Promise((resolve) => setTimeout(resolve, 0));
        } else {
          await new Promise((resolve) => setTimeout(resolve, TICK_MS));
          const now = performance.now();
          const ms = (now - lastWall) * this.#speed;
          lastWall = now;
          if (this.#state === "running") runtime.runFor(this.#chunk(ms));
        }
      }
      if ((this.#state as RunState) !== "cancelled") {
        // One more step so the last row's alarms and calculated points are
        // judged, with no row after the stop time fed.
        if (!this.feed.finished) this.feed.pause();
        runtime.runFor(stepMs);
        this.#state = "finished";
      }
    } catch (e) {
      this.#state = "failed";
      this.#error = (e as Error).message;
    }
    this.#results = this.#watcher?.finish(this.#clock.now()) ?? null;
    this.#wallEnd = performance.now();
    this.feed.stop();
    const status = this.status();
    this.started.stop();
    return status;
  }

  /** Virtual ms to run next: at most `ms`, and not past the stop time. */
  #chunk(ms: number): number {
    const left = this.#to - this.feed.position();
    return Math.max(1, Math.min(ms, Number.isFinite(left) ? left : ms));
  }
}
