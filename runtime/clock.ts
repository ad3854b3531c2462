/**
 * The one clock of a runtime. Every timestamp, every XState delay and every
 * scheduler tick reads it, so a plant can run on wall time or on virtual time
 * without any other code knowing which.
 *
 * The shape of `setTimeout`/`clearTimeout` matches XState v5's `Clock`, so a
 * clock can be handed straight to `createActor(machine, { clock })`.
 *
 * @module
 */

/** Opaque handle returned by {@linkcode Clock.setTimeout}. */
export type TimerId = number | ReturnType<typeof setTimeout>;

/** A source of time and timers; real or virtual. */
export interface Clock {
  /** Whether time is simulated (advances only when told to). */
  readonly virtual: boolean;
  /** Current time in epoch milliseconds. */
  now(): number;
  /** Run `fn` after `ms` milliseconds of this clock's time. */
  setTimeout(fn: () => void, ms: number): TimerId;
  /** Cancel a timer; unknown or fired ids are ignored. */
  clearTimeout(id: TimerId): void;
  /**
   * Due time (epoch ms) of a timer not fired or cancelled yet, else
   * undefined. Optional: a what-if fork carries running delays with it.
   */
  dueAt?(id: TimerId): number | undefined;
}

/** Wall-clock time backed by the host timers. */
export class RealClock implements Clock {
  readonly virtual = false;
  // Host timers cannot be asked when they fall due; a fork of the running
  // plant asks (an alarm's on-delay), so each pending timer's time is kept.
  readonly #due = new Map<TimerId, number>();

  /** Current wall time in epoch milliseconds. */
  now(): number {
    return Date.now();
  }

  /** Schedule `fn` on the host event loop. */
  setTimeout(fn: () => void, ms: number): TimerId {
    const id = setTimeout(() => {
      this.#due.delete(id);
      fn();
    }, ms);
    this.#due.set(id, Date.now() + Math.max(0, ms));
    return id;
  }

  /** Cancel a host timer. */
  clearTimeout(id: TimerId): void {
    this.#due.delete(id);
    clearTimeout(id as ReturnType<typeof setTimeout>);
  }

  /** Due time of a pending host timer. */
  dueAt(id: TimerId): number | undefined {
    return this.#due.get(id);
  }
}

interface VirtualTimer {
  id: number;
  at: number;
  seq: number;
  fn: () => void;
}

/**
 * Simulated time: `now()` only moves when {@linkcode VirtualClock.advanceTo}
 * is called, and timers fire in (due time, creation order) order, so the same
 * sequence of calls always gives the same result.
 *
 * @example
 * ```ts
 * const clock = new VirtualClock(0);
 * let fired = 0;
 * clock.setTimeout(() => fired++, 1_000);
 * clock.advanceBy(999); // fired === 0
 * clock.advanceBy(1); // fired === 1
 * ```
 */
export class VirtualClock implements Clock {
  readonly virtual = true;
  #now: number;
  #seq = 0;
  #nextId = 1;
  // Binary min-heap on (at, seq); cancelled timers are dropped lazily.
  #heap: VirtualTimer[] = [];
  /** Due time of every live timer by id. */
  #live = new Map<number, number>();

  /** Start virtual time at `startMs` (epoch milliseconds). */
  constructor(startMs: number) {
    this.#now = startMs;
  }

  /** Current virtual time in epoch milliseconds. */
  now(): number {
    return this.#now;
  }

  /** Number of timers waiting to fire. */
  get pending(): number {
    return this.#live.size;
  }

  /** Due time of the earliest live timer, or undefined when none. */
  nextDue(): number | undefined {
    this.#dropCancelled();
    return this.#heap[0]?.at;
  }

  /** Schedule `fn` at now + ms of virtual time. */
  setTimeout(fn: () => void, ms: number): number {
    const id = this.#nextId++;
    const delay = Number.isFinite(ms) && ms > 0 ? ms : 0;
    const at = this.#now + delay;
    this.#push({ id, at, seq: this.#seq++, fn });
    this.#live.set(id, at);
    return id;
  }

  /** Due time of a live virtual timer. */
  dueAt(id: TimerId): number | undefined {
    return this.#live.get(id as number);
  }

  /** Cancel a virtual timer. */
  clearTimeout(id: TimerId): void {
    this.#live.delete(id as number);
  }

  /** Move time forward by `ms`, firing every timer due on the way. */
  advanceBy(ms: number): void {
    this.advanceTo(this.#now + ms);
  }

  /**
   * Move time forward to `t`, firing due timers in order. A timer fired on
   * the way sees `now()` equal to its own due time, and timers it schedules
   * fire in the same call if they fall due before `t`.
   */
  advanceTo(t: number): void {
    if (t < this.#now) {
      throw new RangeError(`virtual clock cannot go back from ${this.#now} to ${t}`);
    }
    for (;;) {
      this.#dropCancelled();
      const top = this.#heap[0];
      if (!top || top.at > t) break;
      this.#pop();
      this.#live.delete(top.id);
      this.#now = top.at;
      top.fn();
    }
    this.#now = t;
  }

  #dropCancelled(): void {
    while (this.#heap.length > 0 && !this.#live.has(this.#heap[0].id)) this.#pop();
  }

  #less(a: VirtualTimer, b: VirtualTimer): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  #push(timer: VirtualTimer): void {
    const h = this.#heap;
    h.push(timer);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#less(h[i], h[parent])) break;
      [h[i], h[parent]] = [h[parent], h[i]];
      i = parent;
    }
  }

  #pop(): void {
    const h = this.#heap;
    const last = h.pop()!;
    if (h.length === 0) return;
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1, r = l + 1;
      let m = i;
      if (l < h.length && this.#less(h[l], h[m])) m = l;
      if (r < h.length && this.#less(h[r], h[m])) m = r;
      if (m === i) break;
      [h[i], h[m]] = [h[m], h[i]];
      i = m;
    }
  }
}
