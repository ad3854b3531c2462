/**
 * The InfluxDB sink: a {@linkcode HistoryWriter} that forwards point samples
 * to an InfluxDB v2 write API (or anything that speaks it, VictoriaMetrics
 * among them), store-and-forward.
 *
 * `write` only encodes the samples as line protocol (see line_protocol.ts)
 * and appends them to the on-disk {@linkcode PointBuffer} in one
 * transaction: the step loop never waits on the network. A forwarder on the
 * event loop sends the oldest points in batches of at most `batchSize`, as
 * soon as a batch is full or the oldest point has waited `flushIntervalMs`,
 * and deletes a batch only once the server has answered 204. A failed write
 * (no answer, a timeout, 5xx, 429, 401, 404...) keeps the batch first in line
 * and is retried after `retryMinMs`, doubling up to `retryMaxMs` (or later
 * when the server's Retry-After asks for it, up to `retryMaxMs`); once the
 * server answers again the backlog goes out oldest first, batch after batch,
 * while new samples keep being appended behind it. A batch the server
 * refuses as bad data (400, 413, 422) is split in halves until the refused
 * lines are found; those are dropped and counted, the rest is written, so
 * one bad line never blocks the buffer. Closing leaves what is not confirmed
 * in the file; the next start sends it, if it is for the same server
 * (see buffer_target.ts).
 *
 * @module
 */
import { HttpError, InfluxDB, type Transport } from "@influxdata/influxdb-client";
import type { PointSample, SampleColumns } from "../history_store.ts";
import { plantDatabasePath } from "../plant_database.ts";
import type { HistoryWriter } from "../history_store.ts";
import { claimBuffer, influxTarget, recordTarget } from "./buffer_target.ts";
import type { InfluxConfig } from "./influx_section.ts";
import { LineEncoder } from "./line_protocol.ts";
import { type BufferedBatch, PointBuffer } from "./point_buffer.ts";

/** Options for {@linkcode InfluxSink}: the settings plus where the buffer lives. */
export interface InfluxSinkOptions extends InfluxConfig {
  /** The buffer file (see {@linkcode influxBufferPath}). */
  bufferPath: string;
  /** Where to report outages, recoveries, a full buffer and refused lines. Default console.error. */
  log?(message: string): void;
}

/** Counters of a sink. */
export interface InfluxSinkStats {
  /** Points the server confirmed. */
  written: number;
  /** Points dropped because the buffer was full, or could not be written (see `lost`). */
  dropped: number;
  /** Points the server refused as bad data (dropped after isolating them). */
  rejected: number;
  /** Samples with no line (null, NaN, Infinity). */
  skipped: number;
  /** Write requests that failed and will be retried. */
  failures: number;
  /** Whether the latest write request was confirmed. */
  connected: boolean;
}

/** The buffer file of a plant's sink under the data directory `dir`. */
export function influxBufferPath(dir: string, plantName: string): string {
  return plantDatabasePath(dir, plantName).replace(/\.sqlite$/, ".influx-buffer.sqlite");
}

/** HTTP statuses that mean the server refuses the data itself: retrying it unchanged cannot help. */
const REFUSED = new Set([400, 413, 422]);

/** Refused lines reported one by one before the log only counts them. */
const LOGGED_REFUSALS = 10;

/** Forwards samples to InfluxDB through an on-disk buffer; see the module doc. */
export class InfluxSink implements HistoryWriter {
  /** Counters. */
  readonly stats: InfluxSinkStats = {
    written: 0,
    dropped: 0,
    rejected: 0,
    skipped: 0,
    failures: 0,
    connected: false,
  };
  readonly #cfg: InfluxSinkOptions;
  readonly #buffer: PointBuffer;
  readonly #encoder: LineEncoder;
  readonly #transport: Transport;
  readonly #path: string;
  readonly #headers: Record<string, string>;
  readonly #log: (message: string) => void;
  readonly #forwarder: Promise<void>;
  /** Ends the forwarder's current wait; set while it waits. */
  #wakeUp: (() => void) | undefined;
  /** Points buffered at which an append ends the current wait (never during a retry delay). */
  #wakeAt = Infinity;
  /** Aborts the request in flight. */
  #inFlight: AbortController | undefined;
  #flushRequested = false;
  /** What the server's latest Retry-After asked for, in ms (0 when it asked nothing). */
  #retryAfterMs = 0;
  #failing = false;
  #full = false;
  #closed = false;
  readonly #emptyWaiters: (() => void)[] = [];

