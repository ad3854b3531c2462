/**
 * The error a plant that fails to load throws: every problem listed (up to
 * a few of each kind) with file, line, column and JSON path.
 *
 * @module
 */

/** One problem found while loading a plant. */
export interface PlantProblem {
  /** JSON path, for example `twins[3].params.fans`. */
  path: string;
  /** 1-based line in the file, when known. */
  line?: number;
  /** 1-based column in the file, when known. */
  column?: number;
  /** What is wrong and what was expected. */
  message: string;
  /** How many more problems like this one were found and not listed. */
  more?: number;
}

/** What a {@linkcode PlantError} says beyond its listed problems. */
export interface PlantErrorSummary {
  /** Problems found in all, listed or not; defaults to the listed ones and their `more`. */
  total?: number;
  /** Problems of kinds beyond those listed. */
  otherKinds?: number;
  /** Why checking stopped early, if it did. */
  stopped?: string;
}

/** A plant that failed to load; `problems` lists the problems found. */
export class PlantError extends Error {
  /** The listed problems (a few of each kind; `more` counts the rest). */
  readonly problems: PlantProblem[];
  /** Problems found in all. */
  readonly total: number;

  /** Build the error; the message lists the problems one per line. */
  constructor(file: string, problems: PlantProblem[], summary: PlantErrorSummary = {}) {
    const total = summary.total ??
      problems.reduce((n, p) => n + 1 + (p.more ?? 0), 0) + (summary.otherKinds ?? 0);
    const lines: string[] = [];
    for (const p of problems) {
      lines.push(`${file}${p.line ? `:${p.line}:${p.column}` : ""}: ${p.path}: ${p.message}`);
      if (p.more) lines.push(`  ... and ${count(p.more)} more like this`);
    }
    if (summary.otherKinds) {
      lines.push(`  ... and ${count(summary.otherKinds)} more problems of other kinds`);
    }
    if (summary.stopped) lines.push(`  ${summary.stopped}`);
    super(`plant file has ${count(total)} problem(s):\n${lines.join("\n")}`);
    this.name = "PlantError";
    this.problems = problems;
    this.total = total;
  }
}

function count(n: number): string {
  return n.toLocaleString("en-US");
}
