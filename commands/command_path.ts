/**
 * The one path every command takes: validated against the twin kind's
 * schema, authorised, given an id, checked against the twin's machine, sent
 * to the source, and recorded with its status. Authorisation sits here and
 * nowhere else. Records are kept in memory (the newest 10,000); with an
 * archive attached ({@linkcode CommandPath.attachArchive}) older ones, and
 * those of earlier runs, are read from it.
 *
 * @module
 */
import { z } from "zod";
import type { Clock } from "../runtime/clock.ts";
import { StatusError } from "../runtime/status_error.ts";
import type { Twin } from "../twins/twin.ts";
import { formatPath } from "../plant/json_locator.ts";
import { userNameProblem } from "./user_name.ts";

/** Where a command is in its life. */
export type CommandStatus = "accepted" | "executed" | "failed";

/** A command and what became of it. */
export interface CommandRecord {
  /** Unique id. */
  id: string;
  /** Target twin id. */
  twin: string;
  /** Command type, for example `start`. */
  type: string;
  /** Validated arguments. */
  args: Record<string, unknown>;
  /** Who asked. */
  user: string;
  /** Free-text reason given by the user. */
  comment: string;
  /** Current status. */
  status: CommandStatus;
  /** Why it failed, when it did. */
  reason?: string;
  /** When it was received (epoch ms, runtime clock). */
  requestedAt: number;
  /** When it executed or failed. */
  completedAt?: number;
}

/** A command refused before it was recorded; `status` is the HTTP status to answer with. */
export class CommandError extends StatusError {}

/** Decides whether `user` may send `type` to `twin`; returns a reason to refuse, or undefined. */
export type Authorizer = (user: string, twin: Twin, type: string) => string | undefined;

/** Options for {@linkcode CommandPath}. */
export interface CommandPathOptions {
  /** Find a twin by id. */
  twin(id: string): Twin | undefined;
  /** The runtime clock, for timestamps. */
  clock: Clock;
  /** Authorisation hook; default allows everyone. */
  authorize?: Authorizer;
  /** How many records to keep in memory. Default 10,000. */
  capacity?: number;
}

/** Stored command records, older than those a command path holds in memory. */
export interface CommandArchive {
  /** A stored record by id. */
  get(id: string): CommandRecord | undefined;
  /**
   * Stored records, newest first, optionally for one twin, at most `limit`;
   * with `before`, only those stored before the record of that id (all
   * when it is not stored yet).
   */
  list(filter: { twin?: string; limit: number }, before?: string): CommandRecord[];
}

/** A command request's envelope; the arguments are checked against the twin kind's schema after. */
export const commandRequestSchema = z.strictObject({
  type: z.string().min(1, "expected a command type").max(100),
  args: z.record(z.string(), z.unknown()).default({}),
  comment: z.string().max(1_000).default(""),
});

/** Validates, executes and records commands. */
export class CommandPath {
  readonly #opts: CommandPathOptions;
  readonly #recordListeners = new Set<(record: CommandRecord) => void>();
  readonly #records = new Map<string, CommandRecord>();
  readonly #waiters = new Map<string, ((r: CommandRecord) => void)[]>();
  #seq = 0;
  #archive: CommandArchive | undefined = undefined;

  /** Create a command path over a runtime's twins. */
  constructor(opts: CommandPathOptions) {
    this.#opts = opts;
  }

  /**
   * Hear every record when it is created and whenever its status changes
   * (the stream, counters, later the audit log); returns an unsubscribe function.
   */
  onRecord(listener: (record: CommandRecord) => void): () => void {
    this.#recordListeners.add(listener);
    return () => this.#recordListeners.delete(listener);
  }

