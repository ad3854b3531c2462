/**
 * One live twin: its XState actor (the discrete behaviour) beside plain point
 * data (the continuous values). Samples land in plain data; the actor hears
 * only when the kind's observation of those samples changes, which keeps
 * XState off the per-sample hot path.
 *
 * @module
 */
import type { AnyActorRef } from "xstate";
import type { KindDefinition } from "./kind.ts";
import type { Point, PointSpec, Quality } from "./point.ts";
import type { Actuation, PointValues } from "../simulators/simulator.ts";
import { pointTable } from "./point_table.ts";
import { pointWriter } from "./point_writer.ts";
import { type TwinJsonWriter, twinJsonWriter } from "./twin_json.ts";
import { sourceFamily } from "./source_family.ts";

/** Where a twin's values come from, and where its actuations go. */
export interface TwinSource {
  /** `simulator` or `modbus` (a driver's name). */
  readonly type: string;
  /**
   * How often the source samples, in ms, when it differs from the plant's
   * step (a Modbus device's scan); a point older than a few periods is stale.
   */
  readonly periodMs?: number;
  /** Perform an actuation; resolves to undefined when done or to the reason it failed. */
  actuate(id: string, action: Actuation): string | undefined | Promise<string | undefined>;
  /** Rich data for the detail page, when the source has any. */
  inspect?(id: string): Record<string, unknown> | undefined;
  /** The register image the equipment exposes, when it has one (a simulated RTU). */
  registerImage?(id: string): Uint16Array | undefined;
}

/** A twin as the API and the UI see it. */
export interface TwinView {
  /** Stable twin id. */
  id: string;
  /** Display name. */
  name: string;
  /** Asset kind. */
  kind: string;
  /** Top-level state of the twin's machine, or `stopped` while the twin is not running. */
  mode: string;
  /** Whether the twin is running in the runtime. */
  running: boolean;
  /** Id of the parent twin (a pump's station), if any. */
  parent?: string;
  /** Where values come from. */
  source: string;
  /** Points by name. */
  points: Record<string, Point>;
  /** Change counter; grows with every update of points or mode. */
  version: number;
}

/** Reduce an XState state value to its top-level state name. */
export function topLevelMode(value: unknown): string {
  if (typeof value === "string") return value;
  if (value && typeof value === "object") return Object.keys(value)[0] ?? "unknown";
  return "unknown";
}

/** A live twin. */
export class Twin {
  /** Stable id. */
  readonly id: string;
  /** Kind definition. */
  readonly def: KindDefinition<unknown>;
  /** Parent twin id, if any. */
  readonly parent: string | undefined;
  /** Validated parameters. */
  params: unknown;
  /** Display name. */
  name: string;
  /** Latest values by point name, written in place by the source. */
  readonly values: PointValues;
  /** Quality of points that are not good; absent means good. */
  readonly quality: Record<string, Quality>;
  /**
   * Source time of points sampled one by one (a driver's, calculated
   * points), by point name; points not listed here were sampled at
   * {@linkcode Twin.sampleTs}.
   */
  readonly times: Record<string, number>;
  /**
   * Time of the latest full sample, in which the source (a simulator)
   * sampled every point it writes at once; 0 before the first.
   */
  sampleTs = 0;
  /** Time of the latest sample of any point (epoch ms); 0 before the first. */
  ts = 0;
  /** Current top-level mode. */
  mode = "stopped";
  /** Change counter. */
  version = 0;
  /** Whether the twin is running. */
  running = false;
  /** The source feeding it. */
  source: TwinSource | undefined;
  /** The twin's actor while running. */
  actor: AnyActorRef | undefined;
  /**
   * Points added by the plant beyond the kind's own (calculated points,
   * device-only points); shown like the kind's points. Changed only through
   * {@linkcode Twin.addPoints} and {@linkcode Twin.removePoint}.
   */
  get extraPoints(): Readonly<Record<string, PointSpec>> {
    return this.#extra;
  }
  /**
   * Counts changes to {@linkcode Twin.extraPoints}: code that follows a
   * twin's point list every step (the JSON writer, the history recorder)
   * compares one number instead of walking the list.
   */
  get pointsVersion(): number {
    return this.#pointsVersion;
  }
  /** Events sent to the actor (for metrics). */
  events = 0;
  /**
   * A small number its runtime gives the twin's id, the same for as long as
   * the runtime runs (a twin rebuilt under the same id gets it again), so
   * that listeners keep per-twin state in arrays instead of maps by id; -1
   * outside a runtime.
   */
  readonly index: number;
  readonly #extra: Record<string, PointSpec> = {};
  #pointsVersion = 0;
  #observation = "";
  #onChange: (twin: Twin) => void;
  #viewCache: { version: number; json: string } | undefined;
  /** The JSON writer for the points as listed when it was made, at that `pointsVersion`. */
  #jsonWriter: { pointsVersion: number; write: TwinJsonWriter | undefined } | undefined;

