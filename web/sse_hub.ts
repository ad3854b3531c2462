/**
 * Server-Sent Events of twin changes, alarm transitions, command records and
 * the runtime clock.
 *
 * Clients with the same filter form a group, and a group's frame is built
 * once per flush and written to every client of it that keeps up, so the
 * cost of a change is one serialization per group plus one write per
 * client. A plant step's changes go out when the step ends (`onStep`), not
 * a timer later. Twin changes are coalesced: a client that cannot take a frame
 * keeps only the set of twin ids it has not been sent, never a queue of twin
 * frames. Alarm and command frames cannot be coalesced, so a slow client
 * keeps them in a backlog of at most `maxBacklogFrames`; past that it is
 * never left with a silent gap: its backlog is dropped and, once it reads
 * again, it gets `resync` followed by a fresh snapshot of its twins and
 * annunciated alarms, after which events continue.
 *
 * Frames:
 * - `snapshot`: every matching twin (with only the points a filter asks
 *   for, if it asks); first on (re)connect and after `resync`;
 * - `alarms`: every annunciated alarm of those twins (the list
 *   `GET /api/alarms` answers), right after each `snapshot`; of every twin
 *   for a filter with `alarms: "all"` (a page showing one twin under the
 *   plant's alarm banner);
 * - `clock`: `{now}`, the runtime clock in epoch ms, after each snapshot and
 *   about once a second;
 * - `twins`: the twins that changed since the client's last frame;
 * - `alarm`, `command`: published events, in order;
 * - `resync`: `{reason, dropped}`: the client fell too far behind
 *   (`overflow`), or twins joined or left the plant (`twins_changed`);
 * - a comment line as heartbeat.
 *
 * @module
 */
import type { Twin } from "../twins/twin.ts";

/** Which twins a client wants. */
export interface StreamFilter {
  /** Only these twin ids. */
  ids?: ReadonlySet<string>;
  /** Only twins of these kinds. */
  kinds?: ReadonlySet<string>;
  /** `all`: the `alarms` list and `alarm` events of every twin, whatever `ids` and `kinds` say. */
  alarms?: "all";
  /**
   * Only these points of each twin in `snapshot` and `twins` frames (`key`
   * stands for its kind's key points): a page showing a few values of every
   * twin (the overview) takes a fraction of the bytes.
   */
  points?: ReadonlySet<string>;
}

/** The event name of alarm transitions, which a filter may take plant-wide. */
const ALARM_EVENT = "alarm";

/** Where the hub gets twins (and the clock) from. */
export interface TwinSourceForHub {
  /** Every twin. */
  twins: ReadonlyMap<string, Twin>;
  /** Subscribe to changes. */
  onChange(listener: (twin: Twin) => void): () => void;
  /** The runtime clock, for `clock` frames (none without it). */
  clock?: { now(): number };
  /** Subscribe to twins joining or leaving the plant (a reconfiguration). */
  onTwinsChanged?(listener: () => void): () => void;
  /**
   * Subscribe to the end of each plant step: the step's changes go out
   * then, instead of after a timer that waits behind every socket's I/O.
   */
  onStep?(listener: (now: number) => void): () => void;
}

/** An alarm as the hub needs it: the twin it belongs to; the rest is passed on as JSON. */
export interface AlarmForHub {
  /** Twin id, for the stream filter. */
  twin: string;
}

/** Options for {@linkcode SseHub}. */
export interface SseHubOptions {
  /** Heartbeat period in ms (default 15 s). */
  heartbeatMs?: number;
  /** `clock` frame period in ms (default 1 s). */
  clockMs?: number;
  /** Bytes a client may have queued before it counts as slow (default 256 KiB). */
  highWaterBytes?: number;
  /** Least time between two flushes, ms (default 20): caps the writes per client at 50 a second. */
  minFlushIntervalMs?: number;
  /** How often clients that were behind are checked for having drained, ms (default 100). */
  catchUpMs?: number;
  /** Alarm and command frames a slow client may fall behind before it is resynced (default 1,000). */
  maxBacklogFrames?: number;
  /** The annunciated alarms, for the `alarms` frame after every snapshot (none without it). */
  alarms?(): readonly AlarmForHub[];
}

