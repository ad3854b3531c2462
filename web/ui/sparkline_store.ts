/**
 * Sparklines for the fleet cards: each card's key values over the last
 * hour, read only for the cards on screen, in batched history requests (up
 * to 50 points each, not one per card), and read again about once a minute
 * while they stay on screen. One store per fleet page, handed to the
 * sparklines through a Preact context.
 *
 * @module
 */
import { createContext } from "preact";
import { type ApiReply, getJson } from "./api_client.ts";
import { SPARK_SPAN_MS, SPARK_STEP_MS, sparkRequestPaths, sparkValues } from "./sparkline_data.ts";
import type { HistoryAnswer } from "./trend_series.ts";

/** Options for {@linkcode SparklineStore}. */
export interface SparklineStoreOptions {
  /** The runtime's time now (epoch ms); 0 while unknown. */
  now(): number;
  /** Read a JSON resource (default: the API client's). */
  fetchJson?<T>(path: string): Promise<ApiReply<T>>;
  /** Read the visible ones again this often (default 60 s). */
  refreshMs?: number;
  /** Wait this long after the visible set changes before reading (default 250 ms). */
  settleMs?: number;
}

const SLOTS = SPARK_SPAN_MS / SPARK_STEP_MS;

/** Last-hour values of the sparklines on screen. */
export class SparklineStore {
  /** True once the server said it records no history; nothing more is read. */
  disabled = false;
  /** History requests sent so far. */
  requests = 0;
  readonly #opts: Required<SparklineStoreOptions>;
  readonly #values = new Map<string, (number | null)[]>();
  readonly #readAt = new Map<string, number>();
  readonly #visible = new Set<string>();
  readonly #listeners = new Map<string, Set<() => void>>();
  readonly #keyOf = new WeakMap<Element, string>();
  #observer: IntersectionObserver | undefined;
  #settle: ReturnType<typeof setTimeout> | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #loading = false;

  /** A store; sparklines register with {@linkcode SparklineStore.watch}. */
  constructor(opts: SparklineStoreOptions) {
    this.#opts = {
      fetchJson: (path) => getJson(path),
      refreshMs: 60_000,
      settleMs: 250,
      ...opts,
    } as Required<SparklineStoreOptions>;
  }

  /** The last hour of `key` (`twin:point`), a value per minute, or undefined before it is read. */
  get(key: string): readonly (number | null)[] | undefined {
    return this.#values.get(key);
  }

  /**
   * Follow `key` drawn in `el`: read it while `el` is on screen, and call
   * `onData` when its values change. Returns the unwatch function.
   */
  watch(key: string, el: Element, onData: () => void): () => void {
    let set = this.#listeners.get(key);
    if (!set) this.#listeners.set(key, set = new Set());
    set.add(onData);
    this.#keyOf.set(el, key);
    this.#observe(el);
    return () => {
      set.delete(onData);
      this.#observer?.unobserve(el);
      this.setVisible(key, false);
    };
  }

  /** Note that `key` came on screen or left it (the observer calls this; tests may too). */
  setVisible(key: string, visible: boolean): void {
    if (visible === this.#visible.has(key)) return;
    if (visible) this.#visible.add(key);
    else this.#visible.delete(key);
    if (!visible) return;
    clearTimeout(this.#settle);
    this.#settle = setTimeout(() => this.load(), this.#opts.settleMs);
    this.#timer ??= setInterval(() => this.load(true), this.#opts.refreshMs);
  }

  /**
   * Read the visible keys not read within the refresh period (all visible
   * ones when `all`), in as few requests as the API allows.
   */
  async load(all = false): Promise<void> {
    const now = this.#opts.now();
    if (this.disabled || this.#loading || !now) return;
    const keys = [...this.#visible].filter((k) =>
      all || (this.#readAt.get(k) ?? -Infinity) < now - this.#opts.refreshMs
    );
    if (keys.length === 0) return;
    this.#loading = true;
    try {
      for (const path of sparkRequestPaths(keys, now)) {
        this.requests++;
        const r = await this.#opts.fetchJson<HistoryAnswer>(path);
        if (r.status === 404) {
          this.disabled = true;
          return;
        }
        if (!r.ok || !r.body) continue;
        for (const s of r.body.series) {
          const key = `${s.twin}:${s.point}`;
          this.#values.set(key, sparkValues(s.rows, r.body.from, SLOTS));
          this.#readAt.set(key, now);
          for (const l of this.#listeners.get(key) ?? []) l();
        }
      }
    } finally {
      this.#loading = false;
    }
    // Cards that came on screen while this read was on its way are read now.
    if ([...this.#visible].some((k) => !this.#readAt.has(k))) await this.load();
  }

  /** Stop reading and observing. */
  stop(): void {
    clearTimeout(this.#settle);
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#observer?.disconnect();
    this.#observer = undefined;
  }

  #observe(el: Element): void {
    if (typeof IntersectionObserver === "undefined") return;
    this.#observer ??= new IntersectionObserver((entries) => {
      for (const e of entries) {
        const key = this.#keyOf.get(e.target);
        if (key) this.setVisible(key, e.isIntersecting);
      }
    }, { rootMargin: "200px 0px" });
    this.#observer.observe(el);
  }
}

/** The fleet page's sparkline store; absent elsewhere, where sparklines draw nothing. */
export const SparklineContext = createContext<SparklineStore | undefined>(undefined);
