/**
 * Server-Sent Events of twin changes. Each client keeps only the set of twin
 * ids that changed since its last frame, never a queue of frames: a slow
 * browser gets the latest state of each twin when it catches up, and server
 * memory per client is bounded by the number of twins it watches.
 *
 * Frames: `snapshot` (every matching twin, first thing on (re)connect),
 * `twins` (changed twins), `command` (command records), and a comment line
 * as heartbeat.
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
}

/** Where the hub gets twins from. */
export interface TwinSourceForHub {
  /** Every twin. */
  twins: ReadonlyMap<string, Twin>;
  /** Subscribe to changes. */
  onChange(listener: (twin: Twin) => void): () => void;
}

/** Options for {@linkcode SseHub}. */
export interface SseHubOptions {
  /** Heartbeat period in ms (default 15 s). */
  heartbeatMs?: number;
  /** Bytes a client may have queued before it counts as slow (default 256 KiB). */
  highWaterBytes?: number;
}

interface Client {
  filter: StreamFilter;
  pending: Set<string>;
  controller: ReadableStreamDefaultController<Uint8Array>;
  closed: boolean;
  extra: string[];
}

const encoder = new TextEncoder();

/** Fans twin changes out to SSE clients, coalesced per client. */
export class SseHub {
  readonly #source: TwinSourceForHub;
  readonly #clients = new Set<Client>();
  readonly #highWater: number;
  #flushScheduled = false;
  #unsubscribe: () => void;
  #heartbeat: ReturnType<typeof setInterval>;
  /** Frames written since start. */
  framesSent = 0;

  /** Start listening to `source`. */
  constructor(source: TwinSourceForHub, opts: SseHubOptions = {}) {
    this.#source = source;
    this.#highWater = opts.highWaterBytes ?? 256 * 1024;
    this.#unsubscribe = source.onChange((twin) => this.#changed(twin));
    this.#heartbeat = setInterval(
      () => this.#broadcastRaw(": ping\n\n"),
      opts.heartbeatMs ?? 15_000,
    );
  }

  /** Number of connected clients. */
  get clients(): number {
    return this.#clients.size;
  }

  /** Open a stream for a client; the response body stays open until the client leaves. */
  connect(filter: StreamFilter): Response {
    let client!: Client;
    const stream = new ReadableStream<Uint8Array>({
      start: (controller) => {
        client = { filter, pending: new Set(), controller, closed: false, extra: [] };
        this.#clients.add(client);
        const twins = [...this.#source.twins.values()].filter((t) => this.#matches(filter, t));
        controller.enqueue(encoder.encode(
          `retry: 2000\nevent: snapshot\ndata: [${twins.map((t) => t.json()).join(",")}]\n\n`,
        ));
        this.framesSent++;
      },
      // The client drained its queue: send what piled up while it was slow.
      pull: () => this.#flushClient(client),
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
    const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
    const twin = twinId ? this.#source.twins.get(twinId) : undefined;
    if (twinId && !twin) return;
    for (const client of this.#clients) {
      if (twin && !this.#matches(client.filter, twin)) continue;
      if (client.extra.length < 1_000) client.extra.push(frame);
    }
    this.#scheduleFlush();
  }

  /** Close every stream and stop listening. */
  close(): void {
    this.#unsubscribe();
    clearInterval(this.#heartbeat);
    for (const client of this.#clients) {
      try {
        client.controller.close();
      } catch {
        // already closed by the client
      }
    }
    this.#clients.clear();
  }

  #matches(filter: StreamFilter, twin: Twin): boolean {
    return (!filter.ids || filter.ids.has(twin.id)) &&
      (!filter.kinds || filter.kinds.has(twin.def.kind));
  }

  #changed(twin: Twin): void {
    if (this.#clients.size === 0) return;
    for (const client of this.#clients) {
      if (this.#matches(client.filter, twin)) client.pending.add(twin.id);
    }
    this.#scheduleFlush();
  }

  #scheduleFlush(): void {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    // One macrotask later: every twin changed in the same tick goes out in one frame.
    setTimeout(() => {
      this.#flushScheduled = false;
      for (const client of this.#clients) this.#flushClient(client);
    }, 0);
  }

  #flushClient(client: Client): void {
    if (client.closed) return;
    const { controller } = client;
    if ((controller.desiredSize ?? 0) <= 0) return; // slow client: keep coalescing
    let frame = client.extra.join("");
    client.extra.length = 0;
    if (client.pending.size > 0) {
      const parts: string[] = [];
      for (const id of client.pending) {
        const twin = this.#source.twins.get(id);
        if (twin) parts.push(twin.json());
      }
      client.pending.clear();
      if (parts.length) frame += `event: twins\ndata: [${parts.join(",")}]\n\n`;
    }
    if (!frame) return;
    try {
      controller.enqueue(encoder.encode(frame));
      this.framesSent++;
    } catch {
      this.#drop(client);
    }
  }

  #broadcastRaw(text: string): void {
    const bytes = encoder.encode(text);
    for (const client of this.#clients) {
      if ((client.controller.desiredSize ?? 0) <= 0) continue;
      try {
        client.controller.enqueue(bytes);
      } catch {
        this.#drop(client);
      }
    }
  }

  #drop(client: Client): void {
    client.closed = true;
    this.#clients.delete(client);
  }
}
