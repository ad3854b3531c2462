/**
 * How an online learner's state (a pump anomaly detector, a cooling-site
 * watch, a well event detector) becomes plain JSON and back, for a what-if
 * fork "from now" (whatif/plant_snapshot.ts) and a snapshot file a user
 * downloads. JSON has no NaN, no infinities and no -0, and learners hold all
 * three (an EWMA not started yet is NaN, a "never" time is -Infinity), so
 * such numbers are written as the strings `"NaN"`, `"Infinity"`,
 * `"-Infinity"` and `"-0"`; every other number round-trips exactly through
 * `JSON.stringify`/`JSON.parse`. Reading checks shapes and names the JSON
 * path of the first thing wrong, so a bad file is a sentence, not a crash.
 *
 * @module
 */

/** A number as plain JSON: finite numbers as they are, the others as strings. */
export type JsonNumber = number | "NaN" | "Infinity" | "-Infinity" | "-0";

/** A learner state that does not fit; `path` is the JSON path of the problem. */
export class LearnerStateError extends Error {
  /** JSON path inside the learner's state (`detector.model.mean[2]`). */
  readonly path: string;

  /** Build for `path` with the reason. */
  constructor(path: string, reason: string) {
    super(`${path}: ${reason}`);
    this.name = "LearnerStateError";
    this.path = path;
  }
}

/** `x` as plain JSON, exactly. */
export function toJsonNumber(x: number): JsonNumber {
  if (Number.isFinite(x)) return Object.is(x, -0) ? "-0" : x;
  return Number.isNaN(x) ? "NaN" : x > 0 ? "Infinity" : "-Infinity";
}

/** Every element of `xs` as plain JSON. */
export function toJsonNumbers(xs: ArrayLike<number>): JsonNumber[] {
  const out = new Array<JsonNumber>(xs.length);
  for (let i = 0; i < xs.length; i++) out[i] = toJsonNumber(xs[i]);
  return out;
}

const SPECIAL: Readonly<Record<string, number>> = {
  "NaN": NaN,
  "Infinity": Infinity,
  "-Infinity": -Infinity,
  "-0": -0,
};

/** Read a number written by {@linkcode toJsonNumber}; throws naming `path`. */
export function fromJsonNumber(x: unknown, path: string): number {
  if (typeof x === "number") return x;
  if (typeof x === "string" && x in SPECIAL) return SPECIAL[x];
  throw new LearnerStateError(path, `expected a number, got ${describe(x)}`);
}

/** Read an array of numbers (of `length`, when given); throws naming `path`. */
export function fromJsonNumbers(x: unknown, path: string, length?: number): number[] {
  if (!Array.isArray(x)) throw new LearnerStateError(path, `expected an array, got ${describe(x)}`);
  if (length !== undefined && x.length !== length) {
    throw new LearnerStateError(path, `expected ${length} numbers, got ${x.length}`);
  }
  return x.map((v, i) => fromJsonNumber(v, `${path}[${i}]`));
}

/** Read an object; throws naming `path`. */
export function jsonObject(x: unknown, path: string): Record<string, unknown> {
  if (typeof x !== "object" || x === null || Array.isArray(x)) {
    throw new LearnerStateError(path, `expected an object, got ${describe(x)}`);
  }
  return x as Record<string, unknown>;
}

/** Read an array; throws naming `path`. */
export function jsonArray(x: unknown, path: string): unknown[] {
  if (!Array.isArray(x)) throw new LearnerStateError(path, `expected an array, got ${describe(x)}`);
  return x;
}

/** Read a string among `allowed` (any string when absent); throws naming `path`. */
export function jsonString(x: unknown, path: string, allowed?: readonly string[]): string {
  if (typeof x !== "string" || (allowed && !allowed.includes(x))) {
    throw new LearnerStateError(
      path,
      `expected ${allowed ? allowed.map((a) => `"${a}"`).join(" or ") : "a string"}, got ${
        describe(x)
      }`,
    );
  }
  return x;
}

/**
 * Check the `version` of a learner's state (an object); throws naming
 * `path` with the versions this code reads.
 */
export function checkVersion(
  state: unknown,
  path: string,
  version: number,
): Record<string, unknown> {
  const obj = jsonObject(state, path);
  if (obj.version !== version) {
    throw new LearnerStateError(
      `${path}.version`,
      `this fieldtwin reads version ${version}, got ${describe(obj.version)}`,
    );
  }
  return obj;
}

/**
 * A key for a twin's params that does not depend on key order, so a
 * learner restored into a fork can tell whether the twin it learnt is the
 * twin it is given (an override that changes the params means another
 * normal, and the learner starts afresh).
 */
export function paramsKey(params: unknown): string {
  return JSON.stringify(
    params,
    (_k, v) =>
      v && typeof v === "object" && !Array.isArray(v)
        ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]]))
        : v,
  );
}

function describe(x: unknown): string {
  if (x === undefined) return "nothing";
  const text = JSON.stringify(x) ?? String(x);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
