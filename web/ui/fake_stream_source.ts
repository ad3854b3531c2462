/**
 * A stream source for tests of the live store and its views: it never
 * connects anywhere; a test emits the server's events by hand.
 *
 * @module
 */
import type { StreamSource } from "./live_store.ts";

/** An in-memory `StreamSource` whose events a test emits. */
export class FakeStreamSource implements StreamSource {
  readyState: number;
  onopen: ((ev: Event) => unknown) | null = null;
  onerror: ((ev: Event) => unknown) | null = null;
  /** Whether the store closed it. */
  closed = false;
  /** Listeners by event type. */
  readonly listeners = new Map<string, ((ev: MessageEvent) => void)[]>();

  /** A source in `readyState` (0 connecting, 1 open). */
  constructor(readyState = 1) {
    this.readyState = readyState;
  }

  /** Listen for `type`. */
  addEventListener(type: string, l: (ev: MessageEvent) => void) {
    this.listeners.set(type, [...this.listeners.get(type) ?? [], l]);
  }

  /** Close it, as the browser's `EventSource.close` does. */
  close() {
    this.closed = true;
    this.readyState = 2;
  }

  /** Deliver an event of `type`: a string as it is, anything else as JSON. */
  emit(type: string, data: unknown) {
    const ev = new MessageEvent(type, {
      data: typeof data === "string" ? data : JSON.stringify(data),
    });
    for (const l of this.listeners.get(type) ?? []) l(ev);
  }
}
