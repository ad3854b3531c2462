/**
 * An error that carries the HTTP status it should be answered with, so the
 * command path and the runtime can refuse an operation precisely without
 * knowing about HTTP, and the web layer can answer without translating.
 *
 * @module
 */

/** A refused operation: 400 bad input, 403 not allowed, 404 unknown, 409 conflicting state. */
export class StatusError extends Error {
  /** HTTP status to answer with. */
  readonly status: number;

  /** Build the error. */
  constructor(status: number, message: string) {
    super(message);
    this.name = new.target.name;
    this.status = status;
  }
}
