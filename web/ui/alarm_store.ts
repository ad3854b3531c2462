/**
 * The UI's copy of the annunciated alarms and the alarm metrics. The stream
 * sends the annunciated alarms right after every snapshot (each (re)connect,
 * and each `resync` after the server found this client too slow and dropped
 * events), so the store replaces its state with that list and then follows
 * the `alarm` events on the same stream: upsert by id, drop an alarm once
 * its state leaves the annunciated set. The list and the events come in one
 * ordered stream, so no event can be missed or applied twice in between.
 * A feed without alarm lists (older servers) is seeded from `GET
 * /api/alarms` on start and after every snapshot instead; events that
 * arrive while such a seed is on its way are applied again on top of it, so
 * a seed answered before them cannot undo them. Metrics are fetched from
 * `GET /api/alarms/metrics` after each seed, on a timer and, throttled,
 * after alarm events.
 *
 * @module
 */
import { type Fetcher, getJson } from "./api_client.ts";
import type { AlarmEventPayload, AlarmMetricsReport, AlarmView, Priority } from "./api_types.ts";
import { isAnnunciated, needsAck, PRIORITIES } from "./alarm_labels.ts";
import { sortAlarms } from "./alarm_list_query.ts";

/** Where alarm events and (re)connects come from (the live store). */
export interface AlarmFeed {
  /** Hear every `alarm` frame. */
  onAlarm(listener: (payload: AlarmEventPayload) => void): () => void;
  /** Hear every snapshot (first frame after each (re)connect). */
  onSnapshot(listener: () => void): () => void;
  /** Hear the annunciated alarms sent after every snapshot, when the feed carries them. */
  onAlarmSnapshot?(listener: (alarms: readonly AlarmView[]) => void): () => void;
}

/** Options for {@linkcode AlarmStore}. */
export interface AlarmStoreOptions {
  /** Fetch function (default `fetch`). */
  fetcher?: Fetcher;
  /** Repeat `fn` every `ms`; returns the cancel function (default `setInterval`). */
  every?(fn: () => void, ms: number): () => void;
  /** Run `fn` once after `ms`; returns the cancel function (default `setTimeout`). */
  later?(fn: () => void, ms: number): () => void;
  /** Wall-clock milliseconds, for the throttle (default `performance.now`). */
  now?(): number;
  /** Metrics refresh period (default 10 s). */
  metricsEveryMs?: number;
  /** At most one metrics fetch per this long after alarm events (default 2 s). */
  metricsThrottleMs?: number;
}

/** Annunciated alarms of one priority. */
export interface PriorityCount {
  /** The priority. */
  priority: Priority;
  /** Annunciated alarms of it. */
  total: number;
  /** Of those, waiting for acknowledgement. */
  unacked: number;
}

/** What the banner shows. */
export interface AlarmSummary {
  /** One entry per priority, most urgent first. */
  counts: PriorityCount[];
  /** Annunciated alarms. */
  total: number;
  /** Of those, waiting for acknowledgement. */
  unacked: number;
  /** The unacknowledged alarm that changed state last. */
  newest: AlarmView | undefined;
}

/** Annunciated alarms and metrics, kept current from the stream. */
export class AlarmStore {
  /** Annunciated alarms by id. */
  readonly active = new Map<string, AlarmView>();
  /** Latest metrics, once fetched. */
  metrics: AlarmMetricsReport | undefined;
  /** Grows by one with every change. */
  revision = 0;
  /** Completed seeds; pages holding their own alarm lists fetch them again when it grows. */
  seeds = 0;
  /** Why the last seed failed, until one succeeds. */
  error: string | undefined;
  readonly #feed: AlarmFeed;
  readonly #opts: Required<AlarmStoreOptions>;
  readonly #listeners = new Set<() => void>();
  readonly #eventListeners = new Set<(payload: AlarmEventPayload) => void>();
  readonly #stops: (() => void)[] = [];
  #pending: AlarmEventPayload[] | undefined;
  #seedSeq = 0;
  #metricsSeq = 0;
  #metricsAt = -Infinity;
  #trailing: (() => void) | undefined;
  #sorted: { revision: number; list: AlarmView[] } | undefined;
  #summary: { revision: number; summary: AlarmSummary } | undefined;
  #standing: { metrics: AlarmMetricsReport | undefined; ids: Set<string> } | undefined;

