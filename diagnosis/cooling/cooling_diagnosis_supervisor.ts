/**
 * The cooling diagnosis inside the plant: one {@linkcode CoolingDetector}
 * per cooling-site twin, fed after every runtime step with the twin's newest
 * sample, whatever feeds it (simulator, Modbus, a replayed recording). It
 * reads only the twin's points, never a simulator's fault state, and writes
 * the `watch_*` points the kind declares (`cooling_diagnosis_points.ts`), so
 * an alarm definition on `watch_diagnosis` (of `diagnostic` priority, say)
 * turns a diagnosis into an alarm. Attach it before the alarm engine so a
 * step's alarm scan sees the step's verdicts.
 *
 * A site's params may tune it: `watch_train_s` (running time that learns the
 * healthy site, default 1800 s).
 *
 * @module
 */
import type { TwinSetChange } from "../../runtime/runtime.ts";
import type { Twin } from "../../twins/twin.ts";
import { type CoolingModelParams, coolingModelParams } from "./cooling_residuals.ts";
import { type JsonNumber, LearnerStateError, paramsKey } from "../learner_json.ts";
import { TwinWatch } from "../twin_watch.ts";
import {
  CoolingDetector,
  type CoolingDetectorState,
  type CoolingVerdict,
} from "./cooling_detector.ts";

/** Version of {@linkcode CoolingWatchState} this code writes and reads. */
export const COOLING_WATCH_STATE_VERSION = 1;

/** Every site's detector, as plain JSON (a fork "from now" carries it). */
export interface CoolingWatchState {
  /** {@linkcode COOLING_WATCH_STATE_VERSION}. */
  version: number;
  /** By site twin id. */
  sites: Record<string, {
    /** Key of the params the detector learnt under (its constants and training time). */
    params: string;
    /** Time of the latest sample diagnosed. */
    lastTs: JsonNumber;
    /** The detector's update count at the last write of the points. */
    written: number;
    /** The detector. */
    detector: CoolingDetectorState;
  }>;
}

/** What the supervisor needs of a runtime. */
export interface CoolingDiagnosisHost {
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
  detector: CoolingDetector;
  lastTs: number;
  // The detector's update count at the last write.
  written: number;
}

const finite = (x: number) => Number.isFinite(x) ? x : 0;

/** Runs a cooling detector per cooling-site twin of a runtime. */
export class CoolingDiagnosisSupervisor {
  readonly #host: CoolingDiagnosisHost;
  // New constants describe another site: it learns afresh (other params keep it).
  readonly #watch: TwinWatch<Watched>;
  /** Samples diagnosed over all sites (for metrics and benchmarks). */
  diagnosed = 0;

