/**
 * Webhook notifications of alarm transitions (standing in for SMS, e-mail
 * and chat gateways): routed by priority and state, de-duplicated per alarm
 * and state within a window, delivered in order per webhook by a background
 * worker. `notify` only queues, so a slow or dead endpoint never holds up
 * alarm processing, and each webhook has its own queue and worker, so one
 * endpoint's failures never delay another's.
 *
 * De-duplication counts deliveries only: a notification that was never
 * delivered blocks nothing. Transient failures (network errors, timeouts,
 * 5xx, 408, 429) are retried with exponential backoff or after the
 * endpoint's `Retry-After`, bounded by `max_backoff_ms`; other answers are
 * final. Once one notification has used up its retries the endpoint counts
 * as down: each later notification gets one attempt until one is delivered,
 * so a dead endpoint costs one attempt per notification instead of holding
 * every one of them through a full retry cycle.
 *
 * @module
 */
import type { AlarmEventPayload } from "../alarms/alarm_engine.ts";
import type { WebhookConfig } from "./notifications_section.ts";
import { retryableStatus, retryAfterMs } from "./retry_policy.ts";

/** Delivery counters of one webhook. */
export interface WebhookStats {
  /** Webhook name. */
  name: string;
  /** Delivered (2xx answer). */
  sent: number;
  /** Given up: a final answer, or transient failures through every retry. */
  failed: number;
  /** Attempts that failed and were retried. */
  retries: number;
  /** Skipped: the same alarm and state was delivered within the de-duplication window. */
  deduplicated: number;
  /** Dropped because the queue was full (oldest first). */
  dropped: number;
  /** Waiting now (not counting the one in flight). */
  queued: number;
  /** The endpoint failed a notification through every retry and has not answered since. */
  down: boolean;
  /** Latest failure, if any. */
  lastError: string | null;
}

/** Options for {@linkcode WebhookNotifier}. */
export interface NotifierOptions {
  /** HTTP client (default the global fetch). */
  fetch?: typeof fetch;
  /** Where failures are reported (default console.error). */
  log?(message: string): void;
  /** Wait before a retry; resolves early when `signal` aborts (default a timer). */
  sleep?(ms: number, signal: AbortSignal): Promise<void>;
  /** Wall-clock epoch ms, to read a `Retry-After` date (default `Date.now`). */
  now?(): number;
}

/** The JSON body a webhook receives. */
export interface WebhookBody {
  /** Webhook name. */
  webhook: string;
  /** One line for a chat or SMS gateway. */
  text: string;
  /** The alarm after the transition. */
  alarm: AlarmEventPayload["alarm"];
  /** The journal entry of the transition. */
  entry: AlarmEventPayload["entry"];
}

interface Notification {
  body: WebhookBody;
  key: string;
}

interface Target {
  config: WebhookConfig;
  priorities: ReadonlySet<string>;
  states: ReadonlySet<string>;
  queue: Notification[];
  /** Runtime time of the latest delivered notification per alarm and state. */
  delivered: Map<string, number>;
  busy: boolean;
  stats: WebhookStats;
}

/** One attempt's result. */
type Attempt =
  | { ok: true }
  | { ok: false; error: string; retryable: boolean; retryAfterMs?: number };

const MAX_DEDUP_KEYS = 100_000;

/** Sends alarm transitions to webhooks. */
export class WebhookNotifier {
  readonly #targets: Target[];
  readonly #fetch: typeof fetch;
  readonly #log: (message: string) => void;
  readonly #sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly #now: () => number;
  readonly #idle: (() => void)[] = [];
  // Aborts requests in flight and waits when the notifier closes.
  readonly #closing = new AbortController();