  /** A store over `feed`; call {@linkcode AlarmStore.start} to seed and follow it. */
  constructor(feed: AlarmFeed, opts: AlarmStoreOptions = {}) {
    this.#feed = feed;
    this.#opts = {
      fetcher: opts.fetcher ?? ((input, init) => fetch(input, init)),
      every: opts.every ?? ((fn, ms) => {
        const t = setInterval(fn, ms);
        return () => clearInterval(t);
      }),
      later: opts.later ?? ((fn, ms) => {
        const t = setTimeout(fn, ms);
        return () => clearTimeout(t);
      }),
      now: opts.now ?? (() => performance.now()),
      metricsEveryMs: opts.metricsEveryMs ?? 10_000,
      metricsThrottleMs: opts.metricsThrottleMs ?? 2_000,
    };
  }

  /** Seed, then follow events and reconnects, and refresh metrics on a timer. */
  start(): void {
    if (this.#stops.length) return;
    const feed = this.#feed;
    this.#stops.push(
      feed.onAlarm((p) => this.apply(p)),
      feed.onAlarmSnapshot
        ? feed.onAlarmSnapshot((list) => this.replace(list))
        : feed.onSnapshot(() => void this.seed()),
      this.#opts.every(() => void this.#fetchMetrics(), this.#opts.metricsEveryMs),
    );
    // The stream's first alarm list is on its way; a seed would only race it.
    if (feed.onAlarmSnapshot) void this.#fetchMetrics();
    else void this.seed();
  }

  /** Stop following. */
  stop(): void {
    for (const stop of this.#stops.splice(0)) stop();
    this.#trailing?.();
    this.#trailing = undefined;
  }

  /** Call `listener` after every change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Call `listener` with every alarm event (pages that keep lists of other states). */
  onEvent(listener: (payload: AlarmEventPayload) => void): () => void {
    this.#eventListeners.add(listener);
    return () => this.#eventListeners.delete(listener);
  }

  /** Fetch the annunciated alarms and the metrics, replacing what the store holds. */
  async seed(): Promise<void> {
    const mine = ++this.#seedSeq;
    this.#pending = [];
    void this.#fetchMetrics();
    const list = await getJson<AlarmView[]>("/api/alarms", this.#opts.fetcher);
    if (mine !== this.#seedSeq) return; // a newer seed owns the pending events
    const pending = this.#pending ?? [];
    this.#pending = undefined;
    if (list.ok && Array.isArray(list.body)) {
      this.active.clear();
      for (const a of list.body) if (isAnnunciated(a.state)) this.active.set(a.id, a);
      for (const p of pending) this.#upsert(p.alarm);
      this.error = undefined;
      this.seeds++;
    } else {
      this.error = list.error ?? "no alarm list";
    }
    this.#changed();
  }

  /**
   * Replace every alarm with `list` (the stream's alarm list after a
   * snapshot or resync): alarms not in it are gone, whatever events said.
   */
  replace(list: readonly AlarmView[]): void {
    // A REST seed still on its way is older than this list.
    this.#seedSeq++;
    this.#pending = undefined;
    this.active.clear();
    for (const a of list) if (isAnnunciated(a.state)) this.active.set(a.id, a);
    this.error = undefined;
    this.seeds++;
    this.#changed();
    void this.#fetchMetrics();
  }

  /** Apply one alarm event. */
  apply(payload: AlarmEventPayload): void {
    this.#pending?.push(payload);
    this.#upsert(payload.alarm);
    for (const l of this.#eventListeners) l(payload);
    this.#changed();
    this.#requestMetrics();
  }

  /** Annunciated alarms, most urgent and newest first (the API's order). */
  list(): AlarmView[] {
    if (this.#sorted?.revision !== this.revision) {
      this.#sorted = { revision: this.revision, list: sortAlarms([...this.active.values()]) };
    }
    return this.#sorted.list;
  }

  /** Annunciated alarms of one twin, in list order. */
  forTwin(twin: string): AlarmView[] {
    return this.list().filter((a) => a.twin === twin);
  }

  /** Counts by priority and the newest unacknowledged alarm. */
  summary(): AlarmSummary {
    if (this.#summary?.revision !== this.revision) {
      this.#summary = { revision: this.revision, summary: summarize(this.active.values()) };
    }
    return this.#summary.summary;
  }

  /** Ids of standing alarms, from the latest metrics. */
  standing(): ReadonlySet<string> {
    if (!this.#standing || this.#standing.metrics !== this.metrics) {
      this.#standing = {
        metrics: this.metrics,
        ids: new Set(this.metrics?.standing.map((s) => s.alarm) ?? []),
      };
    }
    return this.#standing.ids;
  }

  #upsert(alarm: AlarmView): void {
    if (isAnnunciated(alarm.state)) this.active.set(alarm.id, alarm);
    else this.active.delete(alarm.id);
  }

  #requestMetrics(): void {
    if (this.#trailing) return;
    const wait = this.#metricsAt + this.#opts.metricsThrottleMs - this.#opts.now();
    if (wait <= 0) {
      void this.#fetchMetrics();
      return;
    }
    this.#trailing = this.#opts.later(() => {
      this.#trailing = undefined;
      void this.#fetchMetrics();
    }, wait);
  }

  async #fetchMetrics(): Promise<void> {
    const mine = ++this.#metricsSeq;
    this.#metricsAt = this.#opts.now();
    const r = await getJson<AlarmMetricsReport>("/api/alarms/metrics", this.#opts.fetcher);
    // An older answer arriving late must not replace a newer one.
    if (mine !== this.#metricsSeq || !r.ok || !r.body) return;
    this.metrics = r.body;
    this.#changed();
  }

  #changed(): void {
    this.revision++;
    for (const l of this.#listeners) l();
  }
}

/** Counts by priority (annunciated, unacknowledged) and the newest unacknowledged alarm. */
export function summarize(alarms: Iterable<AlarmView>): AlarmSummary {
  const counts = PRIORITIES.map((priority) => ({ priority, total: 0, unacked: 0 }));
  const at = new Map(counts.map((c) => [c.priority as string, c]));
  let total = 0, unacked = 0;
  let newest: AlarmView | undefined;
  for (const a of alarms) {
    if (!isAnnunciated(a.state)) continue;
    const c = at.get(a.priority);
    total++;
    if (c) c.total++;
    if (!needsAck(a.state)) continue;
    unacked++;
    if (c) c.unacked++;
    if (!newest || a.since > newest.since) newest = a;
  }
  return { counts, total, unacked, newest };
}