  /** @param host the runtime */
  constructor(host: CoolingDiagnosisHost) {
    this.#host = host;
    this.#watch = new TwinWatch<Watched>(host, {
      kind: "cooling_site",
      make: watch,
      relearnOnParams: true,
      paramsKey: watchKey,
      version: COOLING_WATCH_STATE_VERSION,
      key: "sites",
      learner: "cooling watch",
      afresh: "learns afresh",
      save: (w) => ({ written: w.written, detector: w.detector.snapshot() }),
      load: (w, entry, path) => {
        if (!Number.isInteger(entry.written)) {
          throw new LearnerStateError(`${path}.written`, "expected a count");
        }
        w.detector.restore(entry.detector, `${path}.detector`);
        w.written = entry.written as number;
      },
    });
  }

  /** Ids of the sites watched. */
  get sites(): string[] {
    return [...this.#watch.entries.keys()];
  }

  /** A site's detector, if it is watched. */
  detector(id: string): CoolingDetector | undefined {
    return this.#watch.entries.get(id)?.detector;
  }

  /** Diagnose every site that has a new sample since the last step. */
  step(now: number): void {
    const list = this.#watch.list;
    for (let i = 0; i < list.length; i++) {
      const watched = list[i];
      const w = this.#watch.current(watched.twin.id, watched);
      if (!w) continue;
      const twin = w.twin;
      if (twin.ts === w.lastTs) continue;
      w.lastTs = twin.ts;
      const verdict = w.detector.push(twin.ts, twin.values);
      this.diagnosed++;
      if (w.detector.updates === w.written) continue;
      w.written = w.detector.updates;
      if (write(twin, verdict) && twin.ts !== now) {
        // A twin sampled in this step has told its listeners already and they
        // act at the end of the step; one fed between steps (a driver) is told.
        twin.touch();
      }
    }
  }

  /** Every watched site's detector as plain JSON. */
  snapshot(): CoolingWatchState {
    return this.#watch.snapshot() as unknown as CoolingWatchState;
  }

  /**
   * Continue from {@linkcode CoolingDiagnosisSupervisor.snapshot} of another
   * plant's supervisor. A site whose constants or training time differ from
   * those its detector learnt under learns afresh (as a reconfigured site does), and so does
   * one the state lacks; both are named in the warnings returned. A state
   * that does not fit throws a `LearnerStateError` naming its JSON path.
   */
  restore(state: unknown, path = "cooling_watch"): string[] {
    return this.#watch.restore(state, path);
  }

  /** Follow the runtime: diagnose after every step, watch added sites, forget removed ones. */
  attach(): () => void {
    const stopStep = this.#host.onStep((now) => this.step(now));
    const stopSet = this.#host.onTwinsChanged((change) => this.#watch.follow(change));
    return () => {
      stopStep();
      stopSet();
    };
  }

  /** Prometheus lines: samples diagnosed and sites with a fault diagnosed. */
  prometheus(): string {
    let faults = 0;
    for (const w of this.#watch.entries.values()) {
      const d = w.twin.values.watch_diagnosis;
      if (typeof d === "string" && d !== "normal" && d !== "unknown") faults++;
    }
    return `# HELP fieldtwin_cooling_diagnosis_samples_total Cooling-site samples diagnosed\n` +
      `# TYPE fieldtwin_cooling_diagnosis_samples_total counter\n` +
      `fieldtwin_cooling_diagnosis_samples_total ${this.diagnosed}\n` +
      `# HELP fieldtwin_cooling_sites_diagnosed_faulty Cooling sites with a fault diagnosed\n` +
      `# TYPE fieldtwin_cooling_sites_diagnosed_faulty gauge\n` +
      `fieldtwin_cooling_sites_diagnosed_faulty ${faults}\n`;
  }
}

/**
 * What a site's detector learns under: the constants it reads and its
 * training time. Other params (ambient, setpoints, rigs) change what the
 * site does, not what healthy equipment looks like, so they keep what it
 * learnt.
 */
function watchKey(params: unknown): string {
  const p = params as CoolingModelParams & { watch_train_s?: number };
  return paramsKey({ ...coolingModelParams(p), watch_train_s: p.watch_train_s });
}

// A site's entry with an untrained detector; its params may set the training time.
function watch(twin: Twin): Watched {
  const params = twin.params as CoolingModelParams & { watch_train_s?: number };
  const trainS = params.watch_train_s;
  return {
    twin,
    params: twin.params,
    detector: new CoolingDetector(params, trainS === undefined ? {} : { trainS }),
    lastTs: twin.ts,
    written: -1,
  };
}

// Write the verdict's points on the twin; returns whether any changed. Every
// name is written out: a computed key (`v[k] = x`) that adds a point gives the
// values object a slow layout, after which each number stored in it allocates.
function write(twin: Twin, verdict: Readonly<CoolingVerdict>): boolean {
  const v = twin.values;
  const watching = verdict.status === "watching";
  const confidence = Math.round(verdict.confidence * 1000) / 10;
  const fan = watching ? finite(verdict.fanPowerPct) : 0;
  const flow = watching ? finite(verdict.pumpFlowPct) : 0;
  const ua = watching ? finite(verdict.coolerUaPct) : 0;
  const residual = watching ? finite(verdict.supplyResidualK) : 0;
  if (
    v.watch_diagnosis === verdict.diagnosis && v.watch_confidence === confidence &&
    v.watch_status === verdict.status && v.watch_fan_power_pct === fan &&
    v.watch_pump_flow_pct === flow && v.watch_cooler_ua_pct === ua &&
    v.watch_supply_residual === residual
  ) return false;
  v.watch_diagnosis = verdict.diagnosis;
  v.watch_confidence = confidence;
  v.watch_status = verdict.status;
  v.watch_fan_power_pct = fan;
  v.watch_pump_flow_pct = flow;
  v.watch_cooler_ua_pct = ua;
  v.watch_supply_residual = residual;
  return true;
}
