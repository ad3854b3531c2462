/**
 * The anomaly detector inside the plant: one {@linkcode OnlineDetector} per
 * pump twin, fed after every runtime step with the twin's newest sample,
 * whatever feeds it (simulator, Modbus, a replayed recording). It trains on
 * the pump's first `anomaly_train_samples` samples of steady running (600 by
 * default) and from then on writes three points on the twin:
 *
 * - `anomaly_score`: the detector's score, 1.0 is the alarm threshold (0
 *   while training or not running);
 * - `anomaly`: true while the score is above 1;
 * - `anomaly_status`: `training`, `watching` or `idle` (not running).
 *
 * Channels: the pump's departures from its own design curves
 * (`pump_features.ts`), or, for a pump whose head and power are not
 * measured, the points its `anomaly_channels` param names (a replayed SKAB
 * rig then gets exactly the flags `eval-skab` gives that file).
 *
 * The pump kind declares these points (`pump_anomaly_points.ts`), so
 * an alarm definition on `anomaly` (for example of `diagnostic` priority)
 * turns it into an alarm. The supervisor attaches before the alarm engine so
 * a step's alarm scan sees the step's verdicts.
 *
 * @module
 */
import type { Twin } from "../../twins/twin.ts";
import type { PumpConfig } from "../../simulators/pump/pump_config.ts";
import type { TwinSetChange } from "../../runtime/runtime.ts";
import type { JsonNumber } from "../learner_json.ts";
import { TwinWatch } from "../twin_watch.ts";
import { OnlineDetector, type OnlineDetectorState } from "./online_detector.ts";
import { NamedChannels, type PumpChannels, PumpFeatures } from "./pump_features.ts";

/** Training window when the pump's params do not set `anomaly_train_samples`. */
export const DEFAULT_PUMP_TRAIN_SAMPLES = 600;

/** Version of {@linkcode PumpAnomalyState} this code writes and reads. */
export const PUMP_ANOMALY_STATE_VERSION = 1;

/** What every pump's detector has learnt, as plain JSON (a fork "from now" carries it). */
export interface PumpAnomalyState {
  /** {@linkcode PUMP_ANOMALY_STATE_VERSION}. */
  version: number;
  /** By pump twin id. */
  pumps: Record<string, {
    /** The params the detector learnt under (`paramsKey`). */
    params: string;
    /** Time of the latest sample scored. */
    lastTs: JsonNumber;
    /** The detector. */
    detector: OnlineDetectorState;
  }>;
}

/** What the supervisor needs of a runtime. */
export interface AnomalyHost {
  /** Twins by id. */
  readonly twins: ReadonlyMap<string, Twin>;
  /** Run after every step. */
  onStep(listener: (now: number) => void): () => void;
  /** Follow twins added and removed. */
  onTwinsChanged(listener: (change: TwinSetChange) => void): () => void;
}

interface Watched {
  twin: Twin;
  params: unknown;
  features: PumpChannels;
  detector: OnlineDetector;
  fast: Float64Array;
  slow: Float64Array;
  lastTs: number;
}

/** Runs a detector per pump twin of a runtime. */
export class PumpAnomalySupervisor {
  readonly #host: AnomalyHost;
  // A reconfigured pump (new curves, a new window) starts a new detector:
  // the old normal no longer describes it.
  readonly #watch: TwinWatch<Watched>;
  /** Samples scored over all pumps (for metrics and the benchmark). */
  scored = 0;

