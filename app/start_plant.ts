/**
 * The composition root of a running plant: the runtime with its twins, and
 * the supervisors that watch it (pump anomaly detectors, well event detectors, calculated points,
 * alarms, notifications).
 * The CLI, the test server and the benchmarks all start a plant through
 * here, so each runs the same whole.
 *
 * @module
 */
import { type AlarmSystem, startAlarms } from "../actors/alarms/start_alarms.ts";
import { PumpAnomalySupervisor } from "../diagnosis/anomaly/pump_anomaly_supervisor.ts";
import { WellEventSupervisor } from "../diagnosis/events/well_event_supervisor.ts";
import { CoolingDiagnosisSupervisor } from "../diagnosis/cooling/cooling_diagnosis_supervisor.ts";
import { PumpCurveSupervisor } from "../pump_curves/pump_curve_supervisor.ts";
import type { OptimizationConfig } from "../optimization/replan_section.ts";
import { StationReplanner } from "../optimization/station_replanner.ts";
import { HistoryRecorder, type RecorderOptions } from "../history/history_recorder.ts";
import type { HistoryStore } from "../history/history_store.ts";
import { type ForwardingWriter, teeWriter } from "../history/history_tee.ts";
import type { MemoryReport, PlantMemory } from "../history/plant_memory.ts";
import { type HistoryConfig, policyLookup } from "../history/recording_policy.ts";
import type { Plant } from "../plant/plant_file.ts";
import { Runtime, type RuntimeOptions } from "../runtime/runtime.ts";
import type { KindRegistry } from "../twins/registry.ts";
import { stampTimers } from "../twins/machine_timers.ts";

/** A writer that forwards history elsewhere (the InfluxDB sink), with its own metrics. */
export interface HistorySink extends ForwardingWriter {
  /** Prometheus lines of the sink. */
  prometheus(): string;
}

/** A plant with its supervisors. */
export interface StartedPlant {
  /** The runtime: clock, twins, commands. */
  runtime: Runtime;
  /** Calculated points, alarms and notifications. */
  alarms: AlarmSystem;
  /** The anomaly detector of every pump twin. */
  anomaly: PumpAnomalySupervisor;
  /** The online 3W event detector of every flowing well twin. */
  wellEvents: WellEventSupervisor;
  /** The fault diagnosis of every cooling site. */
  cooling: CoolingDiagnosisSupervisor;
  /** Every pump twin's curves fitted to its own operating points. */
  curves: PumpCurveSupervisor;
  /** Pump stations re-planned periodically, when the plant file's `optimization` asks for it. */
  replanner?: StationReplanner;
  /** Point history, when the plant records it. */
  history?: HistoryStore;
  /** The recorder writing point changes to `history`. */
  recorder?: HistoryRecorder;
  /** What `memory` found and restored at start, when the plant has one. */
  restored?: MemoryReport;
  /** Prometheus lines of the supervisors, to append to `/metrics`. */
  prometheus(): string;
  /** Stop supervisors and runtime. */
  stop(): void;
}

/** Options for {@linkcode startPlant}. */
export interface StartPlantOptions extends RuntimeOptions {
  /** Record point history in this store; the plant closes it when it stops. */
  history?: HistoryStore;
  /**
   * Recorder tuning: flush interval, retention (over the plant file's
   * `history.retention_days`), policy (default: the plant file's `history`).
   */
  recorder?: RecorderOptions;
  /**
   * Keep the alarm journal, alarm states and command records here; the
   * plant restores saved alarm states from it at start and closes it on stop.
   */
  memory?: PlantMemory;
  /**
   * Forward point history to these too: the recorder hands them the
   * batches it writes to `history` (see `teeWriter`; a sink that fails
   * never holds the store back). The plant closes them when it stops.
   */
  sinks?: readonly HistorySink[];
  /**
   * Search periodic station plans in the step they fall due rather than in a
   * worker (what-if runs: on virtual time a worker's plan would arrive only
   * after the run); see `ReplannerOptions.inline`.
   */
  plansInline?: boolean;
}

/**
 * Build the runtime for `plant` and start its supervisors. On real time the
 * caller starts the step loop (`runtime.start()`); on virtual time it drives
 * `runtime.runFor`.
 */
export function startPlant(
  plant: Plant,
  kinds: KindRegistry,
  opts: StartPlantOptions = {},
): StartedPlant {
  const runtime = new Runtime(plant, kinds, opts);
  // Machine timers carry the plant clock's time, so a fork "from now" can carry them.
  stampTimers(runtime.twins.values(), runtime.clock);
  const { history, memory } = opts;
  let restored: MemoryReport | undefined;
  // Before the alarm engine, so a step's alarm scan sees the step's verdicts
  // and alarm definitions find the points it declares on pumps.
  const anomaly = new PumpAnomalySupervisor(runtime);
  const stopAnomaly = anomaly.attach();
  const wellEvents = new WellEventSupervisor(runtime);
  const stopWellEvents = wellEvents.attach();
  const cooling = new CoolingDiagnosisSupervisor(runtime);
  const stopCooling = cooling.attach();
  const curves = new PumpCurveSupervisor(runtime, { history });
  const stopCurves = curves.attach();
  const replan = (plant.sections.optimization as OptimizationConfig | undefined)?.stations;
  const replanner = replan &&
    new StationReplanner(runtime, replan, { inline: opts.plansInline, log: opts.log });
  const stopReplanner = replanner?.attach();
  const alarms = startAlarms(runtime, undefined, undefined, {
    beforeStart: memory && ((engine) => restored = memory.attach(runtime, engine)),
  });
  const config = plant.sections.history as HistoryConfig | undefined;
  const days = config?.retention_days;
  const sinks = opts.sinks ?? [];
  const target = sinks.length === 0 ? history : teeWriter(history, sinks);
  const recorder = target && new HistoryRecorder(runtime, target, {
    policy: policyLookup(config),
    ...(days !== undefined ? { retentionMs: days * 86_400_000 } : {}),
    ...opts.recorder,
  });
  return {
    runtime,
    alarms,
    anomaly,
    wellEvents,
    cooling,
    curves,
    replanner,
    history,
    recorder,
    restored,
    prometheus: () =>
      alarms.prometheus() + anomaly.prometheus() + wellEvents.prometheus() + cooling.prometheus() +
      (recorder?.prometheus() ?? "") +
      (memory?.prometheus() ?? "") +
      sinks.map((s) => s.prometheus()).join(""),
    stop() {
      stopAnomaly();
      stopWellEvents();
      stopCooling();
      stopCurves();
      stopReplanner?.();
      replanner?.close();
      alarms.stop();
      memory?.close();
      recorder?.stop();
      runtime.shutdown();
      history?.close();
      for (const s of sinks) s.close();
    },
  };
}
