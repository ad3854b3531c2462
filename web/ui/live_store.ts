/**
 * The UI's one copy of live twin state, fed only by the SSE stream: a
 * `snapshot` frame replaces everything (it comes first on every connect and
 * reconnect, and after a `resync`), a `twins` frame merges changed twins by
 * id, a `command` frame is passed on to whoever watches commands, an `alarm`
 * frame to whoever watches alarms, and the `alarms` frame that follows every
 * snapshot (the annunciated alarms as of that snapshot) to the alarm store,
 * which replaces its state with it; a `station_plan` frame goes to whoever
 * watches periodic station plans. A `resync` frame says the server found
 * this client too slow and dropped events it owed it; the snapshot and
 * alarm list that follow replace what they would have changed, and watchers
 * of resyncs (pages holding other server state) fetch theirs again. Views
 * subscribe and re-render on each change.
 *
 * The stream carries only what the page shows ({@linkcode LiveStore.scope}):
 * every twin with every point by default; some twins (a twin's page: the
 * twin and its relatives), only theirs (`?ids=...`) with the alarms of the
 * whole plant still (`&alarms=all`), so the first message of a twin's page
 * is a few KB, not the plant; or every twin with some points (the overview
 * and the wall: key values and what the plant figures sum, `?points=...`).
 * A change of scope reopens the stream, whose snapshot replaces what the
 * store held.
 * Names of twins outside the scope (an alarm banner naming another twin) are
 * remembered from every view seen and, when never seen, read once over REST.
 *
 * @module
 */
import type { AlarmEventPayload, AlarmView, CommandRecord, TwinView } from "./api_types.ts";

/** What the stream carries: some twins (`ids`), some points of each (`points`); undefined: all. */
export interface StreamScope {
  /** Only these twins (with every alarm of the plant). */
  ids?: readonly string[];
  /** Only these points of each twin (`key`: its kind's key points). */
  points?: readonly string[];
}

/** Whether the stream is up. */
export type ConnectionState = "connecting" | "live" | "reconnecting";

/** The parts of `EventSource` the store uses, so tests can pass a fake. */
export interface StreamSource {
  /** 0 connecting, 1 open, 2 closed. */
  readonly readyState: number;
  /** Called when the connection opens. */
  onopen: ((ev: Event) => unknown) | null;
  /** Called when the connection fails or drops. */
  onerror: ((ev: Event) => unknown) | null;
  /** Listen for a named event. */
  addEventListener(type: string, listener: (ev: MessageEvent) => void): void;
  /** Close the connection for good. */
  close(): void;
}

/** Options for {@linkcode LiveStore}. */
export interface LiveStoreOptions {
  /** Open a stream at `url` (default: `new EventSource(url)`). */
  open?(url: string): StreamSource;
  /** Stream path (default `/api/stream`); the scope's query is added to it. */
  path?: string;
  /** The URL opened at each (re)connect from the stream's path and query (adds a fresh token). */
  url?(path: string): string;
  /** Read the views of twins whose names the store has not seen (default: none are read). */
  lookup?(ids: readonly string[]): Promise<readonly { id: string; name: string }[]>;
  /** Wait before reopening a stream the browser gave up on (default 2000 ms). */
  retryMs?: number;
  /** Timer used for that wait (default `setTimeout`). */
  schedule?(fn: () => void, ms: number): void;
}

const CLOSED = 2;

/** Live twin views kept current by the SSE stream. */
export class LiveStore {
  /** Twin views by id, in the server's order. */
  readonly twins = new Map<string, TwinView>();
  /** Connection state of the stream. */
  connection: ConnectionState = "connecting";
  /** Latest sample time seen (epoch ms, runtime clock); 0 before any. */
  latestTs = 0;
  /** Runtime clock (epoch ms) from the latest `clock` frame; 0 before any. */
  clockNow = 0;
  /** Grows by one with every change, so views can tell they are current. */
  revision = 0;
  /** Frames received since start. */
  frames = 0;
  /** Resyncs received since start: times the server found this client too slow. */
  resyncs = 0;
  /** What the stream carries: undefined for every twin and point (lists sorted). */
  scope: StreamScope | undefined;
  /**
   * The twins held came from a stream of some twins (a twin's page), not the
   * whole plant: a page listing every twin waits for the next snapshot
   * instead of showing a few.
   */
  partial = false;
  /**
   * The views held carry only some points (the overview's stream): a page
   * showing every point of a twin reads its detail until the next snapshot.
   */
  light = false;
  readonly #opts: Required<LiveStoreOptions>;
  readonly #listeners = new Set<() => void>();
  readonly #commandListeners = new Set<(record: CommandRecord) => void>();
  readonly #alarmListeners = new Set<(payload: AlarmEventPayload) => void>();
  readonly #snapshotListeners = new Set<() => void>();
  readonly #alarmSnapshotListeners = new Set<(alarms: readonly AlarmView[]) => void>();
  readonly #resyncListeners = new Set<() => void>();
  readonly #stationPlanListeners = new Set<(plan: unknown) => void>();
  #source: StreamSource | undefined;
  #stopped = true;
  /** Names of every twin ever seen, kept across snapshots of other scopes. */
  readonly #names = new Map<string, string>();
  readonly #asked = new Set<string>();
  #toAsk: string[] = [];