  /** Create a twin; it runs once {@linkcode Twin.attach} gives it an actor. */
  constructor(
    id: string,
    def: KindDefinition<unknown>,
    params: unknown,
    parent: string | undefined,
    onChange: (twin: Twin) => void,
    index = -1,
  ) {
    this.id = id;
    this.index = index;
    this.def = def;
    this.values = pointTable(def.kind, "values");
    this.quality = pointTable(def.kind, "quality");
    this.times = pointTable(def.kind, "times");
    this.params = params;
    this.name = id;
    this.parent = parent;
    this.#onChange = onChange;
  }

  /**
   * Bind a started actor and source; the twin follows the actor's mode from
   * now on. `resumed`: the actor continues this twin's machine (a fork's
   * restored one), which has heard the twin's observation already.
   */
  attach(actor: AnyActorRef, source: TwinSource | undefined, resumed = false): void {
    this.actor = actor;
    this.source = source;
    this.running = true;
    if (!resumed) this.#observation = "";
    this.mode = topLevelMode(actor.getSnapshot().value);
    actor.subscribe((snapshot: { value: unknown }) => {
      const mode = topLevelMode(snapshot.value);
      if (mode === this.mode) return;
      this.mode = mode;
      this.#changed();
    });
    this.#changed();
  }

  /** Forget the actor (it has been stopped by its owner). */
  detach(): void {
    this.actor = undefined;
    this.running = false;
    this.mode = "stopped";
    this.#changed();
  }

  /**
   * Take the values now in {@linkcode Twin.values} as one full sample at
   * `ts` (every point the source writes was sampled then), and tell the
   * machine if the kind's observation of them changed.
   */
  ingest(ts: number): void {
    this.sampleTs = ts;
    this.ts = ts;
    this.#observe();
    this.#changed();
  }

  /**
   * Merge a partial sample (from a driver or a recording) taken at `ts`.
   * A `bad` quality means no trustworthy sample: the points keep their
   * values and their old times, and only turn bad.
   */
  update(values: Readonly<PointValues>, ts: number, quality: Quality = "good"): void {
    if (quality === "bad") {
      this.markPoints(Object.keys(values), "bad");
      return;
    }
    let sampled = false;
    for (const name in values) {
      const write = pointWriter(name);
      write(this.values, values[name]);
      write(this.times, ts);
      sampled = true;
      if (quality === "good") delete this.quality[name];
      else this.quality[name] = quality;
    }
    if (sampled && ts > this.ts) this.ts = ts;
    this.#observe();
    this.#changed();
  }

  /**
   * Set the quality of `names` without a new sample (their values and times
   * stay), for example when a read fails or a point goes stale.
   */
  markPoints(names: Iterable<string>, quality: Quality): void {
    let changed = false;
    for (const name of names) {
      if ((this.quality[name] ?? "good") === quality) continue;
      if (quality === "good") delete this.quality[name];
      else this.quality[name] = quality;
      changed = true;
    }
    if (changed) this.#changed();
  }