  /** Deliver to `webhooks`. */
  constructor(webhooks: readonly WebhookConfig[], opts: NotifierOptions = {}) {
    this.#fetch = opts.fetch ?? fetch;
    this.#log = opts.log ?? ((m) => console.error(m));
    this.#sleep = opts.sleep ?? timerSleep;
    this.#now = opts.now ?? Date.now;
    this.#targets = webhooks.map((config) => ({
      config,
      priorities: new Set(config.priorities),
      states: new Set(config.states),
      queue: [],
      delivered: new Map(),
      busy: false,
      stats: {
        name: config.name,
        sent: 0,
        failed: 0,
        retries: 0,
        deduplicated: 0,
        dropped: 0,
        queued: 0,
        down: false,
        lastError: null,
      },
    }));
  }

  /** Queue a transition for every webhook it is routed to; returns at once. */
  notify(payload: AlarmEventPayload): void {
    if (this.#closing.signal.aborted) return;
    const { alarm, entry } = payload;
    for (const t of this.#targets) {
      if (!t.priorities.has(entry.priority) || !t.states.has(entry.state)) continue;
      const n: Notification = {
        key: `${entry.alarm}\u0000${entry.state}`,
        body: {
          webhook: t.config.name,
          text: `[${entry.priority.toUpperCase()}] ${entry.message} (${
            entry.state.replaceAll("_", " ")
          }${entry.user ? ` by ${entry.user}` : ""})`,
          alarm,
          entry,
        },
      };
      if (this.#duplicate(t, n)) continue;
      if (t.queue.length >= t.config.queue) {
        t.queue.shift();
        t.stats.dropped++;
      }
      t.queue.push(n);
      if (!t.busy) void this.#drain(t);
    }
  }

  /** Counters per webhook. */
  stats(): WebhookStats[] {
    return this.#targets.map((t) => ({ ...t.stats, queued: t.queue.length }));
  }

  /** Resolve once every queue is empty and no delivery is in flight. */
  idle(): Promise<void> {
    if (this.#targets.every((t) => !t.busy)) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /** Stop delivering: queued notifications are dropped, requests in flight aborted. */
  close(): void {
    for (const t of this.#targets) t.queue.length = 0;
    this.#closing.abort();
    this.#wakeIdle();
  }

  /** Prometheus lines of the delivery counters, queue lengths and endpoint state. */
  prometheus(): string {
    const stats = this.stats();
    const lines = [
      "# HELP fieldtwin_alarm_notifications_total Webhook notifications by outcome.",
      "# TYPE fieldtwin_alarm_notifications_total counter",
    ];
    for (const s of stats) {
      for (const outcome of ["sent", "failed", "retries", "deduplicated", "dropped"] as const) {
        lines.push(
          `fieldtwin_alarm_notifications_total{webhook="${s.name}",outcome="${outcome}"} ${
            s[outcome]
          }`,
        );
      }
    }
    lines.push(
      "# HELP fieldtwin_alarm_notifications_queued Webhook notifications waiting.",
      "# TYPE fieldtwin_alarm_notifications_queued gauge",
      ...stats.map((s) => `fieldtwin_alarm_notifications_queued{webhook="${s.name}"} ${s.queued}`),
      "# HELP fieldtwin_alarm_webhook_down Webhook failed a notification through every retry and has not answered since.",
      "# TYPE fieldtwin_alarm_webhook_down gauge",
      ...stats.map((s) => `fieldtwin_alarm_webhook_down{webhook="${s.name}"} ${s.down ? 1 : 0}`),
    );
    return lines.join("\n") + "\n";
  }

  /** Whether `n` repeats a delivery within the window; counts it if so. */
  #duplicate(t: Target, n: Notification): boolean {
    const last = t.delivered.get(n.key);
    if (last === undefined || n.body.entry.time - last >= t.config.dedup_s * 1000) return false;
    t.stats.deduplicated++;
    return true;
  }

  async #drain(t: Target): Promise<void> {
    t.busy = true;
    try {
      const closed = this.#closing.signal;
      while (t.queue.length > 0 && !closed.aborted) {
        // Off the queue while in flight, so a full queue drops waiting ones only.
        const n = t.queue.shift()!;
        // One queued behind a delivery of the same alarm and state is a duplicate now.
        if (this.#duplicate(t, n)) continue;
        await this.#deliver(t, n);
      }
    } finally {
      t.busy = false;
      this.#wakeIdle();
    }
  }

  async #deliver(t: Target, n: Notification): Promise<void> {
    const c = t.config;
    const closed = this.#closing.signal;
    const json = JSON.stringify(n.body);
    for (let attempt = 1;; attempt++) {
      const r = await this.#attempt(c, json);
      if (closed.aborted) return;
      if (r.ok) {
        t.stats.sent++;
        t.delivered.delete(n.key); // re-inserted last, so the oldest key goes first
        t.delivered.set(n.key, n.body.entry.time);
        if (t.delivered.size > MAX_DEDUP_KEYS) t.delivered.delete(t.delivered.keys().next().value!);
        if (t.stats.down) this.#log(`webhook "${c.name}": delivering again`);
        t.stats.down = false;
        return;
      }
      t.stats.lastError = r.error;
      const what = `${n.body.entry.alarm} (${n.body.entry.state})`;
      if (!r.retryable) {
        t.stats.failed++;
        this.#log(`webhook "${c.name}": gave up on ${what}: ${r.error} is final, not retried`);
        return;
      }
      const wait = Math.min(
        c.max_backoff_ms,
        r.retryAfterMs ?? (t.stats.down ? c.backoff_ms : c.backoff_ms * 2 ** (attempt - 1)),
      );
      if (t.stats.down || attempt > c.retries) {
        t.stats.failed++;
        if (!t.stats.down) {
          t.stats.down = true;
          this.#log(
            `webhook "${c.name}": gave up on ${what} after ${attempt} attempts: ${r.error}; ` +
              "until it answers, each notification gets one attempt",
          );
        }
        // Pace a dead endpoint: one attempt per notification, not a burst.
        if (t.queue.length > 0) await this.#sleep(wait, closed);
        return;
      }
      t.stats.retries++;
      await this.#sleep(wait, closed);
      if (closed.aborted) return;
    }
  }

  async #attempt(c: WebhookConfig, json: string): Promise<Attempt> {
    try {
      const res = await this.#fetch(c.url, {
        method: "POST",
        headers: { "content-type": "application/json", ...c.headers },
        body: json,
        signal: AbortSignal.any([this.#closing.signal, AbortSignal.timeout(c.timeout_ms)]),
      });
      await res.body?.cancel();
      if (res.ok) return { ok: true };
      return {
        ok: false,
        error: `HTTP ${res.status}`,
        retryable: retryableStatus(res.status),
        retryAfterMs: retryAfterMs(res.headers.get("retry-after"), this.#now()),
      };
    } catch (e) {
      const error = (e as Error).name === "TimeoutError"
        ? `no answer within ${c.timeout_ms} ms`
        : (e as Error).message;
      return { ok: false, error, retryable: true };
    }
  }

  #wakeIdle(): void {
    if (!this.#targets.every((t) => !t.busy)) return;
    for (const wake of this.#idle.splice(0)) wake();
  }
}

/** Wait `ms`, or less if `signal` aborts. */
function timerSleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done);
  });
}
