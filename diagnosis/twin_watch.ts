/**
 * The bookkeeping every per-twin online learner shares (the pump anomaly
 * detector, the cooling-site watch, the flowing wells' event detector): one
 * entry per twin of a kind, made when the plant starts and when twins join,
 * dropped when they leave, made afresh when a twin is replaced (restarted,
 * reconfigured) or, for learners that learn a twin's params, gets params
 * of another key (the learner's `paramsKey`: the params it reads); and
 * what they learnt as versioned plain JSON, so a fork "from
 * now" carries it. The supervisors keep what is theirs: how a sample is
 * judged and which points it writes.
 *
 * @module
 */
import type { TwinSetChange } from "../runtime/runtime.ts";
import type { Twin } from "../twins/twin.ts";
import {
  checkVersion,
  fromJsonNumber,
  type JsonNumber,
  jsonObject,
  paramsKey,
  toJsonNumber,
} from "./learner_json.ts";

/** What the watch needs of a runtime. */
export interface WatchHost {
  /** Twins by id. */
  readonly twins: ReadonlyMap<string, Twin>;
}

/** One watched twin: the twin, the params its learner was made for, its latest sample time. */
export interface WatchEntry {
  twin: Twin;
  params: unknown;
  lastTs: number;
}

/** How a supervisor's learners are made and saved. */
export interface TwinWatchOptions<W extends WatchEntry> {
  /** The kind watched. */
  kind: string;
  /** A new entry for `twin` (its learner untrained), or undefined when it cannot be watched. */
  make(twin: Twin): W | undefined;
  /** Whether new params make a new learner (they describe another machine). */
  relearnOnParams: boolean;
  /**
   * Key of the params a learner learns under, for `relearnOnParams`: new
   * params with the same key keep the learner. Default: every param. A
   * learner that reads a few constants keys on those, so a change it never
   * reads (an ambient offset in a what-if) keeps what it learnt.
   */
  paramsKey?(params: unknown): string;
  /** Version of the saved state this code writes and reads. */
  version: number;
  /** Key of the saved entries (`pumps`, `sites`, `wells`). */
  key: string;
  /** What a warning calls the learner (`anomaly detector`). */
  learner: string;
  /** What a learner not restored does (`learns afresh`). */
  afresh: string;
  /** An entry's own state (its learner and verdict), beside `params` and `lastTs`. */
  save(w: W): Record<string, unknown>;
  /** Restore an entry's own state; throws a `LearnerStateError` naming a path under `path`. */
  load(w: W, entry: Record<string, unknown>, path: string): void;
}

/** Saved state of a watch: its version and one entry per twin. */
export type TwinWatchState = { version: number } & Record<string, unknown>;

/** The entries of one kind's twins in a runtime. */
export class TwinWatch<W extends WatchEntry> {
  readonly #entries = new Map<string, W>();
  readonly #host: WatchHost;
  // The entries as an array, remade after the set changes: a supervisor's
  // step walks it for every twin every step, and a plain array walks without
  // the iterator and the [id, entry] pair a Map's loop makes.
  #list: W[] | undefined;
  readonly #o: TwinWatchOptions<W>;
  readonly #key: (params: unknown) => string;

  /** Entries by twin id; they change only through `add` and `follow`, which renew `list`. */
  get entries(): ReadonlyMap<string, W> {
    return this.#entries;
  }

  /** Watch every twin of the kind `host` has now. */
  constructor(host: WatchHost, options: TwinWatchOptions<W>) {
    this.#host = host;
    this.#o = options;
    this.#key = options.paramsKey ?? paramsKey;
    for (const twin of host.twins.values()) this.add(twin);
  }

  /**
   * Make an entry for `twin` if it is of the kind, replacing one of the same
   * id; a twin whose entry cannot be made is not watched (`make` says why).
   */
  add(twin: Twin): W | undefined {
    if (twin.def.kind !== this.#o.kind) return undefined;
    const w = this.#o.make(twin);
    if (w) this.#entries.set(twin.id, w);
    else this.#entries.delete(twin.id);
    this.#list = undefined;
    return w;
  }

  /**
   * The entries in the order of {@linkcode TwinWatch.entries}, for a step's
   * loop. An entry that {@linkcode TwinWatch.current} replaces during the
   * loop is in the next step's array; the loop goes on with what `current`
   * returned, as it did over the Map.
   */
  get list(): readonly W[] {
    return this.#list ??= [...this.#entries.values()];
  }

  /**
   * The entry for the twin running under `w`'s id now: `w`, or a new one when
   * the twin was replaced or (for learners of params) got params of another
   * key; undefined while the twin is not running.
   */
  current(id: string, w: W): W | undefined {
    // A twin replaced under its id (restarted, reconfigured) stops running
    // first, so a running twin with the learner's params needs no lookup.
    if (w.twin.running && (!this.#o.relearnOnParams || w.twin.params === w.params)) return w;
    const twin = this.#host.twins.get(id);
    if (!twin || !twin.running) return undefined;
    if (twin === w.twin && (!this.#o.relearnOnParams || twin.params === w.params)) return w;
    if (twin === w.twin && this.#key(twin.params) === this.#key(w.params)) {
      // New params the learner does not read: it keeps what it learnt.
      w.params = twin.params;
      return w;
    }
    return this.add(twin);
  }

  /** Follow a change of the twin set: entries for twins added, none for twins removed. */
  follow(change: TwinSetChange): void {
    for (const id of change.removed) this.#entries.delete(id);
    this.#list = undefined;
    for (const id of change.added) {
      const twin = this.#host.twins.get(id);
      if (twin) this.add(twin);
    }
  }

  /** Every entry as plain JSON. */
  snapshot(): TwinWatchState {
    const out: Record<string, unknown> = {};
    for (const [id, w] of this.entries) {
      out[id] = {
        ...(this.#o.relearnOnParams ? { params: this.#key(w.params) } : {}),
        lastTs: toJsonNumber(w.lastTs) as JsonNumber,
        ...this.#o.save(w),
      };
    }
    return { version: this.#o.version, [this.#o.key]: out };
  }

  /**
   * Continue from {@linkcode TwinWatch.snapshot} of another plant's watch.
   * A twin the state lacks, or (for learners of params) whose params differ
   * from those its learner learnt under, starts afresh and is named in the
   * warnings returned; twins the state has and this plant lacks are left
   * out. A state that does not fit throws a `LearnerStateError` naming its
   * JSON path under `path`.
   */
  restore(state: unknown, path: string): string[] {
    const o = this.#o;
    const s = checkVersion(state, path, o.version);
    const saved = jsonObject(s[o.key], `${path}.${o.key}`);
    const warnings: string[] = [];
    for (const [id, w] of this.entries) {
      if (saved[id] === undefined) {
        warnings.push(`${id}: no ${o.learner} in the snapshot; it ${o.afresh}`);
        continue;
      }
      const p = `${path}.${o.key}["${id}"]`;
      const entry = jsonObject(saved[id], p);
      if (o.relearnOnParams && entry.params !== this.#key(w.params)) {
        warnings.push(`${id}: params differ from the snapshot's; its ${o.learner} ${o.afresh}`);
        continue;
      }
      const lastTs = fromJsonNumber(entry.lastTs, `${p}.lastTs`);
      o.load(w, entry, p);
      w.lastTs = lastTs;
    }
    return warnings;
  }
}