  /**
   * @param host the runtime
   * @param log where a pump whose detector cannot be built is reported
   */
  constructor(host: AnomalyHost, log: (message: string) => void = (m) => console.error(m)) {
    this.#host = host;
    this.#watch = new TwinWatch<Watched>(host, {
      kind: "pump",
      make: (twin) => watch(twin, log),
      relearnOnParams: true,
      version: PUMP_ANOMALY_STATE_VERSION,
      key: "pumps",
      learner: "anomaly detector",
      afresh: "learns afresh",
      save: (w) => ({ detector: w.detector.snapshot() }),
      load: (w, entry, path) =>
        w.detector.restore(entry.detector, `${path}.detector`, {
          fast: w.features.fastCount,
          slow: w.features.slowCount,
        }),
    });
  }

  /** Ids of the pumps watched. */
  get pumps(): string[] {
    return [...this.#watch.entries.keys()];
  }

  /** Phase of a pump's detector, if it is watched. */
  detector(id: string): OnlineDetector | undefined {
    return this.#watch.entries.get(id)?.detector;
  }

  /** Score every pump that has a new sample since the last step. */
  step(now: number): void {
    const list = this.#watch.list;
    for (let i = 0; i < list.length; i++) {
      const watched = list[i];
      const w = this.#watch.current(watched.twin.id, watched);
      if (!w) continue;
      const twin = w.twin;
      if (twin.ts === w.lastTs) continue;
      w.lastTs = twin.ts;
      const v = twin.values;
      let score = 0, anomaly = false, status: string;
      if (!w.features.compute(v, w.fast, w.slow)) status = "idle";
      else {
        const verdict = w.detector.push(w.fast, w.slow);
        if (verdict) {
          score = verdict.score;
          anomaly = verdict.anomaly;
          this.scored++;
        }
        status = w.detector.phase === "scoring" ? "watching" : "training";
      }
      const changed = v.anomaly_score !== score || v.anomaly !== anomaly ||
        v.anomaly_status !== status;
      v.anomaly_score = score;
      v.anomaly = anomaly;
      v.anomaly_status = status;
      // A twin sampled in this step has told its listeners already and they
      // act at the end of the step; one fed between steps (a driver) is told.
      if (changed && twin.ts !== now) twin.touch();
    }
  }

  /** Every watched pump's detector as plain JSON. */
  snapshot(): PumpAnomalyState {
    return this.#watch.snapshot() as unknown as PumpAnomalyState;
  }

  /**
   * Continue from {@linkcode PumpAnomalySupervisor.snapshot} of another
   * plant's supervisor. A pump whose params differ from those its detector
   * learnt under starts learning afresh (as a reconfigured pump does), and
   * so does one the state lacks; both are named in the warnings returned.
   * A state that does not fit throws a `LearnerStateError` naming
   * its JSON path under `path`.
   */
  restore(state: unknown, path = "pump_anomaly"): string[] {
    return this.#watch.restore(state, path);
  }

  /** Follow the runtime: score after every step, watch added pumps, forget removed ones. */
  attach(): () => void {
    const stopStep = this.#host.onStep((now) => this.step(now));
    const stopSet = this.#host.onTwinsChanged((change) => this.#watch.follow(change));
    return () => {
      stopStep();
      stopSet();
    };
  }

  /** Prometheus lines: samples scored and pumps in alarm. */
  prometheus(): string {
    let alarms = 0;
    for (const w of this.#watch.entries.values()) if (w.twin.values.anomaly === true) alarms++;
    return `# HELP fieldtwin_anomaly_samples_scored_total Pump samples scored by the anomaly detector\n` +
      `# TYPE fieldtwin_anomaly_samples_scored_total counter\n` +
      `fieldtwin_anomaly_samples_scored_total ${this.scored}\n` +
      `# HELP fieldtwin_anomaly_pumps_in_alarm Pumps whose anomaly detector is above threshold\n` +
      `# TYPE fieldtwin_anomaly_pumps_in_alarm gauge\n` +
      `fieldtwin_anomaly_pumps_in_alarm ${alarms}\n`;
  }
}

// A pump's entry: its channels and an untrained detector; undefined (and
// logged) when its params cannot make them.
function watch(twin: Twin, log: (message: string) => void): Watched | undefined {
  const params = twin.params as PumpConfig & {
    anomaly_train_samples?: number;
    anomaly_channels?: { fast: string[]; slow: string[] };
  };
  try {
    const named = params.anomaly_channels;
    const features = named ? new NamedChannels(named.fast, named.slow) : new PumpFeatures(params);
    const detector = new OnlineDetector(
      params.anomaly_train_samples ?? DEFAULT_PUMP_TRAIN_SAMPLES,
      undefined,
      features.floors,
    );
    return {
      twin,
      params: twin.params,
      features,
      detector,
      fast: new Float64Array(features.fastCount),
      slow: new Float64Array(features.slowCount),
      lastTs: twin.ts,
    };
  } catch (e) {
    log(`anomaly: pump ${twin.id}: ${(e as Error).message}; not watched`);
    return undefined;
  }
}
