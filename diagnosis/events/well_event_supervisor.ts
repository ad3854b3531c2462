/**
 * Online 3W event detection inside the plant: one {@linkcode OnlineWellEvents}
 * per flowing well twin, fed each new sample of the twin's pressures and
 * temperatures whatever feeds it (a replayed recording, a driver), and
 * judging from the recent past only. It writes three points on the twin
 * (`well_event_points.ts`): `detected_event` (the class), `detected_event_since`
 * and `event_detection` (`warming_up` or `watching`). An alarm definition on
 * `detected_event` (of `diagnostic` priority, as in plants/3w_replay.json)
 * turns a detection into an alarm.
 *
 * Samples are taken as they arrive (the change feed), so a step that carries
 * several recorded rows loses none; the points are written at the end of the
 * step, before the alarm scan (the supervisor attaches before the alarm
 * engine). A point counts in a sample only when that sample carried it:
 * a recording's empty cell is a gap, as it is to `eval-3w`.
 *
 * @module
 */
import type { TwinSetChange } from "../../runtime/runtime.ts";
import type { Twin } from "../../twins/twin.ts";
import {
  fromJsonNumber,
  type JsonNumber,
  LearnerStateError,
  toJsonNumber,
} from "../learner_json.ts";
import { TwinWatch } from "../twin_watch.ts";
import {
  OnlineWellEvents,
  type OnlineWellEventsState,
  type W3Sample,
} from "./online_well_events.ts";
import type { W3Signal } from "./w3_parquet.ts";
import type { WellEventClass } from "./well_event_rules.ts";

/** The flowing well's points that carry each 3W signal. */
export const W3_SIGNAL_POINTS: Readonly<Record<W3Signal, string>> = Object.freeze({
  "P-PDG": "pdg_pressure",
  "P-TPT": "tpt_pressure",
  "T-TPT": "tpt_temperature",
  "P-MON-CKP": "choke_upstream_pressure",
  "T-JUS-CKP": "choke_downstream_temperature",
  "P-JUS-CKGL": "gas_lift_pressure",
});

const WELL_KIND = "flowing_well";

const SIGNALS = Object.entries(W3_SIGNAL_POINTS) as [W3Signal, string][];

/** Version of {@linkcode WellEventsState} this code writes and reads. */
export const WELL_EVENTS_STATE_VERSION = 1;

/** Every flowing well's event detector, as plain JSON (a fork "from now" carries it). */
export interface WellEventsState {
  /** {@linkcode WELL_EVENTS_STATE_VERSION}. */
  version: number;
  /** By well twin id. */
  wells: Record<string, {
    /** Time of the latest sample judged. */
    lastTs: JsonNumber;
    /** Current class, null while warming up. */
    cls: WellEventClass | null;
    /** Sample time the current class began. */
    since: JsonNumber;
    /** The detector. */
    detector: OnlineWellEventsState;
  }>;
}

/** What the supervisor needs of a runtime. */
export interface WellEventHost {
  /** Twins by id. */
  readonly twins: ReadonlyMap<string, Twin>;
  /** Run on every twin change. */
  onChange(listener: (twin: Twin) => void): () => void;
  /** Run after every step. */
  onStep(listener: (now: number) => void): () => void;
  /** Follow twins added and removed. */
  onTwinsChanged(listener: (change: TwinSetChange) => void): () => void;
}

interface Watched {
  twin: Twin;
  params: unknown;
  detector: OnlineWellEvents;
  lastTs: number;
  /** Current class (undefined while warming up) and the sample time it began. */
  cls: WellEventClass | undefined;
  since: number;
}

/** Runs an online event detector per flowing well twin of a runtime. */
export class WellEventSupervisor {
  readonly #host: WellEventHost;
  readonly #watch: TwinWatch<Watched>;
  /** Samples judged over all wells (for metrics). */
  samples = 0;

