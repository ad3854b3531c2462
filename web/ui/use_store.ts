/**
 * Hooks that re-render a component when a store (the live store, the alarm
 * store) or the location changes. A store may change many times a frame
 * (the stream sends a plant step, its alarm events and the clock as
 * separate messages, each handled in a task of its own, and a page catching
 * up after a stall gets a burst of them); a view re-renders at most once an
 * animation frame with whatever the store holds by then, however many
 * changes came in. Listeners that must see every change (a trend appending
 * samples) subscribe to the store itself.
 *
 * @module
 */
import { useEffect, useState } from "preact/hooks";
import { onNavigate } from "./route.ts";

/** A store that counts its changes and tells subscribers about them. */
export interface Revisioned {
  /** Grows with every change. */
  readonly revision: number;
  /** Hear every change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
}

/** Runs a callback before the next paint; returns the cancel function. */
export type FrameScheduler = (fn: () => void) => () => void;

/** The timers a frame scheduler races (the browser's by default). */
export interface FrameTimers {
  /** `requestAnimationFrame`, where there is one. */
  raf?: (fn: () => void) => () => void;
  /** `setTimeout`; returns the cancel function. */
  timeout: (fn: () => void, ms: number) => () => void;
}

/**
 * A scheduler that runs `fn` at the next animation frame or after
 * `fallbackMs`, whichever comes first, once. Browsers run no frames in a
 * hidden tab, and the tab's title (the alarm count) must still follow the
 * alarms there: the timer carries it (background tabs run it about once a
 * second).
 */
export function frameOrTimeout(timers: FrameTimers, fallbackMs = 250): FrameScheduler {
  return (fn) => {
    let done = false;
    const run = () => {
      if (done) return;
      done = true;
      cancelFrame?.();
      cancelTimer();
      fn();
    };
    const cancelFrame = timers.raf?.(run);
    const cancelTimer = timers.timeout(run, timers.raf ? fallbackMs : 16);
    return () => {
      done = true;
      cancelFrame?.();
      cancelTimer();
    };
  };
}

/** The next animation frame in a browser (or a timer where there are no frames: a hidden tab, tests). */
export const nextFrame: FrameScheduler = frameOrTimeout({
  raf: typeof globalThis.requestAnimationFrame === "function"
    ? (fn) => {
      const id = globalThis.requestAnimationFrame(() => fn());
      return () => globalThis.cancelAnimationFrame(id);
    }
    : undefined,
  timeout: (fn, ms) => {
    const id = setTimeout(fn, ms);
    return () => clearTimeout(id);
  },
});

/**
 * Call `listener` once a frame after `store` changed, however often it
 * changed meanwhile (never while nothing changed); returns the unsubscribe
 * function, which also drops a call still waiting for its frame.
 */
export function subscribeByFrame(
  store: Revisioned,
  listener: () => void,
  frame: FrameScheduler = nextFrame,
): () => void {
  let waiting = false;
  let cancel: (() => void) | undefined;
  const off = store.subscribe(() => {
    if (waiting) return;
    waiting = true;
    // Flagged before the call: a scheduler may run `fn` at once (a test's, or a timer's stand-in).
    cancel = frame(() => {
      waiting = false;
      cancel = undefined;
      listener();
    });
  });
  return () => {
    off();
    if (waiting) cancel?.();
    cancel = undefined;
  };
}

/** Re-render after store changes, at most once an animation frame; returns the store's revision. */
export function useStoreRevision(store: Revisioned, frame: FrameScheduler = nextFrame): number {
  const [revision, setRevision] = useState(store.revision);
  useEffect(() => {
    setRevision(store.revision);
    return subscribeByFrame(store, () => setRevision(store.revision), frame);
  }, [store]);
  return revision;
}

/** The current pathname and query string, updated on navigation. */
export function useLocation(): { pathname: string; search: string } {
  const read = () => ({ pathname: location.pathname, search: location.search });
  const [loc, setLoc] = useState(read);
  useEffect(() => onNavigate(() => setLoc(read())), []);
  return loc;
}
