/**
 * Collects the problems of one plant load: each once (a `count` template
 * repeats its problems once per copy), the first few of each kind listed
 * and the rest counted, so 200,000 bad entries give ten lines and a count,
 * not 200,000 lines. Problems are located in the file only when the error is
 * built, in one pass, and only the listed ones.
 *
 * @module
 */
import { formatPath, type JsonLocator, type Position } from "./json_locator.ts";
import { PlantError, type PlantProblem } from "./plant_error.ts";
import type { PlantLimits } from "./plant_limits.ts";

/** A JSON path as the loader reports it. */
export type JsonPath = (string | number)[];

/** Thrown by {@linkcode ProblemList.report} when the problem budget is spent; ends checking. */
export class TooManyProblems extends Error {}

interface Listed {
  path: JsonPath;
  message: string;
  position?: Position;
  more: number;
}

/** The problems of one load, capped per kind. */
export class ProblemList {
  readonly #limits: Pick<PlantLimits, "problemsPerKind" | "problemKinds" | "maxProblems">;
  readonly #seen = new Set<string>();
  readonly #kinds = new Map<string, Listed[]>();
  readonly #listed: Listed[] = [];
  #otherKinds = 0;
  #stopped: string | undefined;

  /** Start an empty list under `limits`. */
  constructor(limits: Pick<PlantLimits, "problemsPerKind" | "problemKinds" | "maxProblems">) {
    this.#limits = limits;
  }

  /** Problems found so far, listed or not. */
  get size(): number {
    return this.#seen.size;
  }

  /**
   * Record a problem at `path`. A problem already reported is ignored; past
   * the budget, throws {@linkcode TooManyProblems}. `position` overrides the
   * locator (for problems found in the text itself).
   */
  report(path: JsonPath, message: string, position?: Position): void {
    const key = `${formatPath(path)}\u0000${message}`;
    if (this.#seen.has(key)) return;
    this.#seen.add(key);
    const kind = kindOf(path, message);
    let same = this.#kinds.get(kind);
    if (!same) {
      if (this.#kinds.size >= this.#limits.problemKinds) {
        this.#otherKinds++;
        this.#checkBudget();
        return;
      }
      same = [];
      this.#kinds.set(kind, same);
    }
    if (same.length < this.#limits.problemsPerKind) {
      const entry = { path, message, position, more: 0 };
      same.push(entry);
      this.#listed.push(entry);
    } else {
      same[same.length - 1].more++;
    }
    this.#checkBudget();
  }

  /** The error listing these problems, located through `locator` when given. */
  error(file: string, locator?: JsonLocator): PlantError {
    const wanted = this.#listed.filter((p) => !p.position);
    const positions = locator?.locateAll(wanted.map((p) => p.path)) ?? [];
    wanted.forEach((p, i) => p.position = positions[i]);
    const problems: PlantProblem[] = this.#listed.map((p) => ({
      path: formatPath(p.path),
      ...p.position,
      message: p.message,
      ...(p.more ? { more: p.more } : {}),
    }));
    return new PlantError(file, problems, {
      total: this.size,
      otherKinds: this.#otherKinds,
      stopped: this.#stopped,
    });
  }

  #checkBudget(): void {
    if (this.#seen.size < this.#limits.maxProblems) return;
    this.#stopped = `checking stopped after ${
      this.#limits.maxProblems.toLocaleString("en-US")
    } problems`;
    throw new TooManyProblems(this.#stopped);
  }
}

/**
 * Problems of one kind differ only in array indexes, quoted values and
 * numbers: `twins[7].params.assets[3]: expected string` and
 * `twins[9].params.assets[0]: expected string` are one kind.
 */
function kindOf(path: JsonPath, message: string): string {
  const shape = path.map((p) => typeof p === "number" ? "[]" : p).join("\u0001");
  const text = message.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/\d+/g, "#");
  return `${shape}\u0000${text}`;
}