  /**
   * @param host the runtime
   * @param makeDetector builds each well's detector (default thresholds and horizon)
   */
  constructor(
    host: WellEventHost,
    makeDetector: () => OnlineWellEvents = () => new OnlineWellEvents(),
  ) {
    this.#host = host;
    this.#watch = new TwinWatch<Watched>(host, {
      kind: WELL_KIND,
      make: (twin) => ({
        twin,
        params: twin.params,
        detector: makeDetector(),
        lastTs: twin.ts,
        cls: undefined,
        since: 0,
      }),
      // Its past is what it judges from, whatever the params.
      relearnOnParams: false,
      version: WELL_EVENTS_STATE_VERSION,
      key: "wells",
      learner: "event detector",
      afresh: "warms up afresh",
      save: (w) => ({
        cls: w.cls ?? null,
        since: toJsonNumber(w.since),
        detector: w.detector.snapshot(),
      }),
      load: (w, entry, path) => {
        const cls = entry.cls;
        if (cls !== null && cls !== 0 && cls !== 3 && cls !== 4 && cls !== 9) {
          throw new LearnerStateError(`${path}.cls`, "expected a 3W class (0, 3, 4, 9) or null");
        }
        const since = fromJsonNumber(entry.since, `${path}.since`);
        w.detector.restore(entry.detector, `${path}.detector`);
        w.cls = cls ?? undefined;
        w.since = since;
      },
    });
  }

  /** Ids of the wells watched. */
  get wells(): string[] {
    return [...this.#watch.entries.keys()];
  }

  /** Feed a twin's new sample, if it is a watched well and the sample is new. */
  sample(twin: Twin): void {
    // Every twin's every change comes here: most are of other kinds, and a
    // kind compare is cheaper than the lookup by id (which finds none for them).
    if (twin.def.kind !== WELL_KIND) return;
    let w = this.#watch.entries.get(twin.id);
    if (w && w.twin !== twin && this.#host.twins.get(twin.id) === twin) {
      // A restarted or reconfigured well starts a new detector: its past is another well's.
      w = this.#watch.add(twin);
    }
    if (!w || w.twin !== twin || !(twin.ts > w.lastTs)) return;
    const ts = twin.ts;
    w.lastTs = ts;
    const sample: Partial<Record<W3Signal, number>> = {};
    for (const [signal, point] of SIGNALS) {
      const v = twin.values[point];
      // Only points this sample carried: an older value is a gap, not a repeat.
      if (typeof v === "number" && twin.pointTs(point) === ts) sample[signal] = v;
    }
    const cls = w.detector.push(sample as W3Sample);
    this.samples++;
    if (cls !== w.cls) {
      w.cls = cls;
      w.since = ts;
    }
  }

  /** Write every well's verdict onto its points. */
  step(now: number): void {
    const list = this.#watch.list;
    for (let i = 0; i < list.length; i++) {
      const w = list[i], twin = w.twin;
      if (!twin.running || w.lastTs === 0) continue;
      const v = twin.values;
      const status = w.cls === undefined ? "warming_up" : "watching";
      const since = w.cls === undefined ? undefined : new Date(w.since).toISOString();
      // The verdict is as new as the newest sample it judged (so history and
      // ages see it re-judged each sample, not stale since it last changed).
      // By name, not a computed key: V8 keeps the object's fast layout (see twins/point_writer.ts).
      const times = twin.times;
      times.detected_event = times.detected_event_since = times.event_detection = w.lastTs;
      if (
        v.detected_event === w.cls && v.detected_event_since === since &&
        v.event_detection === status
      ) continue;
      // No class yet is no value (a point's value is never null), not a 0 that reads as normal.
      if (w.cls === undefined) {
        delete v.detected_event;
        delete v.detected_event_since;
      } else {
        v.detected_event = w.cls;
        v.detected_event_since = since!;
      }
      v.event_detection = status;
      // A twin sampled in this step has told its listeners already and they
      // act at the end of the step; one fed between steps is told.
      if (twin.ts !== now) twin.touch();
    }
  }

  /** Every watched well's detector as plain JSON. */
  snapshot(): WellEventsState {
    return this.#watch.snapshot() as unknown as WellEventsState;
  }

  /**
   * Continue from {@linkcode WellEventSupervisor.snapshot} of another
   * plant's supervisor; a well the state lacks warms up afresh and is named
   * in the warnings returned. A state that does not fit throws a
   * `LearnerStateError` naming its JSON path under `path`.
   */
  restore(state: unknown, path = "well_events"): string[] {
    return this.#watch.restore(state, path);
  }

  /** Follow the runtime: take samples as they come, write points after every step. */
  attach(): () => void {
    // Every change of every twin would come here; a plant without flowing
    // wells has none to judge (`sample` would return at once), so the
    // supervisor listens to changes only while it watches a well.
    let stopChange: (() => void) | undefined;
    const listen = () => {
      if (this.#watch.entries.size === 0) {
        stopChange?.();
        stopChange = undefined;
      } else stopChange ??= this.#host.onChange((twin) => this.sample(twin));
    };
    listen();
    const stopStep = this.#host.onStep((now) => this.step(now));
    const stopSet = this.#host.onTwinsChanged((change) => {
      this.#watch.follow(change);
      listen();
    });
    return () => {
      stopChange?.();
      stopStep();
      stopSet();
    };
  }

  /** Prometheus lines: samples judged and wells with an event detected. */
  prometheus(): string {
    let events = 0;
    for (const w of this.#watch.entries.values()) if (w.cls !== undefined && w.cls !== 0) events++;
    return `# HELP fieldtwin_well_event_samples_total Flowing well samples judged by the event detector\n` +
      `# TYPE fieldtwin_well_event_samples_total counter\n` +
      `fieldtwin_well_event_samples_total ${this.samples}\n` +
      `# HELP fieldtwin_well_events_detected Flowing wells with a 3W event detected now\n` +
      `# TYPE fieldtwin_well_events_detected gauge\n` +
      `fieldtwin_well_events_detected ${events}\n`;
  }
}
