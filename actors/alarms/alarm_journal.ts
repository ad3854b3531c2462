/**
 * The alarm journal: every lifecycle transition with time, value, priority,
 * user and comment, in a bounded ring buffer (oldest entries fall off), and
 * queryable by time range, twin, alarm, priority and state. Persistence
 * subscribes through {@linkcode AlarmJournal.onAppend}.
 *
 * @module
 */
import type { Priority } from "./alarm_definition.ts";
import type { AlarmState } from "./alarm_machine.ts";

/** One journal entry. */
export interface JournalEntry {
  /** Sequence number, growing by one per entry since start. */
  seq: number;
  /** When it happened (epoch ms, runtime clock). */
  time: number;
  /** Alarm id, `<twin>/<name>`. */
  alarm: string;
  /** Twin id. */
  twin: string;
  /** Priority of the alarm. */
  priority: Priority;
  /** State after the change. */
  state: AlarmState;
  /** State before the change. */
  previous: AlarmState;
  /** Whether the condition holds after the change. */
  active: boolean;
  /** What caused it: `activate`, `clear`, `ack`, `shelve`, `shelve_expired`, `realarm`, ... */
  action: string;
  /** Value of the watched quantity at the time. */
  value: number | string | boolean | null;
  /** Limit or set it was judged against. */
  limit: number | string | null;
  /** Operator message. */
  message: string;
  /** Operator, for operator actions. */
  user: string | null;
  /** Operator comment, for operator actions. */
  comment: string | null;
}

/** A journal query; every field is optional and they combine with AND. */
export interface JournalQuery {
  /** From this time (epoch ms, inclusive). */
  from?: number;
  /** Up to this time (epoch ms, inclusive). */
  to?: number;
  /** Only these twins. */
  twins?: readonly string[];
  /** Only these alarms. */
  alarms?: readonly string[];
  /** Only these priorities. */
  priorities?: readonly string[];
  /** Only entries ending in these states. */
  states?: readonly string[];
  /** At most this many entries, newest first (default 1000). */
  limit?: number;
}

/** A bounded, queryable journal of alarm transitions. */
export class AlarmJournal {
  readonly #ring: (JournalEntry | undefined)[];
  #next = 0;
  #size = 0;
  #seq = 0;
  readonly #listeners = new Set<(entry: JournalEntry) => void>();

  /** Keep at most `capacity` entries. */
  constructor(readonly capacity = 100_000) {
    this.#ring = new Array(capacity);
  }

  /** Entries held now. */
  get size(): number {
    return this.#size;
  }

  /** Entries appended since start (including those that fell off). */
  get total(): number {
    return this.#seq;
  }

  /** Append an entry (its `seq` is assigned here) and tell the listeners. */
  append(entry: Omit<JournalEntry, "seq">): JournalEntry {
    const full = entry as JournalEntry;
    full.seq = ++this.#seq;
    this.#ring[this.#next] = full;
    this.#next = (this.#next + 1) % this.capacity;
    if (this.#size < this.capacity) this.#size++;
    for (const listener of this.#listeners) listener(full);
    return full;
  }

  /** Hear every appended entry (persistence, notifications); returns an unsubscribe function. */
  onAppend(listener: (entry: JournalEntry) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Entries matching `q`, newest first. */
  query(q: JournalQuery = {}): JournalEntry[] {
    const limit = q.limit ?? 1000;
    const out: JournalEntry[] = [];
    const twins = q.twins && new Set(q.twins);
    const alarms = q.alarms && new Set(q.alarms);
    const priorities = q.priorities && new Set(q.priorities);
    const states = q.states && new Set(q.states);
    for (let k = 1; k <= this.#size && out.length < limit; k++) {
      const e = this.#ring[(this.#next - k + this.capacity) % this.capacity]!;
      if (q.to !== undefined && e.time > q.to) continue;
      // Entries are in time order: past `from` nothing older can match.
      if (q.from !== undefined && e.time < q.from) break;
      if (twins && !twins.has(e.twin)) continue;
      if (alarms && !alarms.has(e.alarm)) continue;
      if (priorities && !priorities.has(e.priority)) continue;
      if (states && !states.has(e.state)) continue;
      out.push(e);
    }
    return out;
  }
}
