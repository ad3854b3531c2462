/**
 * Webhook notifications of alarm transitions (standing in for SMS, e-mail
 * and chat gateways): routed by priority and state, de-duplicated per alarm
 * and state within a window, delivered in order per webhook by a background
 * worker with retries and exponential backoff. `notify` only queues, so a
 * slow or dead endpoint never holds up alarm processing.
 *
 * @module
 */
import type { AlarmEventPayload } from "../alarms/alarm_engine.ts";
import type { WebhookConfig } from "./notifications_section.ts";

/** Delivery counters of one webhook. */
export interface WebhookStats {
  /** Webhook name. */
  name: string;
  /** Delivered (2xx answer). */
  sent: number;
  /** Given up after every retry. */
  failed: number;
  /** Attempts that failed and were retried. */
  retries: number;
  /** Skipped: same alarm and state within the de-duplication window. */
  deduplicated: number;
  /** Dropped because the queue was full (oldest first). */
  dropped: number;
  /** Waiting now. */
  queued: number;
  /** Latest failure, if any. */
  lastError: string | null;
}

/** Options for {@linkcode WebhookNotifier}. */
export interface NotifierOptions {
  /** HTTP client (default the global fetch). */
  fetch?: typeof fetch;
  /** Where failures are reported (default console.error). */
  log?(message: string): void;
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

interface Target {
  config: WebhookConfig;
  priorities: ReadonlySet<string>;
  states: ReadonlySet<string>;
  queue: WebhookBody[];
  lastSent: Map<string, number>;
  busy: boolean;
  stats: WebhookStats;
}

/** Sends alarm transitions to webhooks. */
export class WebhookNotifier {
  readonly #targets: Target[];
  readonly #fetch: typeof fetch;
  readonly #log: (message: string) => void;
  readonly #timers = new Map<ReturnType<typeof setTimeout>, () => void>();
  readonly #idle: (() => void)[] = [];
  #closed = false;

  /** Deliver to `webhooks`. */
  constructor(webhooks: readonly WebhookConfig[], opts: NotifierOptions = {}) {
    this.#fetch = opts.fetch ?? fetch;
    this.#log = opts.log ?? ((m) => console.error(m));
    this.#targets = webhooks.map((config) => ({
      config,
      priorities: new Set(config.priorities),
      states: new Set(config.states),
      queue: [],
      lastSent: new Map(),
      busy: false,
      stats: {
        name: config.name,
        sent: 0,
        failed: 0,
        retries: 0,
        deduplicated: 0,
        dropped: 0,
        queued: 0,
        lastError: null,
      },
    }));
  }

  /** Queue a transition for every webhook it is routed to; returns at once. */
  notify(payload: AlarmEventPayload): void {
    if (this.#closed) return;
    const { alarm, entry } = payload;
    for (const t of this.#targets) {
      if (!t.priorities.has(entry.priority) || !t.states.has(entry.state)) continue;
      const key = `${entry.alarm}\u0000${entry.state}`;
      const last = t.lastSent.get(key);
      if (last !== undefined && entry.time - last < t.config.dedup_s * 1000) {
        t.stats.deduplicated++;
        continue;
      }
      t.lastSent.set(key, entry.time);
      if (t.lastSent.size > 100_000) t.lastSent.delete(t.lastSent.keys().next().value!);
      if (t.queue.length >= t.config.queue) {
        t.queue.shift();
        t.stats.dropped++;
      }
      t.queue.push({
        webhook: t.config.name,
        text: `[${entry.priority.toUpperCase()}] ${entry.message} (${
          entry.state.replaceAll("_", " ")
        }${entry.user ? ` by ${entry.user}` : ""})`,
        alarm,
        entry,
      });
      t.stats.queued = t.queue.length;
      if (!t.busy) this.#drain(t);
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

  /** Stop delivering; queued notifications are dropped. */
  close(): void {
    this.#closed = true;
    for (const t of this.#targets) t.queue.length = 0;
    // Wake sleeping retries so their workers see the close and finish.
    for (const [timer, wake] of this.#timers) {
      clearTimeout(timer);
      wake();
    }
    this.#timers.clear();
    this.#wakeIdle();
  }

  /** Prometheus lines of the delivery counters. */
  prometheus(): string {
    const lines = [
      "# HELP fieldtwin_alarm_notifications_total Webhook notifications by outcome.",
      "# TYPE fieldtwin_alarm_notifications_total counter",
    ];
    for (const s of this.stats()) {
      for (const outcome of ["sent", "failed", "retries", "deduplicated", "dropped"] as const) {
        lines.push(
          `fieldtwin_alarm_notifications_total{webhook="${s.name}",outcome="${outcome}"} ${
            s[outcome]
          }`,
        );
      }
    }
    return lines.join("\n") + "\n";
  }

  async #drain(t: Target): Promise<void> {
    t.busy = true;
    try {
      while (t.queue.length > 0 && !this.#closed) {
        const body = t.queue[0];
        await this.#deliver(t, body);
        if (t.queue[0] === body) t.queue.shift();
        t.stats.queued = t.queue.length;
      }
    } finally {
      t.busy = false;
      this.#wakeIdle();
    }
  }

  async #deliver(t: Target, body: WebhookBody): Promise<void> {
    const c = t.config;
    const json = JSON.stringify(body);
    for (let attempt = 0;; attempt++) {
      let error: string;
      try {
        const res = await this.#fetch(c.url, {
          method: "POST",
          headers: { "content-type": "application/json", ...c.headers },
          body: json,
          signal: AbortSignal.timeout(c.timeout_ms),
        });
        await res.body?.cancel();
        if (res.ok) {
          t.stats.sent++;
          return;
        }
        error = `HTTP ${res.status}`;
      } catch (e) {
        error = (e as Error).message;
      }
      t.stats.lastError = error;
      if (this.#closed) return;
      if (attempt >= c.retries) {
        t.stats.failed++;
        this.#log(
          `webhook "${c.name}": gave up on ${body.entry.alarm} (${body.entry.state}) after ${
            attempt + 1
          } attempts: ${error}`,
        );
        return;
      }
      t.stats.retries++;
      await this.#sleep(Math.min(c.max_backoff_ms, c.backoff_ms * 2 ** attempt));
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        resolve();
      }, ms);
      this.#timers.set(timer, resolve);
    });
  }

  #wakeIdle(): void {
    if (!this.#targets.every((t) => !t.busy)) return;
    for (const wake of this.#idle.splice(0)) wake();
  }
}