  /** Create a store; call {@linkcode LiveStore.start} to connect. */
  constructor(opts: LiveStoreOptions = {}) {
    this.#opts = {
      open: opts.open ?? ((url) => new EventSource(url) as unknown as StreamSource),
      path: opts.path ?? "/api/stream",
      url: opts.url ?? ((path) => path),
      lookup: opts.lookup ?? (() => Promise.resolve([])),
      retryMs: opts.retryMs ?? 2_000,
      schedule: opts.schedule ?? ((fn, ms) => setTimeout(fn, ms)),
    };
  }

  /** Connect to the stream. */
  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#open();
  }

  /** Disconnect for good. */
  stop(): void {
    this.#stopped = true;
    this.#source?.close();
    this.#source = undefined;
  }

  /** A twin's latest view. */
  get(id: string): TwinView | undefined {
    return this.twins.get(id);
  }

  /**
   * Carry what `scope` says (undefined: every twin and point); reopens the
   * stream when that differs from what it carries.
   */
  setScope(scope: StreamScope | undefined): void {
    const sorted = (list: readonly string[] | undefined) => list && [...new Set(list)].sort();
    const next = scope && { ids: sorted(scope.ids), points: sorted(scope.points) };
    const key = (s: StreamScope | undefined) => JSON.stringify([s?.ids ?? null, s?.points ?? null]);
    if (key(next) === key(this.scope)) return;
    this.scope = next?.ids || next?.points ? next : undefined;
    if (this.#stopped || !this.#source) return;
    this.#source.close();
    this.#source = undefined;
    this.#open();
  }

  /** The stream's path and query for the current scope. */
  streamPath(): string {
    const { path } = this.#opts;
    const list = (names: readonly string[]) => names.map(encodeURIComponent).join(",");
    const query: string[] = [];
    if (this.scope?.ids) query.push(`ids=${list(this.scope.ids)}`, "alarms=all");
    if (this.scope?.points) query.push(`points=${list(this.scope.points)}`);
    if (!query.length) return path;
    return `${path}${path.includes("?") ? "&" : "?"}${query.join("&")}`;
  }

  /**
   * A twin's name, from its view or any view seen before; a twin never seen
   * (outside the scope) is looked up once, and the store changes when its
   * name arrives. Undefined until then.
   */
  nameOf(id: string): string | undefined {
    const name = this.twins.get(id)?.name ?? this.#names.get(id);
    if (name !== undefined || this.#asked.has(id)) return name;
    this.#asked.add(id);
    this.#toAsk.push(id);
    // Names asked for in one render go in one request.
    if (this.#toAsk.length === 1) {
      queueMicrotask(() => {
        const ids = this.#toAsk;
        this.#toAsk = [];
        this.#opts.lookup(ids).then((views) => {
          for (const v of views) this.#names.set(v.id, v.name);
          if (views.length) this.#changed();
        }, () => {
          // Unknown stays unknown; the view shows the id.
        });
      });
    }
    return undefined;
  }

  /** Call `listener` after every change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Call `listener` for every command record the stream carries. */
  onCommand(listener: (record: CommandRecord) => void): () => void {
    this.#commandListeners.add(listener);
    return () => this.#commandListeners.delete(listener);
  }

  /** Call `listener` for every `alarm` frame (`{alarm, entry}`). */
  onAlarm(listener: (payload: AlarmEventPayload) => void): () => void {
    this.#alarmListeners.add(listener);
    return () => this.#alarmListeners.delete(listener);
  }

  /** Call `listener` with every `station_plan` frame (a periodic pump-station plan). */
  onStationPlan(listener: (plan: unknown) => void): () => void {
    this.#stationPlanListeners.add(listener);
    return () => this.#stationPlanListeners.delete(listener);
  }

  /** Call `listener` after every snapshot, the first frame of each (re)connect. */
  onSnapshot(listener: () => void): () => void {
    this.#snapshotListeners.add(listener);
    return () => this.#snapshotListeners.delete(listener);
  }

  /** Call `listener` with the annunciated alarms that follow every snapshot. */
  onAlarmSnapshot(listener: (alarms: readonly AlarmView[]) => void): () => void {
    this.#alarmSnapshotListeners.add(listener);
    return () => this.#alarmSnapshotListeners.delete(listener);
  }

  /** Call `listener` on every `resync`: events were dropped, state is sent again. */
  onResync(listener: () => void): () => void {
    this.#resyncListeners.add(listener);
    return () => this.#resyncListeners.delete(listener);
  }

  /** Replace every twin with a snapshot. */
  applySnapshot(views: readonly TwinView[]): void {
    this.twins.clear();
    this.latestTs = 0;
    for (const v of views) this.#put(v);
    this.#setConnection("live");
    this.#changed();
    for (const l of this.#snapshotListeners) l();
  }

  /** Merge changed twins by id. */
  applyTwins(views: readonly TwinView[]): void {
    for (const v of views) this.#put(v);
    this.#changed();
  }

  /** Take the runtime clock from a `clock` frame (`{now}`); values age against it. */
  applyClock(now: number): void {
    if (!Number.isFinite(now)) return;
    this.clockNow = now;
    this.#changed();
  }

  /** Pass the alarm list of a snapshot on to its watchers, which replace their alarm state. */
  applyAlarmSnapshot(alarms: readonly AlarmView[]): void {
    if (!Array.isArray(alarms)) return;
    for (const l of this.#alarmSnapshotListeners) l(alarms);
  }

  /** Note a resync; the snapshot and alarm list that follow carry the state. */
  applyResync(): void {
    this.resyncs++;
    for (const l of this.#resyncListeners) l();
    this.#changed();
  }

  /** Pass a command record on to its watchers. */
  applyCommand(record: CommandRecord): void {
    for (const l of this.#commandListeners) l(record);
  }

  /** Pass a periodic station plan on to its watchers. */
  applyStationPlan(plan: unknown): void {
    for (const l of this.#stationPlanListeners) l(plan);
  }

  /** Pass an alarm transition on to its watchers. */
  applyAlarm(payload: AlarmEventPayload): void {
    for (const l of this.#alarmListeners) l(payload);
  }

  #put(view: TwinView): void {
    this.twins.set(view.id, view);
    this.#names.set(view.id, view.name);
    for (const name in view.points) {
      const ts = view.points[name].ts;
      if (ts > this.latestTs) this.latestTs = ts;
    }
  }

  #open(): void {
    const source = this.#opts.open(this.#opts.url(this.streamPath()));
    const scoped = this.scope?.ids !== undefined;
    const light = this.scope?.points !== undefined;
    this.#source = source;
    source.onopen = () => this.#setConnection("live");
    source.onerror = () => {
      if (this.#source !== source) return;
      this.#setConnection("reconnecting");
      // The browser retries by itself unless the server answered with an
      // error status, which closes the stream; then it is up to us.
      if (source.readyState === CLOSED) {
        source.close();
        this.#source = undefined;
        this.#opts.schedule(() => {
          if (!this.#stopped && !this.#source) this.#open();
        }, this.#opts.retryMs);
      }
    };
    const frame = (type: string, apply: (data: unknown) => void) =>
      source.addEventListener(type, (ev) => {
        if (this.#source !== source) return;
        let data: unknown;
        try {
          data = JSON.parse(ev.data);
        } catch {
          console.warn(`ignored a ${type} frame that is not JSON`);
          return;
        }
        this.frames++;
        apply(data);
      });
    frame("snapshot", (d) => {
      this.partial = scoped;
      this.light = light;
      this.applySnapshot(d as TwinView[]);
    });
    frame("twins", (d) => this.applyTwins(d as TwinView[]));
    frame("command", (d) => this.applyCommand(d as CommandRecord));
    frame("alarm", (d) => this.applyAlarm(d as AlarmEventPayload));
    frame("alarms", (d) => this.applyAlarmSnapshot(d as AlarmView[]));
    frame("resync", () => this.applyResync());
    frame("station_plan", (d) => this.applyStationPlan(d));
    frame("clock", (d) => this.applyClock(Number((d as { now?: unknown } | null)?.now)));
  }

  #setConnection(state: ConnectionState): void {
    if (this.connection === state) return;
    this.connection = state;
    this.#changed();
  }

  #changed(): void {
    this.revision++;
    for (const l of this.#listeners) l();
  }
}
