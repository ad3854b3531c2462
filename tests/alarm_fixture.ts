/**
 * A small host for alarm-engine tests and benchmarks: plain twins in a map,
 * a change feed, and a virtual clock, without a runtime or simulators.
 *
 * @module
 */
import type { AlarmSpec } from "../actors/alarms/alarm_definition.ts";
import type { WatchedTwin } from "../actors/alarms/alarm_condition.ts";
import type { AlarmHost } from "../actors/alarms/alarm_engine.ts";
import { VirtualClock } from "../runtime/clock.ts";
import type { Quality } from "../twins/point.ts";
import type { PointValues } from "../simulators/simulator.ts";

/** A plain twin whose values a test sets. */
export class FakeTwin implements WatchedTwin {
  /** Values by point. */
  readonly values: PointValues = {};
  /** Quality of points that are not good. */
  readonly quality: Record<string, Quality> = {};
  /** Mode. */
  mode = "running";
  /** Whether it runs. */
  running = true;

  /** A twin with an id. */
  constructor(readonly id: string) {}
}

/** A host over fake twins. */
export class FakeHost implements AlarmHost {
  /** The clock. */
  readonly clock: VirtualClock;
  /** Twins by id. */
  readonly twins = new Map<string, FakeTwin>();
  readonly #listeners = new Set<(twin: WatchedTwin) => void>();

  /** Twins with these ids, clock at `startMs`. */
  constructor(ids: string[], startMs = 0) {
    this.clock = new VirtualClock(startMs);
    for (const id of ids) this.twins.set(id, new FakeTwin(id));
  }

  /** Subscribe to changes. */
  onChange(listener: (twin: WatchedTwin) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Set values (and optionally mode) of a twin and announce the change. */
  set(id: string, values: PointValues, mode?: string): void {
    const t = this.twins.get(id)!;
    Object.assign(t.values, values);
    if (mode !== undefined) t.mode = mode;
    for (const l of this.#listeners) l(t);
  }

  /** Advance the clock by `ms`, in steps of `stepMs`, calling `each` before every step's change. */
  run(ms: number, stepMs: number, each: (t: number) => void): void {
    const end = this.clock.now() + ms;
    while (this.clock.now() + stepMs <= end) {
      this.clock.advanceBy(stepMs);
      each(this.clock.now());
    }
  }
}

/** An alarm spec with test defaults. */
export function alarmSpec(
  partial: Partial<AlarmSpec> & Pick<AlarmSpec, "twin" | "name" | "condition">,
): AlarmSpec {
  return {
    id: `${partial.twin}/${partial.name}`,
    priority: "high",
    unit: "",
    description: "",
    onDelayS: 0,
    offDelayS: 0,
    latching: false,
    suppress: undefined,
    maxShelveS: 3600,
    realarmS: 0,
    ...partial,
  };
}

/** Default engine settings, with overrides. */
export function alarmSettings(over: Record<string, number> = {}) {
  return {
    journal_capacity: 100_000,
    flood_count: 10,
    flood_window_s: 600,
    chatter_count: 3,
    chatter_window_s: 60,
    standing_after_s: 86_400,
    max_shelve_s: 28_800,
    bad_actors: 10,
    ...over,
  };
}