interface Group {
  key: string;
  filter: StreamFilter;
  clients: Set<Client>;
  /** Frames published since the last flush. */
  extras: string[];
  /** More frames than any client may fall behind were published in one tick. */
  overflow: boolean;
  /** Frames published since the last flush, kept or not. */
  published: number;
}

/** Why a client is sent its state again. */
type ResyncReason = "overflow" | "twins_changed";

interface Client {
  group: Group;
  controller: ReadableStreamDefaultController<Uint8Array>;
  closed: boolean;
  /** Published frames it could not take yet, oldest first. */
  backlog: string[];
  /** Twins changed since its last frame, while it is behind. */
  lag: Set<string> | undefined;
  /** A clock frame is due while it is behind. */
  clockDue: boolean;
  /** Its next frame is `resync` and a snapshot, for this reason. */
  resync: ResyncReason | undefined;
  /** Frames dropped since its last resync. */
  dropped: number;
  /** Frames its group published this tick before its snapshot, which covers them. */
  skip: number;
}

const encoder = new TextEncoder();

/** Fans twin changes and events out to SSE clients, coalesced per client. */
export class SseHub {
  readonly #source: TwinSourceForHub;
  readonly #groups = new Map<string, Group>();
  readonly #highWater: number;
  readonly #maxBacklog: number;
  readonly #minInterval: number;
  readonly #alarms: (() => readonly AlarmForHub[]) | undefined;
  #clients = 0;
  #changed = new Set<string>();
  /** Clients owed frames they could not take, until they drain. */
  readonly #behind = new Set<Client>();
  #clockDue = false;
  #flushScheduled = false;
  #flushTimer: ReturnType<typeof setTimeout> | undefined;
  #flushedAt = -Infinity;
  #clockSentAt = -Infinity;
  #alarmCache: { all: readonly AlarmForHub[]; json: string } | undefined;
  #unsubscribe: () => void;
  #unsubscribeSet: (() => void) | undefined;
  #unsubscribeStep: (() => void) | undefined;
  #twinSetChanged = false;
  #timers: ReturnType<typeof setInterval>[];
  /** Chunks written since start (a chunk carries every frame of one flush). */
  framesSent = 0;
  /** Resyncs sent since start: clients that fell behind and got a fresh snapshot. */
  resyncs = 0;