  /**
   * Submit a command to a twin. Bad input throws {@linkcode CommandError};
   * anything accepted is recorded and returned. A source that answers
   * asynchronously leaves the record `accepted` until it does.
   */
  submit(twinId: string, body: unknown, user = "anonymous"): CommandRecord {
    const badUser = userNameProblem(user);
    if (badUser) throw new CommandError(400, `the user name ${badUser}`);
    const twin = this.#opts.twin(twinId);
    if (!twin) throw new CommandError(404, `no twin with id "${twinId}"`);
    const req = commandRequestSchema.safeParse(body);
    if (!req.success) throw new CommandError(400, describe(req.error));
    const { type, comment } = req.data;
    // Only the kind's own commands: never `constructor` or `toString` from Object.prototype.
    const spec = Object.hasOwn(twin.def.commands, type) ? twin.def.commands[type] : undefined;
    if (!spec) {
      const known = Object.keys(twin.def.commands).join(", ");
      throw new CommandError(
        400,
        `${twin.def.kind} "${twinId}" has no command "${type}"; it accepts: ${known}`,
      );
    }
    const args = spec.args.safeParse(req.data.args);
    if (!args.success) throw new CommandError(400, describe(args.error, ["args"]));
    const refusal = this.#opts.authorize?.(user, twin, type);
    if (refusal) throw new CommandError(403, refusal);
    if (!twin.running || !twin.actor) {
      throw new CommandError(409, `twin "${twinId}" is not running; start it first`);
    }

    const record: CommandRecord = {
      id: `cmd-${(++this.#seq).toString().padStart(6, "0")}-${crypto.randomUUID().slice(0, 8)}`,
      twin: twinId,
      type,
      args: args.data,
      user,
      comment,
      status: "accepted",
      requestedAt: this.#opts.clock.now(),
    };
    this.#store(record);

    const event = { ...args.data, type };
    if (spec.machine !== false && !twin.actor.getSnapshot().can(event)) {
      this.#finish(
        record,
        `"${type}" is not allowed while ${twin.def.kind} "${twinId}" is ${twin.mode}`,
      );
      return record;
    }
    let outcome: string | undefined | Promise<string | undefined>;
    try {
      outcome = twin.source?.actuate(twinId, { type, args: args.data });
    } catch (e) {
      outcome = `source failed: ${(e as Error).message}`;
    }
    const settle = (reason: string | undefined) => {
      if (reason === undefined && spec.machine !== false) twin.send(event);
      this.#finish(record, reason);
    };
    if (outcome instanceof Promise) {
      outcome.then(settle, (e) => settle(`source failed: ${(e as Error).message}`));
    } else {
      settle(outcome);
    }
    return record;
  }

  /**
   * Read records this path no longer holds (older ones, earlier runs') from
   * `archive`; the archive is expected to store every record this path
   * reports through {@linkcode CommandPath.onRecord}, in order.
   */
  attachArchive(archive: CommandArchive): void {
    this.#archive = archive;
  }

  /** A record by id. */
  get(id: string): CommandRecord | undefined {
    return this.#records.get(id) ?? this.#archive?.get(id);
  }

  /** Newest records first, optionally for one twin (default at most 100). */
  list(filter: { twin?: string; limit?: number } = {}): CommandRecord[] {
    const limit = filter.limit ?? 100;
    const out: CommandRecord[] = [];
    const all = [...this.#records.values()];
    for (let i = all.length - 1; i >= 0 && out.length < limit; i--) {
      if (!filter.twin || all[i].twin === filter.twin) out.push(all[i]);
    }
    if (this.#archive !== undefined && out.length < limit) {
      const more = this.#archive.list(
        { twin: filter.twin, limit: limit - out.length },
        all[0]?.id,
      );
      for (const r of more) out.push(r);
    }
    return out;
  }

  /** Resolve when the command has executed or failed, or after `timeoutMs` of wall time with it as it is. */
  settled(id: string, timeoutMs: number): Promise<CommandRecord | undefined> {
    const record = this.#records.get(id);
    if (!record || record.status !== "accepted") return Promise.resolve(record);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(this.#records.get(id)), timeoutMs);
      const list = this.#waiters.get(id) ?? [];
      list.push((r) => {
        clearTimeout(timer);
        resolve(r);
      });
      this.#waiters.set(id, list);
    });
  }

  #store(record: CommandRecord): void {
    this.#records.set(record.id, record);
    const capacity = this.#opts.capacity ?? 10_000;
    if (this.#records.size > capacity) {
      this.#records.delete(this.#records.keys().next().value!);
    }
    for (const listener of this.#recordListeners) listener(record);
  }

  #finish(record: CommandRecord, reason: string | undefined): void {
    record.status = reason === undefined ? "executed" : "failed";
    if (reason !== undefined) record.reason = reason;
    record.completedAt = this.#opts.clock.now();
    for (const listener of this.#recordListeners) listener(record);
    for (const wake of this.#waiters.get(record.id) ?? []) wake(record);
    this.#waiters.delete(record.id);
  }
}

/** One sentence per zod issue, each naming its path. */
export function describe(error: z.ZodError, prefix: (string | number)[] = []): string {
  return error.issues
    .map((i) => `${formatPath([...prefix, ...(i.path as (string | number)[])])}: ${i.message}`)
    .join("; ");
}
