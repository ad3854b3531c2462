/**
 * The alarm journal: every lifecycle transition with time, value, priority,
 * user and comment, in a bounded ring buffer (oldest entries fall off), and
 * queryable by time range, twin, alarm, priority and state. Persistence
 * subscribes through {@linkcode AlarmJournal.onAppend}; with an archive
 * attached ({@linkcode AlarmJournal.attachArchive}) the ring is a window
 * over the stored journal: numbering goes on from the archive's last entry
 * and a query reads what the ring no longer holds from the archive.
 *
 * @module
 */
import type { Priority } from "./alarm_definition.ts";
import { ALARM_STATES, type AlarmState } from "./alarm_machine.ts";

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

/** Stored journal entries older than those a journal holds in memory. */
export interface JournalArchive {
  /** The sequence number of the newest stored entry (0 when none). */
  lastSeq(): number;
  /** Stored entries with `seq` below `beforeSeq` matching `q`, newest first, at most `q.limit`. */
  query(q: JournalQuery, beforeSeq: number): JournalEntry[];
}

/** Codes of the lifecycle states, for the journal's byte columns. */
const STATE_CODE = new Map<string, number>(ALARM_STATES.map((st, i) => [st, i]));

/**
 * A bounded, queryable journal of alarm transitions. Entries are kept in
 * columns (times and values in typed arrays, the rest as references to
 * strings the engine already holds) and made into objects only when read:
 * an entry object kept for each transition would outlive the young
 * generation, and copying survivors is what makes a scavenge long, which
 * is the tail of the alarm latency.
 */
export class AlarmJournal {
  readonly #time: Float64Array;
  readonly #state: Uint8Array;
  readonly #previous: Uint8Array;
  readonly #active: Uint8Array;
  /** Numeric value and limit; `#kind` says which hold a number. */
  readonly #value: Float64Array;
  readonly #limitValue: Float64Array;
  /** Bit 1: value is a number, bit 2: limit is a number. */
  readonly #kind: Uint8Array;
  readonly #alarm: (string | undefined)[];
  readonly #twin: (string | undefined)[];
  readonly #priority: (Priority | undefined)[];
  readonly #action: (string | undefined)[];
  readonly #message: (string | undefined)[];
  /** Values and limits that are not numbers (references to strings and booleans). */
  readonly #otherValue: JournalEntry["value"][];
  readonly #otherLimit: JournalEntry["limit"][];
  readonly #user: (string | null)[];
  readonly #comment: (string | null)[];
  #next = 0;
  #size = 0;
  #seq = 0;
  /** Sequence number of the last entry before this journal started (the archive's). */
  #base = 0;
  #archive: JournalArchive | undefined = undefined;
  readonly #listeners = new Set<(entry: JournalEntry) => void>();

  /** Keep at most `capacity` entries. */
  constructor(readonly capacity = 100_000) {
    this.#time = new Float64Array(capacity);
    this.#state = new Uint8Array(capacity);
    this.#previous = new Uint8Array(capacity);
    this.#active = new Uint8Array(capacity);
    this.#value = new Float64Array(capacity);
    this.#limitValue = new Float64Array(capacity);
    this.#kind = new Uint8Array(capacity);
    this.#alarm = new Array(capacity).fill(undefined);
    this.#twin = new Array(capacity).fill(undefined);
    this.#priority = new Array(capacity).fill(undefined);
    this.#action = new Array(capacity).fill(undefined);
    this.#message = new Array(capacity).fill(undefined);
    this.#otherValue = new Array(capacity).fill(null);
    this.#otherLimit = new Array(capacity).fill(null);
    this.#user = new Array(capacity).fill(null);
    this.#comment = new Array(capacity).fill(null);
  }

  /** Entries held now. */
  get size(): number {
    return this.#size;
  }

  /** Entries appended since start (including those that fell off). */
  get total(): number {
    return this.#seq - this.#base;
  }

  /**
   * Read older entries from `archive` and number new ones after its last.
   * Attach before the first append: sequence numbers then stay unique
   * across restarts.
   */
  attachArchive(archive: JournalArchive): void {
    if (this.#seq !== this.#base) {
      throw new Error("attach the journal's archive before its first entry");
    }
    this.#archive = archive;
    this.#seq = this.#base = archive.lastSeq();
  }

  /**
   * Append an entry (its `seq` is assigned here) and tell the listeners.
   * The object given becomes the entry returned; the journal keeps only
   * its fields.
   */
  append(entry: Omit<JournalEntry, "seq">): JournalEntry {
    const full = entry as JournalEntry;
    full.seq = ++this.#seq;
    const i = this.#next;
    this.#time[i] = entry.time;
    this.#state[i] = STATE_CODE.get(entry.state)!;
    this.#previous[i] = STATE_CODE.get(entry.previous)!;
    this.#active[i] = entry.active ? 1 : 0;
    let kind = 0;
    if (typeof entry.value === "number") {
      this.#value[i] = entry.value;
      this.#otherValue[i] = null;
      kind |= 1;
    } else this.#otherValue[i] = entry.value;
    if (typeof entry.limit === "number") {
      this.#limitValue[i] = entry.limit;
      this.#otherLimit[i] = null;
      kind |= 2;
    } else this.#otherLimit[i] = entry.limit;
    this.#kind[i] = kind;
    this.#alarm[i] = entry.alarm;
    this.#twin[i] = entry.twin;
    this.#priority[i] = entry.priority;
    this.#action[i] = entry.action;
    this.#message[i] = entry.message;
    this.#user[i] = entry.user;
    this.#comment[i] = entry.comment;
    this.#next = (i + 1) % this.capacity;
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
    let older = true;
    for (let k = 1; k <= this.#size && out.length < limit; k++) {
      const i = (this.#next - k + this.capacity) % this.capacity;
      const time = this.#time[i];
      if (q.to !== undefined && time > q.to) continue;
      // Entries are in time order: past `from` nothing older can match.
      if (q.from !== undefined && time < q.from) {
        older = false;
        break;
      }
      if (twins && !twins.has(this.#twin[i]!)) continue;
      if (alarms && !alarms.has(this.#alarm[i]!)) continue;
      if (priorities && !priorities.has(this.#priority[i]!)) continue;
      const state = ALARM_STATES[this.#state[i]];
      if (states && !states.has(state)) continue;
      out.push(this.#entry(i, this.#seq - k + 1, state));
    }
    if (this.#archive !== undefined && older && out.length < limit) {
      const oldest = this.#seq - this.#size + 1;
      for (const e of this.#archive.query({ ...q, limit: limit - out.length }, oldest)) out.push(e);
    }
    return out;
  }

  #entry(i: number, seq: number, state: AlarmState): JournalEntry {
    const kind = this.#kind[i];
    return {
      seq,
      time: this.#time[i],
      alarm: this.#alarm[i]!,
      twin: this.#twin[i]!,
      priority: this.#priority[i]!,
      state,
      previous: ALARM_STATES[this.#previous[i]],
      active: this.#active[i] === 1,
      action: this.#action[i]!,
      value: kind & 1 ? this.#value[i] : this.#otherValue[i],
      limit: kind & 2 ? this.#limitValue[i] : this.#otherLimit[i],
      message: this.#message[i]!,
      user: this.#user[i],
      comment: this.#comment[i],
    };
  }
}
