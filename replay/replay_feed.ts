/**
 * The replay source: feeds recorded rows to the twins whose source is
 * `replay`, each at its recorded time mapped onto the runtime's clock, so
 * a recording stands where a simulator or a Modbus device stands. Rows are
 * fed by clock timers, so on virtual time `runFor` delivers each row before
 * the step at or after its time (and the alarm scan of that step sees it),
 * and on real time the rows follow the wall clock.
 *
 * Clock time = recorded time + offset. A replay run on its own virtual
 * clock starts the clock at the recording's first time, so the offset is 0
 * and every point carries exactly its recorded time; a live plant (real
 * time) shifts the recording to the moment it starts. Pause, seek and loop
 * change the offset, never the clock: a clock never goes back.
 *
 * @module
 */
import type { Runtime } from "../runtime/runtime.ts";
import type { TimerId } from "../runtime/clock.ts";
import type { PointSpec } from "../twins/point.ts";
import type { Twin } from "../twins/twin.ts";
import type { Recording, RecordingReport } from "./recording.ts";
import type { RecordingConfig } from "./recording_config.ts";

/** Options of a {@linkcode ReplayFeed}. */
export interface FeedOptions {
  /** Start again from the beginning after the last row (default: any recording's `loop`). */
  loop?: boolean;
  /** Recorded time to start at (default the first row's). */
  from?: number;
  /** Extra points the mappings add to their twins (`extra: true`), by twin. */
  extraPoints?: ReadonlyMap<string, Record<string, PointSpec>>;
}

/** Where a replay is. */
export interface FeedPosition {
  /** Recorded time the replay has reached (epoch ms). */
  position: number;
  /** First recorded time. */
  start: number;
  /** Last recorded time. */
  end: number;
  /** Clock time minus recorded time. */
  offset: number;
  /** Rows fed so far (each pass of a loop counts again). */
  rowsFed: number;
  /** Rows of one pass, over every recording. */
  rowsTotal: number;
  /** Passes completed (loops). */
  loops: number;
  /** Whether paused. */
  paused: boolean;
  /** Whether every row has been fed and the replay does not loop. */
  finished: boolean;
}

interface Group {
  twin: string;
  mappings: number[];
  constants: Readonly<Record<string, number | boolean | string>> | undefined;
}

interface Track {
  rec: Recording;
  groups: Group[];
  cursor: number;
}

/** Feeds recordings to a runtime's `replay` twins. */
export class ReplayFeed {
  /** First recorded time over every recording. */
  readonly start: number;
  /** Last recorded time over every recording. */
  readonly end: number;
  readonly #runtime: Runtime;
  readonly #tracks: Track[];
  readonly #span: number;
  #offset: number;
  #loop: boolean;
  #timer: TimerId | undefined;
  #pausedAt: number | undefined;
  #finished = false;
  #stopped = false;
  #rowsFed = 0;
  #loops = 0;
  readonly #finishListeners = new Set<() => void>();

  /** Attach `recordings` to `runtime` and start feeding at the clock's now. */
  constructor(runtime: Runtime, recordings: readonly Recording[], opts: FeedOptions = {}) {
    this.#runtime = runtime;
    const firsts = recordings.filter((r) => r.times.length > 0);
    this.start = Math.min(...firsts.map((r) => r.times[0]));
    this.end = Math.max(...firsts.map((r) => r.times[r.times.length - 1]));
    if (firsts.length === 0) this.start = this.end = runtime.clock.now();
    const period = Math.max(0, ...recordings.map((r) => r.report.periodMs)) || runtime.stepMs;
    this.#span = this.end - this.start + period;
    this.#loop = opts.loop ?? false;
    this.#tracks = recordings.map((rec) => ({ rec, groups: groupsOf(rec), cursor: 0 }));
    const periodOf = new Map<string, number>();
    for (const r of recordings) {
      for (const m of r.mappings) {
        periodOf.set(m.twin, Math.max(periodOf.get(m.twin) ?? 0, r.report.periodMs));
      }
    }
    runtime.registerSource("replay", (id) => {
      const twin = runtime.twins.get(id);
      if (twin) twin.addPoints(opts.extraPoints?.get(id) ?? {});
      return {
        type: "replay",
        ...(periodOf.get(id) ? { periodMs: periodOf.get(id) } : {}),
        actuate: () => "a replayed twin takes no commands: its values come from a recording",
        inspect: () => ({ replay: this.status() }),
      };
    });
    this.#offset = runtime.clock.now() - this.start;
    this.seek(opts.from ?? this.start);
  }

  /** Whether the replay starts over after its last row. */
  get loop(): boolean {
    return this.#loop;
  }

  /** Loop or not from now on. */
  setLoop(loop: boolean): void {
    this.#loop = loop;
    if (loop && this.#finished && !this.#stopped) {
      this.#finished = false;
      this.#restart();
    }
  }

  /** Whether every row has been fed (and it does not loop). */
  get finished(): boolean {
    return this.#finished;
  }

  /** Clock time minus recorded time. */
  get offset(): number {
    return this.#offset;
  }

  /** Call `listener` once the last row has been fed (not when looping). */
  onFinish(listener: () => void): () => void {
    this.#finishListeners.add(listener);
    return () => this.#finishListeners.delete(listener);
  }