  /** Open the buffer (sending what an earlier run left in it) and start forwarding. */
  constructor(opts: InfluxSinkOptions) {
    this.#cfg = opts;
    this.#log = opts.log ?? ((m) => console.error(m));
    // Points buffered for another server are kept aside, never sent here (buffer_target.ts).
    const target = influxTarget(opts);
    claimBuffer(opts.bufferPath, target, this.#log);
    this.#buffer = new PointBuffer(opts.bufferPath, {
      limitPoints: opts.bufferLimitPoints,
      chunkPoints: opts.batchSize,
    });
    try {
      recordTarget(this.#buffer, target);
    } catch (e) {
      this.#buffer.close();
      throw e;
    }
    this.#encoder = new LineEncoder(opts.measurement);
    this.#transport = new InfluxDB({ url: opts.url, token: opts.token || undefined }).transport;
    this.#path = `/api/v2/write?org=${encodeURIComponent(opts.org)}&bucket=${
      encodeURIComponent(opts.bucket)
    }&precision=ms`;
    this.#headers = { "content-type": "text/plain; charset=utf-8" };
    if (this.#buffer.points > 0) {
      this.#log(
        `influx: ${this.#buffer.points} points left from an earlier run; sending them first`,
      );
    }
    this.#forwarder = this.#forward();
  }

  /** Points on disk waiting for the server's confirmation. */
  get buffered(): number {
    return this.#buffer.points;
  }

  /** Append samples to the buffer (one transaction); throws and keeps nothing when it cannot. */
  write(samples: readonly PointSample[]): void {
    const enc = this.#encoder;
    const lines: string[] = [];
    for (const s of samples) {
      const line = enc.encode(s.twin, s.point, s.unit ?? "", s.ts, s.value, s.quality);
      if (line === undefined) this.stats.skipped++;
      else lines.push(line);
    }
    this.#append(lines);
  }

  /** {@linkcode InfluxSink.write} for samples `start` to `end` of a batch in columns. */
  writeColumns(batch: SampleColumns, start: number, end: number): void {
    const enc = this.#encoder;
    const lines: string[] = [];
    for (let i = start; i < end; i++) {
      const line = enc.encode(
        batch.twin(i),
        batch.point(i),
        batch.unit(i),
        batch.ts(i),
        batch.value(i),
        batch.quality(i),
      );
      if (line === undefined) this.stats.skipped++;
      else lines.push(line);
    }
    this.#append(lines);
  }

  /** Samples this sink refused (its buffer file could not be written) that will not come again. */
  lost(samples: number): void {
    this.stats.dropped += samples;
  }

  /** Send what is buffered now instead of waiting for a full batch or the flush interval. */
  flushNow(): void {
    this.#flushRequested = true;
    if (this.#wakeAt !== Infinity) this.#wakeUp?.();
  }

  /** Resolves once the buffer is empty (every point confirmed or dropped). */
  whenEmpty(): Promise<void> {
    if (this.#buffer.points === 0 || this.#closed) return Promise.resolve();
    return new Promise((resolve) => this.#emptyWaiters.push(resolve));
  }

  /** Prometheus lines of the sink. */
  prometheus(): string {
    const s = this.stats;
    const line = (name: string, type: string, help: string, value: number) =>
      `# HELP fieldtwin_influx_${name} ${help}\n# TYPE fieldtwin_influx_${name} ${type}\n` +
      `fieldtwin_influx_${name} ${value}\n`;
    return line(
      "buffered_points",
      "gauge",
      "Points on disk waiting for InfluxDB to confirm them.",
      this.#buffer.points,
    ) +
      line("written_points_total", "counter", "Points InfluxDB confirmed (HTTP 204).", s.written) +
      line(
        "dropped_points_total",
        "counter",
        "Points dropped: the oldest when the buffer was full, or ones its file could not take.",
        s.dropped,
      ) +
      line(
        "rejected_points_total",
        "counter",
        "Points InfluxDB refused as bad data (HTTP 400/413/422), dropped.",
        s.rejected,
      ) +
      line(
        "skipped_points_total",
        "counter",
        "Samples line protocol cannot carry (null, NaN, Infinity).",
        s.skipped,
      ) +
      line(
        "write_failures_total",
        "counter",
        "Write requests that failed and were retried.",
        s.failures,
      ) +
      line(
        "connected",
        "gauge",
        "1 when the latest write request was confirmed, else 0.",
        s.connected ? 1 : 0,
      );
  }

  /**
   * Stop forwarding (a request in flight is abandoned) and close the
   * buffer; what it holds is sent by the next sink opened on the same file.
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#inFlight?.abort();
    this.#wakeUp?.();
    this.#buffer.close();
    for (const resolve of this.#emptyWaiters.splice(0)) resolve();
  }

  /** Resolves when the forwarder has stopped after {@linkcode close}. */
  closed(): Promise<void> {
    return this.#forwarder;
  }

  #append(lines: string[]): void {
    if (this.#closed) throw new Error("the InfluxDB sink is closed");
    const dropped = this.#buffer.append(lines);
    if (dropped > 0) {
      this.stats.dropped += dropped;
      if (!this.#full) {
        this.#full = true;
        this.#log(
          `influx: the buffer is full (${this.#cfg.bufferLimitPoints} points); dropping the ` +
            `oldest (${this.stats.dropped} dropped so far)`,
        );
      }
    }
    if (this.#buffer.points >= this.#wakeAt) this.#wakeUp?.();
  }

  /**
   * Wait `ms` (forever when undefined), or until an append brings the
   * buffer to `wakeAt` points, or until closed.
   */
  #wait(ms: number | undefined, wakeAt: number): Promise<void> {
    return new Promise((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const done = () => {
        if (timer !== undefined) clearTimeout(timer);
        this.#wakeUp = undefined;
        this.#wakeAt = Infinity;
        resolve();
      };
      if (ms !== undefined) timer = setTimeout(done, ms);
      this.#wakeUp = done;
      this.#wakeAt = wakeAt;
    });
  }

  async #forward(): Promise<void> {
    const cfg = this.#cfg;
    let delay = cfg.retryMinMs;
    /** After a confirmed batch, what is left goes at once (a backlog, or points that came meanwhile). */
    let draining = false;
    while (!this.#closed) {
      const points = this.#buffer.points;
      if (points === 0) {
        draining = false;
        this.#flushRequested = false;
        for (const resolve of this.#emptyWaiters.splice(0)) resolve();
        await this.#wait(undefined, 1);
        continue;
      }
      if (!draining && !this.#flushRequested && points < cfg.batchSize) {
        // The first point of a batch waits at most the flush interval.
        await this.#wait(cfg.flushIntervalMs, cfg.batchSize);
        if (this.#closed) return;
      }
      this.#flushRequested = false;
      let batch: BufferedBatch | undefined;
      let ok = false;
      try {
        batch = this.#buffer.peek(cfg.batchSize);
        if (!batch) continue;
        ok = await this.#send(batch);
        if (this.#closed) return;
        if (ok) this.#buffer.remove(batch);
      } catch (e) {
        // The buffer file failed (a full or broken disk): never crash the runtime for it.
        if (this.#closed) return;
        ok = false;
        this.#log(`influx: the buffer file failed: ${(e as Error).message}; retrying`);
      }
      if (ok) {
        delay = cfg.retryMinMs;
        draining = true;
        if (this.#full && this.#buffer.points < cfg.bufferLimitPoints - cfg.batchSize) {
          this.#full = false;
          this.#log(`influx: the buffer is below its limit again (${this.stats.dropped} dropped)`);
        }
      } else {
        if (batch) this.#buffer.release(batch);
        draining = false;
        // A server that says when to come back (429, 503 with Retry-After) is heeded, within retryMaxMs.
        await this.#wait(Math.max(delay, Math.min(this.#retryAfterMs, cfg.retryMaxMs)), Infinity);
        delay = Math.min(delay * 2, cfg.retryMaxMs);
      }
    }
  }

  /**
   * Send a batch; true once all of it is confirmed or refused as bad data,
   * false when the write failed and must be retried.
   */
  async #send(batch: BufferedBatch): Promise<boolean> {
    const body = batch.chunks.join("\n");
    try {
      await this.#post(body);
      this.stats.written += batch.points;
    } catch (e) {
      if (this.#closed) return false;
      if (e instanceof HttpError && REFUSED.has(e.statusCode)) {
        try {
          await this.#isolate(body.split("\n"), e);
        } catch (e2) {
          this.#failed(batch, e2);
          return false;
        }
      } else {
        this.#failed(batch, e);
        return false;
      }
    }
    this.stats.connected = true;
    if (this.#failing) {
      this.#failing = false;
      this.#log(
        `influx: writing to ${this.#cfg.url} works again; ${this.#buffer.points} points to send`,
      );
    }
    return true;
  }

  /** The server refused `lines` with `refusal`: find the refused lines by halves and drop them. */
  async #isolate(lines: string[], refusal: HttpError): Promise<void> {
    if (lines.length === 1) {
      const n = ++this.stats.rejected;
      if (n <= LOGGED_REFUSALS) {
        this.#log(
          `influx: the server refused a point (HTTP ${refusal.statusCode}: ${
            refusal.body ?? refusal.message
          }); dropped: ${lines[0]}` +
            (n === LOGGED_REFUSALS ? " (further refusals only counted)" : ""),
        );
      }
      return;
    }
    const mid = lines.length >> 1;
    for (const half of [lines.slice(0, mid), lines.slice(mid)]) {
      try {
        await this.#post(half.join("\n"));
        this.stats.written += half.length;
      } catch (e) {
        if (!(e instanceof HttpError && REFUSED.has(e.statusCode))) throw e;
        await this.#isolate(half, e);
      }
    }
  }

  #failed(batch: BufferedBatch, e: unknown): void {
    // The client reads Retry-After in seconds.
    this.#retryAfterMs = e instanceof HttpError ? e.retryAfter() * 1000 : 0;
    this.stats.failures++;
    this.stats.connected = false;
    if (this.#failing) return;
    this.#failing = true;
    const why = e instanceof HttpError
      ? `HTTP ${e.statusCode}${e.body ? `: ${e.body.slice(0, 200)}` : ""}`
      : (e as Error).message;
    this.#log(
      `influx: writing ${batch.points} points to ${this.#cfg.url} failed (${why}); ` +
        `${this.#buffer.points} points kept on disk, retrying`,
    );
  }

  /** One write request; resolves only on HTTP 204. */
  async #post(body: string): Promise<void> {
    const abort = new AbortController();
    this.#inFlight = abort;
    const timer = setTimeout(
      () => abort.abort(new Error(`no answer in ${this.#cfg.timeoutMs} ms`)),
      this.#cfg.timeoutMs,
    );
    let status = 0;
    try {
      await this.#transport.request(
        this.#path,
        body,
        { method: "POST", headers: this.#headers, signal: abort.signal },
        (_headers, code) => status = code ?? 0,
      );
    } catch (e) {
      if (abort.signal.aborted && abort.signal.reason instanceof Error) throw abort.signal.reason;
      throw e;
    } finally {
      clearTimeout(timer);
      this.#inFlight = undefined;
    }
    if (status !== 204) throw new Error(`expected HTTP 204 from the server, got ${status}`);
  }
}
