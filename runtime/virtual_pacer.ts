/**
 * Paces a runtime on virtual time against the wall clock, for people who
 * want to watch a plant run faster than real time (`deno task start
 * --virtual --speed N`): N virtual seconds per real second, or as fast as
 * the CPU allows (`max`). Work is done in slices of bounded wall time with
 * the event loop free in between, so the HTTP API, SSE and the UI keep
 * answering. A plant too heavy for the speed runs behind; `behindMs` says
 * by how much.
 *
 * @module
 */
import type { Runtime } from "./runtime.ts";

/** Options for {@linkcode VirtualPacer}. */
export interface PacerOptions {
  /** Virtual ms per real ms, or `max`. */
  speed: number | "max";
  /** Real ms between slices (default 50). */
  tickMs?: number;
  /** Most wall ms one slice may take (default 40), so requests get their turn. */
  budgetMs?: number;
}

/** Drives `runtime.runFor` from host timers. */
export class VirtualPacer {
  readonly #runtime: Runtime;
  readonly #speed: number | "max";
  readonly #tickMs: number;
  readonly #budgetMs: number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #realStart = 0;
  #virtualStart = 0;
  /** How far virtual time trails the pace, ms (0 at `max`). */
  behindMs = 0;

  /** Pace `runtime`, which must be on virtual time. */
  constructor(runtime: Runtime, opts: PacerOptions) {
    if (!runtime.clock.virtual) throw new Error("the pacer drives a runtime on virtual time");
    if (opts.speed !== "max" && !(opts.speed > 0)) {
      throw new RangeError(`speed must be above 0 or "max", got ${opts.speed}`);
    }
    this.#runtime = runtime;
    this.#speed = opts.speed;
    this.#tickMs = opts.tickMs ?? 50;
    this.#budgetMs = opts.budgetMs ?? 40;
  }

  /** Start pacing (again). */
  start(): void {
    if (this.#timer !== undefined) return;
    this.#realStart = performance.now();
    this.#virtualStart = this.#runtime.clock.now();
    this.#timer = setTimeout(this.#tick, this.#tickMs);
  }

  /** Stop; virtual time stands still until started again. */
  stop(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #tick = () => {
    const rt = this.#runtime;
    const t0 = performance.now();
    const target = this.#speed === "max"
      ? Infinity
      : this.#virtualStart + (t0 - this.#realStart) * this.#speed;
    // One step at a time so a slice ends near its budget.
    while (rt.clock.now() < target && performance.now() - t0 < this.#budgetMs) {
      rt.runFor(Math.min(rt.stepMs, target - rt.clock.now()));
    }
    this.behindMs = this.#speed === "max" ? 0 : Math.max(0, target - rt.clock.now());
    if (this.#timer === undefined) return; // stopped by a listener during the slice
    this.#timer = setTimeout(this.#tick, this.#speed === "max" ? 0 : this.#tickMs);
  };
}

/** Parse a `--speed` value: a positive number or `max`; throws naming the flag. */
export function parseSpeed(text: string): number | "max" {
  if (text === "max") return "max";
  const n = Number(text);
  if (!(Number.isFinite(n) && n > 0) || text.trim() === "") {
    throw new Error(`--speed must be a number above 0 or "max", got "${text}"`);
  }
  return n;
}