  /** Start listening to `source`. */
  constructor(source: TwinSourceForHub, opts: SseHubOptions = {}) {
    this.#source = source;
    this.#highWater = opts.highWaterBytes ?? 256 * 1024;
    this.#maxBacklog = opts.maxBacklogFrames ?? 1_000;
    this.#minInterval = opts.minFlushIntervalMs ?? 20;
    this.#alarms = opts.alarms;
    this.#unsubscribe = source.onChange((twin) => {
      if (this.#clients === 0) return;
      this.#changed.add(twin.id);
      this.#scheduleFlush();
    });
    // Twins that left the plant are in no `twins` frame, and their alarms'
    // last events name twins the filters no longer know: every client gets
    // its state again instead.
    this.#unsubscribeSet = source.onTwinsChanged?.(() => {
      if (this.#clients === 0) return;
      this.#twinSetChanged = true;
      this.#scheduleFlush();
    });
    // A step's changes, alarms and events are all in by its end: send them
    // now. The timer `#scheduleFlush` set stays for changes between steps.
    this.#unsubscribeStep = source.onStep?.(() => {
      if (this.#flushScheduled && performance.now() - this.#flushedAt >= this.#minInterval) {
        clearTimeout(this.#flushTimer);
        this.#flush();
      }
    });
    this.#timers = [
      setInterval(() => this.#broadcastRaw(": ping\n\n"), opts.heartbeatMs ?? 15_000),
      // Clients that were behind get what they are owed soon after they drain.
      // A stream's pull callback would do it at once, but it runs after every
      // chunk of every client and costs as much as the write itself.
      setInterval(() => {
        for (const client of this.#behind) {
          if ((client.controller.desiredSize ?? 0) > 0) this.#catchUp(client);
        }
      }, opts.catchUpMs ?? 100),
    ];
    if (source.clock) {
      const period = opts.clockMs ?? 1_000;
      this.#timers.push(setInterval(() => {
        if (this.#clients === 0) return;
        const now = performance.now();
        // Due a little early, so a plant stepping once a period carries it.
        if (now - this.#clockSentAt >= period * 0.75) this.#clockDue = true;
        // A plant stepping often flushes anyway and the clock rides along; a
        // write of its own would double the writes per client. Only when
        // nothing else is sent does the clock go out alone.
        if (this.#clockDue && now - this.#flushedAt >= period * 1.5) this.#scheduleFlush();
      }, period / 4));
    }
  }

  /** Number of connected clients. */
  get clients(): number {
    return this.#clients;
  }

  /** Open a stream for a client; the response body stays open until the client leaves. */
  connect(filter: StreamFilter): Response {
    let client!: Client;
    const stream = new ReadableStream<Uint8Array>({
      start: (controller) => {
        const group = this.#groupFor(filter);
        client = {
          group,
          controller,
          closed: false,
          backlog: [],
          lag: undefined,
          clockDue: false,
          resync: undefined,
          dropped: 0,
          // Frames already published this tick are in the snapshot below.
          skip: group.published,
        };
        group.clients.add(client);
        this.#clients++;
        controller.enqueue(encoder.encode(`retry: 2000\n${this.#snapshot(filter)}`));
        this.framesSent++;
      },
      // The client drained its queue: send what piled up while it was slow.
      cancel: () => this.#drop(client),
    }, { highWaterMark: this.#highWater, size: (chunk) => chunk.byteLength });
    return new Response(stream, {
      headers: {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache",
        "x-accel-buffering": "no",
      },
    });
  }

  /** Send a named event with a JSON payload to every client whose filter admits `twinId`. */
  publish(event: string, payload: unknown, twinId?: string): void {
    this.#alarmCache = undefined; // an event may change what a snapshot holds
    if (this.#clients === 0) return;
    const twin = twinId === undefined ? undefined : this.#source.twins.get(twinId);
    const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
    const plantWide = event === ALARM_EVENT;
    for (const group of this.#groups.values()) {
      if (plantWide && group.filter.alarms === "all") {
        // Every alarm, whichever twin it belongs to.
      } else if (twin && !matches(group.filter, twin)) continue;
      else if (twinId !== undefined && !twin) {
        // A twin that just left the plant: its kind is unknown, its id is not.
        const { ids, kinds } = group.filter;
        if (kinds || (ids && !ids.has(twinId))) continue;
      }
      group.published++;
      if (group.overflow) continue;
      // No client can fall further behind than this: resync them all instead.
      if (group.extras.length >= this.#maxBacklog) {
        group.overflow = true;
        group.extras = [];
      } else group.extras.push(frame);
    }
    this.#scheduleFlush();
  }

  /** Close every stream and stop listening. */
  close(): void {
    this.#unsubscribe();
    this.#unsubscribeSet?.();
    this.#unsubscribeStep?.();
    clearTimeout(this.#flushTimer);
    for (const t of this.#timers) clearInterval(t);
    for (const group of this.#groups.values()) {
      for (const client of group.clients) {
        client.closed = true;
        try {
          client.controller.close();
        } catch {
          // already closed by the client
        }
      }
    }
    this.#groups.clear();
    this.#clients = 0;
  }

  #groupFor(filter: StreamFilter): Group {
    const key = JSON.stringify([
      filter.ids ? [...filter.ids].sort() : null,
      filter.kinds ? [...filter.kinds].sort() : null,
      filter.alarms ?? null,
      filter.points ? [...filter.points].sort() : null,
    ]);
    let group = this.#groups.get(key);
    if (!group) {
      group = { key, filter, clients: new Set(), extras: [], overflow: false, published: 0 };
      this.#groups.set(key, group);
    }
    return group;
  }

  #scheduleFlush(): void {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    // One macrotask later: every change of the same tick (a whole plant step,
    // its alarms and a clock tick) goes out as one chunk per client. Changes
    // that trickle in on their own (device polls answering one by one) are
    // gathered for up to `minFlushIntervalMs` after the last flush, so each
    // client gets a bounded number of writes a second, however many sources.
    const wait = this.#flushedAt + this.#minInterval - performance.now();
    this.#flushTimer = setTimeout(() => this.#flush(), Math.max(0, wait));
  }

  #flush(): void {
    this.#flushScheduled = false;
    this.#flushedAt = performance.now();
    // Alarm views hold time-dependent fields: a snapshot is at most one tick old.
    this.#alarmCache = undefined;
    const changed = this.#changed;
    this.#changed = new Set();
    const clock = this.#clockDue ? this.#clockFrame() : "";
    if (clock) this.#clockSentAt = this.#flushedAt;
    this.#clockDue = false;
    const setChanged = this.#twinSetChanged;
    this.#twinSetChanged = false;
    for (const group of this.#groups.values()) {
      const { extras, overflow, published } = group;
      group.extras = [];
      group.overflow = false;
      group.published = 0;
      let ids: string[] | undefined;
      let shared: Uint8Array | undefined;
      for (const client of group.clients) {
        const writable = (client.controller.desiredSize ?? 0) > 0;
        if (overflow) {
          // The tick's frames were not kept (extras is empty): count what it missed.
          const missed = published - client.skip;
          if (client.resync) client.dropped += missed;
          else if (missed > 0) this.#markResync(client, missed, "overflow");
          client.skip = 0;
        }
        if (setChanged && !client.resync) this.#markResync(client, 0, "twins_changed");
        if (
          writable && !client.resync && !client.lag && client.backlog.length === 0 &&
          client.skip === 0
        ) {
          // Up to date: the group's one frame.
          if (!shared) {
            ids ??= this.#matching(group.filter, changed);
            shared = encoder.encode(
              extras.join("") + this.#twinsFrame(ids, group.filter) + clock,
            );
          }
          if (shared.byteLength) this.#write(client, shared);
          continue;
        }
        // Behind (or fresh): add this tick to what it is owed.
        if (clock) client.clockDue = true;
        const mine = client.skip ? extras.slice(client.skip) : extras;
        if (client.resync) client.dropped += mine.length;
        else {
          if (client.backlog.length + mine.length > this.#maxBacklog) {
            this.#markResync(client, mine.length, "overflow");
          } else {
            for (const f of mine) client.backlog.push(f);
            ids ??= this.#matching(group.filter, changed);
            if (ids.length) {
              client.lag ??= new Set();
              for (const id of ids) client.lag.add(id);
            }
          }
        }
        client.skip = 0;
        if (writable) this.#catchUp(client);
        else this.#behind.add(client);
      }
    }
  }

  /** Send a client what it is owed: a resync and snapshot, or its backlog and lagging twins. */
  #catchUp(client: Client): void {
    this.#behind.delete(client);
    if (client.closed) return;
    let text: string;
    if (client.resync) {
      text = `event: resync\ndata: ${
        JSON.stringify({ reason: client.resync, dropped: client.dropped })
      }\n\n${this.#snapshot(client.group.filter)}`;
      client.resync = undefined;
      client.dropped = 0;
      // Frames published since the last flush are in this snapshot already.
      client.skip = client.group.published;
      this.resyncs++;
    } else {
      text = client.backlog.join("") +
        (client.lag ? this.#twinsFrame(client.lag, client.group.filter) : "") +
        (client.clockDue ? this.#clockFrame() : "");
    }
    client.backlog = [];
    client.lag = undefined;
    client.clockDue = false;
    if (text) this.#write(client, encoder.encode(text));
  }

  #markResync(client: Client, more: number, reason: ResyncReason): void {
    client.dropped += client.backlog.length + more;
    client.resync = reason;
    client.backlog = [];
    client.lag = undefined;
  }

  /** The twin ids among `changed` that `filter` admits. */
  #matching(filter: StreamFilter, changed: ReadonlySet<string>): string[] {
    const out: string[] = [];
    if (changed.size === 0) return out;
    const twins = this.#source.twins;
    // A filter by id is usually far smaller than a plant step's changes.
    const candidates = filter.ids && filter.ids.size < changed.size ? filter.ids : changed;
    for (const id of candidates) {
      if (candidates !== changed && !changed.has(id)) continue;
      const twin = twins.get(id);
      if (twin && matches(filter, twin)) out.push(id);
    }
    return out;
  }

  #twinsFrame(ids: Iterable<string>, filter: StreamFilter): string {
    const parts: string[] = [];
    for (const id of ids) {
      const twin = this.#source.twins.get(id);
      if (twin) parts.push(twinJson(twin, filter));
    }
    return parts.length ? `event: twins\ndata: [${parts.join(",")}]\n\n` : "";
  }

  #clockFrame(): string {
    const clock = this.#source.clock;
    return clock ? `event: clock\ndata: {"now":${clock.now()}}\n\n` : "";
  }

  /** `snapshot`, `alarms` and `clock` frames for `filter`, as of now. */
  #snapshot(filter: StreamFilter): string {
    const twins: string[] = [];
    for (const twin of this.#source.twins.values()) {
      if (matches(filter, twin)) twins.push(twinJson(twin, filter));
    }
    let text = `event: snapshot\ndata: [${twins.join(",")}]\n\n`;
    if (this.#alarms) {
      if (!this.#alarmCache) {
        const all = this.#alarms();
        this.#alarmCache = { all, json: JSON.stringify(all) };
      }
      const json = filter.alarms === "all" || (!filter.ids && !filter.kinds)
        ? this.#alarmCache.json
        : JSON.stringify(this.#alarmCache.all.filter((a) => {
          const twin = this.#source.twins.get(a.twin);
          return twin !== undefined && matches(filter, twin);
        }));
      text += `event: alarms\ndata: ${json}\n\n`;
    }
    return text + this.#clockFrame();
  }

  #write(client: Client, bytes: Uint8Array): void {
    try {
      client.controller.enqueue(bytes);
      this.framesSent++;
    } catch {
      this.#drop(client);
    }
  }

  #broadcastRaw(text: string): void {
    const bytes = encoder.encode(text);
    for (const group of this.#groups.values()) {
      for (const client of group.clients) {
        if ((client.controller.desiredSize ?? 0) > 0) this.#write(client, bytes);
      }
    }
  }

  #drop(client: Client): void {
    this.#behind.delete(client);
    if (client.closed) return;
    client.closed = true;
    const group = client.group;
    if (group.clients.delete(client)) this.#clients--;
    if (group.clients.size === 0) this.#groups.delete(group.key);
  }
}

/** A twin's JSON with the points `filter` asks for (all of them without a point filter). */
function twinJson(twin: Twin, filter: StreamFilter): string {
  const want = filter.points;
  if (!want) return twin.json();
  const view = twin.view();
  const keys = want.has("key");
  const points: typeof view.points = {};
  for (const [name, spec] of twin.pointSpecs()) {
    if (want.has(name) || (keys && spec.key)) points[name] = view.points[name];
  }
  return JSON.stringify({ ...view, points });
}

function matches(filter: StreamFilter, twin: Twin): boolean {
  return (!filter.ids || filter.ids.has(twin.id)) &&
    (!filter.kinds || filter.kinds.has(twin.def.kind));
}
