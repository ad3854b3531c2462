/**
 * A snapshot of a running plant, for a what-if fork that starts "from now":
 * every twin's points (values, quality, times) and machine, every
 * simulator's state (physics, controller integrators, random streams,
 * injected faults), the alarms with their delays under way, the machine
 * timers, the online learners, the station re-planner's schedule, and the
 * clock (the latest step's time and the day the simulators count from).
 * It is plain structured-cloneable data, so it travels to a worker in the
 * run request.
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
import type { AlarmJudging, SavedAlarm } from "../actors/alarms/alarm_engine.ts";
import type { AlarmMetricsState } from "../actors/alarms/alarm_metrics.ts";
import type { StartedPlant } from "../app/start_plant.ts";
import type { PumpAnomalyState } from "../diagnosis/anomaly/pump_anomaly_supervisor.ts";
import type { CoolingWatchState } from "../diagnosis/cooling/cooling_diagnosis_supervisor.ts";
import type { WellEventsState } from "../diagnosis/events/well_event_supervisor.ts";
import type { ReplannerState } from "../optimization/station_replanner.ts";
import { LearnerStateError, paramsKey } from "../diagnosis/learner_json.ts";
import { twinSeed } from "../runtime/twin_seed.ts";
import type { PointValues, SimulatorState } from "../simulators/simulator.ts";
import { carryTimers, type PendingTimer, pendingTimers } from "../twins/machine_timers.ts";
import type { Quality } from "../twins/point.ts";

/** Version of {@linkcode PlantSnapshot} this code writes and reads. */
export const PLANT_SNAPSHOT_VERSION = 1;

/** One twin's points as they were. */
export interface TwinSnapshot {
  /** The twin's kind (a snapshot file is checked against the plant file's). */
  kind: string;
  /** The parent twin (a station's pump), if any. */
  parent?: string;
  /** Top-level mode of its machine. */
  mode: string;
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
  /**
   * Its machine's XState persisted snapshot (state and context), for a
   * state its points do not show (maintenance, a latched trip).
   */
  machine?: unknown;
  /** Hash of its params, to tell whether a variant changed them. */
  paramsHash?: number;
}

/** What the online learners have learnt, each as its supervisor's plain JSON. */
export interface LearnerSnapshots {
  /** The pump anomaly detectors. */
  pump_anomaly?: PumpAnomalyState;
  /** The cooling-site watch. */
  cooling_watch?: CoolingWatchState;
  /** The flowing wells' event detectors. */
  well_events?: WellEventsState;
}