  /** Mark every point with a quality, for example when the source is lost; times stay. */
  markAll(quality: Quality): void {
    this.markPoints(this.pointSpecs().map(([name]) => name), quality);
  }

  /**
   * Source time of point `name`: when it was last sampled, 0 if never. A
   * point with no value has no time.
   */
  pointTs(name: string): number {
    if (this.values[name] === undefined) return 0;
    return this.times[name] ?? this.sampleTs;
  }

  /**
   * Turn good points sampled longer than `maxAgeMs` ago `uncertain`
   * (stale); a fresh sample makes them good again. Returns how many went
   * stale now.
   */
  markStale(now: number, maxAgeMs: number): number {
    const stale: string[] = [];
    for (const name in this.values) {
      if (this.quality[name] !== undefined) continue;
      const t = this.times[name] ?? this.sampleTs;
      if (now - t > maxAgeMs) stale.push(name);
    }
    if (stale.length > 0) this.markPoints(stale, "uncertain");
    return stale.length;
  }

  /**
   * Tell listeners that derived values (calculated points) changed without
   * a new sample of the twin's own points.
   */
  touch(): void {
    this.#changed();
  }

  /** Send an event to the twin's machine if it is running. */
  send(event: { type: string; [k: string]: unknown }): void {
    if (!this.actor) return;
    this.events++;
    this.actor.send(event);
  }

  /** The current observation passed to the machine. */
  get observation(): string {
    return this.#observation;
  }

  /** The twin as the API shows it. */
  view(): TwinView {
    const points: Record<string, Point> = {};
    for (const [name, spec] of this.pointSpecs()) {
      const value = this.values[name];
      points[name] = {
        value: value === undefined ? null : value,
        unit: spec.unit,
        quality: value === undefined ? "bad" : this.quality[name] ?? "good",
        ts: this.pointTs(name),
      };
    }
    return {
      id: this.id,
      name: this.name,
      kind: this.def.kind,
      mode: this.mode,
      running: this.running,
      ...(this.parent ? { parent: this.parent } : {}),
      source: this.source?.type ?? "none",
      points,
      version: this.version,
    };
  }

  /** Every point spec of the twin: the kind's, then the extra ones. */
  pointSpecs(): [string, PointSpec][] {
    return [...Object.entries(this.def.points), ...Object.entries(this.extraPoints)];
  }

  /** JSON of {@linkcode Twin.view}, cached per version so many clients share one serialisation. */
  json(): string {
    if (this.#viewCache?.version !== this.version) {
      const write = this.#writer();
      const json = write ? write(this) : JSON.stringify(this.view());
      this.#viewCache = { version: this.version, json };
    }
    return this.#viewCache.json;
  }

  /** Add points to {@linkcode Twin.extraPoints}, or replace those of the same names. */
  addPoints(specs: Readonly<Record<string, PointSpec>>): void {
    Object.assign(this.#extra, specs);
    this.#pointsVersion++;
  }

  /** Take a point out of {@linkcode Twin.extraPoints}. */
  removePoint(name: string): void {
    if (!(name in this.#extra)) return;
    delete this.#extra[name];
    this.#pointsVersion++;
  }

  /** The JSON writer for the twin's points as they are listed now. */
  #writer(): TwinJsonWriter | undefined {
    let w = this.#jsonWriter;
    // The plant may add or replace extra points (calculated ones) at any time.
    if (!w || w.pointsVersion !== this.#pointsVersion) {
      w = this.#jsonWriter = {
        pointsVersion: this.#pointsVersion,
        write: twinJsonWriter(this.def.kind, this.pointSpecs(), sourceFamily(this)),
      };
    }
    return w.write;
  }

  #observe(): void {
    const observation = this.def.observe(this.values, this.params);
    if (observation !== this.#observation) {
      this.#observation = observation;
      this.send({ type: "observed", state: observation });
    }
  }

  #changed(): void {
    this.version++;
    this.#onChange(this);
  }
}