  /** The recorded time the replay has reached. */
  position(): number {
    const now = this.#pausedAt ?? this.#runtime.clock.now();
    return Math.min(this.end, Math.max(this.start, now - this.#offset));
  }

  /** Where the replay is. */
  status(): FeedPosition {
    return {
      position: this.position(),
      start: this.start,
      end: this.end,
      offset: this.#offset,
      rowsFed: this.#rowsFed,
      rowsTotal: this.#tracks.reduce((n, t) => n + t.rec.times.length, 0),
      loops: this.#loops,
      paused: this.#pausedAt !== undefined,
      finished: this.#finished,
    };
  }

  /** What reading each recording found. */
  reports(): RecordingReport[] {
    return this.#tracks.map((t) => t.rec.report);
  }

  /** Stop feeding; the twins keep their last values (and go stale). */
  pause(): void {
    if (this.#pausedAt !== undefined || this.#stopped) return;
    this.#pausedAt = this.#runtime.clock.now();
    this.#cancelTimer();
  }

  /** Feed again from where it paused. */
  resume(): void {
    if (this.#pausedAt === undefined || this.#stopped) return;
    this.#offset += this.#runtime.clock.now() - this.#pausedAt;
    this.#pausedAt = undefined;
    this.#schedule();
  }

  /**
   * Go to recorded time `t` (clamped to the recording): the next row fed is
   * the first at or after `t`, now. Rows skipped over are not fed.
   */
  seek(t: number): void {
    if (this.#stopped) return;
    const to = Math.min(this.end, Math.max(this.start, t));
    const now = this.#pausedAt ?? this.#runtime.clock.now();
    this.#offset = now - to;
    for (const track of this.#tracks) track.cursor = lowerBound(track.rec.times, to);
    this.#finished = false;
    if (this.#pausedAt === undefined) this.#schedule();
  }

  /** Stop for good (the runtime is being shut down or the run cancelled). */
  stop(): void {
    this.#stopped = true;
    this.#cancelTimer();
  }

  #cancelTimer(): void {
    if (this.#timer !== undefined) this.#runtime.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #schedule(): void {
    this.#cancelTimer();
    if (this.#stopped || this.#pausedAt !== undefined) return;
    let next = Infinity;
    for (const t of this.#tracks) {
      if (t.cursor < t.rec.times.length) next = Math.min(next, t.rec.times[t.cursor]);
    }
    if (next === Infinity) {
      if (this.#loop && this.#tracks.some((t) => t.rec.times.length > 0)) {
        this.#restart();
        return;
      }
      this.#finished = true;
      for (const listener of this.#finishListeners) listener();
      return;
    }
    const clock = this.#runtime.clock;
    this.#timer = clock.setTimeout(
      () => this.#feedDue(),
      Math.max(0, next + this.#offset - clock.now()),
    );
  }

  #restart(): void {
    this.#loops++;
    // The next pass follows one sample period after the last row.
    this.#offset += this.#span;
    for (const track of this.#tracks) track.cursor = 0;
    this.#schedule();
  }

  #feedDue(): void {
    this.#timer = undefined;
    const now = this.#runtime.clock.now();
    const limit = now - this.#offset;
    for (const track of this.#tracks) {
      const { rec, groups } = track;
      const { times } = rec;
      while (track.cursor < times.length && times[track.cursor] <= limit) {
        this.#feedRow(rec, groups, track.cursor);
        track.cursor++;
        this.#rowsFed++;
      }
    }
    this.#schedule();
  }

  #feedRow(rec: Recording, groups: Group[], i: number): void {
    const ts = rec.times[i] + this.#offset;
    for (const g of groups) {
      const twin: Twin | undefined = this.#runtime.twins.get(g.twin);
      if (!twin?.running) continue;
      const values: Record<string, number | boolean | string> = { ...g.constants };
      let any = false;
      for (const k of g.mappings) {
        const v = rec.values[k][i];
        if (v === v) {
          values[rec.mappings[k].point] = v;
          any = true;
        }
      }
      if (any) twin.update(values, ts);
    }
  }
}

/** The mappings of a recording grouped by the twin they feed. */
function groupsOf(rec: Recording): Group[] {
  const byTwin = new Map<string, Group>();
  rec.mappings.forEach((m, k) => {
    let g = byTwin.get(m.twin);
    if (!g) {
      g = {
        twin: m.twin,
        mappings: [],
        constants: m.twin === rec.twin ? rec.constants : undefined,
      };
      byTwin.set(m.twin, g);
    }
    g.mappings.push(k);
  });
  return [...byTwin.values()];
}

/** Index of the first time at or after `t`. */
function lowerBound(times: Float64Array, t: number): number {
  let lo = 0, hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The points each twin gains from mappings marked `extra`, by twin. */
export function extraPointsOf(
  configs: readonly RecordingConfig[],
): Map<string, Record<string, PointSpec>> {
  const out = new Map<string, Record<string, PointSpec>>();
  for (const c of configs) {
    for (const m of c.points) {
      if (!m.extra) continue;
      const list = out.get(m.twin) ?? {};
      list[m.point] = {
        unit: m.unit ?? "",
        description: m.description ?? `Recorded column "${m.column ?? m.field}" of ${c.id}`,
      };
      out.set(m.twin, list);
    }
  }
  return out;
}
