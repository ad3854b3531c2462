/**
 * Slows password guessing: after `maxFailures` failed logins within
 * `windowMs` for one user name, or from one client address, further
 * attempts are refused until the window has passed. A success clears the
 * user's count. Kept per auth service, in memory: a restart forgets it,
 * which costs an attacker a restart per few guesses.
 *
 * @module
 */

/** Options for {@linkcode LoginLimiter}. */
export interface LimiterOptions {
  /** Failures allowed per window (default 5). */
  maxFailures?: number;
  /** The window, ms (default 5 minutes). */
  windowMs?: number;
}

/** Counts failed logins by key (user name, client address). */
export class LoginLimiter {
  readonly #failures = new Map<string, number[]>();
  readonly #max: number;
  readonly #window: number;

  /** A limiter with the given bounds. */
  constructor(opts: LimiterOptions = {}) {
    this.#max = opts.maxFailures ?? 5;
    this.#window = opts.windowMs ?? 300_000;
  }

  /** Seconds until `keys` may try again, or 0 when they may now. */
  retryAfterS(keys: readonly string[], now: number): number {
    let wait = 0;
    for (const key of keys) {
      const times = this.#recent(key, now);
      if (times.length >= this.#max) {
        wait = Math.max(wait, Math.ceil((times[0] + this.#window - now) / 1000));
      }
    }
    return wait;
  }

  /** Count a failure against each of `keys`. */
  fail(keys: readonly string[], now: number): void {
    for (const key of keys) {
      const times = this.#recent(key, now);
      times.push(now);
      this.#failures.set(key, times);
    }
    // Forget idle keys now and then, so a scan of many names cannot grow the map forever.
    if (this.#failures.size > 10_000) {
      for (const key of this.#failures.keys()) {
        if (this.#recent(key, now).length === 0) this.#failures.delete(key);
      }
    }
  }

  /** Clear `key`'s failures (a successful login). */
  clear(key: string): void {
    this.#failures.delete(key);
  }

  #recent(key: string, now: number): number[] {
    const times = (this.#failures.get(key) ?? []).filter((t) => t > now - this.#window);
    if (times.length) this.#failures.set(key, times);
    else this.#failures.delete(key);
    return times;
  }
}
