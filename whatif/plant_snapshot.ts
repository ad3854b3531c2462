/**
 * A snapshot of a running plant, for a what-if fork that starts "from now":
 * every twin's points (values, quality, times), every simulator's state
 * (physics, controller integrators, random streams, injected faults), the
 * alarm states, and the clock (the latest step's time and the day the
 * simulators count from). It is plain structured-cloneable data, so it
 * travels to a worker in the run request.
 *
 * What cannot be carried is named, never silently dropped: a twin whose
 * simulator has no snapshot (a kind that has not written one) starts from
 * its initial conditions, and a twin fed by a device or a recording holds its last
 * values (nothing feeds it in a fork, so its points turn uncertain after a
 * few periods). Both appear as warnings in every run of the study.
 * Documented in docs/whatif.md.
 *
 * @module
 */
import type { SavedAlarm } from "../actors/alarms/alarm_engine.ts";
import type { StartedPlant } from "../app/start_plant.ts";
import type { PointValues, SimulatorState } from "../simulators/simulator.ts";
import type { Quality } from "../twins/point.ts";

/** One twin's points as they were. */
export interface TwinSnapshot {
  /** Values by point name. */
  values: PointValues;
  /** Points whose quality was not good. */
  quality: Record<string, Quality>;
  /** Source times of points sampled one by one. */
  times: Record<string, number>;
  /** Time of the latest full sample. */
  sampleTs: number;
  /** Time of the latest sample of any point. */
  ts: number;
}

/** A running plant's state at one step. */
export interface PlantSnapshot {
  /** Clock time of the step the state belongs to (epoch ms); the fork starts here. */
  atMs: number;
  /** UTC midnight the simulators count daily time from (epoch ms). */
  dayStartMs: number;
  /** Every running twin's points by id. */
  twins: Record<string, TwinSnapshot>;
  /** Simulator state by owning twin. */
  simulators: Record<string, SimulatorState>;
  /** Alarms not in `normal`: their lifecycle states. */
  alarms: SavedAlarm[];
  /** What could not be carried over, one sentence per twin. */
  warnings: string[];
}

/** A snapshot refused; `twin` names the twin that stopped it. */
export class SnapshotError extends Error {
  /** The twin that could not be snapshotted. */
  readonly twin: string;

  /** Build for `twin` with the reason. */
  constructor(twin: string, reason: string) {
    super(`cannot snapshot "${twin}": ${reason}`);
    this.name = "SnapshotError";
    this.twin = twin;
  }
}

/**
 * Take the state of `plant` as of its latest step. Throws
 * {@linkcode SnapshotError} naming a twin whose simulator fails to give
 * its state; a plant that has not stepped yet has nothing to fork from now.
 */
export function takeSnapshot(
  plant: Pick<StartedPlant, "runtime"> & Partial<Pick<StartedPlant, "alarms">>,
): PlantSnapshot {
  const { runtime } = plant;
  if (runtime.stats.steps === 0) {
    throw new SnapshotError("(plant)", "it has not completed a step yet; fork from the plant file");
  }
  const twins: Record<string, TwinSnapshot> = {};
  const simulators: Record<string, SimulatorState> = {};
  const warnings: string[] = [];
  const halted = new Set(runtime.halted());
  for (const twin of runtime.twins.values()) {
    if (!twin.running) {
      if (twin.parent === undefined) {
        warnings.push(
          `${twin.id}: stopped in the running plant; it runs from its initial conditions`,
        );
      }
      continue;
    }
    if (halted.has(twin.parent ?? twin.id)) {
      // Its points are marked bad; the fork's fresh simulator gives new ones.
      if (twin.parent === undefined) {
        warnings.push(`${twin.id}: its simulator was halted after a failure; it starts afresh`);
      }
      continue;
    }
    twins[twin.id] = structuredClone({
      values: twin.values,
      quality: twin.quality,
      times: twin.times,
      sampleTs: twin.sampleTs,
      ts: twin.ts,
    });
    if (twin.parent !== undefined) continue;
    const source = runtime.config(twin.id)?.source.type;
    if (source !== "simulator") {
      warnings.push(
        `${twin.id}: fed by ${source ?? "nothing"}, not a simulator; it holds its last values ` +
          "in the fork (they turn uncertain after a few periods)",
      );
      continue;
    }
    const sim = runtime.simulatorOf(twin.id);
    if (!sim) continue; // a kind without a simulator
    if (!sim.snapshot) {
      warnings.push(
        `${twin.id}: its ${twin.def.kind} simulator cannot be snapshotted; ` +
          "it starts from its initial conditions",
      );
      continue;
    }
    try {
      simulators[twin.id] = structuredClone(sim.snapshot());
    } catch (e) {
      throw new SnapshotError(twin.id, (e as Error).message);
    }
  }
  const engine = plant.alarms?.engine;
  const alarms: SavedAlarm[] = [];
  for (const id of engine?.ids() ?? []) {
    const saved = engine!.saved(id);
    if (saved) alarms.push(saved);
  }
  return {
    atMs: runtime.stats.lastStepAt,
    dayStartMs: runtime.dayStartMs,
    twins,
    simulators,
    alarms,
    warnings,
  };
}

/**
 * Put `snapshot` into a plant just built for it (on a virtual clock at
 * `snapshot.atMs`, with `dayStartMs` passed to the runtime), before its
 * first step. Returns warnings: the snapshot's own, and twins the forked
 * plant has that the snapshot lacks (added by overrides). Throws a sentence
 * naming the twin whose simulator refuses its state.
 */
export function restoreSnapshot(
  plant: Pick<StartedPlant, "runtime" | "alarms">,
  snapshot: PlantSnapshot,
): string[] {
  const { runtime } = plant;
  const warnings = [...snapshot.warnings];
  for (const twin of runtime.twins.values()) {
    const saved = snapshot.twins[twin.id];
    if (!saved) {
      if (twin.parent === undefined && !warnings.some((w) => w.startsWith(`${twin.id}: `))) {
        warnings.push(
          `${twin.id}: not in the running plant; it starts from its initial conditions`,
        );
      }
      continue;
    }
    Object.assign(twin.values, structuredClone(saved.values));
    Object.assign(twin.quality, saved.quality);
    Object.assign(twin.times, saved.times);
    twin.sampleTs = saved.sampleTs;
    twin.ts = saved.ts;
  }
  for (const [owner, state] of Object.entries(snapshot.simulators)) {
    const sim = runtime.simulatorOf(owner);
    if (!sim?.restore) continue;
    try {
      sim.restore(structuredClone(state));
    } catch (e) {
      throw new SnapshotError(owner, (e as Error).message);
    }
  }
  // Machines hear the restored values' observation at once (an empty
  // update samples nothing, so no point is re-dated).
  for (const twin of runtime.twins.values()) {
    const saved = snapshot.twins[twin.id];
    if (saved && twin.running) twin.update({}, saved.ts);
  }
  plant.alarms.engine.restore(snapshot.alarms);
  return warnings;
}