/** A running plant's state at one step. */
export interface PlantSnapshot {
  /** {@linkcode PLANT_SNAPSHOT_VERSION}. */
  version: number;
  /** Name of the plant it was taken of. */
  plant: string;
  /** Clock time of the step the state belongs to (epoch ms); the fork starts here. */
  atMs: number;
  /** UTC midnight the simulators count daily time from (epoch ms). */
  dayStartMs: number;
  /** Every running twin's points by id. */
  twins: Record<string, TwinSnapshot>;
  /** Simulator state by owning twin. */
  simulators: Record<string, SimulatorState>;
  /** Alarms not in `normal`: their lifecycle states (what a restart keeps). */
  alarms: SavedAlarm[];
  /**
   * Every alarm that is not idle as it stands: lifecycle, condition as last
   * judged, suppression, and its running delays (on/off delay, suppression
   * hold, re-alarm, shelve) with their time left. Absent in files written
   * before it was carried: then only `alarms` is restored and delays restart.
   */
  alarmJudging?: AlarmJudging[];
  /**
   * The alarm metrics: counts since start, the flood window and each
   * alarm's chatter window. Absent in older files: the fork counts afresh.
   */
  alarmMetrics?: AlarmMetricsState;
  /** Twin machines' timers still running, with their time left. */
  timers: PendingTimer[];
  /** What the online learners have learnt. */
  learners: LearnerSnapshots;
  /** When each re-planned pump station is next due (absent: no replanner, or an older file). */
  replanner?: ReplannerState;
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
  plant:
    & Pick<StartedPlant, "runtime">
    & Partial<Pick<StartedPlant, "alarms" | "anomaly" | "cooling" | "wellEvents" | "replanner">>,
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
      kind: twin.def.kind,
      ...(twin.parent !== undefined ? { parent: twin.parent } : {}),
      mode: twin.mode,
      values: twin.values,
      quality: twin.quality,
      times: twin.times,
      sampleTs: twin.sampleTs,
      ts: twin.ts,
    });
    try {
      twins[twin.id].machine = structuredClone(twin.actor?.getPersistedSnapshot());
      twins[twin.id].paramsHash = twinSeed(0, paramsKey(twin.params));
    } catch {
      warnings.push(
        `${twin.id}: its machine's state cannot be copied; the fork's follows its points`,
      );
    }
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
  const judging = engine?.judging();
  warnings.push(...judging?.warnings ?? []);
  const atMs = runtime.stats.lastStepAt;
  const { timers, skipped } = pendingTimers(runtime.twins, atMs);
  warnings.push(...skipped);
  const learners: LearnerSnapshots = {};
  if (plant.anomaly) learners.pump_anomaly = plant.anomaly.snapshot();
  if (plant.cooling) learners.cooling_watch = plant.cooling.snapshot();
  if (plant.wellEvents) learners.well_events = plant.wellEvents.snapshot();
  const replanner = plant.replanner?.snapshot();
  warnings.push(...replanner?.warnings ?? []);
  return {
    version: PLANT_SNAPSHOT_VERSION,
    plant: runtime.plant.name,
    atMs,
    dayStartMs: runtime.dayStartMs,
    twins,
    simulators,
    alarms,
    ...(judging ? { alarmJudging: judging.alarms } : {}),
    ...(engine ? { alarmMetrics: engine.metricsState() } : {}),
    timers,
    learners,
    ...(replanner ? { replanner: replanner.state } : {}),
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
  plant:
    & Pick<StartedPlant, "runtime" | "alarms">
    & Partial<Pick<StartedPlant, "anomaly" | "cooling" | "wellEvents" | "replanner">>,
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
  // Learners first: a well's detector then takes the observation below as
  // the sample it has judged already.
  const learners = snapshot.learners ?? {};
  const restoreLearner = (key: keyof LearnerSnapshots, run: () => string[] | undefined) => {
    if (learners[key] === undefined) return;
    try {
      warnings.push(...(run() ?? []));
    } catch (e) {
      if (!(e instanceof LearnerStateError)) throw e;
      const twin = /\["([^"]+)"\]/.exec(e.path)?.[1] ?? `(${key})`;
      throw new SnapshotError(twin, `learners.${e.message}`);
    }
  };
  restoreLearner(
    "pump_anomaly",
    () => plant.anomaly?.restore(learners.pump_anomaly, "pump_anomaly"),
  );
  restoreLearner(
    "cooling_watch",
    () => plant.cooling?.restore(learners.cooling_watch, "cooling_watch"),
  );
  restoreLearner(
    "well_events",
    () => plant.wellEvents?.restore(learners.well_events, "well_events"),
  );
  // Machines hear the restored values' observation at once (an empty
  // update samples nothing, so no point is re-dated).
  for (const twin of runtime.twins.values()) {
    const saved = snapshot.twins[twin.id];
    if (saved && twin.running) twin.update({}, saved.ts);
  }
  const resumed = resumeMachines(runtime, snapshot, warnings);
  for (const twin of runtime.twins.values()) {
    const saved = snapshot.twins[twin.id];
    if (saved?.mode !== undefined && twin.running && twin.mode !== saved.mode) {
      // A state the points do not show (maintenance, a latched trip) is not carried.
      warnings.push(
        `${twin.id}: its machine is in "${twin.mode}" in the fork, "${saved.mode}" in the ` +
          "running plant (a state its points do not show)",
      );
    }
  }
  warnings.push(...carryTimers(runtime.twins, snapshot.timers ?? [], resumed));
  if (snapshot.replanner) {
    if (plant.replanner) {
      try {
        warnings.push(...plant.replanner.restore(snapshot.replanner));
      } catch (e) {
        throw new SnapshotError("(replanner)", (e as Error).message);
      }
    } else {
      const ids = Object.keys(snapshot.replanner.next);
      if (ids.length > 0) {
        warnings.push(
          `${ids.join(", ")}: re-planned in the running plant, not in the fork ` +
            "(no optimization.stations); their schedules are dropped",
        );
      }
    }
  }
  if (snapshot.alarmJudging) {
    warnings.push(...plant.alarms.engine.resume(snapshot.alarmJudging));
  } else {
    plant.alarms.engine.restore(snapshot.alarms);
  }
  if (snapshot.alarmMetrics) plant.alarms.engine.resumeMetrics(snapshot.alarmMetrics);
  return warnings;
}

/**
 * Resume a fork's machine from the running plant's where they differ after
 * the observation: a state the points do not show (maintenance, a latched
 * trip), or what commands left in its context (a remembered speed). A twin
 * whose params the variant changed keeps the context its new params give
 * (the override wins) and takes only the state. Returns the twins resumed;
 * a machine state that does not fit this plant's machine is named.
 */
function resumeMachines(
  runtime: StartedPlant["runtime"],
  snapshot: PlantSnapshot,
  warnings: string[],
): Set<string> {
  const resumed = new Set<string>();
  for (const twin of runtime.twins.values()) {
    const saved = snapshot.twins[twin.id];
    const theirs = saved?.machine as { value?: unknown; context?: unknown } | undefined;
    if (!theirs || !twin.running || !twin.actor) continue;
    const mine = twin.actor.getPersistedSnapshot() as unknown as {
      value: unknown;
      context: unknown;
    };
    const sameParams = saved.paramsHash === twinSeed(0, paramsKey(twin.params));
    const sameValue = paramsKey(mine.value) === paramsKey(theirs.value);
    if (sameValue && (!sameParams || paramsKey(mine.context) === paramsKey(theirs.context))) {
      continue;
    }
    const persisted = structuredClone(
      sameParams ? theirs : { ...theirs, context: structuredClone(mine.context) },
    );
    try {
      runtime.resumeActor(twin.id, persisted);
      resumed.add(twin.id);
    } catch (e) {
      warnings.push(
        `${twin.id}: its machine's state in the running plant does not fit the fork's ` +
          `(${(e as Error).message}); it follows its points`,
      );
    }
  }
  return resumed;
}
